"""Generated case documents (dokumen penanganan): receipt of report, invitation to clarification,
clarification minutes, legal study, status announcement, recommendation letter, plenary minutes.

A document is the active ``DocumentTemplate`` for its kind and the user's language (Indonesian as
fallback), rendered with plain data built here from the case, then laid out as PDF (xhtml2pdf)
or DOCX (python-docx, for staff who edit before signing) and kept with the case as a
``CaseDocument`` with its SHA-256.

Privacy lives in the context builder, not in template discipline: templates never see model
instances, reporter and witness identity is only given to the documents addressed to them and only
when the actor may see it, and the public status announcement is built from a whitelist that
carries positions and agencies but no names, with every known name redacted from its free text.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from datetime import date
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template import Context, Engine, Library, TemplateSyntaxError, defaulttags
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from netra.accounts.roles import Action
from netra.core.exceptions import OutOfScope
from netra.regions.selectors import region_label

from .choices import CaseKind, DocumentKind
from .evidence import EVIDENCE_VIEWERS, UPLOADERS, discard_file, save_private_file
from .identity import identity_cases, may_reveal_identity
from .models import Case, CaseDocument, CaseEvent, DocumentTemplate

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"pdf": "application/pdf", "docx": DOCX_MIME}

GENERATED_KINDS: tuple[str, ...] = (
    DocumentKind.RECEIPT,
    DocumentKind.CLARIFICATION_INVITATION,
    DocumentKind.CLARIFICATION_MINUTES,
    DocumentKind.LEGAL_STUDY,
    DocumentKind.STATUS_ANNOUNCEMENT,
    DocumentKind.RECOMMENDATION_LETTER,
    DocumentKind.PLENARY_MINUTES,
)
# Documents addressed to the reporter and witnesses: the only ones that name them, and the only
# ones kept from people who may not see the reporter (recipient bodies, field supervisors).
IDENTITY_KINDS = frozenset({
    DocumentKind.RECEIPT,
    DocumentKind.CLARIFICATION_INVITATION,
    DocumentKind.CLARIFICATION_MINUTES,
})
# Published on the notice board and website: no reporter, no names.
PUBLIC_KINDS = frozenset({DocumentKind.STATUS_ANNOUNCEMENT})

DECISION_STEPS = {
    "decide_violation": "violation",
    "decide_no_violation": "no_violation",
    "decide_not_followed_up": "not_followed_up",
    "refuse_registration": "not_registered",
}


class DocumentError(Exception):
    """The layout engine could not produce the file."""


# --- Template engine ------------------------------------------------------------------------


# Tags an administrator's template may not use: ``debug`` would print the server's modules.
FORBIDDEN_TAGS = frozenset({"debug"})


@functools.cache
def template_engine() -> Engine:
    """The engine for administrator-written templates: the default tags (less ``debug``) and
    filters plus i18n, no file loaders (``include`` and ``extends`` find nothing), autoescaping
    on."""
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", {})],
        libraries={"i18n": "django.templatetags.i18n", "l10n": "django.templatetags.l10n"},
        autoescape=True,
        debug=False,
        string_if_invalid="",
    )
    restricted = Library()
    restricted.tags = {name: tag for name, tag in defaulttags.register.tags.items()
                       if name not in FORBIDDEN_TAGS}
    restricted.filters = dict(defaulttags.register.filters)
    engine.template_builtins = [
        restricted if library is defaulttags.register else library
        for library in engine.template_builtins
    ]
    return engine


def check_template(body: str) -> None:
    """Compile ``body`` and render it once with sample data; a broken template is refused with
    the engine's message (``DocumentTemplate.clean``)."""
    try:
        template = template_engine().from_string(body)
    except TemplateSyntaxError as exc:
        raise ValidationError(
            {"body": [_("The template has a syntax error: %(error)s") % {"error": exc}]},
            code="template_syntax",
        ) from exc
    try:
        template.render(Context(sample_context()))
    except Exception as exc:  # noqa: BLE001 - any failure of an admin's template is a message
        raise ValidationError(
            {"body": [_("The template cannot be rendered: %(error)s") % {"error": exc}]},
            code="template_render",
        ) from exc


