"""Imports in the access matrix's world (``netra.core.tests.access_world``): one finished import
job per position, of an importer that needs ``orgs.administer`` (``access.MATRIX_ACTION``).

The world's jobs have no creator: the creator always sees their own job, so only the
importer's action in the job's region decides."""

from django.core.files.base import ContentFile

from netra.core.tests.access_world import POSITION_REGION, POSITIONS, Placed
from netra.imports.access import MATRIX_ACTION, MATRIX_IMPORTER
from netra.imports.models import ImportJob
from netra.imports.registry import Importer, register_importer


class MatrixImporter(Importer):
    key = MATRIX_IMPORTER
    label = "MXM import"
    action = MATRIX_ACTION
    columns = []

    def import_row(self, job, row) -> str:  # pragma: no cover - the matrix runs no import
        raise NotImplementedError


def place(world) -> None:
    register_importer(MatrixImporter)
    for position in POSITIONS:
        marker = f"MXM-import-{position}.csv"
        job = ImportJob.objects.create(
            importer_key=MATRIX_IMPORTER, region_code=POSITION_REGION[position],
            created_by=None, status="done", file=ContentFile(b"a\n1\n", name="mxm.csv"),
            original_filename=marker, sha256="0" * 64,
            errors=[{"row": 2, "column": "", "message": f"MXM error {position}"}],
            error_count=1,
        )
        world.placed[("import_job", position)] = Placed(ImportJob, job.pk, job.region_code,
                                                        marker)
