"""``Importer.prepare_batch``: the work without the database runs in the read-ahead thread while
the previous batch is written, and its result reaches ``import_batch`` with the batch."""

import sys
import threading

import pytest
from django.contrib.auth.models import Group

from netra.imports import services
from netra.imports.models import ImportJob, ImportStatus
from netra.imports.registry import RowError, register_importer, unregister_importer
from netra.imports.services import start_import

from .conftest import GroupImporter, csv_upload

pytestmark = pytest.mark.django_db


class PreparingImporter(GroupImporter):
    """Upper-cases the names in ``prepare_batch``; remembers where each step ran."""

    key = "imports_test.preparing"
    batch_size = 2
    calls: list = []

    def prepare_batch(self, job, batch):
        type(self).calls.append(("prepare", threading.current_thread().name,
                                 list(batch.numbers)))
        return [name.upper() for name in batch.column("name")]

    def import_batch(self, job, batch):
        type(self).calls.append(("import", threading.current_thread().name,
                                 list(batch.numbers), sys.getswitchinterval()))
        outcomes = []
        for name in batch.prepared:
            if name.startswith("BAD"):
                outcomes.append(RowError("Bad name.", column="name"))
                continue
            outcomes.append("created" if Group.objects.get_or_create(name=name)[1]
                            else "duplicate")
        return outcomes


@pytest.fixture
def preparing():
    PreparingImporter.calls = []
    register_importer(PreparingImporter)
    yield PreparingImporter
    unregister_importer(PreparingImporter.key)


def test_batches_are_prepared_in_the_reader_thread_and_imported_with_it(preparing,
                                                                           admin_serang):
    before = sys.getswitchinterval()
    upload = csv_upload("Nama,Kota\nalpha,\nbad one,\n,Serang\nbeta,\ngamma,\n")
    job = start_import(preparing.key, file=upload, actor=admin_serang)
    assert (job.status, job.created_count, job.error_count) == ("done", 3, 2)
    assert sorted(Group.objects.values_list("name", flat=True)) == ["ALPHA", "BETA", "GAMMA"]
    prepares = [call for call in preparing.calls if call[0] == "prepare"]
    imports = [call for call in preparing.calls if call[0] == "import"]
    # line 4 misses the required name: taken out before preparing, reported by the runner
    assert [call[2] for call in prepares] == [[2, 3], [5], [6]]
    assert {call[1] for call in prepares} == {"netra-import-reader"}
    assert [call[2] for call in imports] == [[2, 3], [5], [6]]
    assert {call[1] for call in imports} == {threading.current_thread().name}
    # while the reader works, the interpreter switches threads more often; restored after
    assert {call[3] for call in imports} == {min(services.SWITCH_INTERVAL, before)}
    assert sys.getswitchinterval() == before


def test_a_batch_partly_committed_by_another_worker_is_prepared_again(preparing,
                                                                      admin_serang):
    from netra.imports.services import _commit_batch, _prepare

    job = start_import(preparing.key, file=csv_upload("Nama\na\nb\nc\nd\n"),
                       actor=admin_serang, dispatch=False)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, checkpoint=3)
    job.refresh_from_db()
    records = [(2, ["a"]), (3, ["b"]), (4, ["c"]), (5, ["d"])]
    prepared = _prepare(job, preparing(), records)  # read ahead before lines 2-3 committed
    _commit_batch(job, preparing(), prepared)
    assert sorted(Group.objects.values_list("name", flat=True)) == ["C", "D"]
    assert [call[2] for call in preparing.calls if call[0] == "prepare"] == [
        [2, 3, 4, 5], [4, 5]]
    job.refresh_from_db()
    assert (job.checkpoint, job.processed_rows, job.created_count) == (5, 2, 2)


def test_a_failing_preparation_stops_the_job_after_the_batches_before_it(preparing,
                                                                         admin_serang):
    class Failing(PreparingImporter):
        def prepare_batch(self, job, batch):
            if 5 in batch.numbers:
                raise RuntimeError("broken")
            return super().prepare_batch(job, batch)

    before = sys.getswitchinterval()
    unregister_importer(preparing.key)
    register_importer(Failing)
    job = start_import(preparing.key, file=csv_upload("Nama\na\nb\nc\nd\n"), actor=admin_serang)
    assert (job.status, job.checkpoint, job.created_count) == ("failed", 3, 2)
    assert sys.getswitchinterval() == before
