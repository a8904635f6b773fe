"""Background jobs for regions."""

from celery import shared_task

from netra.core.request_context import origin

from . import services


@shared_task(name="regions.import_regions", acks_late=True)
def import_regions_task(province: str | None = None) -> dict[str, int | float]:
    """Import (or refresh) the region tree; idempotent, so a retried task is harmless."""
    with origin("task", "regions.import_regions"):
        result = services.import_regions(province=province)
    return {"total": result.total, "created": result.created, "seconds": round(result.seconds, 2)}
