"""Imports' scoped endpoints, for the access matrix (``netra.core.access``).

Imported from ``ImportsConfig.ready``; ``tests/access_world.place`` registers an importer
``MATRIX_IMPORTER`` whose action is ``MATRIX_ACTION`` and creates one finished job of it per
position, without a creator (the creator always sees their own job).

Who sees a job: its creator, and whoever holds the importer's action in the job's region
(``selectors.get_job``); mapping and resume go through the same ``get_job``.
"""

from netra.core.access import register_endpoint, register_target, register_unscoped

MATRIX_IMPORTER = "imports.matrix"
MATRIX_ACTION = "orgs.administer"


def _pk(job) -> dict:
    return {"pk": job.pk}


register_target("import_job", view_action=MATRIX_ACTION)

# Every staff member has the page (their own jobs); without the action it lists none of these.
register_endpoint("imports:job_list", kind="list", action=MATRIX_ACTION, target="import_job",
                  denied=200)
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
