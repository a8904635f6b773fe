"""Imports' scoped endpoints, for the access matrix (``netra.core.access``).

Import this module from ``ImportsConfig.ready`` once the matrix's world places one import job per
position (target ``"import_job"``): register an importer ``MATRIX_IMPORTER`` whose action is
``MATRIX_ACTION`` (``netra.imports.registry.register_importer``), then create per position an
``ImportJob(importer_key=MATRIX_IMPORTER, region_code=<position's region>, created_by=None,
status="done", original_filename=<marker>, errors=[{"row": 2, "column": "", "message": ...}],
error_count=1)`` (the creator always sees a job, so the world's jobs have none). Until then
``imports`` stays in ``PENDING_MODULES``.

Who sees a job: its creator, and whoever holds the importer's action in the job's region
(``selectors.get_job``); mapping and resume go through the same ``get_job``.
"""

from netra.core.access import register_endpoint, register_target, register_unscoped

MATRIX_IMPORTER = "imports.matrix"
MATRIX_ACTION = "orgs.administer"


def _pk(job) -> dict:
    return {"pk": job.pk}


register_target("import_job", view_action=MATRIX_ACTION)

register_endpoint("imports:job_list", kind="list", action=MATRIX_ACTION, target="import_job")
register_endpoint(
    "imports:job_detail", kind="detail", action=MATRIX_ACTION, target="import_job", kwargs=_pk
)
register_endpoint(
    "imports:job_errors",
    kind="detail",
    action=MATRIX_ACTION,
    target="import_job",
    kwargs=lambda job: {"pk": job.pk, "fmt": "csv"},
    label="csv",
)
register_unscoped(
    "imports:job_mapping",
    "POST only for a job waiting for its columns; the same get_job check as "
    "job_detail (tested in imports/tests/test_views.py)",
)
register_unscoped(
    "imports:job_resume",
    "POST only for a failed or interrupted job; the same get_job check as "
    "job_detail (tested in imports/tests/test_views.py)",
)
