"""``netra encrypt_private_files``: encrypt the private files written before encryption at rest.

Walks ``MEDIA_ROOT`` and replaces every file without the encryption header by its encrypted form
(newest key of ``NETRA_FIELD_ENCRYPTION_KEYS``), one file at a time, atomically (temporary file,
fsync, rename). Files already encrypted are skipped, so the command is idempotent and an
interrupted run is resumed by starting it again. The application keeps serving while it runs:
plaintext and encrypted files are both readable. See docs/files.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from netra.core.request_context import origin
from netra.core.storage import SecureResult, secure_private_files


class Command(BaseCommand):
    help = "Encrypt every private file still stored in plaintext (idempotent, resumable)."

    def handle(self, *args, **options):
        def progress(result: SecureResult, path: Path) -> None:
            if result.checked % 100 == 0:
                self.stdout.write(f"{result.checked} file(s) checked, "
                                  f"{result.encrypted} encrypted")

        with origin("command", "encrypt_private_files"):
            result = secure_private_files(what="plaintext", progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"Done: {result.checked} file(s) checked, {result.encrypted} encrypted, "
            f"{result.skipped} already encrypted."
        ))
