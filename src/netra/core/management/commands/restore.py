"""``netra restore ARCHIVE``: check every checksum, then restore the database, the private files
and the field keys of a ``netra backup`` archive. See ``netra.core.backup``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netra.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore a `netra backup` archive: verifies every SHA-256 first, refuses another "
            "database vendor, and refuses a non-empty installation unless --force.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar or .tar.gz archive.")
        parser.add_argument(
            "--force", action="store_true",
            help="Replace the data of a non-empty installation (its private files and key file "
                 "are kept aside as *.replaced-<time>).",
        )

    def handle(self, *args, archive, force=False, **options):
        def say(message: str) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {message}")

        try:
            result = restore_backup(archive, force=force, progress=say)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {archive}"))
        self.stdout.write(f"  made: {result.created_at} by Netra {result.netra_version}")
        self.stdout.write(f"  database: {result.vendor}")
        self.stdout.write(f"  private files: {result.files} ({result.bytes:,} bytes)")
        if result.includes_keys:
            self.stdout.write("  field-encryption keys: NETRA_DATA_DIR/field-keys")
        for path in result.kept:
            self.stdout.write(f"  kept the replaced data at {path}")
        if result.missing_migrations:
            self.stdout.write(self.style.WARNING(
                f"  the backup predates {len(result.missing_migrations)} migration(s) of this "
                "version: run `netra migrate` now."))
        if result.unknown_migrations:
            self.stdout.write(self.style.WARNING(
                f"  the backup has {len(result.unknown_migrations)} migration(s) this version does "
                f"not know ({', '.join(result.unknown_migrations[:5])}): run the Netra version "
                "that made it."))
