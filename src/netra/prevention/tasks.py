"""Background jobs of prevention: appeal-letter runs and the inactive-cadre reminder."""

from celery import shared_task


@shared_task(name="prevention.generate_letters")
def generate_letters(run_id: int) -> None:
    """Share a run's missing letters among ``NETRA_PREVENTION_LETTER_SHARDS`` tasks, so that
    several workers generate in parallel (inline, they simply run one after the other)."""
    from django.conf import settings

    shards = max(1, settings.NETRA_PREVENTION_LETTER_SHARDS)
    for shard in range(shards):
        generate_letter_shard.delay(run_id, shard, shards)


@shared_task(name="prevention.generate_letter_shard", acks_late=True)
def generate_letter_shard(run_id: int, shard: int, shards: int) -> int:
    """Generate one share of a run's missing letters (safe to repeat: never a letter twice)."""
    from .services import generate_missing_letters

    return generate_missing_letters(run_id, shard=shard, shards=shards)


@shared_task(name="prevention.remind_inactive_cadres")
def remind_inactive_cadres() -> int:
    """Periodic: e-mail the cadres without an activity or report in the last N months."""
    from .cadres import send_inactive_reminders

    return send_inactive_reminders()
