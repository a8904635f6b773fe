"""The interactions importer reads each batch column by column: the per-row outcomes, the
order in which a row's problems are reported and the stored times must be those of the row-by-row
rules (docs/monitoring.md)."""

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netra.imports.models import ImportStatus
from netra.imports.services import start_import
from netra.monitoring.models import Interaction, Post

from .factories import CAMPAIGN, account

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]


def upload(text: str):
    return SimpleUploadedFile("batch.csv", text.encode(), content_type="text/csv")


def run(w, text: str, **options):
    job = start_import("monitoring.interactions", file=upload(text), actor=w.handler,
                       options={"detect": False, **options})
    assert job.status == ImportStatus.DONE, job.failure
    return job


def test_times_sharing_a_minute_are_each_converted_and_bad_seconds_refused(w):
    account()
    rows = [
        ("1", "2024-09-01T09:00:00+07:00"),
        ("2", "2024-09-01T09:00:59+07:00"),   # same minute and offset: only its seconds differ
        ("3", "2024-09-01T09:00:60+07:00"),   # a 60th second is no time
        ("4", "2024-09-01T09:00:5x+07:00"),
        ("5", "2024-09-01T09:00:07+08:00"),   # same minute, another offset
        ("6", "2024-09-01T02:00:30Z"),
        ("7", "2024-09-01T02:00:31Z"),
        ("8", "2024-09-01T09:00:01.500000+07:00"),
        ("9", "2024-09-01 09:00"),            # naive: Asia/Jakarta
        ("10", "2024-09-01 09:00:02 WIB"),
        ("11", "2024-02-30T09:00:00+07:00"),
        ("12", ""),
    ]
    text = "post_id,actor,interaction,time\n" + "".join(
        f"{post_id},lurah_cipare,like,{time}\n" for post_id, time in rows)
    job = run(w, text)
    assert {(e["row"], e["column"]) for e in job.errors} == {(4, "time"), (5, "time"),
                                                              (12, "time")}
    stored = dict(Interaction.objects.values_list("post_id", "occurred_at"))
    assert stored == {
        "1": datetime(2024, 9, 1, 2, 0, 0, tzinfo=UTC),
        "2": datetime(2024, 9, 1, 2, 0, 59, tzinfo=UTC),
        "5": datetime(2024, 9, 1, 1, 0, 7, tzinfo=UTC),
        "6": datetime(2024, 9, 1, 2, 0, 30, tzinfo=UTC),
        "7": datetime(2024, 9, 1, 2, 0, 31, tzinfo=UTC),
        "8": datetime(2024, 9, 1, 2, 0, 1, 500000, tzinfo=UTC),
        "9": datetime(2024, 9, 1, 2, 0, tzinfo=UTC),
        "10": datetime(2024, 9, 1, 2, 0, 2, tzinfo=UTC),
        "12": None,
    }


def test_a_row_reports_its_first_problem_and_brings_no_post(w):
    account()
    text = (
        "platform,post_id,actor,interaction,time,post_author,post_text,post_url,posted_at\n"
        "myspace,7000,lurah_cipare,wave,,,,,\n"                  # 2: platform before interaction
        "twitter,7001,bad handle!,wave,,,,,\n"                       # 3: interaction before actor
        "twitter,7001,lurah_cipare,like,,,,,\n"                      # 4: fine
        f"twitter,7002,timses01,post,,,\"{CAMPAIGN}\",ftp://x/7002,soon\n"  # 5: posted at, URL
        f"twitter,7002,timses01,post,,,\"{CAMPAIGN}\",ftp://x/7002,\n"      # 6: the URL
        f"twitter,7002,lurah_cipare,share,,,\"{CAMPAIGN} (shared)\",https://x.com/t/7002,\n"  # 7
        "twitter,7003,stranger,like,,,,,\n"                          # 8: unknown account
        f",7003,,post,,timses01,\"{CAMPAIGN}\",,\n"                      # 9: the author acts
        ",7003,,comment,,,,,\n"                                      # 10: actor required
    )
    job = run(w, text)
    assert sorted((e["row"], e["column"]) for e in job.errors) == [
        (2, "platform"), (3, "interaction"), (5, "posted_at"), (6, "post_url"), (8, "actor"),
        (10, "actor")]
    # The share (row 7) carries the post 7002 whose own rows failed: it creates the post.
    assert Post.objects.get(post_id="7002").text == f"{CAMPAIGN} (shared)"
    assert Post.objects.get(post_id="7003").author_handle == "timses01"
    assert set(Interaction.objects.values_list("post_id", "actor_handle", "interaction_type")) == {
        ("7001", "lurah_cipare", "like"), ("7002", "lurah_cipare", "share"),
        ("7003", "timses01", "post")}
    assert (job.created_count, job.duplicate_count, job.error_count) == (3, 0, 6)


def test_duplicates_in_a_batch_and_platforms_by_row_or_by_option(w):
    account()
    account(handle="lurah_cipare", platform="instagram")
    text = (
        "platform,post_id,actor,interaction\n"
        ",8001,Lurah_Cipare,like\n"
        ",8001,@lurah_cipare,like\n"        # the same key once the handle is cleaned
        "ig,8001,lurah_cipare,like\n"       # another platform: another key
        "IG,8001,https://instagram.com/lurah_cipare,suka\n"
    )
    job = run(w, text, platform="twitter")
    assert (job.created_count, job.duplicate_count, job.error_count) == (2, 2, 0)
    assert set(Interaction.objects.values_list("platform", "account__platform")) == {
        ("twitter", "twitter"), ("instagram", "instagram")}
    again = run(w, text, platform="twitter")
    assert (again.created_count, again.duplicate_count) == (0, 4)
