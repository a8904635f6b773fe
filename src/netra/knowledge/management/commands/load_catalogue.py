"""``netra load_catalogue [--update]``: bring the reviewed fixture into the database.

Creates the catalogue rows that are missing (the data migration normally did); ``--update``
rewrites existing rows from the fixture after a reviewed fixture change (administrators' edits
to those rows are then replaced; the audit log keeps both versions).
"""

from django.core.management.base import BaseCommand

from netra.core.audit import system_actor
from netra.knowledge.services import load_catalogue


class Command(BaseCommand):
    help = "Load the reviewed regulation catalogue (knowledge/fixtures/catalogue.json)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Also rewrite existing rows from the fixture."
        )

    def handle(self, *args, **options):
        with system_actor("command:load_catalogue"):
            result = load_catalogue(update=options["update"])
        created = ", ".join(f"{n} {name}" for name, n in result.created.items()) or "nothing"
        self.stdout.write(f"created: {created}")
        if options["update"]:
            updated = ", ".join(f"{n} {name}" for name, n in result.updated.items()) or "nothing"
            self.stdout.write(f"updated: {updated}")
