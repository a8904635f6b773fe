import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from netra.imports.models import ImportJob, ImportStatus
from netra.imports.registry import RowError
from netra.imports.services import resume_import, set_mapping, start_import

from .conftest import GroupImporter, csv_upload, xlsx_bytes

pytestmark = pytest.mark.django_db

KEY = GroupImporter.key


def names():
    return sorted(Group.objects.values_list("name", flat=True))


def test_csv_import_creates_rows_and_reports_counts(group_importer, admin_serang):
    job = start_import(
        KEY, file=csv_upload("Nama,Kota\nAlpha,Serang\nBeta,Cilegon\nGamma,\n"), actor=admin_serang
    )
    assert job.status == ImportStatus.DONE
    assert names() == ["Alpha", "Beta", "Gamma"]
    assert (job.created_count, job.duplicate_count, job.error_count) == (3, 0, 0)
    assert (job.total_rows, job.processed_rows, job.checkpoint) == (3, 3, 4)
    assert job.mapping == {"Nama": "name", "Kota": "city"}
    assert job.created_by == admin_serang
    assert job.region_code == "36.73"
    assert job.office_id == admin_serang.organisation.pk
    assert job.file.name.startswith("imports/")
    assert job.file.name.endswith(".csv")
    assert job.original_filename == "list.csv"
    assert len(job.sha256) == 64


def test_xlsx_import(group_importer, admin_serang):
    upload = SimpleUploadedFile("list.xlsx", xlsx_bytes([["NAMA KELOMPOK"], ["Alpha"], [12]]))
    job = start_import(KEY, file=upload, actor=admin_serang)
    assert job.status == ImportStatus.DONE
    assert job.file_format == "xlsx"
    assert names() == ["12", "Alpha"]


def test_mojibake_cp1252_and_semicolon(group_importer, admin_serang):
    job = start_import(KEY, file=csv_upload("nama;kota\nJakartaÂ Selatan;x\n"), actor=admin_serang)
    assert job.status == ImportStatus.DONE
    job = start_import(
        KEY, file=csv_upload("nama;kota\nKöln;x\n", encoding="cp1252"), actor=admin_serang
    )
    assert job.status == ImportStatus.DONE
    assert names() == ["Jakarta Selatan", "Köln"]


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4 not a table", b"", b"Nama,Nama\nx,y\n", b"Nama,Kota\n"],
    ids=["pdf", "empty", "duplicate-header", "no-rows"],
)
def test_refused_files_create_no_job(group_importer, admin_serang, content):
    with pytest.raises(ValidationError) as caught:
        start_import(KEY, file=SimpleUploadedFile("x.csv", content), actor=admin_serang)
    assert "file" in caught.value.message_dict
    assert not ImportJob.objects.exists()


def test_row_errors_are_reported_and_the_rest_imported(group_importer, admin_serang):
    job = start_import(
        KEY,
        file=csv_upload("Nama,Kota\nAlpha,x\nbad one,x\n,Serang\nBeta,x\n"),
        actor=admin_serang,
    )
    assert job.status == ImportStatus.DONE
    assert names() == ["Alpha", "Beta"]
    assert (job.created_count, job.error_count) == (2, 2)
    assert job.errors == [
        {"row": 3, "column": "name", "message": "Names may not start with bad."},
        {"row": 4, "column": "name", "message": job.errors[1]["message"]},
    ]
    assert job.errors[1]["message"]


def test_error_list_is_capped_but_counted(group_importer, admin_serang, settings):
    settings.NETRA_IMPORT_MAX_ERRORS = 2
    text = "Nama\n" + "".join(f"bad {i}\n" for i in range(5))
    job = start_import(KEY, file=csv_upload(text), actor=admin_serang)
    assert job.error_count == 5
    assert len(job.errors) == 2
    assert job.errors_not_kept == 3


def test_reimporting_the_same_file_adds_nothing(group_importer, admin_serang):
    text = "Nama\nAlpha\nBeta\n"
    start_import(KEY, file=csv_upload(text), actor=admin_serang)
    again = start_import(KEY, file=csv_upload(text), actor=admin_serang)
    assert names() == ["Alpha", "Beta"]
    assert (again.created_count, again.duplicate_count) == (0, 2)


