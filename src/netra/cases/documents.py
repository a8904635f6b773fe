"""Generated case documents (dokumen penanganan): receipt of report, invitation to clarification,
clarification minutes, legal study, status announcement, recommendation letter, plenary minutes.

Templates, rendering and template validation come from ``netra.documents`` (the shared component,
ADR 0006); this module keeps what is particular to cases: the kinds (registered as
``cases.<kind>`` from ``CasesConfig.ready``), the plain data each template receives, privacy, and
the ``CaseDocument`` record with its SHA-256.

Privacy lives in the context builder, not in template discipline: templates never see model
instances, reporter and witness identity is only given to the documents addressed to them and only
when the actor may see it, and the public status announcement is built from a whitelist that
carries positions and agencies but no names, with every known name redacted from its free text.

Documents that may name the reporter or witnesses (``ON_DEMAND_KINDS``) are never written to the
file area: their ``CaseDocument`` row records who generated them, when, and the SHA-256 of what
was produced, and each download renders them again for the person asking (with that person's
right to see identity) and audits the access with the SHA-256 of what was served.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.cases.permissions import CaseAction
from netra.core.exceptions import OutOfScope
from netra.documents import registry
from netra.documents.rendering import CONTENT_TYPES, DOCX_MIME, RenderedDocument, render_template
from netra.documents.selectors import active_template
from netra.regions.selectors import region_label

from .attachments import recipient_limit_q
from .choices import CaseKind, DocumentKind, DocumentState
from .evidence import EVIDENCE_VIEWERS, UPLOADERS, discard_file, save_private_file
from .identity import identity_cases, may_reveal_identity, record_reveal
from .models import Case, CaseDocument, CaseEvent

__all__ = ["DOCX_MIME", "FORMATS", "GENERATED_KINDS", "IDENTITY_KINDS", "ON_DEMAND_KINDS",
           "PUBLIC_KINDS", "build_context", "document_content", "document_get", "document_list",
           "generate_document", "may_generate_documents", "register_document_kinds",
           "sample_context", "serve_document", "start_draft", "template_key"]

FORMATS = CONTENT_TYPES

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
# Generated on demand, never stored (they may carry identity in the clear).
ON_DEMAND_KINDS = IDENTITY_KINDS
# Published on the notice board and website: no reporter, no names.
PUBLIC_KINDS = frozenset({DocumentKind.STATUS_ANNOUNCEMENT})

DECISION_STEPS = {
    "decide_violation": "violation",
    "decide_no_violation": "no_violation",
    "decide_not_followed_up": "not_followed_up",
    "refuse_registration": "not_registered",
}

DATA_HELP = gettext_lazy(
    "Available data: office, election, case, reported_persons, violations, recommendations, "
    "recommendation, decision, reporters and witnesses (only in the receipt, the invitation and "
    "the clarification minutes), today, today_long, prepared_by. The status announcement never "
    "receives names. The facts the handler completes are in facts (clarified, clarified_on, "
    "place, summary; violations, legal_basis, analysis, conclusion; decision, commissioners, "
    "held_on, notes; status_text) and the number given at finalisation in document.number."
)

# The facts a completed document states, as templates receive them (every key always present,
# empty until the handler fills it in). Stored on ``CaseDocument.facts`` as plain values:
# ``violation_type_ids`` and ``commissioner_ids`` are resolved to names here.
EMPTY_FACTS: dict[str, Any] = {
    # clarification minutes
    "clarified": "", "clarified_on": "", "place": "", "summary": "",
    # legal study
    "violations": [], "legal_basis": "", "analysis": "", "conclusion": "",
    # plenary minutes
    "decision": "", "commissioners": [], "held_on": "", "notes": "",
    # status announcement
    "status_text": "",
}
# Facts of the public status announcement (the rest is never given to it).
PUBLIC_FACTS = ("status_text",)


def template_key(kind: str) -> str:
    """The ``netra.documents`` key of a case document kind (``cases.receipt``)."""
    return f"cases.{kind}"


def register_document_kinds() -> None:
    """Declare the generated case documents to ``netra.documents`` (from ``CasesConfig``)."""
    for kind in GENERATED_KINDS:
        registry.register_kind(key=template_key(kind), label=DocumentKind(kind).label,
                               sample_context=sample_context, help_text=DATA_HELP)


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


def _iso_date(value) -> str:
    try:
        return _date(date.fromisoformat(value)) if value else ""
    except (TypeError, ValueError):
        return ""


def facts_context(facts: dict | None) -> dict:
    """The stored facts of a document as plain template data (names resolved, dates written
    out); every key of ``EMPTY_FACTS`` is present."""
    from django.contrib.auth import get_user_model

    from netra.rules.selectors import violation_type_list

    facts = facts or {}
    context = {key: (list(value) if isinstance(value, list) else value)
               for key, value in EMPTY_FACTS.items()}
    for key in ("clarified", "place", "summary", "legal_basis", "analysis", "conclusion",
                "decision", "notes", "status_text"):
        value = facts.get(key)
        context[key] = value.strip() if isinstance(value, str) else ""
    context["clarified_on"] = _iso_date(facts.get("clarified_on"))
    context["held_on"] = _iso_date(facts.get("held_on"))
    ids = [i for i in facts.get("violation_type_ids") or [] if isinstance(i, int)]
    if ids:
        by_pk = {v.pk: v for v in violation_type_list() if v.pk in ids}
        context["violations"] = [
            {"name": by_pk[i].name, "legal_basis": by_pk[i].legal_basis,
             "sanction": by_pk[i].sanction}
            for i in ids if i in by_pk
        ]
    ids = [i for i in facts.get("commissioner_ids") or [] if isinstance(i, int)]
    if ids:
        users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}
        context["commissioners"] = [
            {"name": users[i].get_full_name() or users[i].get_username()}
            for i in ids if i in users
        ]
    return context


def _document_context(document: CaseDocument | None) -> dict:
    if document is None:
        return {"number": "", "state": DocumentState.DRAFT.value}
    return {"number": document.number, "state": document.state}


def _full_context(case: Case, *, kind: str, actor, on: date,
                  document: CaseDocument | None = None) -> dict:
    office = case.office
    persons = list(case.reported_persons.all())
    violations = list(case.violation_types.all())
    recommendations = list(case.recommendations.select_related("recipient").all())
    place = region_label(case.place_region_code) if case.place_region_code else ""
    context: dict[str, Any] = {
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
        "facts": facts_context(document.facts if document else None),
        "document": _document_context(document),
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
        "facts": {**facts_context(None),
                  **{k: full["facts"][k] for k in PUBLIC_FACTS}},
        "document": full["document"],
    }
    public["case"]["region"] = case["region"]
    public["case"]["place"] = case["region"]
    public["recommendation"] = public["recommendations"][0] if public["recommendations"] else {}
    return _redact(public, _redactor(names))


def build_context(case: Case, *, kind: str, actor, on: date,
                  document: CaseDocument | None = None) -> dict:
    """Plain data for a document template (strings, lists and dicts only); with ``document``,
    the facts it states and its number."""
    full = _full_context(case, kind=kind, actor=actor, on=on, document=document)
    if kind in PUBLIC_KINDS:
        return _public_context(full, _people_names(case))
    return full


def sample_context() -> dict:
    """Example data for checking a template (every key a real context has)."""
    person = {"name": "", "position": "Camat", "agency": "Kecamatan", "employment_type": "PNS",
              "employment_type_code": "pns", "nip": ""}
    case: dict[str, Any]
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
        "facts": {**EMPTY_FACTS,
                  "violations": [{"name": "", "legal_basis": "", "sanction": ""}],
                  "commissioners": [{"name": ""}]},
        "document": {"number": "001/KJ/1.01/IV/2024", "state": "final"},
    }


# --- Rendering --------------------------------------------------------------------------------


def _language(user) -> str:
    return getattr(user, "language", "") or translation.get_language() or "id"


def _template(kind: str, *, language: str, on: date, fmt: str):
    """The template in force on ``on`` for ``kind`` as ``fmt``; a ``ValidationError`` with a
    message for the user when there is none."""
    template = active_template(key=template_key(kind), language=language, on=on, fmt=fmt)
    if template is None:
        if fmt == "pdf" and active_template(key=template_key(kind), language=language, on=on,
                                            fmt="docx"):
            raise ValidationError(
                {"fmt": [_("The template for “%(kind)s” is a Word file and produces DOCX only; "
                           "choose DOCX.") % {"kind": DocumentKind(kind).label}]}
            )
        raise ValidationError(
            {"kind": [_("No active template exists for “%(kind)s”; an administrator must add "
                        "one.") % {"kind": DocumentKind(kind).label}]}
        )
    return template


def _context(case: Case, *, kind: str, actor, on: date,
             document: CaseDocument | None = None) -> dict:
    """The template data of ``kind``: ``build_context``, except for the recommendation letter,
    whose ``letter`` block (number, addressee, recommended action, sanctions, attachments) is
    built by the same function as the letter sent with a recommendation
    (``services.letters.draft_letter_context``)."""
    if kind == DocumentKind.RECOMMENDATION_LETTER:
        from .services.letters import draft_letter_context

        return draft_letter_context(case, actor=actor, on=on, document=document)
    return build_context(case, kind=kind, actor=actor, on=on, document=document)


def _render(case: Case, *, kind: str, actor, fmt: str, on: date, language: str,
            prepared_by=None, document: CaseDocument | None = None) -> RenderedDocument:
    """Render ``kind`` for ``case`` with the template in force on ``on``; refusals are
    ``ValidationError`` with a message for the user."""
    template = _template(kind, language=language, on=on, fmt=fmt)
    with translation.override(template.language):
        context = _context(case, kind=kind, actor=actor, on=on, document=document)
        if prepared_by is not None:
            context["prepared_by"] = prepared_by.get_full_name() or prepared_by.get_username()
        footer = _("%(number)s · %(title)s · generated on %(date)s") % {
            "number": case.number, "title": template.title, "date": _date(on)}
        try:
            return render_template(template=template, context=context, fmt=fmt,
                                   letterhead=context["office"], footer=footer)
        except Exception as exc:
            raise ValidationError(
                {"kind": [_("The document could not be produced from template “%(title)s”: "
                            "%(error)s") % {"title": template.title, "error": exc}]}
            ) from exc


# --- Service and reads ----------------------------------------------------------------------


def _file_name(title: str, number: str, fmt: str) -> str:
    stem = slugify(f"{title} {number.replace('/', '-').replace('.', '-')}") or "document"
    return f"{stem[:200]}.{fmt}"


def _generable(*, case: Case, actor, kind: str, fmt: str) -> Case:
    """The case (with its election and office) if ``actor`` may generate ``kind`` as ``fmt``
    for it; ``ValidationError`` or ``OutOfScope`` otherwise."""
    errors: dict[str, list[str]] = {}
    if kind not in GENERATED_KINDS:
        errors["kind"] = [_("This kind of document cannot be generated.")]
    if fmt not in FORMATS:
        errors["fmt"] = [_("Choose PDF or DOCX.")]
    if errors:
        raise ValidationError(errors)
    if not Case.objects.visible_to(actor, CaseAction.CHANGE, UPLOADERS).filter(pk=case.pk).exists():
        raise OutOfScope(_("Case not found."))
    return Case.objects.select_related("election", "office").get(pk=case.pk)


def start_draft(*, case: Case, actor, kind: str, fmt: str,
                facts: dict[str, Any] | None = None) -> CaseDocument:
    """Record a draft of ``kind`` that states ``facts`` (already cleaned) without rendering it,
    for a caller that finalises it in the same transaction (``records.record_demo_document``):
    the document is then rendered once, with its number, instead of once per step. Same checks
    as ``generate_document``, and the template in force must exist. The row has no bytes (size
    0, no SHA-256) until it is finalised; it must not be left as a draft."""
    case = _generable(case=case, actor=actor, kind=kind, fmt=fmt)
    template = _template(kind, language=_language(actor), on=timezone.localdate(), fmt=fmt)
    document = CaseDocument(
        case=case, kind=kind, original_name=_file_name(template.title, case.number, fmt),
        content_type=FORMATS[fmt], size=0, sha256="", generated=True, added_by=actor,
        state=DocumentState.DRAFT, facts=facts or {},
    )
    document.save()
    return document


def generate_document(*, case: Case, actor, kind: str, fmt: str) -> CaseDocument:
    """Generate a document of ``kind`` as ``fmt`` (``pdf`` or ``docx``) and record it with the
    case (buat dokumen). Needs change rights on the case (its handlers and field supervisors).

    The file is kept in the private file area, except for ``ON_DEMAND_KINDS``: their row has no
    file (see the module docstring). Raises ``OutOfScope`` or ``ValidationError``; nothing is
    stored when anything fails."""
    case = _generable(case=case, actor=actor, kind=kind, fmt=fmt)
    rendered = _render(case, kind=kind, actor=actor, fmt=fmt, on=timezone.localdate(),
                       language=_language(actor))
    data = rendered.data
    document = CaseDocument(
        case=case,
        kind=kind,
        original_name=_file_name(rendered.template.title, case.number, fmt),
        content_type=FORMATS[fmt],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        generated=True,
        added_by=actor,
        state=DocumentState.DRAFT,
    )
    if kind in ON_DEMAND_KINDS:
        document.save()
        return document
    try:
        with transaction.atomic():
            save_private_file(document.file, folder="cases/documents", extension=fmt, data=data)
            document.save()
    except BaseException:
        discard_file(document.file)
        raise
    return document


def _format_of(document: CaseDocument) -> str:
    for fmt, content_type in FORMATS.items():
        if document.content_type == content_type:
            return fmt
    return document.original_name.rsplit(".", 1)[-1]


def document_content(*, user, document: CaseDocument) -> bytes:
    """The bytes of a document ``user`` may open (``document_get`` has checked that): the stored
    file, or for an on-demand document a fresh rendering for ``user`` with the template in force
    on the day it was generated. Raises ``FileNotFoundError`` when there is nothing to serve."""
    if document.file:
        with document.file.open("rb") as handle:
            return handle.read()
    if not document.generated or document.kind not in ON_DEMAND_KINDS:
        raise FileNotFoundError(document.original_name)
    case = Case.objects.select_related("election", "office").get(pk=document.case_id)
    author = document.added_by
    try:
        rendered = _render(case, kind=document.kind, actor=user, fmt=_format_of(document),
                           on=timezone.localdate(document.created_at),
                           language=_language(author or user), prepared_by=author,
                           document=document)
    except ValidationError as exc:
        raise FileNotFoundError(document.original_name) from exc
    return rendered.data


def record_document_access(*, document: CaseDocument, actor, served_sha256: str) -> LogEntry:
    """Chain of custody: who opened a document, when, and the SHA-256 of what was served
    (for an on-demand document it may differ from the one recorded at generation)."""
    return LogEntry.objects.log_create(
        document,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes={"sha256": [document.sha256, served_sha256]},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def serve_document(*, user, pk: int) -> tuple[CaseDocument, bytes]:
    """A document and its bytes for download, with the access audited.
    ``CaseDocument.DoesNotExist`` when the user may not open it or nothing can be served."""
    document = document_get(user=user, pk=pk)
    try:
        data = document_content(user=user, document=document)
    except FileNotFoundError as exc:
        raise CaseDocument.DoesNotExist from exc
    record_document_access(document=document, actor=user,
                           served_sha256=hashlib.sha256(data).hexdigest())
    if document.kind in IDENTITY_KINDS:
        record_reveal(user=user, case=document.case, channel="document", document_id=document.pk)
    return document, data


def _allowed_kinds_q(user, case_ids) -> Q:
    """Identity-bearing documents only for those who may see the reporter (``cases.identity``)."""
    identity_ok = identity_cases(user, Case.objects.filter(pk__in=case_ids))
    return ~Q(kind__in=IDENTITY_KINDS) | Q(case__in=identity_ok)


def document_list(*, user, case: Case) -> QuerySet[CaseDocument]:
    """Documents of a case the user may open (empty outside scope)."""
    visible = Case.objects.visible_to(user, CaseAction.VIEW, EVIDENCE_VIEWERS).filter(pk=case.pk)
    return (
        CaseDocument.objects.filter(case__in=visible)
        .filter(_allowed_kinds_q(user, [case.pk]))
        .filter(recipient_limit_q(user, evidence=False))
        .select_related("added_by")
    )


def document_get(*, user, pk: int) -> CaseDocument:
    """One document the user may open; ``CaseDocument.DoesNotExist`` otherwise (404)."""
    visible = Case.objects.visible_to(user, CaseAction.VIEW, EVIDENCE_VIEWERS)
    document = CaseDocument.objects.select_related("case").get(pk=pk, case__in=visible)
    if not CaseDocument.objects.filter(pk=pk).filter(
        _allowed_kinds_q(user, [document.case_id])
    ).filter(recipient_limit_q(user, evidence=False)).exists():
        raise CaseDocument.DoesNotExist
    return document


def may_generate_documents(*, user, case: Case) -> bool:
    return Case.objects.visible_to(user, CaseAction.CHANGE, UPLOADERS).filter(pk=case.pk).exists()
