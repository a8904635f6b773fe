"""The recommendation letter (surat rekomendasi), composed when a case decided as a violation is
forwarded (issue #15.2).

Rules as data: the bodies with authority over a reported person and the one routing proposes
come from ``rules.RoutingRule`` (category × the person's status, dated), the sanctions that fit
that status from ``rules.SanctionRule``, the letter number from the deciding office's
``rules.NumberingFormat`` (purpose ``recommendation``) with a gap-free counter per office and
year. The sender is the office that decided (the case's handling office when it is forwarded),
with its letterhead and signatory; the letter PDF comes from ``netra.documents`` (document kind
``cases.recommendation_letter``) and is kept as a finalised, numbered and hashed document of
record.

``compose_recommendation`` is the handler's entry point: it forwards the case with the letters
given (recipient, recommended action, suggested sanctions, attachments). The plain workflow step
``forward_recommendation`` composes the proposed letters itself. Either way every letter is
checked first and nothing is saved when one is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.orgs.selectors import Organisation
from netra.rules import selectors as rules
from netra.rules.calendar import WorkingCalendar
from netra.rules.choices import DeadlineKey, NumberingPurpose, SanctionKind

from ..choices import DocumentKind, DocumentState
from ..evidence import discard_file, save_private_file
from ..models import Case, CaseDocument, Evidence, Recommendation, ReportedPerson
from .common import TransitionNotAllowed, _format_number, _next_seq

if TYPE_CHECKING:
    from netra.accounts.selectors import User
    from netra.rules.selectors import RoutingRule

LETTER_KIND_CODE = "REK"  # the counter of recommendation letters, per office and year
TEMPLATE_KEY = "cases.recommendation_letter"
# Documents that may name the reporter or witnesses never go to a recipient body.
NOT_ATTACHABLE = frozenset({
    DocumentKind.RECEIPT, DocumentKind.CLARIFICATION_INVITATION,
    DocumentKind.CLARIFICATION_MINUTES, DocumentKind.RECOMMENDATION_LETTER,
})


@dataclass(frozen=True)
class LetterInput:
    """One letter as the handler composed it."""

    recipient_id: int
    recommended_action: str
    # reported person pk → suggested sanction slugs (``rules.SanctionKind``)
    sanctions: dict[int, list[str]] = field(default_factory=dict)
    document_ids: tuple[int, ...] = ()
    evidence_ids: tuple[int, ...] = ()
    # the reported persons the letter concerns (empty: every one the body has authority over)
    person_ids: tuple[int, ...] = ()


@dataclass
class LetterProposal:
    """What the compose form offers for one recipient body."""

    recipient: Organisation
    rule: RoutingRule
    persons: list[ReportedPerson]
    bodies: list[Organisation]  # every body with authority over these persons
    allowed: dict[int, list[Any]]  # person pk → SanctionRule rows that fit
    recommended_action: str


_PENDING: ContextVar[list[LetterInput] | None] = ContextVar("netra_pending_letters",
                                                            default=None)


@contextmanager
def pending_letters(letters: list[LetterInput]) -> Iterator[None]:
    token = _PENDING.set(letters)
    try:
        yield
    finally:
        _PENDING.reset(token)


# --- Authority and sanctions (rules as data) -----------------------------------------------


def _region_chain(region_code: str) -> list[str]:
    parts = region_code.split(".") if region_code else []
    return [".".join(parts[:depth]) for depth in range(len(parts), -1, -1)]


def _case_chain(case: Case) -> list[str]:
    """Where a body with authority may sit: the incident's place and up (a village government
    is found at the village), then the handling office's region and up."""
    return list(dict.fromkeys(_region_chain(case.place_region_code)
                              + _region_chain(case.region_code)))


def _active(body: Organisation, on: date) -> bool:
    return ((body.active_from is None or body.active_from <= on)
            and (body.active_until is None or body.active_until >= on))


def authority_rule(case: Case, person: ReportedPerson, body: Organisation,
                   on: date) -> RoutingRule | None:
    """The routing row by which ``body`` has authority over ``person`` in this case, if any:
    its kind is named by a rule in force for the case's category and the person's status, it
    covers the case's region (its own region or an ancestor, or national) and it exists on
    ``on``."""
    if body.region_code not in _case_chain(case) or not _active(body, on):
        return None
    for rule in rules.authority_rules(category=case.category,
                                      employment_type=person.employment_type, on=on):
        if rule.recipient_kind == body.kind:
            return rule
    return None


