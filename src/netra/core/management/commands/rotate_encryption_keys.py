"""``netra rotate_encryption_keys``: re-encrypt every encrypted field and file with the newest key.

Put the new key first in ``NETRA_FIELD_ENCRYPTION_KEYS`` (keep the old ones after it), run this
command, then drop the old keys. Values are read and written as raw ciphertext in batches by
primary key, each batch in its own transaction; anything already under the newest key is skipped,
so an interrupted run is simply started again.

Files: every file of the private storage (``MEDIA_ROOT``) encrypted under an older key is
re-encrypted (``netra.core.storage.secure_private_files``; plaintext files are the job of
``netra encrypt_private_files``), and so is every file an app declared with
``crypto.register_encrypted_files``.
"""

from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Field

from netra.core import crypto
from netra.core.request_context import origin
from netra.core.storage import secure_private_files


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and stored encrypted file with the newest key."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        with origin("command", "rotate_encryption_keys"):
            fields = self._rotate_fields(batch_size)
            files = self._rotate_files() + self._rotate_private_storage()
        self.stdout.write(self.style.SUCCESS(
            f"Done: {fields} field value(s) and {files} file(s) re-encrypted with the newest key."
        ))

    def _rotate_fields(self, batch_size: int) -> int:
        qn = connection.ops.quote_name
        total = 0
        for model, names in crypto.encrypted_fields():
            table = qn(model._meta.db_table)
            pk = qn(model._meta.pk.column)
            # Encrypted fields are concrete columns, never relations.
            columns: list[str] = [
                cast("Field[Any, Any]", model._meta.get_field(n)).column for n in names
            ]
            select = f"SELECT {pk}, {', '.join(qn(c) for c in columns)} FROM {table}"  # noqa: S608
            last, done, seen = None, 0, 0
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    if last is None:
                        cursor.execute(f"{select} ORDER BY {pk} LIMIT %s", [batch_size])
                    else:
                        cursor.execute(f"{select} WHERE {pk} > %s ORDER BY {pk} LIMIT %s",
                                       [last, batch_size])
                    rows = cursor.fetchall()
                    for row_pk, *values in rows:
                        changed = {}
                        for column, value in zip(columns, values, strict=True):
                            if not value or crypto.is_current(value):
                                continue
                            try:
                                changed[column] = crypto.rotate_token(value).decode()
                            except crypto.InvalidToken as exc:
                                raise CommandError(
                                    f"{model._meta.label} {row_pk}: {column} cannot be decrypted "
                                    "with any configured key; is an old key missing from "
                                    "NETRA_FIELD_ENCRYPTION_KEYS?"
                                ) from exc
                        if changed:
                            sets = ", ".join(f"{qn(c)} = %s" for c in changed)
                            cursor.execute(
                                f"UPDATE {table} SET {sets} WHERE {pk} = %s",  # noqa: S608
                                [*changed.values(), row_pk],
                            )
                            done += len(changed)
                if not rows:
                    break
                last = rows[-1][0]
                seen += len(rows)
                self.stdout.write(f"{model._meta.label}: {seen} row(s) checked, "
                                  f"{done} value(s) re-encrypted (up to id {last})")
            total += done
        return total

    def _rotate_files(self) -> int:
        files = crypto.encrypted_files()
        done = 0
        for number, path in enumerate(files, start=1):
            try:
                done += crypto.rotate_file(path)
            except crypto.InvalidToken as exc:
                raise CommandError(f"{path} cannot be decrypted with any configured key") from exc
            if number % 100 == 0 or number == len(files):
                self.stdout.write(f"files: {number}/{len(files)} checked, {done} re-encrypted")
        return done

    def _rotate_private_storage(self) -> int:
        def progress(result, path) -> None:
            if result.checked % 100 == 0:
                self.stdout.write(f"private files: {result.checked} checked, "
                                  f"{result.rotated} re-encrypted")

        result = secure_private_files(what="rotate", progress=progress)
        self.stdout.write(f"private files: {result.checked} checked, "
                          f"{result.rotated} re-encrypted")
        if result.failed:
            raise CommandError(
                f"{len(result.failed)} private file(s) could not be re-encrypted (left as they "
                "were; keep the old keys until this is solved):\n" + "\n".join(result.failed[:20]))
        return result.rotated