def active_template(*, kind: str, language: str, on: date) -> DocumentTemplate | None:
    """The template in force on ``on`` for ``kind``, in ``language`` or else Indonesian."""
    rows = (
        DocumentTemplate.objects.filter(kind=kind, is_active=True, valid_from__lte=on)
        .filter(Q(language=language) | Q(language="id"))
        .order_by("-valid_from", "-pk")
    )
    chosen = None
    for row in rows:
        if row.language == language:
            return row
        chosen = chosen or row
    return chosen


# --- Context --------------------------------------------------------------------------------


def _date(value: date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def _long_date(value: date) -> str:
    return date_format(value, "l, j F Y")


def _outcome(case: Case) -> dict:
    """The decision as a stable slug (templates choose their own wording) with its date/note."""
    event = (
        CaseEvent.objects.filter(case=case, transition__in=DECISION_STEPS)
        .order_by("-at", "-pk")
        .first()
    )
    return {
        "outcome": DECISION_STEPS[event.transition] if event else "",
        "decided_on": _date(case.decided_on),
        "note": case.outcome_note if event else "",
        "status": case.get_status_display(),
        "status_code": case.status,
    }


def _people_names(case: Case) -> list[str]:
    names = [r.name for r in case.reporters.all()]
    names += [w.name for w in case.witnesses.all()]
    names += [p.name for p in case.reported_persons.all()]
    return [n.strip() for n in names if n and n.strip()]


def _full_context(case: Case, *, kind: str, actor, on: date) -> dict:
    office = case.office
    persons = list(case.reported_persons.all())
    violations = list(case.violation_types.all())
    recommendations = list(case.recommendations.select_related("recipient").all())
    place = region_label(case.place_region_code) if case.place_region_code else ""
    context = {
        "today": _date(on),
        "today_long": _long_date(on),
        "office": {
            "name": office.name,
            "address": office.address,
            "phone": office.phone,
            "email": office.email,
            "office_code": office.office_code,
            "region": region_label(office.region_code),
        },
        "election": {
            "name": case.election.name,
            "kind": case.election.get_kind_display(),
            "kind_code": case.election.kind,
            "voting_day": _date(case.election.voting_day),
        },
        "case": {
            "number": case.number,
            "intake_number": case.intake_number,
            "registration_number": case.registration_number or "",
            "kind": case.get_kind_display(),
            "kind_code": case.kind,
            "is_report": case.kind == CaseKind.REPORT,
            "source": case.get_source_display(),
            "title": case.title,
            "description": case.description,
            "category": case.get_category_display() if case.category else "",
            "category_code": case.category,
            "incident_date": _date(case.incident_date),
            "known_date": _date(case.known_date),
            "received_date": _date(timezone.localdate(case.received_at)),
            "registered_on": _date(case.registered_on),
            "decided_on": _date(case.decided_on),
            "region": place,
            "place": ", ".join(p for p in (case.place_address, place) if p),
            "status": case.get_status_display(),
            "status_code": case.status,
        },
        "reported_persons": [
            {
                "name": p.name,
                "position": p.position,
                "agency": p.agency,
                "employment_type": p.get_employment_type_display(),
                "employment_type_code": p.employment_type,
                "nip": p.nip,
            }
            for p in persons
        ],
        "violations": [
            {
                "name": v.name,
                "description": v.description,
                "legal_basis": v.legal_basis,
                "sanction": v.sanction,
                "legal_source": v.legal_source,
            }
            for v in violations
        ],
        "recommendations": [
            {
                "recipient": r.recipient.name,
                "letter_number": r.letter_number,
                "content": r.content,
                "sent_on": _date(r.sent_on),
                "due_on": _date(r.due_on),
                "status": r.get_status_display(),
            }
            for r in recommendations
        ],
        "decision": _outcome(case),
        "witness_count": case.witnesses.count(),
        "prepared_by": (actor.get_full_name() or actor.get_username()) if actor else "",
        "reporters": [],
        "witnesses": [],
    }
    context["recommendation"] = context["recommendations"][0] if recommendations else {}
    if kind in IDENTITY_KINDS and may_reveal_identity(actor, case):
        context["reporters"] = [
            {
                "name": r.name,
                "type": r.get_reporter_type_display(),
                "address": r.address,
                "phone": r.phone,
                "email": r.email,
            }
            for r in case.reporters.all()
        ]
        context["witnesses"] = [
            {"name": w.name, "statement": w.statement} for w in case.witnesses.all()
        ]
    return context


def _redactor(names: list[str]):
    """Replace every known personal name (whole, and each word of four letters or more) with
    ``***``, case-insensitively."""
    words = set()
    for name in names:
        words.add(name)
        words.update(w for w in re.split(r"[\s,.]+", name) if len(w) >= 4)
    if not words:
        return lambda text: text
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    return lambda text: pattern.sub("***", text) if isinstance(text, str) else text


def _redact(value, redact):
    if isinstance(value, dict):
        return {k: _redact(v, redact) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, redact) for v in value]
    return redact(value)


