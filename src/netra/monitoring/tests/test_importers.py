"""Account registry and post/interaction imports through netra.imports: validation, per-row
errors, idempotency on re-import and on resume, the JSON adapters."""

import json
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netra.imports.models import ImportStatus
from netra.imports.services import resume_import, start_import
from netra.monitoring import adapters
from netra.monitoring.importers import InteractionImporter
from netra.monitoring.models import Hit, Interaction, MonitoredAccount, Post

from .factories import CAMPAIGN, NEUTRAL, account

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

ACCOUNTS = (
    "platform,handle,nama,jabatan,instansi,status kepegawaian,kode wilayah,pemilik,lembaga\n"
    "twitter,@Lurah_Cipare,Budi Santoso,Lurah,Pemkot Serang,PNS,36.73.01.1002,,\n"
    "instagram,kel.cipare,,,,,36.73.01.1002,lembaga,Kelurahan Cipare\n"
    "myspace,someone,Ani,Staf,Dinas,pns,36.73.01,,\n"
    "twitter,guru_depok,Citra,Guru,Disdik Depok,pns,32.76,,\n"
    "twitter,no_name,,Staf,Dinas,pns,36.73.01,,\n"
    "twitter,bad region,X,Staf,Dinas,pns,99.99,,\n"
)


def upload(text: str, name="file.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def errors(job):
    return {(e["row"], e["column"]) for e in job.errors}


def test_account_registry_import_reports_rows_and_is_idempotent(w):
    job = start_import("monitoring.accounts", file=upload(ACCOUNTS), actor=w.handler)
    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.error_count) == (2, 4)
    # unknown platform; another regency's region; a person without a name; a bad handle
    assert errors(job) == {(4, "platform"), (5, "region_code"), (6, "person_name"),
                           (7, "handle")}
    lurah = MonitoredAccount.objects.get(handle="lurah_cipare")
    assert lurah.employment_type == "pns"
    assert lurah.office == w.serang
    institution = MonitoredAccount.objects.get(handle="kel.cipare")
    assert institution.holder_kind == "institution"
    assert institution.holder == "Kelurahan Cipare"
    again = start_import("monitoring.accounts", file=upload(ACCOUNTS), actor=w.handler)
    assert (again.created_count, again.duplicate_count) == (0, 2)
    assert MonitoredAccount.objects.count() == 2


INTERACTIONS = (
    "platform,post_id,actor,interaction,time,post_author,post_text,post_url\n"
    f"twitter,1001,timses01,post,2024-09-01T08:00:00+07:00,timses01,\"{CAMPAIGN}\","
    "https://x.com/timses01/status/1001\n"
    "twitter,1001,lurah_cipare,like,2024-09-01T09:00:00+07:00,,,\n"
    "twitter,1001,lurah_cipare,like,2024-09-01T09:00:00+07:00,,,\n"
    f"twitter,1002,kpu_ri,post,2024-09-01T10:00:00+07:00,kpu_ri,{NEUTRAL},\n"
    "twitter,1002,lurah_cipare,share,2024-09-01 11:00,,,\n"
    "twitter,1001,stranger,like,2024-09-01T09:00:00+07:00,,,\n"
    "twitter,1001,lurah_cipare,wave,2024-09-01T09:00:00+07:00,,,\n"
    "twitter,1001,lurah_cipare,comment,yesterday,,,\n"
    "twitter,,lurah_cipare,like,,,,\n"
)


def test_interaction_import_errors_duplicates_and_hits(w):
    account(region="36.73.01.1002")
    job = start_import("monitoring.interactions", file=upload(INTERACTIONS), actor=w.handler)
    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.duplicate_count, job.error_count) == (4, 1, 4)
    assert errors(job) == {(7, "actor"), (8, "interaction"), (9, "time"), (10, "post_id")}
    assert Post.objects.count() == 2
    assert Interaction.objects.count() == 4
    # the like of the campaign post is a hit; the share of the news post is not
    hit = Hit.objects.get()
    assert (hit.post.post_id, hit.interaction_type, hit.region_code) == (
        "1001", "like", "36.73.01.1002")
    assert {t["term"].lower() for t in hit.explanation["terms"]} >= {"#jokowilagi", "01"}
    again = start_import("monitoring.interactions", file=upload(INTERACTIONS), actor=w.handler)
    assert (again.created_count, again.duplicate_count) == (0, 5)
    assert Interaction.objects.count() == 4
    assert Hit.objects.count() == 1


