"""Documents of record (dokumen penanganan yang sah): completing a generated draft with the facts
it states, finalising it (checked, numbered, locked, hashed) and uploading a signed scan.

A generated document starts as a ``draft``. The handler completes it with a form per kind (the
facts are kept on ``CaseDocument.facts`` and the draft is rendered again from them). Finalising
refuses, with a message saying what is wrong, a document that does not state the facts of its
kind (``missing_facts``) or whose text still has something to fill in
(``netra.documents.placeholders.find_placeholders``); otherwise, in one transaction, it takes
the next number, renders the final document with it, stores it with its SHA-256 and marks it
``final`` (it can then no longer be completed, regenerated or finalised again). An uploaded
signed scan (PDF or photo, checked by ``netra.files``) is ``signed``. The workflow guards accept
only ``CaseDocument.objects.of_record()`` (final or signed).

Numbering: no ``rules.NumberingFormat`` is meant for case documents (those are registration and
letter numbers), so documents follow the default ``DOCUMENT_NUMBER_FORMAT``, e.g.
``003/KJ/1.01/IV/2024``: sequence per office, kind and year from ``DocumentCounter`` (the row is
locked for the transaction, so two finalisations never share a number), the kind's code, the
office code (its region code until one is set), month in Roman numerals, year.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.accounts.roles import Role
from netra.cases.permissions import CaseAction
from netra.core.exceptions import OutOfScope
from netra.documents.placeholders import find_placeholders
from netra.files.intake import UploadPolicy, accept_upload, check_size
from netra.files.storage import discard_file, save_private_file

from .. import documents
from ..choices import DocumentKind, DocumentState
from ..evidence import UPLOADERS
from ..models import Case, CaseDocument, DocumentCounter
from .common import ROMAN

__all__ = [
    "DECISIONS", "DOCUMENT_CODES", "DOCUMENT_NUMBER_FORMAT", "FACT_FIELDS", "RECORD_KINDS",
    "SIGNED_POLICY", "clean_facts", "commissioner_choices", "complete_draft", "default_facts",
    "finalise_document", "missing_facts", "record_demo_document", "upload_signed",
]

# Kinds that can be kept as documents of record (generated then finalised, or uploaded signed).
RECORD_KINDS: tuple[str, ...] = documents.GENERATED_KINDS

# The facts each kind states (stored on ``CaseDocument.facts``); ``notes`` is optional.
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    DocumentKind.CLARIFICATION_MINUTES: ("clarified", "clarified_on", "place", "summary"),
    DocumentKind.LEGAL_STUDY: ("violation_type_ids", "legal_basis", "analysis", "conclusion"),
    DocumentKind.PLENARY_MINUTES: ("decision", "commissioner_ids", "held_on", "notes"),
    DocumentKind.STATUS_ANNOUNCEMENT: ("status_text",),
}
OPTIONAL_FACTS = frozenset({"notes"})
TEXT_FACTS = frozenset({"clarified", "place", "summary", "legal_basis", "analysis",
                        "conclusion", "notes", "status_text"})
DATE_FACTS = frozenset({"clarified_on", "held_on"})
DECISIONS = ("violation", "no_violation", "not_followed_up")

DOCUMENT_NUMBER_FORMAT = "{seq:03d}/{code}/{office}/{month_roman}/{year}"
DOCUMENT_CODES: dict[str, str] = {
    DocumentKind.RECEIPT: "TT",
    DocumentKind.CLARIFICATION_INVITATION: "UND",
    DocumentKind.CLARIFICATION_MINUTES: "BA.KLA",
    DocumentKind.LEGAL_STUDY: "KJ",
    DocumentKind.STATUS_ANNOUNCEMENT: "PENG",
    DocumentKind.RECOMMENDATION_LETTER: "REK",
    DocumentKind.PLENARY_MINUTES: "BA.PL",
}

SIGNED_POLICY = UploadPolicy(
    types=frozenset({"pdf", "jpeg", "png"}),
    summary=gettext_lazy("Accepted: a PDF or a photo (JPEG, PNG) of the signed document."),
)


def _missing_labels() -> dict[str, str]:
    return {
        "clarified": _("who was clarified (their position)"),
        "clarified_on": _("the date of the clarification"),
        "place": _("the place of the clarification"),
        "summary": _("the summary of the statements"),
        "violation_type_ids": _("the violation form"),
        "legal_basis": _("the article (legal basis)"),
        "analysis": _("the analysis"),
        "conclusion": _("the conclusion"),
        "decision": _("the decision"),
        "commissioner_ids": _("the commissioners present"),
        "held_on": _("the date of the plenary"),
        "status_text": _("the status text"),
    }


def commissioner_choices(case: Case) -> QuerySet[Any]:
    """The people who may be named present at the plenary: active members of the handling
    office with the commissioner role."""
    return (
        get_user_model().objects.filter(
            is_active=True,
            memberships__organisation_id=case.office_id,
            memberships__role=Role.COMMISSIONER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def _id_list(value: Any) -> list[int]:
    items = value if isinstance(value, list | tuple | set | QuerySet) else [value]
    ids: list[int] = []
    for item in items:
        pk: Any = getattr(item, "pk", item)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(ids))


def clean_facts(case: Case, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The facts of ``kind`` from ``data`` as stored values (texts stripped, dates ISO, ids of
    the case's violation forms and of the office's commissioners). Facts may be left empty in
    a draft; what is given must be valid (``ValidationError`` per field)."""
    fields = FACT_FIELDS.get(kind)
    if fields is None:
        raise ValidationError({"kind": [_("This kind of document states no facts to "
                                          "complete.")]})
    errors: dict[str, list[str]] = {}
    facts: dict[str, Any] = {}
    for name in fields:
        value = data.get(name)
        if name in TEXT_FACTS:
            facts[name] = value.strip() if isinstance(value, str) else ""
        elif name in DATE_FACTS:
            if isinstance(value, date):
                facts[name] = value.isoformat()
            elif isinstance(value, str) and value.strip():
                try:
                    facts[name] = date.fromisoformat(value.strip()).isoformat()
                except ValueError:
                    errors[name] = [_("Enter a valid date.")]
            else:
                facts[name] = ""
        elif name == "decision":
            value = value or ""
            if value and value not in DECISIONS:
                errors[name] = [_("Choose one of the plenary decisions.")]
            facts[name] = value
        elif name == "violation_type_ids":
            ids = _id_list(value or [])
            allowed = set(case.violation_types.values_list("pk", flat=True))
            if set(ids) - allowed:
                errors[name] = [_("Choose violation forms that the case is classified under.")]
            facts[name] = ids
        elif name == "commissioner_ids":
            ids = _id_list(value or [])
            allowed = set(commissioner_choices(case).values_list("pk", flat=True))
            if set(ids) - allowed:
                errors[name] = [_("Choose commissioners of the handling office.")]
            facts[name] = ids
    if errors:
        raise ValidationError(errors)
    return facts


