"""The case page: everything it shows and the action forms it offers.

Made for a phone first: the top of the page holds the case number, status, running clocks, the
next step and the step buttons; everything else is a section the user opens (``<details>``,
opened on wide screens by ``cases/case_page.js``). A section holding a form that came back with
errors is open in the HTML itself, so the errors show next to that form without JavaScript.
"""


from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from netra.cases.permissions import CaseAction
from netra.core.audit import object_history
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.selectors import offices_for
from netra.regions.selectors import region_label
from netra.rules import selectors as rules_selectors
from netra.rules.calendar import WorkingCalendar

from .. import selectors, services
from ..documents import document_list
from ..evidence import evidence_list
from ..forms import (
    ClassifyForm,
    CompleteNipForm,
    ConflictForm,
    CorrectFactsForm,
    DocumentGenerateForm,
    EvidenceUploadForm,
    ExtendDeadlineForm,
    HandoverForm,
    LinkForm,
    ReportedPersonForm,
    TransitionForm,
    WitnessForm,
)
from ..identity import reveal_identity
from ..models import Case
from ..validation import facts_locked
from ..workflow import BY_NAME, COMMISSIONERS, HANDLERS, SUPERVISORS, Status
from .common import EVENT_LABELS, STATUS_LABELS, _auto_id, _may