def bodies_with_authority(case: Case, persons: list[ReportedPerson],
                          on: date) -> list[Organisation]:
    """Every body with authority over at least one of ``persons`` (for the recipient choice)."""
    kinds = {
        rule.recipient_kind
        for person in persons
        for rule in rules.authority_rules(category=case.category,
                                          employment_type=person.employment_type, on=on)
    }
    rows = Organisation.objects.filter(kind__in=kinds, region_code__in=_case_chain(case))
    return [b for b in rows.order_by("kind", "-region_code", "name") if _active(b, on)]


def allowed_sanctions(case: Case, person: ReportedPerson, on: date) -> list[Any]:
    """The ``SanctionRule`` rows that fit the person's status in this case."""
    return rules.sanction_rules(category=case.category, employment_type=person.employment_type,
                                on=on)


def sanction_fits(case: Case, person: ReportedPerson, sanction_type: str, on: date) -> bool:
    return any(r.sanction_type == sanction_type for r in allowed_sanctions(case, person, on))


def sanction_refusal(person: ReportedPerson, sanction_type: str) -> str:
    label = (SanctionKind(sanction_type).label if sanction_type in SanctionKind.values
             else sanction_type)
    return _("“%(sanction)s” does not fit %(position)s (%(status)s): choose a sanction the rules "
             "in force allow for that status.") % {
        "sanction": label, "position": person.position,
        "status": person.get_employment_type_display()}


# --- Proposal --------------------------------------------------------------------------------


def _persons(case: Case) -> list[ReportedPerson]:
    return list(case.reported_persons.order_by("pk"))


def default_action(case: Case, recipient: Organisation, persons: list[ReportedPerson]) -> str:
    who = "; ".join(f"{p.position}, {p.agency}" for p in persons) or "-"
    return _(
        "%(office)s recommends that %(recipient)s examine the violation committed by %(persons)s "
        "and impose a sanction on them in accordance with the laws and regulations, and report "
        "the follow-up to %(office)s."
    ) % {"office": case.office.name, "recipient": recipient.name, "persons": who}


def propose_letters(case: Case, *, on: date) -> list[LetterProposal]:
    """One proposed letter per body routing proposes (reported persons grouped by it)."""
    proposals: dict[int, LetterProposal] = {}
    persons = _persons(case)
    for person in persons:
        rule = rules.routing_rule(category=case.category, employment_type=person.employment_type,
                                  on=on)
        if rule is None:
            continue
        body = _nearest(rule.recipient_kind, case, on)
        if body is None:
            continue
        proposal = proposals.get(body.pk)
        if proposal is None:
            proposal = proposals[body.pk] = LetterProposal(
                recipient=body, rule=rule, persons=[], bodies=[], allowed={},
                recommended_action="")
        proposal.persons.append(person)
        proposal.allowed[person.pk] = allowed_sanctions(case, person, on)
    if not persons:  # a case without reported persons: routed by its category alone
        rule = rules.routing_rule(category=case.category, employment_type="", on=on)
        body = _nearest(rule.recipient_kind, case, on) if rule else None
        if rule is not None and body is not None:
            proposals[body.pk] = LetterProposal(recipient=body, rule=rule, persons=[],
                                                bodies=[], allowed={}, recommended_action="")
    for proposal in proposals.values():
        proposal.bodies = bodies_with_authority(case, proposal.persons, on) or [proposal.recipient]
        proposal.recommended_action = default_action(case, proposal.recipient, proposal.persons)
    return list(proposals.values())


def _nearest(kind: str, case: Case, on: date) -> Organisation | None:
    for code in _case_chain(case):
        for body in Organisation.objects.filter(kind=kind, region_code=code).order_by("pk"):
            if _active(body, on):
                return body
    return None


def attachable_documents(case: Case) -> QuerySet[CaseDocument]:
    """Documents of record of the case that may go to a recipient body."""
    records = CaseDocument.objects.filter(case=case).of_record()  # type: ignore[attr-defined]  # CaseDocumentQuerySet through scoped_by
    return cast("QuerySet[CaseDocument]", records.exclude(kind__in=NOT_ATTACHABLE)
                .order_by("created_at", "pk"))


def attachable_evidence(case: Case) -> QuerySet[Evidence]:
    return Evidence.objects.filter(case=case).order_by("created_at", "pk")


