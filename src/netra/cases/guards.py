"""Guard functions of the workflow table. Each takes the case (and the calendar / date of the
move) and returns None when the move may go ahead, or a message saying what is missing."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.rules.choices import DeadlineKey, EmploymentType

from .choices import CaseKind, DocumentKind


def has_description(case, **ctx) -> str | None:
    """The event is described."""
    if not case.description.strip():
        return _("Describe the event before raising it to a finding.")
    return None


def reporter_identified(case, **ctx) -> str | None:
    """The reporter's identity is recorded (initial information going on as a report)."""
    if not case.reporters.exists():
        return _("The reporter's identity is not recorded: without it the information cannot "
                 "go on as a report.")
    return None


def _report_window(case, case_kind: str, calendar) -> tuple[str | None, dict]:
    """The reporting window of ``case`` under the rule of ``case_kind``: ``(None, facts)`` with
    the facts a message names (``last_day`` among them), or ``(message, {})`` when no rule
    applies."""
    from netra.rules.selectors import RuleMissing, deadline_rule

    try:
        rule = deadline_rule(key=DeadlineKey.REPORT_WINDOW, election_kind=case.election.kind,
                             case_kind=case_kind, on=case.known_date)
    except RuleMissing as exc:
        return str(exc), {}
    last_day = calendar.add(case.known_date, rule.days, rule.unit)
    return None, {"days": rule.days, "unit": rule.get_unit_display(), "last_day": last_day,
                  "known": case.known_date.isoformat(), "last": last_day.isoformat(),
                  "source": rule.legal_source}


def report_window_open(case, *, calendar, on, **ctx) -> str | None:
    """A report filed on the day of the step is still within the report's window.

    The window starts when the event became known and is the report's own rule, not the initial
    information's."""
    missing, facts = _report_window(case, CaseKind.REPORT, calendar)
    if missing:
        return missing
    if on > facts["last_day"]:
        return _(
            "The reporting window has closed: %(days)s %(unit)s after it became known on "
            "%(known)s, the last day was %(last)s (%(source)s). It stays initial information; it "
            "can still be raised to a finding."
        ) % facts
    return None


def formal_requirements(case, **ctx) -> str | None:
    """Formal check: reporter identity (reports), reported party, this office's authority."""
    missing = []
    if case.kind == CaseKind.REPORT and not case.reporters.exists():
        missing.append(_("the reporter's identity"))
    if not case.reported_persons.exists():
        missing.append(_("at least one reported person"))
    if missing:
        return _("Formal requirements are incomplete: %(missing)s.") % {
            "missing": ", ".join(str(m) for m in missing)
        }
    return None


def material_requirements(case, **ctx) -> str | None:
    """Material check: time, place and description of the event."""
    missing = []
    if case.incident_date is None:
        missing.append(_("the date of the event"))
    if not case.place_region_code:
        missing.append(_("the place of the event"))
    if not case.description.strip():
        missing.append(_("a description of the event"))
    if missing:
        return _("Material requirements are incomplete: %(missing)s.") % {
            "missing": ", ".join(str(m) for m in missing)
        }
    return None


def within_report_window(case, *, calendar, **ctx) -> str | None:
    """The report or finding came in within the statutory window after it became known."""
    missing, facts = _report_window(case, case.kind, calendar)
    if missing:
        return missing
    received = timezone.localdate(case.received_at)
    if received > facts["last_day"]:
        return _(
            "Late: it was received on %(received)s, but the %(days)s %(unit)s after it became "
            "known on %(known)s ended on %(last)s (%(source)s)."
        ) % {**facts, "received": received.isoformat()}
    return None


def _has_document(case, kind: str) -> bool:
    """A document of record of ``kind``: finalised, or the uploaded signed scan. A generated
    draft (or a blank template) does not count."""
    return case.documents.of_record().filter(kind=kind).exists()


def _document_missing(case, kind: str, *, label: str) -> str | None:
    """None when a document of record of ``kind`` is kept, else what to do (naming a draft
    that is waiting to be finalised)."""
    if _has_document(case, kind):
        return None
    if case.documents.drafts().filter(kind=kind).exists():
        return _("Only a draft of the %(document)s is kept: complete and finalise it, or upload "
                 "the signed scan.") % {"document": label}
    return _("Keep the %(document)s first: upload the signed scan, or generate it, complete it "
             "and finalise it.") % {"document": label}


def has_clarification_minutes(case, **ctx) -> str | None:
    """The clarification minutes (BA Klarifikasi) are kept with the case as a document of
    record (finalised or signed)."""
    return _document_missing(case, DocumentKind.CLARIFICATION_MINUTES,
                             label=_("clarification minutes"))


def has_legal_study(case, **ctx) -> str | None:
    """The legal study (kajian) is kept as a document of record and names the violation form
    it examined: one that names none cannot carry the case to the plenary."""
    missing = _document_missing(case, DocumentKind.LEGAL_STUDY, label=_("legal study"))
    if missing:
        return missing
    studies = case.documents.of_record().filter(kind=DocumentKind.LEGAL_STUDY)
    if not any(doc.facts.get("violation_type_ids") for doc in studies):
        return _("The legal study of record names no violation form, so it cannot carry the "
                 "case to the plenary: finalise a legal study that names the violation form, "
                 "or upload the signed scan and choose the violation form it names.")
    return None


def has_plenary_minutes(case, **ctx) -> str | None:
    """The plenary minutes (BA Pleno) are kept as a document of record before the decision is
    recorded."""
    return _document_missing(case, DocumentKind.PLENARY_MINUTES, label=_("plenary minutes"))


def has_recommendation_letter(case, **ctx) -> str | None:
    """The recommendation letter is kept as a document of record (for the recommendation
    steps that need the letter already finalised or signed)."""
    return _document_missing(case, DocumentKind.RECOMMENDATION_LETTER,
                             label=_("recommendation letter"))


def has_violation_type(case, **ctx) -> str | None:
    """A category and at least one violation form from the catalogue are chosen."""
    if not case.category or not case.violation_types.exists():
        return _("Choose the category and at least one violation form from the catalogue.")
    return None


CIVIL_SERVICE_TYPES = {EmploymentType.PNS, EmploymentType.PPPK}


def nip_complete_for_civil_service(case, **ctx) -> str | None:
    """A recommendation to the civil-service body needs a valid NIP for every PNS/PPPK."""
    from .nip import parse_nip

    for person in case.reported_persons.all():
        if person.employment_type not in CIVIL_SERVICE_TYPES:
            continue
        if not person.nip:
            return _("Complete the NIP of %(position)s before forwarding the recommendation.") % {
                "position": person.position
            }
        try:
            parse_nip(person.nip)
        except ValidationError as exc:
            return exc.messages[0]
    return None


def recommendations_answered(case, **ctx) -> str | None:
    """Every recipient has answered its recommendation (sanction or refusal) in its inbox."""
    from .choices import RecommendationStatus

    open_statuses = [RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED]
    if not case.recommendations.exists() or case.recommendations.filter(
        status__in=open_statuses
    ).exists():
        return _("Record each recipient's answer to its recommendation first.")
    return None


def sanction_recorded(case, **ctx) -> str | None:
    """At least one recipient recorded a sanction actually imposed."""
    from .choices import RecommendationStatus

    if not case.recommendations.filter(status=RecommendationStatus.SANCTIONED).exists():
        return _("No recipient has recorded a sanction.")
    return None
