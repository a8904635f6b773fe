"""``netra purge_idempotency_keys``: delete idempotency keys past their 24-hour retention."""

from django.core.management.base import BaseCommand

from netra.core.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete idempotency keys older than their retention (24 hours)."

    def handle(self, *args, **options):
        deleted = purge_expired()
        if options["verbosity"]:
            self.stdout.write(f"{deleted} idempotency key(s) deleted.")
