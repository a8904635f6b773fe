"""Forms of imports: the reusable upload form and the column-mapping form."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import Importer, get_importer

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(forms.Form):
    """A CSV or XLSX file to import. Modules include ``imports/_upload_form.html`` with the
    context from :func:`upload_context` and call ``services.start_import`` in their view."""

    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        help_text=_("The first line must hold the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


def upload_context(
    importer_key: str, *, url: str, form: ImportUploadForm | None = None, submit_label=None
) -> dict:
    """Context for ``{% include "imports/_upload_form.html" with ... %}``: the form, where it
    posts, and the importer's columns (required ones marked) as a hint for the person."""
    importer = get_importer(importer_key)
    return {
        "import_form": form or ImportUploadForm(),
        "import_url": url,
        "import_importer": importer,
        "import_columns": importer.columns,
        "import_submit_label": submit_label or _("Import"),
        "import_jobs_url": reverse("imports:job_list") + f"?importer={importer_key}",
    }


def _field_name(position: int) -> str:
    return f"header_{position}"


class MappingForm(forms.Form):
    """One choice per header of the file (the job's stored header row): which column it holds
    (or none). The choices are the job's columns (``Importer.columns_for``); ``scores`` marks
    the automatic matches that were not exact, for the person to check."""

    def __init__(
        self,
        *args,
        importer: Importer,
        headers: list[str],
        mapping: dict[str, str],
        job=None,
        scores: dict[str, int] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.importer = importer
        self.job = job
        self.headers = list(headers)
        scores = scores or {}
        columns = importer.columns_for(job) if job is not None else list(importer.columns)
        choices = [("", _("— not imported —"))] + [
            (c.key, f"{c.label}{' *' if c.required else ''}") for c in columns
        ]
        for position, header in enumerate(self.headers):
            score = scores.get(header)
            help_text = ""
            if score is not None and score < 100 and mapping.get(header):
                help_text = _("Matched by a similar name (%(score)d %% alike): check it.") % {
                    "score": score
                }
            self.fields[_field_name(position)] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=mapping.get(header, ""),
                help_text=help_text,
            )

    def clean(self):
        data = super().clean()
        chosen: dict[str, str] = {}
        for position, header in enumerate(self.headers):
            key = data.get(_field_name(position)) or ""
            if not key:
                continue
            if key in chosen.values():
                column = self.importer.get_column(key, self.job)
                self.add_error(
                    _field_name(position),
                    _("“%(column)s” is already chosen for another column of the file.")
                    % {"column": column.label if column else key},
                )
                continue
            chosen[header] = key
        missing = self.importer.missing_required(chosen, self.job)
        if missing and not self.errors:
            raise forms.ValidationError(
                _("Match these required columns: %(columns)s.")
                % {"columns": ", ".join(str(c.label) for c in missing)}
            )
        data["mapping"] = chosen
        return data