def test_unmapped_required_column_waits_for_a_mapping(group_importer, admin_serang):
    job = start_import(
        KEY, file=csv_upload("Nama Peserta,Asal\nAlpha,Serang\n"), actor=admin_serang
    )
    assert job.status == ImportStatus.NEEDS_MAPPING
    assert not Group.objects.exists()
    with pytest.raises(ValidationError):
        set_mapping(job=job, mapping={"Asal": "city"}, actor=admin_serang)
    with pytest.raises(ValidationError):
        set_mapping(job=job, mapping={"Nama Peserta": "name", "Asal": "name"}, actor=admin_serang)
    job = set_mapping(job=job, mapping={"Nama Peserta": "name", "Asal": "city"}, actor=admin_serang)
    assert job.status == ImportStatus.DONE
    assert names() == ["Alpha"]
    with pytest.raises(ValidationError):
        set_mapping(job=job, mapping={"Nama Peserta": "name"}, actor=admin_serang)


def test_mapping_in_options(group_importer, admin_serang):
    job = start_import(
        KEY,
        file=csv_upload("Peserta\nAlpha\n"),
        actor=admin_serang,
        options={"mapping": {"Peserta": "name"}, "extra": 1},
    )
    assert job.status == ImportStatus.DONE
    assert job.options == {"extra": 1}
    with pytest.raises(ValidationError):
        start_import(
            KEY,
            file=csv_upload("Peserta\nAlpha\n"),
            actor=admin_serang,
            options={"mapping": {"Peserta": "nope"}},
        )


def test_crash_mid_way_resumes_from_checkpoint_without_duplicates(group_importer, admin_serang):
    GroupImporter.explode_at = 5  # batches of 2: lines 2-3 committed, 4-5 rolled back
    text = "Nama\n" + "".join(f"G{i}\n" for i in range(2, 8))  # lines 2..7
    job = start_import(KEY, file=csv_upload(text), actor=admin_serang)
    assert job.status == ImportStatus.FAILED
    assert job.checkpoint == 3
    assert names() == ["G2", "G3"]
    assert "3" in job.failure
    GroupImporter.seen = []
    job = resume_import(job, actor=admin_serang)
    assert job.status == ImportStatus.DONE
    assert GroupImporter.seen == [4, 5, 6, 7]
    assert names() == ["G2", "G3", "G4", "G5", "G6", "G7"]
    assert (job.created_count, job.duplicate_count, job.processed_rows) == (6, 0, 6)
    with pytest.raises(ValidationError):
        resume_import(job, actor=admin_serang)


def test_stale_running_job_can_be_resumed(group_importer, admin_serang, settings):
    job = start_import(KEY, file=csv_upload("Nama\nA\nB\nC\n"), actor=admin_serang, dispatch=False)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    job.refresh_from_db()
    with pytest.raises(ValidationError):
        resume_import(job)
    settings.NETRA_IMPORT_STALE_SECONDS = -1
    job = resume_import(job)
    assert job.status == ImportStatus.DONE
    assert names() == ["A", "B", "C"]


def test_actor_without_the_action_is_refused(group_importer, member):
    analyst = member("analyst", "36.73")
    with pytest.raises(PermissionDenied):
        start_import(KEY, file=csv_upload("Nama\nA\n"), actor=analyst)
    assert not ImportJob.objects.exists()


def test_job_is_audited_with_the_task_channel(group_importer, admin_serang):
    job = start_import(KEY, file=csv_upload("Nama\nA\n"), actor=admin_serang)
    entries = LogEntry.objects.get_for_object(job)
    channels = {e.additional_data.get("channel") for e in entries}
    assert "task:imports.run" in channels


def test_row_errors_are_written_in_the_starters_language(group_importer, admin_serang):
    admin_serang.language = "en"
    admin_serang.save(update_fields=["language"])
    job = start_import(KEY, file=csv_upload("Nama,Kota\n,Serang\n"), actor=admin_serang)
    assert job.errors[0]["message"] == "A value is required."
    admin_serang.language = "id"
    admin_serang.save(update_fields=["language"])
    job = start_import(KEY, file=csv_upload("Nama,Kota\n,Serang\n"), actor=admin_serang)
    assert job.errors[0]["message"] == "Nilai wajib diisi."


def test_a_job_runs_once_even_if_two_workers_get_it(group_importer, admin_serang):
    from netra.imports.services import run_job

    job = start_import(KEY, file=csv_upload("Nama\nA\nB\n"), actor=admin_serang)
    GroupImporter.seen = []
    assert run_job(job.pk) is None  # already done: a second delivery of the task does nothing
    assert GroupImporter.seen == []
    assert run_job(999_999) is None


