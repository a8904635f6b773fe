"""Shared output of the import commands."""

from django.core.management.base import CommandError

from netra.imports.services import run_job


def run_in_foreground(command, job) -> None:
    """Run a pending job here, printing a line per batch and the final counts."""

    def progress(current) -> None:
        total = current.total_rows or 0
        command.stdout.write(
            f"{current.processed_rows}/{total} lines (line {current.checkpoint} committed)"
        )

    finished = run_job(job.pk, progress=progress)
    if finished is None:
        raise CommandError(f"Import job {job.pk} is not waiting to run (status {job.status}).")
    summary = (
        f"Import job {finished.pk}: {finished.status}; {finished.created_count} created, "
        f"{finished.updated_count} updated, {finished.duplicate_count} duplicate, "
        f"{finished.error_count} errors of {finished.total_rows} lines"
    )
    if finished.status == "done":
        command.stdout.write(command.style.SUCCESS(summary))
    else:
        command.stdout.write(command.style.ERROR(summary))
        if finished.failure:
            command.stdout.write(finished.failure)
        raise CommandError(
            f"Import job {finished.pk} did not finish; "
            f"continue it with: netra import_resume {finished.pk}"
        )
    for error in (finished.errors or [])[:20]:
        column = f" [{error['column']}]" if error.get("column") else ""
        command.stdout.write(f"  line {error['row']}{column}: {error['message']}")
    if finished.error_count > 20:
        command.stdout.write(f"  … {finished.error_count - 20} more errors on the job page")