def test_wrong_encoding_is_repaired_and_wrong_format_refused(w):
    from django.core.exceptions import ValidationError

    account(handle="lurah_cipare")
    text = ("post_id;actor;interaction;post_text\n"
            "2001;timses01;post;Dukung Prabowo–Sandi, #2019GantiPresiden ✊\n"
            "2001;lurah_cipare;share;\n")
    job = start_import("monitoring.interactions", file=upload(text, encoding="utf-8").open(),
                       actor=w.handler)
    mojibake = text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    job = start_import("monitoring.interactions",
                       file=SimpleUploadedFile("m.csv", mojibake), actor=w.handler)
    assert job.status == ImportStatus.DONE
    assert "Prabowo–Sandi" in Post.objects.get(post_id="2001").text
    assert Hit.objects.get().side == "02"
    with pytest.raises(ValidationError):
        start_import("monitoring.interactions",
                     file=SimpleUploadedFile("x.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary"),
                     actor=w.handler)


class Crash(Exception):
    pass


def test_resume_after_a_crash_adds_nothing_twice(w, monkeypatch):
    account()
    lines = ["post_id,actor,interaction,post_text"]
    lines += [f"{3000 + i},timses01,post,{CAMPAIGN} {i}" for i in range(6)]
    lines += [f"{3000 + i},lurah_cipare,like," for i in range(6)]
    monkeypatch.setattr(InteractionImporter, "batch_size", 4)
    original = InteractionImporter.import_batch
    calls = {"n": 0}

    def flaky(self, job, batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Crash("worker killed")
        return original(self, job, batch)

    monkeypatch.setattr(InteractionImporter, "import_batch", flaky)
    job = start_import("monitoring.interactions", file=upload("\n".join(lines) + "\n"),
                       actor=w.handler)
    assert job.status == ImportStatus.FAILED
    assert Interaction.objects.count() == 4
    job = resume_import(job, actor=w.handler)
    assert job.status == ImportStatus.DONE
    assert Interaction.objects.count() == 12
    assert job.created_count == 12
    assert Hit.objects.count() == 6


def test_crowdtangle_csv_export(w):
    account(handle="pak.camat", platform="facebook")
    text = ("Page Name,User Name,Facebook Id,Post Created,Type,Message,Link,URL\n"
            "Pak Camat,pak.camat,123,2019-04-10 08:15:00 WIB,Status,"
            "\"Pilih 02, Prabowo Sandi untuk Indonesia adil makmur #2019GantiPresiden\",,"
            "https://www.facebook.com/pak.camat/posts/987654\n")
    job = start_import("monitoring.crowdtangle", file=upload(text), actor=w.handler)
    assert job.status == ImportStatus.DONE
    assert job.created_count == 1
    post = Post.objects.get(platform="facebook", post_id="987654")
    assert post.author_handle == "pak.camat"
    assert Hit.objects.get().interaction_type == "post"


def test_twitter_api_v2_json_adapter(w):
    account(handle="lurah_cipare")
    document = {
        "data": [
            {"id": "11", "author_id": "u1", "created_at": "2019-04-10T01:00:00.000Z",
             "text": "#JokowiLagi pilih 01 untuk Indonesia maju"},
            {"id": "12", "author_id": "u2", "created_at": "2019-04-10T02:00:00.000Z",
             "text": "RT @timses01: #JokowiLagi pilih 01 untuk Indonesia maju",
             "referenced_tweets": [{"type": "retweeted", "id": "11"}]},
        ],
        "includes": {"users": [{"id": "u1", "username": "timses01"},
                               {"id": "u2", "username": "Lurah_Cipare"}]},
        "meta": {"result_count": 2},
    }
    converted = adapters.json_to_csv(json.dumps(document).encode(), name="tweets.json")
    job = start_import("monitoring.interactions", file=converted, actor=w.handler)
    assert job.status == ImportStatus.DONE
    assert set(Interaction.objects.values_list("actor_handle", "interaction_type")) == {
        ("timses01", "post"), ("lurah_cipare", "post"), ("lurah_cipare", "share")}
    assert Hit.objects.filter(post__post_id="11", interaction_type="share").exists()


def test_netra_json_schema_and_bad_json():
    from django.core.exceptions import ValidationError

    converted = adapters.json_to_csv(json.dumps({"platform": "twitter", "items": [
        {"post_id": "1", "actor": "a", "interaction": "post", "post_text": "halo"}]}).encode())
    assert converted.read().decode().splitlines()[1].startswith("twitter,1,a,post")
    with pytest.raises(ValidationError):
        adapters.json_to_csv(b"{not json")


class WorkerKilled(BaseException):
    """What a worker's death looks like to the job runner (not an ordinary error)."""


def test_interrupted_ingest_resumes_at_the_batch_boundary_and_reimport_adds_nothing(
        w, monkeypatch):
    from netra.monitoring import importers

    account()
    account(handle="guru_serang")
    lines = ["post_id,actor,interaction,time,post_text"]
    lines += [f"{4000 + i},timses01,post,2024-09-01T08:0{i}:00+07:00,{CAMPAIGN} {i}"
              for i in range(4)]
    lines += [f"{4000 + i},lurah_cipare,like,2024-09-01 09:0{i}," for i in range(4)]
    lines += [f"{4000 + i},guru_serang,share,2024-09-01T10:0{i}:00Z," for i in range(4)]
    lines += ["4000,lurah_cipare,like,2024-09-01 09:00,", "4001,stranger,like,,"]
    text = "\n".join(lines) + "\n"
    monkeypatch.setattr(InteractionImporter, "batch_size", 4)
    real_insert = importers.insert_interactions
    calls = {"n": 0}

    def dies_in_the_third_batch(rows):
        calls["n"] += 1
        inserted = real_insert(rows)  # written, then the worker dies before the checkpoint
        if calls["n"] == 3:
            raise WorkerKilled
        return inserted

    monkeypatch.setattr(importers, "insert_interactions", dies_in_the_third_batch)
    with pytest.raises(WorkerKilled):
        start_import("monitoring.interactions", file=upload(text), actor=w.handler,
                     options={"detect": False})
    from netra.imports.models import ImportJob

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INTERRUPTED
    # Two batches of four committed with their checkpoint (header = line 1); the third
    # batch's rows were rolled back with it.
    assert (job.checkpoint, job.processed_rows, job.created_count) == (9, 8, 8)
    assert Interaction.objects.count() == 8
    assert Post.objects.count() == 4

    monkeypatch.setattr(importers, "insert_interactions", real_insert)
    job = resume_import(job, actor=w.handler)
    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.duplicate_count, job.error_count) == (12, 1, 1)
    assert errors(job) == {(15, "actor")}  # the unregistered account's like
    assert Interaction.objects.count() == 12
    assert set(Interaction.objects.filter(interaction_type="share")
               .values_list("occurred_at", flat=True)) == {
        datetime(2024, 9, 1, 10, i, tzinfo=UTC) for i in range(4)}

    again = start_import("monitoring.interactions", file=upload(text), actor=w.handler,
                         options={"detect": False})
    assert again.status == ImportStatus.DONE
    assert (again.created_count, again.duplicate_count, again.error_count) == (0, 13, 1)
    assert Interaction.objects.count() == 12
    assert Post.objects.count() == 4