def default_inputs(case: Case, *, on: date) -> list[LetterInput]:
    """The proposed letters as inputs: routing's bodies, the default text, every sanction that
    fits each person, the case's documents of record and its evidence."""
    documents = tuple(attachable_documents(case).values_list("pk", flat=True))
    evidence = tuple(attachable_evidence(case).values_list("pk", flat=True))
    return [
        LetterInput(
            recipient_id=p.recipient.pk, recommended_action=p.recommended_action,
            sanctions={pk: [r.sanction_type for r in rows] for pk, rows in p.allowed.items()},
            document_ids=documents, evidence_ids=evidence,
            person_ids=tuple(person.pk for person in p.persons),
        )
        for p in propose_letters(case, on=on)
    ]


# --- Checking and writing --------------------------------------------------------------------


@dataclass
class _Checked:
    recipient: Organisation
    rule: RoutingRule
    persons: list[ReportedPerson]
    action: str
    sanctions: list[tuple[ReportedPerson, Any]]  # (person, SanctionRule)
    documents: list[CaseDocument]
    evidence: list[Evidence]


def check_letters(case: Case, letters: list[LetterInput], *, on: date) -> list[_Checked]:
    """Every refusal as a ``ValidationError`` naming the field; nothing is written here."""
    if not letters:
        raise TransitionNotAllowed(
            _("No recipient body is configured for this case: check the routing rules."))
    persons = {p.pk: p for p in _persons(case)}
    documents = {d.pk: d for d in attachable_documents(case)}
    evidence = {e.pk: e for e in attachable_evidence(case)}
    seen: set[int] = set()
    checked = []
    for letter in letters:
        body = Organisation.objects.filter(pk=letter.recipient_id).first()
        if body is None:
            raise ValidationError({"recipient": [_("Choose the body the letter is addressed to.")]})
        if body.pk in seen:
            raise ValidationError({"recipient": [
                _("%(body)s is addressed twice: write one letter per body.")
                % {"body": body.name}]})
        seen.add(body.pk)
        action = letter.recommended_action.strip()
        if not action:
            raise ValidationError({"recommended_action": [
                _("Write the recommended action for %(body)s.") % {"body": body.name}]})
        covered: list[ReportedPerson] = []
        rule = None
        for person in persons.values():
            if letter.person_ids and person.pk not in letter.person_ids:
                continue
            person_rule = authority_rule(case, person, body, on)
            if person_rule is not None:
                covered.append(person)
                rule = rule or person_rule
        if not persons:
            general = rules.authority_rules(category=case.category, employment_type="", on=on)
            rule = next((r for r in general if r.recipient_kind == body.kind
                         and body.region_code in _case_chain(case)), None)
        if rule is None:
            raise ValidationError({"recipient": [
                _("%(body)s has no authority over the reported persons of this case: choose a "
                  "body that the rules in force name for their status.") % {"body": body.name}]})
        chosen: list[tuple[ReportedPerson, Any]] = []
        for person_pk, slugs in letter.sanctions.items():
            concerned = persons.get(person_pk)
            if concerned is None or (slugs and concerned not in covered):
                raise ValidationError({"sanctions": [
                    _("A suggested sanction concerns a person %(body)s has no authority over.")
                    % {"body": body.name}]})
            person = concerned
            fitting = {r.sanction_type: r for r in allowed_sanctions(case, person, on)}
            for slug in dict.fromkeys(slugs):
                if slug not in fitting:
                    raise ValidationError({"sanctions": [sanction_refusal(person, slug)]})
                chosen.append((person, fitting[slug]))
        unknown_docs = [pk for pk in letter.document_ids if pk not in documents]
        unknown_evidence = [pk for pk in letter.evidence_ids if pk not in evidence]
        if unknown_docs or unknown_evidence:
            raise ValidationError({"attachments": [
                _("Attach only finalised or signed documents and evidence of this case; documents "
                  "that name the reporter or witnesses cannot be attached.")]})
        checked.append(_Checked(
            recipient=body, rule=rule, persons=covered, action=action, sanctions=chosen,
            documents=[documents[pk] for pk in dict.fromkeys(letter.document_ids)],
            evidence=[evidence[pk] for pk in dict.fromkeys(letter.evidence_ids)],
        ))
    return checked