def _public_context(full: dict, names: list[str]) -> dict:
    """Whitelist for the public status announcement: no reporter, no witness, no reported
    person's name or NIP (position and agency only), no free-text description or decision note,
    no street address; then every known name is redacted from what remains."""
    case = full["case"]
    public = {
        "today": full["today"],
        "today_long": full["today_long"],
        "office": full["office"],
        "election": full["election"],
        "case": {
            key: case[key]
            for key in ("number", "intake_number", "registration_number", "kind", "kind_code",
                        "is_report", "title", "category", "category_code", "incident_date",
                        "known_date", "received_date", "registered_on", "decided_on",
                        "status", "status_code")
        },
        "reported_persons": [
            {k: p[k] for k in ("position", "agency", "employment_type", "employment_type_code")}
            for p in full["reported_persons"]
        ],
        "violations": [
            {k: v[k] for k in ("name", "legal_basis", "legal_source")}
            for v in full["violations"]
        ],
        "recommendations": [
            {k: r[k] for k in ("recipient", "sent_on", "status")}
            for r in full["recommendations"]
        ],
        "decision": {k: full["decision"][k] for k in ("outcome", "decided_on", "status",
                                                      "status_code")},
    }
    public["case"]["region"] = case["region"]
    public["case"]["place"] = case["region"]
    public["recommendation"] = public["recommendations"][0] if public["recommendations"] else {}
    return _redact(public, _redactor(names))


def build_context(case: Case, *, kind: str, actor, on: date) -> dict:
    """Plain data for a document template (strings, lists and dicts only)."""
    full = _full_context(case, kind=kind, actor=actor, on=on)
    if kind in PUBLIC_KINDS:
        return _public_context(full, _people_names(case))
    return full


def sample_context() -> dict:
    """Example data for checking a template (every key a real context has)."""
    person = {"name": "", "position": "Camat", "agency": "Kecamatan", "employment_type": "PNS",
              "employment_type_code": "pns", "nip": ""}
    case = {key: "" for key in ("number", "intake_number", "registration_number", "kind",
                                "kind_code", "source", "title", "description", "category",
                                "category_code", "incident_date", "known_date", "received_date",
                                "registered_on", "decided_on", "region", "place", "status",
                                "status_code")}
    case.update(number="001/Reg/TM/PL/Kota/1.01/IV/2024", is_report=False)
    recommendation = {"recipient": "BKN", "letter_number": "", "content": "", "sent_on": "",
                      "due_on": "", "status": ""}
    return {
        "today": "1 April 2024",
        "today_long": "1 April 2024",
        "office": {"name": "Bawaslu", "address": "", "phone": "", "email": "",
                   "office_code": "1.01", "region": ""},
        "election": {"name": "Pemilu 2024", "kind": "", "kind_code": "pemilu", "voting_day": ""},
        "case": case,
        "reported_persons": [person],
        "violations": [{"name": "", "description": "", "legal_basis": "", "sanction": "",
                        "legal_source": ""}],
        "recommendations": [recommendation],
        "recommendation": recommendation,
        "decision": {"outcome": "violation", "decided_on": "", "note": "", "status": "",
                     "status_code": ""},
        "witness_count": 0,
        "prepared_by": "",
        "reporters": [{"name": "", "type": "", "address": "", "phone": "", "email": ""}],
        "witnesses": [{"name": "", "statement": ""}],
    }