def test_times_accept_iso_forms_and_crowdtangle_zones():
    from netra.imports.registry import RowError
    from netra.monitoring.importers import parse_time

    jakarta = datetime(2024, 9, 1, 2, 0, tzinfo=UTC)  # 09:00 WIB
    assert parse_time("2024-09-01T09:00:00+07:00", "time") == jakarta
    assert parse_time("2024-09-01T02:00:00Z", "time") == jakarta
    assert parse_time("2024-09-01 09:00", "time") == jakarta  # naive = Asia/Jakarta
    assert parse_time("2024-09-01 09:00:00 WIB", "time") == jakarta
    assert parse_time("2024-09-01", "time") == datetime(2024, 8, 31, 17, 0, tzinfo=UTC)
    assert parse_time("", "time") is None
    with pytest.raises(RowError):
        parse_time("yesterday", "time")


def test_interactions_of_accounts_registered_later_are_linked(w):
    text = ("post_id,actor,interaction,post_text\n"
            f"5001,timses01,post,{CAMPAIGN}\n"
            "5001,lurah_cipare,like,\n"
            "5001,kel.cipare,share,\n")
    job = start_import("monitoring.interactions", file=upload(text), actor=w.handler,
                       options={"keep_unknown": True})
    assert job.created_count == 3
    assert not Interaction.objects.filter(account__isnull=False).exists()
    job = start_import("monitoring.accounts", file=upload(ACCOUNTS), actor=w.handler)
    lurah = MonitoredAccount.objects.get(handle="lurah_cipare")
    linked = Interaction.objects.get(actor_handle="lurah_cipare")
    assert linked.account == lurah
    # kel.cipare is registered on Instagram, not Twitter: its Twitter share stays unlinked
    assert Interaction.objects.get(actor_handle="kel.cipare").account is None
    assert Hit.objects.get().account == lurah
