"""``netra backup``: the database, the private files and (if kept there) the field keys, in one
archive with a manifest of SHA-256 checksums. See ``netra.core.backup``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netra.core.backup import BackupError, create_backup, default_archive_path


class Command(BaseCommand):
    help = ("Back up the database (SQLite copy or pg_dump), NETRA_DATA_DIR/private and the "
            "field keys file into one .tar or .tar.gz archive with SHA-256 checksums.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", type=Path, default=None,
            help="Archive to write (.tar.gz, .tgz or .tar). Default: "
                 "NETRA_DATA_DIR/backups/netra-backup-<UTC time>.tar.gz",
        )

    def handle(self, *args, output=None, **options):
        def say(message: str) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {message}")

        try:
            result = create_backup(output or default_archive_path(), progress=say)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written: {result.path}"))
        self.stdout.write(f"  database: {result.vendor} ({result.migrations} migrations applied)")
        self.stdout.write(f"  private files: {result.files} ({result.bytes:,} bytes in total, "
                          "database included)")
        if result.includes_keys:
            self.stdout.write(self.style.WARNING(
                "  WARNING / PERINGATAN: the archive holds the field-encryption keys "
                "(NETRA_DATA_DIR/field-keys): whoever has it can read reporters' identity. Keep it "
                "encrypted and access-controlled / arsip ini memuat kunci enkripsi identitas."
            ))