# --- Layout ---------------------------------------------------------------------------------


def render_html(*, template: DocumentTemplate, context: dict, case: Case, on: date) -> str:
    body = template_engine().from_string(template.body).render(Context(context))
    return render_to_string(
        "cases/documents/_page.html",
        {
            "title": template.title,
            "language": template.language,
            "office": context["office"],
            "body": mark_safe(body),  # noqa: S308 - the admin's template output, autoescaped
            "footer": _("%(number)s · %(title)s · generated on %(date)s")
            % {"number": case.number, "title": template.title, "date": _date(on)},
        },
    )


def to_pdf(html: str) -> bytes:
    """HTML → PDF with xhtml2pdf; the markup may fetch nothing (no network, no local files)."""
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    policy = ResourceAccessPolicy.server(base_dir=None, allow_remote=False)
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8", resource_policy=policy)
    if result.err:
        raise DocumentError(f"xhtml2pdf reported {result.err} error(s)")
    return out.getvalue()


HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {"p", "div", "li", "blockquote", "section", "article", "header", "footer"}
SKIPPED = {"style", "script", "title", "head"}


class _DocxBuilder(HTMLParser):
    """A small HTML → DOCX converter for what document templates use: headings, paragraphs,
    line breaks, bold/italic/underline, bulleted and numbered lists and simple tables. An element
    with ``id="footer"`` becomes the page footer."""

    def __init__(self, document) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.paragraph = None
        self.pending_style: str | None = None
        self.pending_align: str | None = None
        self.bold = self.italic = self.underline = 0
        self.lists: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []
        self.footer_depth = 0
        self.depth = 0
        self.footer_text: list[str] = []

    # helpers
    @staticmethod
    def _align(attrs: dict) -> str | None:
        classes = (attrs.get("class") or "").split()
        style = (attrs.get("style") or "").replace(" ", "").lower()
        for name in ("center", "right", "justify"):
            if name in classes or f"text-align:{name}" in style:
                return name
        return None

    def _close(self) -> None:
        self.paragraph = None
        self.pending_style = None
        self.pending_align = None

    def _ensure(self):
        if self.paragraph is None:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            self.paragraph = self.doc.add_paragraph(style=self.pending_style)
            if self.pending_align:
                self.paragraph.alignment = {
                    "center": WD_ALIGN_PARAGRAPH.CENTER,
                    "right": WD_ALIGN_PARAGRAPH.RIGHT,
                    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                }[self.pending_align]
        return self.paragraph

    # parser callbacks
    def handle_starttag(self, tag, attrs_list):
        attrs = dict(attrs_list)
        if tag in SKIPPED:
            self.skip += 1
            return
        self.depth += 1
        if self.footer_depth:
            return
        if attrs.get("id") == "footer":
            self.footer_depth = self.depth
            return
        if tag in {"b", "strong", "th"}:
            self.bold += 1
        if tag in {"i", "em"}:
            self.italic += 1
        if tag == "u":
            self.underline += 1
        if self.tables:
            table = self.tables[-1]
            if tag == "tr":
                table["rows"].append([])
            elif tag in {"td", "th"}:
                if not table["rows"]:
                    table["rows"].append([])
                table["rows"][-1].append({"runs": [], "header": tag == "th",
                                          "align": self._align(attrs)})
            elif tag == "br" or tag in BLOCKS:
                self._cell_text("\n")
            if tag == "table":
                self.tables.append({"rows": [], "attrs": attrs})
            return
        if tag == "table":
            self._close()
            self.tables.append({"rows": [], "attrs": attrs})
        elif tag in HEADINGS:
            self._close()
            self.pending_style = f"Heading {min(HEADINGS[tag], 9)}"
            self.pending_align = self._align(attrs)
        elif tag in {"ul", "ol"}:
            self._close()
            self.lists.append(tag)
        elif tag == "li":
            self._close()
            kind = self.lists[-1] if self.lists else "ul"
            self.pending_style = "List Number" if kind == "ol" else "List Bullet"
        elif tag in BLOCKS:
            self._close()
            self.pending_align = self._align(attrs)
        elif tag == "br":
            self._ensure().add_run().add_break()
        elif tag == "hr":
            self._close()
            self.doc.add_paragraph()

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
            return
        if self.footer_depth:
            if self.depth == self.footer_depth:
                self.footer_depth = 0
            self.depth -= 1
            return
        self.depth -= 1
        if tag in {"b", "strong", "th"}:
            self.bold = max(0, self.bold - 1)
        if tag in {"i", "em"}:
            self.italic = max(0, self.italic - 1)
        if tag == "u":
            self.underline = max(0, self.underline - 1)
        if tag == "table" and self.tables:
            table = self.tables.pop()
            if self.tables:  # a nested table: its text goes into the outer cell
                for row in table["rows"]:
                    self._cell_text(" ".join(
                        "".join(t for t, *_f in cell["runs"]) for cell in row) + "\n")
            else:
                self._emit_table(table)
            return
        if self.tables:
            return
        if tag in HEADINGS or tag in BLOCKS:
            self._close()
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self._close()

    def handle_data(self, data):
        if self.skip:
            return
        if self.footer_depth:
            self.footer_text.append(data)
            return
        text = re.sub(r"\s+", " ", data)
        if self.tables:
            self._cell_text(text)
            return
        if self.paragraph is None:
            text = text.lstrip()
            if not text:
                return
        run = self._ensure().add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None
        run.underline = bool(self.underline) or None

    def _cell_text(self, text: str) -> None:
        table = self.tables[-1]
        if not table["rows"] or not table["rows"][-1]:
            if text.strip():
                if not table["rows"]:
                    table["rows"].append([])
                table["rows"][-1].append({"runs": [], "header": False, "align": None})
            else:
                return
        table["rows"][-1][-1]["runs"].append((text, bool(self.bold), bool(self.italic)))

    def _emit_table(self, table: dict) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        rows = [row for row in table["rows"] if row]
        if not rows:
            return
        columns = max(len(row) for row in rows)
        grid = self.doc.add_table(rows=len(rows), cols=columns)
        borderless = "signatures" in (table["attrs"].get("class") or "").split()
        if not borderless:
            grid.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                target = grid.cell(r, c)
                lines = self._cell_lines(cell["runs"])
                first = True
                for line in lines:
                    paragraph = target.paragraphs[0] if first else target.add_paragraph()
                    first = False
                    if cell["align"] == "center" or borderless:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for text, bold, italic in line:
                        run = paragraph.add_run(text)
                        run.bold = bold or cell["header"] or None
                        run.italic = italic or None
        self.doc.add_paragraph()
        self._close()

    @staticmethod
    def _cell_lines(runs):
        lines: list[list] = [[]]
        for text, bold, italic in runs:
            parts = text.split("\n")
            for i, part in enumerate(parts):
                if i:
                    lines.append([])
                if part:
                    lines[-1].append((part, bold, italic))
        # Trim spaces at line edges and drop empty leading/trailing lines.
        cleaned = []
        for line in lines:
            if line:
                first_text = line[0][0].lstrip()
                line = [(first_text, *line[0][1:]), *line[1:]]
                last_text = line[-1][0].rstrip()
                line = [*line[:-1], (last_text, *line[-1][1:])]
                line = [part for part in line if part[0]]
            cleaned.append(line)
        while cleaned and not cleaned[0]:
            cleaned.pop(0)
        while cleaned and not cleaned[-1]:
            cleaned.pop()
        return cleaned or [[]]


