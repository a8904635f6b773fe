"""Background work of imports: running a job (inline in the embedded default)."""

from celery import shared_task


@shared_task(name="imports.run", acks_late=True)
def run_import_job(job_id: int) -> str:
    """Run the pending import job ``job_id`` from its checkpoint; returns its final status."""
    from .services import run_job

    job = run_job(job_id)
    return job.status if job is not None else "skipped"
