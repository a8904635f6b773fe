"""The case-intake port: the one way any source opens a case (penerimaan laporan / temuan).

Staff at the desk, the public portal, a confirmed social-media hit and a cadre's report all come in
through :func:`submit_intake`. It validates the request (the source kind among
``cases.choices.Source``, dates, identity, the office), records the case with its intake number,
keeps the link to the record it came from (``source_object``; a finding raised later from
initial information keeps it too), adds the evidence files, and announces ``CaseOpened`` after
commit. It answers with an :class:`IntakeResult`, not the model: modules above ``cases`` never
touch its models (an import-linter contract enforces that).

Without a logged-in staff member (``actor=None``) the intake is recorded under the channel named
by its source, e.g. "public_portal", in the audit trail and on the case's timeline, never as an
empty actor. Everything is one transaction: a refused file or field leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from netra.core.audit import system_actor
from netra.core.exceptions import OutOfScope
from netra.elections.selectors import election_by_pk
from netra.orgs.choices import SUPERVISORY_KINDS, OrgKind
from netra.orgs.selectors import nearest_office, organisation_by_pk

from .choices import CaseKind, Source
from .evidence import upload_evidence
from .services import PersonInput, ReporterInput, open_case

__all__ = [
    "EvidenceInput", "HANDLING_KINDS", "IntakeRequest", "IntakeResult", "PersonInput",
    "ReporterInput", "RevealResult", "add_reporter_from_source", "responsible_office",
    "submit_intake",
]

# Offices that handle cases. A village supervisor (PKD) passes what it receives to the district's
# Panwascam, so it is never the handling office of an intake.
HANDLING_KINDS = SUPERVISORY_KINDS - {OrgKind.PKD}


@dataclass(frozen=True)
class EvidenceInput:
    """A file to attach: an uploaded file or a ``ContentFile`` with a ``name``."""

    file: object
    description: str = ""


@dataclass(frozen=True)
class IntakeRequest:
    election_id: int
    office_id: int
    kind: str
    source: str
    title: str
    known_date: date
    description: str = ""
    incident_date: date | None = None
    place_region_code: str = ""
    place_address: str = ""
    received_at: datetime | None = None
    reported_persons: list[PersonInput] = field(default_factory=list)
    reporters: list[ReporterInput] = field(default_factory=list)
    evidence: list[EvidenceInput] = field(default_factory=list)
    source_object: Model | None = None


@dataclass(frozen=True)
class IntakeResult:
    case_id: int
    intake_number: str
    kind: str
    status: str
    office_id: int


def _election(pk: int):
    election = election_by_pk(pk)
    if election is None:
        raise ValidationError({"election": [_("Unknown election.")]})
    return election


def _office(pk: int):
    office = organisation_by_pk(pk)
    if office is None:
        raise ValidationError({"office": [_("Unknown office.")]})
    return office


def submit_intake(request: IntakeRequest, *, actor=None) -> IntakeResult:
    """Open a case from any source; see the module docstring. Raises ``ValidationError`` or
    ``OutOfScope`` (a staff member outside the office's jurisdiction)."""
    if request.source not in Source.values:
        raise ValidationError({"source": [_("Unknown source of information.")]})
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if actor is None:
        with system_actor(str(request.source)):
            return _submit(request, actor=None)
    return _submit(request, actor=actor)


@transaction.atomic
def _submit(request: IntakeRequest, *, actor) -> IntakeResult:
    office = _office(request.office_id)
    if office.kind not in HANDLING_KINDS:
        raise ValidationError({"office": [_("Only a supervisory office can handle cases.")]})
    case = open_case(
        actor=actor,
        election=_election(request.election_id),
        office=office,
        kind=request.kind,
        source=request.source,
        title=request.title,
        known_date=request.known_date,
        description=request.description,
        incident_date=request.incident_date,
        place_region_code=request.place_region_code,
        place_address=request.place_address,
        received_at=request.received_at,
        reported_persons=list(request.reported_persons),
        reporters=list(request.reporters),
        source_object=request.source_object,
    )
    for item in request.evidence:
        try:
            upload_evidence(case=case, actor=actor, file=item.file, description=item.description)
        except OutOfScope as exc:  # pragma: no cover - the office check above already passed
            raise ValidationError({"evidence": [str(exc)]}) from exc
    return IntakeResult(case_id=case.pk, intake_number=case.intake_number, kind=case.kind,
                        status=case.status, office_id=office.pk)


@dataclass(frozen=True)
class RevealResult:
    """What became of the case when its anonymous source revealed who they are.

    ``report`` is the formal report the initial information went on as (``None`` when it
    stayed initial information); ``reason`` then says why (window closed, case already moved
    on), in the active language."""

    case_id: int
    report: IntakeResult | None
    reason: str = ""


def add_reporter_from_source(*, case_id: int, source_object: Model,
                             reporter: ReporterInput) -> RevealResult:
    """An anonymous source reveals who they are, through the channel that proves it is them
    (the portal's receipt code): the identity joins the case's reporters, encrypted like any
    reporter's and shown only as ``cases.identity`` allows, and the case's timeline records the
    step under the source's channel (the handler is notified like for any step).

    Initial information whose reporter is now known and whose reporting window (the report's
    rule, from the day it became known) is still open then goes on as a formal report (laporan):
    the workflow step ``continue_as_report`` taken by the source's channel opens the report,
    raised from the initial information, received now, with its own LP intake number. Outside
    the window, or once the office has raised or dropped the information, the case stays what
    it is and :class:`RevealResult` says why. Refused when ``source_object`` is not the record
    the case came from (``OutOfScope``), or the case already has a reporter or the identity is
    incomplete (``ValidationError``).
    """
    from django.contrib.contenttypes.models import ContentType

    from .models import Case, Reporter
    from .services.common import TransitionNotAllowed, _checked_reporter, _record_event
    from .services.steps import transition_case
    from .workflow import Status

    case = Case.objects.filter(pk=case_id).only("source").first()
    if case is None:
        raise OutOfScope(_("Case not found."))
    with system_actor(str(case.source)), transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case_id)
        if (case.source_content_type_id != ContentType.objects.get_for_model(source_object).pk
                or str(case.source_object_id) != str(source_object.pk)):
            raise OutOfScope(_("Case not found."))
        if case.reporters.exists():
            raise ValidationError(_("This case already records its reporter."))
        if not reporter.name.strip():
            raise ValidationError({"name": [_("The reporter's name is required.")]})
        try:
            reporter = _checked_reporter(reporter)
        except ValidationError as exc:
            raise ValidationError({"nik": exc.messages}) from exc
        Reporter.objects.create(case=case, **reporter.__dict__)
        _record_event(case, "reporter_identified", case.status, case.status, None,
                      _("The reporter revealed their identity through the channel of the "
                        "report."), {})
        if case.status != Status.INFO_RECEIVED:
            return RevealResult(case.pk, None, _(
                "The office has already decided on this information (%(status)s); the identity "
                "is recorded with it.") % {"status": case.get_status_display()})
        try:
            transition_case(case=case, transition="continue_as_report", actor=None)
        except (TransitionNotAllowed, ValidationError) as exc:
            reasons = getattr(exc, "reasons", None) or getattr(exc, "messages", None) or [str(exc)]
            return RevealResult(case.pk, None, " ".join(str(r) for r in reasons))
        report = case.raised_cases.filter(kind=CaseKind.REPORT).latest("pk")
        return RevealResult(case.pk, IntakeResult(
            case_id=report.pk, intake_number=report.intake_number, kind=report.kind,
            status=report.status, office_id=report.office_id))


def responsible_office(region_code: str):
    """The handling office whose jurisdiction holds ``region_code``, nearest first.

    A village's code finds its district's Panwascam, then the regency/city Bawaslu, the province
    and Bawaslu RI, whichever exists first in this installation. ``None`` when none does.
    """
    return nearest_office(region_code, HANDLING_KINDS)