def _legal_basis(case: Case, item: _Checked) -> str:
    lines = [f"{v.name}: {v.legal_basis}" if v.legal_basis else v.name
             for v in case.violation_types.order_by("category", "name")]
    for basis in dict.fromkeys(r.legal_basis for _p, r in item.sanctions if r.legal_basis):
        lines.append(basis)
    return "\n".join(lines)


def _signatory(office: Organisation) -> tuple[str, str]:
    title = office.head_title or _("Chair of %(office)s") % {"office": office.name}
    return office.head_name, title


def create_recommendations(
    case: Case, *, actor: User | None, on: date, calendar: WorkingCalendar,
    versions: dict[str, Any],
) -> list[Recommendation]:
    """Write the letters (those composed by the handler, else the proposed ones): numbered,
    rendered, finalised and hashed. Called inside the forwarding transition's transaction."""
    letters = _PENDING.get()
    composed = letters is not None
    if letters is None:
        letters = default_inputs(case, on=on)
    try:
        checked = check_letters(case, letters, on=on)
    except ValidationError as exc:
        if composed:
            raise
        # The plain step: the proposed letters cannot be written; say why as step reasons.
        raise TransitionNotAllowed(
            _("The recommendation letter cannot be written yet."), reasons=exc.messages,
        ) from exc
    follow_up = rules.deadline_rule(key=DeadlineKey.FOLLOW_UP_WINDOW,
                                    election_kind=case.election.kind, case_kind=case.kind, on=on)
    sender = case.office
    try:
        fmt = rules.numbering_format(office_kind=sender.kind, election_kind=case.election.kind,
                                     on=on, purpose=NumberingPurpose.RECOMMENDATION_LETTER)
    except rules.RuleMissing as exc:
        raise TransitionNotAllowed(str(exc)) from exc
    saved: list[Any] = []
    created = []
    try:
        for item in checked:
            due_on = calendar.add(on, follow_up.days, follow_up.unit)
            fields = _letter_fields(case, item, sender=sender, on=on, due_on=due_on)
            rec = Recommendation.objects.create(
                case=case, recipient=item.recipient, routing_rule=item.rule, sent_on=on,
                due_on=due_on,
                letter_number=_format_number(
                    fmt.template, seq=_next_seq(sender, LETTER_KIND_CODE, on.year), case=case,
                    on=on, kind_code=LETTER_KIND_CODE),
                letter_date=on, sender=sender, recipient_address=fields.recipient_address,
                content=fields.recommended_action, legal_basis=fields.legal_basis,
                suggested_sanctions=fields.suggested_sanctions,
                signatory_name=fields.signatory_name, signatory_title=fields.signatory_title,
            )
            rec.persons.set(item.persons)
            rec.attachments.set(item.documents)
            rec.evidence_attachments.set(item.evidence)
            rec.letter = _render_letter(case, rec, item, actor=actor, on=on, saved=saved)
            rec.save(update_fields=["letter", "updated_at"])
            versions.setdefault("routing", []).append(item.rule.pk)
            versions.setdefault("sanction_rules", []).extend(r.pk for _p, r in item.sanctions)
            created.append(rec)
        versions["letter_numbering_format"] = fmt.pk
    except BaseException:
        for file in saved:
            discard_file(file)
        raise
    return created


# --- The letter document --------------------------------------------------------------------


def _date(value: date | None) -> str:
    return date_format(value, "j F Y") if value else ""


@dataclass
class LetterFields:
    """What a recommendation letter states, whether it was sent (a ``Recommendation``) or is
    only proposed (a draft generated from the case's documents area): ``letter_context`` builds
    the template data of both from it."""

    sender: Organisation
    recipient: Organisation | None
    recipient_address: str = ""
    number: str = ""
    letter_date: date | None = None
    sent_on: date | None = None
    due_on: date | None = None
    status: str = ""
    recommended_action: str = ""
    legal_basis: str = ""  # one basis per line
    # {"person": pk, "position", "agency", "sanction" (slug), "legal_basis"}
    suggested_sanctions: list[dict[str, Any]] = field(default_factory=list)
    persons: list[ReportedPerson] = field(default_factory=list)
    documents: list[CaseDocument] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    signatory_name: str = ""
    signatory_title: str = ""

    @classmethod
    def of(cls, rec: Recommendation) -> LetterFields:
        """The letter sent with ``rec``."""
        return cls(
            sender=rec.sender or rec.case.office, recipient=rec.recipient,
            recipient_address=rec.recipient_address, number=rec.letter_number,
            letter_date=rec.letter_date, sent_on=rec.sent_on, due_on=rec.due_on,
            status=str(rec.get_status_display()), recommended_action=rec.content,
            legal_basis=rec.legal_basis, suggested_sanctions=list(rec.suggested_sanctions),
            persons=list(rec.persons.order_by("pk")), documents=list(rec.attachments.all()),
            evidence=list(rec.evidence_attachments.all()),
            signatory_name=rec.signatory_name, signatory_title=rec.signatory_title,
        )