def to_docx(html: str, *, title: str) -> bytes:
    """HTML → DOCX: an editable Word document with the same headings, paragraphs and tables."""
    from docx import Document
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    document.core_properties.title = title
    builder = _DocxBuilder(document)
    builder.feed(html)
    builder.close()
    footer = re.sub(r"\s+", " ", "".join(builder.footer_text)).strip()
    if footer:
        section.footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Service and reads ----------------------------------------------------------------------


def _file_name(title: str, number: str, fmt: str) -> str:
    stem = slugify(f"{title} {number.replace('/', '-').replace('.', '-')}") or "document"
    return f"{stem[:200]}.{fmt}"


def generate_document(*, case: Case, actor, kind: str, fmt: str) -> CaseDocument:
    """Generate a document of ``kind`` as ``fmt`` (``pdf`` or ``docx``) and keep it with the
    case (buat dokumen). Needs change rights on the case (its handlers and field supervisors).
    Raises ``OutOfScope`` or ``ValidationError``; nothing is stored when anything fails."""
    errors: dict[str, list[str]] = {}
    if kind not in GENERATED_KINDS:
        errors["kind"] = [_("This kind of document cannot be generated.")]
    if fmt not in FORMATS:
        errors["fmt"] = [_("Choose PDF or DOCX.")]
    if errors:
        raise ValidationError(errors)
    if not Case.objects.visible_to(actor, Action.CHANGE, UPLOADERS).filter(pk=case.pk).exists():
        raise OutOfScope(_("Case not found."))
    case = Case.objects.select_related("election", "office").get(pk=case.pk)
    on = timezone.localdate()
    language = getattr(actor, "language", "") or translation.get_language() or "id"
    template = active_template(kind=kind, language=language, on=on)
    if template is None:
        raise ValidationError(
            {"kind": [_("No active template exists for “%(kind)s”; an administrator must add "
                        "one.") % {"kind": DocumentKind(kind).label}]}
        )
    with translation.override(template.language):
        context = build_context(case, kind=kind, actor=actor, on=on)
        try:
            html = render_html(template=template, context=context, case=case, on=on)
            data = to_pdf(html) if fmt == "pdf" else to_docx(html, title=template.title)
        except ValidationError:
            raise
        except Exception as exc:
            raise ValidationError(
                {"kind": [_("The document could not be produced from template “%(title)s”: "
                            "%(error)s") % {"title": template.title, "error": exc}]}
            ) from exc
    document = CaseDocument(
        case=case,
        kind=kind,
        original_name=_file_name(template.title, case.number, fmt),
        content_type=FORMATS[fmt],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        generated=True,
        added_by=actor,
    )
    try:
        with transaction.atomic():
            save_private_file(document.file, folder="cases/documents", extension=fmt, data=data)
            document.save()
    except BaseException:
        discard_file(document.file)
        raise
    return document