def test_unknown_importer_is_a_programming_error(admin_serang):
    with pytest.raises(LookupError):
        start_import("nothing.here", file=csv_upload("a\n1\n"), actor=admin_serang)


def test_target_scope_decides_the_right_and_the_jobs_region(group_importer, member, regions):
    from netra.orgs.models import Organisation

    admin = member("administrator", "36.73")
    elsewhere = Organisation.objects.create(
        kind="bawaslu_regency", region_code="32.76", name="Bawaslu Kota Depok"
    )
    with pytest.raises(PermissionDenied):
        start_import(KEY, file=csv_upload("Nama\nA\n"), actor=admin, target=elsewhere)
    job = start_import(KEY, file=csv_upload("Nama\nA\n"), actor=admin, target=admin.organisation)
    assert job.target == admin.organisation
    assert job.region_code == "36.73"


def test_rows_committed_by_another_worker_are_not_imported_again(group_importer, admin_serang):
    from netra.imports.services import _commit_batch
    from netra.imports.tabular import read_table

    job = start_import(
        KEY, file=csv_upload("Nama\nA\nB\nC\nD\n"), actor=admin_serang, dispatch=False
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, checkpoint=3)
    job.refresh_from_db()
    rows = list(read_table(b"Nama\nA\nB\nC\nD\n"))  # lines 2..5; 2 and 3 already committed
    _commit_batch(job, GroupImporter(), rows)
    assert names() == ["C", "D"]
    job.refresh_from_db()
    assert (job.checkpoint, job.processed_rows, job.created_count) == (5, 2, 2)


class PrefixedGroupImporter(GroupImporter):
    """Per-job columns: the job's options name the group column's label; close headers match
    and every match waits for the person's confirmation."""

    key = "imports_test.prefixed"
    confirm_mapping = True
    fuzzy_headers = True

    def columns_for(self, job):
        from netra.imports.registry import Column

        return [Column("name", job.options.get("label", "Name"), required=True),
                Column("city", "City of the participant")]

    def import_row(self, job, row):
        return super().import_row(job, row)


@pytest.fixture
def prefixed_importer():
    from netra.imports.registry import register_importer, unregister_importer

    register_importer(PrefixedGroupImporter)
    yield PrefixedGroupImporter
    unregister_importer(PrefixedGroupImporter.key)


def test_per_job_columns_fuzzy_matches_wait_for_confirmation(prefixed_importer, admin_serang):
    job = start_import(
        PrefixedGroupImporter.key,
        file=csv_upload("Nama kelompok tani,Citys of the participants\nAlpha,Serang\n"),
        actor=admin_serang,
        options={"label": "Nama kelompok tani"},
    )
    assert job.status == ImportStatus.NEEDS_MAPPING
    assert job.headers == ["Nama kelompok tani", "Citys of the participants"]
    assert job.mapping == {"Nama kelompok tani": "name", "Citys of the participants": "city"}
    scores = job.options["match_scores"]
    assert scores["Nama kelompok tani"] == 100
    assert 85 <= scores["Citys of the participants"] < 100
    assert not Group.objects.exists()
    # Confirmed on the stored job: the file is read again from storage.
    job = set_mapping(job=job, mapping={"Nama kelompok tani": "name"}, actor=admin_serang)
    assert job.status == ImportStatus.DONE
    assert names() == ["Alpha"]
    assert ImportJob.objects.count() == 1


def test_fuzzy_match_pairs_each_header_and_column_once():
    from netra.imports.registry import Column, fuzzy_match

    columns = [Column("a", "Apakah atasan memengaruhi pilihan politik Anda?"),
               Column("b", "Apakah keluarga memengaruhi pilihan politik Anda?")]
    found = fuzzy_match(["Apakah atasan mempengaruhi pilihan politik anda", "Unrelated column",
                         "Apakah keluarga mempengaruhi pilihan politik anda (pilih satu)"],
                        columns)
    assert {header: key for header, (key, _score) in found.items()} == {
        "Apakah atasan mempengaruhi pilihan politik anda": "a",
        "Apakah keluarga mempengaruhi pilihan politik anda (pilih satu)": "b",
    }
    assert all(85 <= score < 100 for _key, score in found.values())