def _letter_fields(case: Case, item: _Checked, *, sender: Organisation, on: date,
                   due_on: date | None) -> LetterFields:
    """The letter a checked input makes (without its number, given when it is sent)."""
    # The letter's own texts in its language (the template is Indonesian), whatever the
    # handler's interface language: catalogue texts follow the active language.
    with translation.override("id"):
        name, title = _signatory(sender)
        legal_basis = _legal_basis(case, item)
        suggested = [
            {"person": p.pk, "position": p.position, "agency": p.agency,
             "sanction": r.sanction_type, "legal_basis": r.legal_basis}
            for p, r in item.sanctions
        ]
    return LetterFields(
        sender=sender, recipient=item.recipient, recipient_address=item.recipient.address,
        letter_date=on, due_on=due_on, recommended_action=item.action, legal_basis=legal_basis,
        suggested_sanctions=suggested, persons=list(item.persons), documents=item.documents,
        evidence=item.evidence, signatory_name=name, signatory_title=title,
    )


def _sanction_label(slug: str) -> str:
    return str(SanctionKind(slug).label) if slug in SanctionKind.values else slug


def letter_context(
    case: Case, rec: Recommendation | LetterFields, *, actor: User | None, on: date,
    document: CaseDocument | None = None,
) -> dict[str, Any]:
    """The data of the letter template: the case document context (``cases.documents``) with
    ``recommendation``/``recommendations`` narrowed to this letter and a ``letter`` block. The
    one builder of that data, for the letter sent with a recommendation and for a draft
    generated from the case's documents (``draft_letter_context``)."""
    from ..documents import build_context

    fields = LetterFields.of(rec) if isinstance(rec, Recommendation) else rec
    context = build_context(case, kind=DocumentKind.RECOMMENDATION_LETTER, actor=actor, on=on,
                            document=document)
    sender = fields.sender
    recipient = fields.recipient.name if fields.recipient else ""
    letter = {
        "number": fields.number,
        "date": _date(fields.letter_date),
        "place": context["office"]["region"],
        "sender": sender.name,
        "sender_address": sender.address,
        "recipient": recipient,
        "recipient_address": fields.recipient_address,
        "recommended_action": fields.recommended_action,
        "legal_basis": fields.legal_basis.splitlines(),
        "sanctions": [
            {"position": s["position"], "agency": s["agency"],
             "sanction": _sanction_label(s["sanction"]), "legal_basis": s["legal_basis"]}
            for s in fields.suggested_sanctions
        ],
        "attachments": [d.number or d.original_name for d in fields.documents]
        + [e.description or e.original_name for e in fields.evidence],
        "due_on": _date(fields.due_on),
        "signatory_name": fields.signatory_name,
        "signatory_title": fields.signatory_title,
    }
    entry = {"recipient": recipient, "letter_number": fields.number,
             "content": fields.recommended_action, "sent_on": _date(fields.sent_on),
             "due_on": _date(fields.due_on), "status": fields.status}
    persons = fields.persons
    context.update(
        letter=letter, recommendation=entry, recommendations=[entry],
        reported_persons=[p for p in context["reported_persons"]
                          if any(p["position"] == q.position and p["agency"] == q.agency
                                 for q in persons)] or context["reported_persons"],
    )
    context["office"] = {**context["office"], "name": sender.name, "address": sender.address,
                         "phone": sender.phone, "email": sender.email}
    return context


def proposed_letter(case: Case, *, on: date) -> LetterFields | None:
    """The letter the plain forwarding step would write now (the first body routing proposes,
    the default recommended action, every sanction that fits, the documents of record and
    evidence that may be attached), without a number; None when none can be proposed (no
    routing rule, no body with authority, no deadline rule in force)."""
    try:
        inputs = default_inputs(case, on=on)
        checked = check_letters(case, inputs[:1], on=on) if inputs else []
        if not checked:
            return None
        follow_up = rules.deadline_rule(key=DeadlineKey.FOLLOW_UP_WINDOW,
                                        election_kind=case.election.kind, case_kind=case.kind,
                                        on=on)
        due_on = WorkingCalendar().add(on, follow_up.days, follow_up.unit)
    except (ValidationError, TransitionNotAllowed, rules.RuleMissing):
        return None
    return _letter_fields(case, checked[0], sender=case.office, on=on, due_on=due_on)


