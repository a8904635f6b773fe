"""Background jobs of the core: housekeeping."""

from celery import shared_task


@shared_task(name="core.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    """Hourly: delete idempotency keys past their 24-hour retention; returns how many."""
    from .idempotency import purge_expired

    return purge_expired()