def missing_facts(case: Case, kind: str, facts: dict[str, Any]) -> list[str]:
    """What the document does not state yet, as phrases for a message (empty: complete)."""
    labels = _missing_labels()
    missing = []
    for name in FACT_FIELDS.get(kind, ()):
        if name in OPTIONAL_FACTS:
            continue
        value = (facts or {}).get(name)
        if not value or (isinstance(value, str) and not value.strip()):
            missing.append(labels[name])
    return missing


def _changeable(actor: Any, case: Case) -> bool:
    return Case.objects.visible_to(actor, CaseAction.CHANGE, UPLOADERS).filter(pk=case.pk).exists()


def _locked_draft(document: CaseDocument, actor: Any) -> CaseDocument:
    """The document row, locked for this transaction; refuses anything but a draft."""
    if not _changeable(actor, document.case):
        raise OutOfScope(_("Case not found."))
    locked = (CaseDocument.objects.select_for_update(of=("self",))
              .select_related("case", "case__office", "case__election").get(pk=document.pk))
    if locked.state != DocumentState.DRAFT:
        raise ValidationError(
            _("This document is %(state)s and can no longer be changed.")
            % {"state": locked.get_state_display().lower()}
        )
    if not locked.generated:
        raise ValidationError(_("Only a generated document can be completed."))
    return locked