def draft_letter_context(case: Case, *, actor: User | None, on: date,
                         document: CaseDocument | None = None) -> dict[str, Any]:
    """The data of a recommendation letter generated from the case's documents area: the
    letter sent with the case's first recommendation once it is forwarded, else the letter the
    forwarding step would write now (``proposed_letter``: no number yet), else the sending
    office's letterhead and signatory only. Built by ``letter_context`` like the sent letter."""
    rec = (Recommendation.objects.filter(case=case)
           .select_related("case__office", "recipient", "sender").order_by("pk").first())
    fields: Recommendation | LetterFields | None = rec or proposed_letter(case, on=on)
    if fields is None:
        with translation.override("id"):
            name, title = _signatory(case.office)
        fields = LetterFields(sender=case.office, recipient=None, letter_date=on,
                              signatory_name=name, signatory_title=title)
    return letter_context(case, fields, actor=actor, on=on, document=document)


def letter_sample_context() -> dict[str, Any]:
    """``cases.documents.sample_context`` plus the ``letter`` block (template validation)."""
    from ..documents import sample_context

    sample = sample_context()
    sample["letter"] = {
        "number": "001/PP.01.00/K.1.01/04/2024", "date": "1 April 2024", "place": "",
        "sender": "Bawaslu", "sender_address": "", "recipient": "BKN", "recipient_address": "",
        "recommended_action": "", "legal_basis": [""],
        "sanctions": [{"position": "", "agency": "", "sanction": "", "legal_basis": ""}],
        "attachments": [""], "due_on": "", "signatory_name": "", "signatory_title": "",
    }
    return sample


def register_letter_kind() -> None:
    """Declare ``cases.recommendation_letter`` again with the ``letter`` block in its sample
    context, so that the administrator's letter templates may use it (from ``CasesConfig``,
    after ``register_document_kinds``)."""
    from netra.documents import registry

    registry.register_kind(
        key=TEMPLATE_KEY, label=DocumentKind.RECOMMENDATION_LETTER.label,
        sample_context=letter_sample_context,
        help_text=_LETTER_HELP,
    )


_LETTER_HELP = gettext_lazy(
    "Available data: as for the other case documents, plus letter (number, date, place, sender, "
    "sender_address, recipient, recipient_address, recommended_action, legal_basis, sanctions, "
    "attachments, due_on, signatory_name, signatory_title)."
)


def _render_letter(case: Case, rec: Recommendation, item: _Checked, *, actor: User | None,
                   on: date, saved: list[Any]) -> CaseDocument:
    from netra.documents.rendering import CONTENT_TYPES, render_template
    from netra.documents.selectors import active_template

    template = active_template(key=TEMPLATE_KEY, language="id", on=on, fmt="pdf")
    if template is None:
        raise ValidationError({"letter": [
            _("No active template exists for “%(kind)s”; an administrator must add one.")
            % {"kind": DocumentKind.RECOMMENDATION_LETTER.label}]})
    with translation.override(template.language):
        context = letter_context(case, rec, actor=actor, on=on)
        footer = f"{rec.letter_number} · {template.title}"
        try:
            rendered = render_template(template=template, context=context, fmt="pdf",
                                       letterhead=context["office"], footer=footer)
        except Exception as exc:
            raise ValidationError({"letter": [
                _("The document could not be produced from template “%(title)s”: %(error)s")
                % {"title": template.title, "error": exc}]}) from exc
    data = rendered.data
    safe_number = rec.letter_number.replace("/", "-").replace(".", "-")
    document = CaseDocument(
        case=case, kind=DocumentKind.RECOMMENDATION_LETTER,
        original_name=f"surat-rekomendasi-{safe_number}.pdf"[:250],
        content_type=CONTENT_TYPES["pdf"], size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), generated=True, added_by=actor,
        state=DocumentState.FINAL, number=rec.letter_number,
        finalised_at=timezone.now(), finalised_by=actor,
    )
    save_private_file(document.file, folder="cases/documents", extension="pdf", data=data)
    saved.append(document.file)
    document.save()
    return document