def _allowed_kinds_q(user, case_ids) -> Q:
    """Identity-bearing documents only for those who may see the reporter."""
    identity_ok = identity_cases(user, Case.objects.filter(pk__in=case_ids))
    return ~Q(kind__in=IDENTITY_KINDS) | Q(case__in=identity_ok)


def document_list(*, user, case: Case) -> QuerySet[CaseDocument]:
    """Documents of a case the user may open (empty outside scope)."""
    visible = Case.objects.visible_to(user, Action.VIEW, EVIDENCE_VIEWERS).filter(pk=case.pk)
    return (
        CaseDocument.objects.filter(case__in=visible)
        .filter(_allowed_kinds_q(user, [case.pk]))
        .select_related("added_by")
    )


def document_get(*, user, pk: int) -> CaseDocument:
    """One document the user may open; ``CaseDocument.DoesNotExist`` otherwise (404)."""
    visible = Case.objects.visible_to(user, Action.VIEW, EVIDENCE_VIEWERS)
    document = CaseDocument.objects.select_related("case").get(pk=pk, case__in=visible)
    if not CaseDocument.objects.filter(pk=pk).filter(
        _allowed_kinds_q(user, [document.case_id])
    ).exists():
        raise CaseDocument.DoesNotExist
    return document


def may_generate_documents(*, user, case: Case) -> bool:
    return Case.objects.visible_to(user, Action.CHANGE, UPLOADERS).filter(pk=case.pk).exists()