def test_total_is_estimated_at_start_and_exact_when_done(group_importer, admin_serang):
    """The start counts line breaks only (no second parse of the file); the run's count
    replaces that estimate when the job is done."""
    text = "Nama,Kota\nAlpha,Serang\n\n,\n\nBeta,\n"
    job = start_import(KEY, file=csv_upload(text), actor=admin_serang, dispatch=False)
    assert job.total_rows == 5
    from netra.imports.services import run_job

    job = run_job(job.pk)
    assert (job.status, job.total_rows, job.processed_rows, job.percent) == ("done", 2, 2, 100)


def test_row_limit_counts_rows_not_blank_lines(group_importer, admin_serang, settings):
    settings.NETRA_IMPORT_MAX_ROWS = 2
    settings.LANGUAGE_CODE = "en"
    job = start_import(KEY, file=csv_upload("Nama\nA\n\n\n\nB\n"), actor=admin_serang)
    assert (job.status, job.created_count) == ("done", 2)
    with pytest.raises(ValidationError) as caught:
        start_import(KEY, file=csv_upload("Nama\nA\nB\nC\n"), actor=admin_serang)
    assert "more than 2" in caught.value.message_dict["file"][0]


def test_header_and_blank_lines_only_is_refused(group_importer, admin_serang, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as caught:
        start_import(KEY, file=csv_upload("Nama,Kota\n,\n\n \n"), actor=admin_serang)
    assert "no data lines" in caught.value.message_dict["file"][0]
    assert not ImportJob.objects.exists()


class ColumnImporter(GroupImporter):
    """Takes its batches column by column (``import_batch``); remembers what it was given."""

    key = "imports_test.columns"
    batch_size = 3
    batches: list = []

    def import_batch(self, job, batch):
        type(self).batches.append(
            (list(batch.numbers), {key: list(batch.column(key)) for key in batch.keys})
        )
        return [
            RowError("Too short.", column="name") if len(name) < 2 else "created"
            for name in batch.column("name")
        ]


def test_import_batch_gets_columns_without_rows_missing_a_required_value(admin_serang):
    admin_serang.language = "en"
    admin_serang.save(update_fields=["language"])
    from netra.imports.registry import register_importer, unregister_importer

    ColumnImporter.batches = []
    register_importer(ColumnImporter)
    try:
        job = start_import(
            ColumnImporter.key,
            file=csv_upload("Kota,Nama,Catatan\nSerang,Alpha,x\nCilegon,,y\nDepok,B,z\n,Gamma,\n"),
            actor=admin_serang,
        )
    finally:
        unregister_importer(ColumnImporter.key)
    assert ColumnImporter.batches == [
        ([2, 4], {"name": ["Alpha", "B"], "city": ["Serang", "Depok"]}),
        ([5], {"name": ["Gamma"], "city": [""]}),
    ]
    assert (job.status, job.created_count, job.error_count, job.processed_rows) == (
        "done", 2, 2, 4
    )
    assert job.errors == [
        {"row": 3, "column": "name", "message": "A value is required."},
        {"row": 4, "column": "name", "message": "Too short."},
    ]


def test_unknown_outcome_fails_the_batch(admin_serang):
    from netra.imports.registry import register_importer, unregister_importer

    class Odd(ColumnImporter):
        key = "imports_test.odd"

        def import_batch(self, job, batch):
            return ["made"] * len(batch)

    register_importer(Odd)
    try:
        job = start_import(Odd.key, file=csv_upload("Nama\nAlpha\n"), actor=admin_serang)
    finally:
        unregister_importer(Odd.key)
    assert (job.status, job.processed_rows, job.created_count) == ("failed", 0, 0)


def test_read_ahead_hands_over_batches_in_order_then_the_reading_error():
    import threading

    from netra.imports.services import _read_ahead
    from netra.imports.tabular import TableError

    def records():
        for number in range(2, 9):
            yield number, [str(number)]
        raise TableError("broken line 9", code="bad_csv")

    batches = _read_ahead(records(), 3)
    assert [n for n, _cells in next(batches)] == [2, 3, 4]
    assert [n for n, _cells in next(batches)] == [5, 6, 7]
    with pytest.raises(TableError, match="broken line 9"):
        next(batches)  # line 8 sits in the batch the error interrupted, as without the thread
    early = _read_ahead(((n, [str(n)]) for n in range(2, 100_000)), 10)
    next(early)
    early.close()  # the caller stops (a crash, an abandoned job): the reader thread ends too
    assert not [t for t in threading.enumerate() if t.name == "netra-import-reader"]
