from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from netra.core.request_context import origin
from netra.imports.models import ImportStatus
from netra.imports.registry import get_importer, importer_keys
from netra.imports.services import missing_columns_message, start_import

from ._common import run_in_foreground


def _target(spec: str):
    try:
        label, pk = spec.rsplit(":", 1)
        model = apps.get_model(label)
    except (ValueError, LookupError) as exc:
        raise CommandError(f"--target must be app_label.model:pk, got {spec!r}") from exc
    try:
        return model._default_manager.get(pk=pk)
    except (model.DoesNotExist, ValueError, ValidationError) as exc:
        raise CommandError(f"No {label} with pk {pk!r}") from exc


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file with a registered importer, in the foreground, printing "
        "progress and the final counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("key", help="Importer key, e.g. prevention.attendance.")
        parser.add_argument("file", help="Path of the CSV or XLSX file.")
        parser.add_argument("--target", help="Object the import is for: app_label.model:pk.")
        parser.add_argument(
            "--actor",
            help="Username recorded as having started the import (their rights are checked).",
        )
        parser.add_argument(
            "--mapping",
            nargs="*",
            default=[],
            metavar="HEADER=KEY",
            help="Match a header of the file to a column key.",
        )

    def handle(self, *args, key, file, target=None, actor=None, mapping=(), **options):
        try:
            importer = get_importer(key)
        except LookupError as exc:
            raise CommandError(
                f"Unknown importer {key!r}; known: {', '.join(importer_keys())}"
            ) from exc
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        user = None
        if actor:
            try:
                user = get_user_model()._default_manager.get(username=actor)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user {actor!r}") from exc
        chosen = {}
        for item in mapping:
            header, sep, column = item.partition("=")
            if not sep:
                raise CommandError(f"--mapping takes HEADER=KEY, got {item!r}")
            chosen[header] = column
        obj = _target(target) if target else None
        with origin("command", "import_file"), path.open("rb") as handle:
            try:
                job = start_import(
                    key,
                    file=handle,
                    actor=user,
                    target=obj,
                    # The command's mapping is the person's confirmation (--mapping).
                    options={"mapping": chosen, "confirm_mapping": False},
                    filename=path.name,
                    dispatch=False,
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            except PermissionDenied as exc:
                raise CommandError(str(exc) or "Not allowed.") from exc
            self.stdout.write(
                f"Import job {job.pk}: {job.total_rows} lines in {job.original_filename}"
            )
            if job.status == ImportStatus.NEEDS_MAPPING:
                columns = ", ".join(
                    f"{c.key}{'*' if c.required else ''}" for c in importer.columns_for(job)
                )
                raise CommandError(
                    f"{missing_columns_message(importer, job.mapping, job)} Headers in the file: "
                    f"{', '.join(job.headers)}. Columns: {columns}. Run again with "
                    f"--mapping HEADER=KEY, or match them on the job page {job.get_absolute_url()}."
                )
            run_in_foreground(self, job)
