"""Shared tabular imports: reading CSV/XLSX (``tabular``) and resumable import jobs with
progress and a per-row error report (``ImportJob``), used by every module that takes
spreadsheets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "netra.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from netra.core.audit import register

        from . import access, models  # noqa: F401 (access registers)

        # Progress is written with every batch; the trail keeps creation, mapping and status.
        register(
            models.ImportJob,
            exclude_fields=[
                "errors",
                "error_count",
                "processed_rows",
                "checkpoint",
                "created_count",
                "updated_count",
                "duplicate_count",
            ],
        )
