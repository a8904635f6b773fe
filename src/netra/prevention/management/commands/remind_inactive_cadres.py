"""``netra remind_inactive_cadres [--dry-run]``: list the KPP cadres with no activity or report
within NETRA_PREVENTION_CADRE_ACTIVE_MONTHS, and e-mail those with an address."""

from django.core.management.base import BaseCommand

from netra.prevention.cadres import active_since, inactive_cadres, send_inactive_reminders
from netra.prevention.models import Cadre


class Command(BaseCommand):
    help = "List inactive KPP cadres and remind them by e-mail."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List only; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        since = active_since()
        rows = inactive_cadres(Cadre.objects.select_related("office"), since).order_by(
            "region_code", "name")
        for cadre in rows:
            self.stdout.write(f"{cadre.region_code}\t{cadre.name}\t{cadre.office.name}\t"
                              f"{cadre.last_entry or '-'}\t{cadre.email or '-'}")
        count = len(rows)
        if dry_run:
            self.stdout.write(f"{count} inactive since {since.isoformat()}")
            return
        sent = send_inactive_reminders(since=since)
        self.stdout.write(f"{count} inactive since {since.isoformat()}, {sent} reminded")
