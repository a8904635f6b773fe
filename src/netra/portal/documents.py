"""The PDF receipt of a portal report (tanda terima laporan daring), through ``netra.documents``.

Generated on demand for whoever holds the receipt code and never stored. It carries the code, the
intake number, the dates, the election and the handling office: no reporter identity and no
names (the receipt may be photographed or shared).
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.documents import registry
from netra.documents.engine import render_html_body
from netra.documents.rendering import html_to_pdf, page_html, render_template
from netra.documents.selectors import active_template

from . import receipts
from .models import Submission

KEY = "portal.receipt"

# Also seeded as the admin-editable template by migration 0002 (Indonesian and English).
DEFAULT_BODY = """<h1>{{ title }}</h1>
<p>{{ intro }}</p>
<table>
<tr><th>{{ labels.code }}</th><td><strong>{{ receipt.code }}</strong></td></tr>
<tr><th>{{ labels.intake_number }}</th><td>{{ receipt.intake_number }}</td></tr>
<tr><th>{{ labels.received }}</th><td>{{ receipt.received }}</td></tr>
<tr><th>{{ labels.recorded_as }}</th><td>{{ receipt.recorded_as }}</td></tr>
<tr><th>{{ labels.election }}</th><td>{{ receipt.election }}</td></tr>
<tr><th>{{ labels.office }}</th><td>{{ receipt.office }}</td></tr>
</table>
<p>{{ keep_safe }}</p>
"""


def sample_context() -> dict:
    return {
        "title": "Tanda terima", "intro": "", "keep_safe": "",
        "labels": {k: "" for k in ("code", "intake_number", "received", "recorded_as",
                                   "election", "office")},
        "receipt": {"code": "ABCD-EFGH-JKMN-PQRS", "intake_number": "", "received": "",
                    "recorded_as": "", "election": "", "office": ""},
    }


def register_document_kinds() -> None:
    registry.register_kind(
        key=KEY, label=gettext_lazy("Portal report receipt"), sample_context=sample_context,
        formats=("pdf",),
        help_text=gettext_lazy("Receives title, intro, keep_safe, labels.* and receipt.code, "
                               "intake_number, received, recorded_as, election, office. "
                               "Never any identity."))


def build_context(*, submission: Submission, code: str) -> dict:
    from netra.cases.choices import CaseKind

    kinds = dict(CaseKind.choices)
    received = timezone.localtime(submission.created_at)
    return {
        "title": _("Receipt of your report"),
        "intro": _("Bawaslu received your report through the public portal."),
        "keep_safe": _("Keep this receipt code secret: with it you can read the status of your "
                       "report and exchange messages with the handling office."),
        "labels": {"code": _("Receipt code"), "intake_number": _("Intake number"),
                   "received": _("Received"), "recorded_as": _("Recorded as"),
                   "election": _("Election"), "office": _("Handling office")},
        "receipt": {
            "code": receipts.display(code),
            "intake_number": submission.intake_number,
            "received": date_format(received, "j F Y, H:i"),
            "recorded_as": str(kinds.get(submission.recorded_kind, submission.recorded_kind)),
            "election": submission.election.name,
            "office": submission.office.name if submission.office else "",
        },
    }


def receipt_pdf(*, submission: Submission, code: str) -> bytes:
    language = translation.get_language() or "id"
    context = build_context(submission=submission, code=code)
    template = active_template(key=KEY, language=language[:2], on=timezone.localdate(),
                               fmt="pdf")
    if template is not None:
        return render_template(template=template, context=context, fmt="pdf").data
    html = page_html(body=render_html_body(DEFAULT_BODY, context), title=context["title"],
                     language=language[:2])
    return html_to_pdf(html)