def _rerender(document: CaseDocument, actor: Any) -> tuple[bytes, Any]:
    """Render ``document`` again from its facts and number, for ``actor``."""
    case = Case.objects.select_related("election", "office").get(pk=document.case_id)
    rendered = documents._render(
        case, kind=document.kind, actor=actor, fmt=documents._format_of(document),
        on=timezone.localdate(), language=documents._language(actor), document=document,
    )
    return rendered.data, rendered


def _store(document: CaseDocument, data: bytes, new_files: list[str]) -> None:
    """Put new bytes on the row (a new private file; the old one is removed after commit)."""
    document.size = len(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    if document.kind in documents.ON_DEMAND_KINDS:
        return  # never stored: rendered again for each reader (see cases.documents)
    old_name = document.file.name if document.file else ""
    save_private_file(document.file, folder="cases/documents",
                      extension=documents._format_of(document), data=data)
    new_files.append(document.file.name)
    if old_name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def _discard(document: CaseDocument, new_files: list[str]) -> None:
    storage = document.file.storage
    for name in new_files:
        storage.delete(name)


def complete_draft(*, document: CaseDocument, actor: Any,
                   facts: dict[str, Any]) -> CaseDocument:
    """Record the facts a draft states and render it again from them (lengkapi draf).
    Refuses a document that is not a draft (final and signed documents are locked)."""
    new_files: list[str] = []
    try:
        with transaction.atomic():
            locked = _locked_draft(document, actor)
            locked.facts = clean_facts(locked.case, locked.kind, facts)
            data, _rendered = _rerender(locked, actor)
            _store(locked, data, new_files)
            locked.save()
    except BaseException:
        _discard(document, new_files)
        raise
    return locked


def _next_number(case: Case, kind: str, on: date) -> str:
    counter, _created = DocumentCounter.objects.get_or_create(
        office_id=case.office_id, kind=kind, year=on.year
    )
    DocumentCounter.objects.filter(pk=counter.pk).update(last_seq=F("last_seq") + 1)
    counter = DocumentCounter.objects.select_for_update().get(pk=counter.pk)
    office = case.office
    return DOCUMENT_NUMBER_FORMAT.format(
        seq=counter.last_seq, code=DOCUMENT_CODES.get(kind, "DOK"),
        office=office.office_code or office.region_code or "-",
        month_roman=ROMAN[on.month - 1], year=on.year,
    )


def finalise_document(*, document: CaseDocument, actor: Any) -> CaseDocument:
    """Make a completed draft a document of record (finalkan): it must state the facts of its
    kind and leave nothing to fill in; then it is numbered, rendered with its number, hashed,
    stored and locked, all in one transaction (a refusal leaves the draft as it was and uses
    no number). The change is in the document's audit history."""
    new_files: list[str] = []
    try:
        with transaction.atomic():
            locked = _locked_draft(document, actor)
            kind_label = DocumentKind(locked.kind).label
            missing = missing_facts(locked.case, locked.kind, locked.facts)
            if missing:
                raise ValidationError(
                    _("The %(kind)s cannot be finalised: it does not state %(missing)s. "
                      "Complete it first.")
                    % {"kind": str(kind_label).lower(), "missing": ", ".join(missing)},
                    code="missing_facts",
                )
            now = timezone.now()
            locked.number = _next_number(locked.case, locked.kind, timezone.localdate(now))
            locked.state = DocumentState.FINAL
            data, rendered = _rerender(locked, actor)
            left = find_placeholders(rendered.text)
            if left:
                raise ValidationError(
                    _("The %(kind)s cannot be finalised: parts are still to be filled in "
                      "(%(places)s). Complete the document or its template first.")
                    % {"kind": str(kind_label).lower(),
                       "places": " · ".join(f"“{p}”" for p in left)},
                    code="placeholders",
                )
            _store(locked, data, new_files)
            locked.finalised_at = now
            locked.finalised_by = actor
            locked.save()
    except BaseException:
        _discard(document, new_files)
        raise
    return locked


def upload_signed(*, case: Case, actor: Any, kind: str, file: Any,
                  violation_type_ids: Iterable[int] = (), number: str = "") -> CaseDocument:
    """Keep the signed scan of a document (unggah dokumen bertanda tangan): a PDF or photo,
    checked by ``netra.files`` (type by content: a file whose name claims another type is
    refused). A legal study names the violation form(s) it states. Raises ``OutOfScope`` or
    ``ValidationError``; nothing is stored on a refusal."""
    errors: dict[str, list[str]] = {}
    if kind not in RECORD_KINDS:
        errors["kind"] = [_("Choose the kind of document this scan is.")]
    if not _changeable(actor, case):
        raise OutOfScope(_("Case not found."))
    number = (number or "").strip()
    if number and CaseDocument.objects.filter(number=number).exists():
        errors["number"] = [_("A document with this number is already kept.")]
    facts: dict[str, Any] = {}
    if kind == DocumentKind.LEGAL_STUDY:
        try:
            facts = clean_facts(case, kind, {"violation_type_ids": list(violation_type_ids)})
            facts = {"violation_type_ids": facts["violation_type_ids"]}
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        check_size(file, policy=SIGNED_POLICY)
        accepted = accept_upload(file, policy=SIGNED_POLICY)
    except ValidationError as exc:
        errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    document = CaseDocument(
        case=case, kind=kind, original_name=accepted.name, content_type=accepted.content_type,
        size=accepted.size, sha256=accepted.sha256, generated=False, added_by=actor,
        state=DocumentState.SIGNED, number=number, facts=facts,
    )
    try:
        with transaction.atomic():
            save_private_file(document.file, folder="cases/documents",
                              extension=accepted.extension, data=accepted.data)
            document.save()
    except BaseException:
        discard_file(document.file)
        raise
    return document


def default_facts(case: Case, kind: str, on: date | None = None) -> dict[str, Any]:
    """Plausible facts of ``kind`` for ``case`` (Indonesian text, the case's violation forms,
    every commissioner of the handling office, ``on`` or today): for the demo loader."""
    on = on or timezone.localdate()
    persons = ", ".join(f"{p.position} {p.agency}".strip()
                        for p in case.reported_persons.all()) or "terlapor"
    violations = list(case.violation_types.all())
    if kind == DocumentKind.CLARIFICATION_MINUTES:
        return {"clarified": f"{persons} (terlapor)", "clarified_on": on.isoformat(),
                "place": case.office.name,
                "summary": "Terlapor membenarkan peristiwa sebagaimana diuraikan dalam "
                           "laporan/temuan dan menyerahkan keterangan tertulis."}
    if kind == DocumentKind.LEGAL_STUDY:
        basis = "; ".join(v.legal_basis for v in violations if v.legal_basis)
        return {"violation_type_ids": [v.pk for v in violations],
                "legal_basis": basis or "UU 7/2017 dan UU 5/2014 tentang ASN",
                "analysis": "Berdasarkan keterangan terlapor, saksi, dan bukti yang diterima, "
                            "perbuatan terlapor memenuhi unsur bentuk pelanggaran yang dikaji.",
                "conclusion": "Terdapat dugaan pelanggaran netralitas yang perlu diputuskan "
                              "dalam rapat pleno."}
    if kind == DocumentKind.PLENARY_MINUTES:
        return {"decision": "violation",
                "commissioner_ids": list(commissioner_choices(case).values_list("pk",
                                                                                flat=True)),
                "held_on": on.isoformat(), "notes": ""}
    if kind == DocumentKind.STATUS_ANNOUNCEMENT:
        return {"status_text": case.get_status_display()}
    return {}


def record_demo_document(case: Case, kind: str, facts: dict[str, Any] | None, actor: Any, *,
                         fmt: str = "docx") -> CaseDocument:
    """Generate, complete and finalise a document of record in one call (for the demo loader
    and tests): the checks, number, hash and audit of the services a handler uses
    (``clean_facts``, ``finalise_document``), but the document is rendered once, when it is
    finalised with its number: the draft with its facts is recorded unrendered
    (``documents.start_draft``) since nobody could open it before it is final. Atomic: a
    refusal leaves no draft. ``facts=None`` takes ``default_facts``; kinds that state no facts
    are only finalised."""
    with transaction.atomic():
        stated: dict[str, Any] = {}
        if kind in FACT_FIELDS:
            stated = clean_facts(case, kind, default_facts(case, kind) if facts is None
                                 else facts)
        draft = documents.start_draft(case=case, actor=actor, kind=kind, fmt=fmt, facts=stated)
        return finalise_document(document=draft, actor=actor)