@login_required
@require_GET
def case_detail(request, pk: int):
    try:
        case = selectors.case_read(user=request.user, pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    return _render_detail(request, case)


def _render_detail(request, case: Case, *, bound: dict | None = None, status: int = 200,
                   refusal: dict | None = None):
    context = _detail_context(request, case, bound or {})
    context["refusal"] = refusal
    context["open_sections"] = open_sections(bound or {})
    return render(request, "cases/case_detail.html", context, status=status)


# The section of the case page that holds each posted form (key or key prefix → section id).
FORM_SECTIONS: tuple[tuple[str, str], ...] = (
    ("correct", "facts"),
    ("extend_", "deadlines"),
    ("person", "persons"),
    ("nip_", "persons"),
    ("witness", "reporters"),
    ("classify", "classify"),
    ("evidence", "files"),
    ("document", "files"),
    ("link_", "links"),
    ("handover", "handover"),
    ("conflict", "conflict"),
)


def open_sections(bound: dict) -> set[str]:
    """Sections to draw open: those holding a form posted back with errors."""
    opened = set()
    for key in bound:
        for prefix, section in FORM_SECTIONS:
            if key == prefix or (prefix.endswith("_") and key.startswith(prefix)):
                opened.add(section)
    return opened


def _deadline_rows(case: Case, today) -> list[dict]:
    calendar = None  # the holiday table is read only when a clock runs
    rows = []
    for deadline in case.deadlines.all():
        running = deadline.is_running
        days_left = None
        if running:
            calendar = calendar or WorkingCalendar()
            days_left = calendar.days_left(today, deadline.due_on, deadline.unit)
        rows.append({
            "deadline": deadline,
            "rule": deadline.rule,
            "days_left": days_left,
            "days_late": -days_left if days_left is not None and days_left < 0 else 0,
            "overdue": running and deadline.due_on < today,
            "extensible": running and not deadline.extended_days
            and bool(deadline.rule.extension_days),
        })
    return rows


def _detail_context(request, case: Case, bound: dict) -> dict:
    user = request.user
    today = timezone.localdate()
    # Narrowest first: a scope check is a query, and HANDLERS ⊆ SUPERVISORS ⊆ any role, so a
    # handler (the usual reader of this page) needs one check instead of three.
    can_handle = _may(user, case, CaseAction.CHANGE, HANDLERS)
    can_edit = can_handle or _may(user, case, CaseAction.CHANGE, SUPERVISORS)
    can_change = can_edit or _may(user, case, CaseAction.CHANGE)
    identity = reveal_identity(user=user, case=case, channel="web")
    show_identities = identity is not None

    used: set[str] = set()

    def form(key, factory):
        used.add(key)
        return bound.get(key) or factory()

    transitions = [
        {"spec": t, "form": form(f"transition_{t.name}", lambda t=t: TransitionForm(
            initial={"version": case.version}, auto_id=_auto_id(f"transition_{t.name}")))}
        for t in services.allowed_transitions(case, user) if not t.by_recipient
    ]
    persons = list(case.reported_persons.all())
    deadlines = _deadline_rows(case, today)
    context = {
        "case": case,
        "object": case,
        "today": today,
        "can_change": can_change,
        "can_edit": can_edit,
        "can_handle": can_handle,
        "show_identities": show_identities,
        "place_label": region_label(case.place_region_code) if case.place_region_code else "",
        "persons": persons,
        "reporters": identity.reporters if identity else [],
        "witnesses": identity.witnesses if identity else [],
        "violation_types": list(case.violation_types.all()),
        "deadlines": deadlines,
        # The running clocks, shown at the top of the page.
        "clocks": [row for row in deadlines if row["deadline"].is_running],
        "next_action": _next_action(user, case, today,
                                    [t["spec"] for t in transitions]),
        "transitions": transitions,
        "recommendations": list(case.recommendations.all()),
        "inbox_ids": set(
            selectors.inbox(user=user).filter(case=case).values_list("pk", flat=True)
        ),
        "events": [
            {"event": e,
             "label": BY_NAME[e.transition].label if e.transition in BY_NAME
             else EVENT_LABELS.get(e.transition, e.transition),
             "from_label": STATUS_LABELS.get(e.from_status, e.from_status),
             "to_label": STATUS_LABELS.get(e.to_status, e.to_status)}
            for e in case.events.all()
        ],
        # Only the files this user may open (reporter-identifying documents are restricted).
        "evidence": list(evidence_list(user=user, case=case)),
        "documents": list(document_list(user=user, case=case)),
        "history": object_history(case),
        "linked": _linked_cases(user, case),
        "breadcrumbs": [(_("Cases"), reverse("cases:case_list")), (case.number, None)],
        "conflict_form": form("conflict", lambda: ConflictForm(auto_id=_auto_id("conflict"))),
    }
    if can_change:
        duplicates = selectors.possible_duplicates(user=user, case=case)
        context.update(
            duplicates=[
                {"case": d, "form": form(f"link_{d.pk}", lambda d=d: LinkForm(
                    initial={"other": d.pk}, auto_id=_auto_id(f"link_{d.pk}")))}
                for d in duplicates
            ],
            nip_forms=[
                {"person": p, "form": form(f"nip_{p.pk}", lambda p=p: CompleteNipForm(
                    initial={"person": p.pk}, auto_id=_auto_id(f"nip_{p.pk}")))}
                for p in persons if not p.nip
            ],
            person_form=form("person", lambda: ReportedPersonForm(auto_id=_auto_id("person"))),
            evidence_form=form("evidence",
                               lambda: EvidenceUploadForm(auto_id=_auto_id("evidence"))),
        )
    if can_handle:
        context.update(
            classify_form=form("classify", lambda: _classify_form(case)),
            extend_forms=[
                {"row": row, "form": form(f"extend_{row['deadline'].key}", lambda row=row:
                                          ExtendDeadlineForm(
                                              initial={"key": row["deadline"].key},
                                              auto_id=_auto_id(f"extend_{row['deadline'].key}")))}
                for row in deadlines if row["extensible"]
            ],
            witness_form=form("witness", lambda: WitnessForm(auto_id=_auto_id("witness"))),
            handover_form=form("handover", lambda: _handover_form(user, case)),
            document_form=form("document",
                               lambda: DocumentGenerateForm(auto_id=_auto_id("document"))),
        )
    # After the plenary decision the facts are locked: no plain edit forms; commissioners who
    # may decide get the recorded correction instead.
    context["facts_locked"] = facts_locked(case)
    if context["facts_locked"]:
        # (a missing NIP may still be completed until the violation is forwarded)
        dropped = {"person", "classify"}
        context.pop("person_form", None)
        context.pop("classify_form", None)
        if case.status != Status.VIOLATION:
            context.pop("nip_forms", None)
            dropped |= {key for key in used if key.startswith("nip_")}
        used -= dropped
        if _may(user, case, CaseAction.DECIDE, COMMISSIONERS):
            context["correct_form"] = form("correct", lambda: _correct_form(case))
    # Errors of a posted form the page no longer draws (e.g. a clock already extended).
    context["unplaced_errors"] = [
        error for key, f in bound.items() if key not in used
        for errors in f.errors.values() for error in errors
    ]
    return context


def _next_action(user, case: Case, today, allowed: list):
    """Whose turn it is and by when (``cases.next_step``), from the moves already computed for
    the step buttons (``next_step.next_action_for`` without asking for them again)."""
    try:
        from ..next_step import UserNextAction, next_action
    except ImportError:  # pragma: no cover  (the module lands in the same session)
        return None
    action = next_action(case, today=today)
    mine = tuple(t for t in allowed if t.name in set(action.transitions))
    return UserNextAction(action=action, yours=bool(mine), transitions=mine)


def _linked_cases(user, case: Case) -> list[dict]:
    links = {link.other_id: link for link in case.links.all()}
    if not links:
        return []
    visible = selectors.case_list(user=user).filter(pk__in=links)
    return [{"case": other, "link": links[other.pk]} for other in visible]


def _classify_form(case: Case, data=None) -> ClassifyForm:
    catalogue = rules_selectors.violation_type_list(
        election_kind=case.election.kind, on=timezone.localdate()
    )
    # (the case page's read model has prefetched the violation types)
    initial = {"category": case.category,
               "violation_types": [str(v.pk) for v in case.violation_types.all()]}
    return ClassifyForm(data, initial=initial, violation_types=catalogue,
                        auto_id=_auto_id("classify"))


def _correct_form(case: Case, data=None) -> CorrectFactsForm:
    catalogue = rules_selectors.violation_type_list(
        election_kind=case.election.kind, on=timezone.localdate()
    )
    return CorrectFactsForm(data, case=case, violation_types=catalogue,
                            auto_id=_auto_id("correct"))


def _handover_offices(user, case: Case):
    return offices_for(user=user, action=CaseAction.VIEW, kinds=SUPERVISORY_KINDS,
                       exclude_pk=case.office_id)


def _handover_form(user, case: Case, data=None) -> HandoverForm:
    return HandoverForm(data, offices=_handover_offices(user, case),
                        auto_id=_auto_id("handover"))

