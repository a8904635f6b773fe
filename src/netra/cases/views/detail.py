"""The case page: everything it shows and the action forms it offers.

Made for a phone first: the top of the page holds the case number, status, running clocks, the
next step and the step buttons; everything else is a section the user opens (``<details>``,
opened on wide screens by ``cases/case_page.js``). A section holding a form that came back with
errors is open in the HTML itself, so the errors show next to that form without JavaScript.
"""


from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.cases.permissions import CaseAction
from netra.core.audit import object_history
from netra.core.views import ScopedDetailView
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.selectors import offices_for
from netra.regions.selectors import region_label
from netra.rules import selectors as rules_selectors
from netra.rules.calendar import WorkingCalendar

from .. import next_step, selectors, services
from ..document_forms import SignedUploadForm
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
from ..workflow import COMMISSIONERS, HANDLERS, SUPERVISORS, Status, event_label
from .common import STATUS_LABELS, CaseScopedMixin, _auto_id, _may


class CaseDetailView(CaseScopedMixin, ScopedDetailView):
    """The case page, read through the one read model (``selectors.case_read_queryset``)."""

    http_method_names = ["get"]
    template_name = "cases/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return selectors.case_read_queryset(user=self.request.user,
                                            action=self.get_scope_action())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_page_context(self.request, self.object, {}))
        return context


case_detail = CaseDetailView.as_view()


def render_case_page(request, case: Case, *, bound: dict | None = None, status: int = 200,
                     refusal: dict | None = None, upload_form=None, opened=()):
    """The case page drawn again after a POST: ``bound`` holds the posted forms (key → form)
    shown with their errors, in their sections opened (plus ``opened``); ``refusal`` is a
    refused workflow step; ``upload_form`` the refused signed-scan upload."""
    context = _page_context(request, case, bound or {})
    if upload_form is not None:
        context["document_upload_form"] = upload_form
    context["open_sections"] |= set(opened)
    context["refusal"] = refusal
    context["history"] = object_history(case)
    return render(request, "cases/case_detail.html", context, status=status)


def _page_context(request, case: Case, bound: dict) -> dict:
    context = _detail_context(request, case, bound)
    context["refusal"] = None
    context["open_sections"] = open_sections(bound)
    return context


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
    """Everything the case page shows. Only the forms the user can use now are built (each
    costs its choices' queries and its rendering): after the plenary decision the plain edit
    forms are not built at all, and the checks run narrowest first."""
    user = request.user
    today = timezone.localdate()
    # Narrowest first: a scope check is a query, and HANDLERS ⊆ SUPERVISORS ⊆ any role, so a
    # handler (the usual reader of this page) needs one check instead of three.
    can_handle = _may(user, case, CaseAction.CHANGE, HANDLERS)
    can_edit = can_handle or _may(user, case, CaseAction.CHANGE, SUPERVISORS)
    can_change = can_edit or _may(user, case, CaseAction.CHANGE)
    identity = reveal_identity(user=user, case=case, channel="web")
    # After the plenary decision the facts are locked: no plain edit forms (a missing NIP may
    # still be completed until the violation is forwarded); commissioners who may decide get
    # the recorded correction instead.
    locked = facts_locked(case)
    nip_open = not locked or case.status == Status.VIOLATION

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
    documents = list(document_list(user=user, case=case))
    context = {
        "case": case,
        "object": case,
        "today": today,
        "can_change": can_change,
        "can_edit": can_edit,
        "can_handle": can_handle,
        "show_identities": identity is not None,
        "place_label": region_label(case.place_region_code) if case.place_region_code else "",
        "persons": persons,
        "reporters": identity.reporters if identity else [],
        "witnesses": identity.witnesses if identity else [],
        "violation_types": list(case.violation_types.all()),
        "deadlines": deadlines,
        # The running clocks, shown at the top of the page.
        "clocks": [row for row in deadlines if row["deadline"].is_running],
        "next_action": _next_action(case, today, [t["spec"] for t in transitions]),
        "transitions": transitions,
        "recommendations": list(case.recommendations.all()),
        "inbox_ids": set(
            selectors.inbox(user=user).filter(case=case).values_list("pk", flat=True)
        ),
        "events": [
            {"event": e,
             "label": event_label(e.transition),
             "from_label": STATUS_LABELS.get(e.from_status, e.from_status),
             "to_label": STATUS_LABELS.get(e.to_status, e.to_status)}
            for e in case.events.all()
        ],
        # Only the files this user may open (reporter-identifying documents are restricted).
        "evidence": list(evidence_list(user=user, case=case)),
        "documents": documents,
        # Links to a document only for those who may open it (a recommendation's letter is
        # listed to every role that sees the case, downloaded only by the evidence viewers).
        "document_ids": {document.pk for document in documents},
        "linked": _linked_cases(user, case),
        "breadcrumbs": [(_("Cases"), reverse("cases:case_list")), (case.number, None)],
        "conflict_form": form("conflict", lambda: ConflictForm(auto_id=_auto_id("conflict"))),
        "facts_locked": locked,
    }
    if can_change:
        duplicates = selectors.possible_duplicates(user=user, case=case)
        context.update(
            duplicates=[
                {"case": d, "form": form(f"link_{d.pk}", lambda d=d: LinkForm(
                    initial={"other": d.pk}, auto_id=_auto_id(f"link_{d.pk}")))}
                for d in duplicates
            ],
            evidence_form=form("evidence",
                               lambda: EvidenceUploadForm(auto_id=_auto_id("evidence"))),
        )
        if nip_open:
            context["nip_forms"] = [
                {"person": p, "form": form(f"nip_{p.pk}", lambda p=p: CompleteNipForm(
                    initial={"person": p.pk}, auto_id=_auto_id(f"nip_{p.pk}")))}
                for p in persons if not p.nip
            ]
        if not locked:
            context["person_form"] = form(
                "person", lambda: ReportedPersonForm(auto_id=_auto_id("person")))
    if can_handle:
        context.update(
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
        if not locked:
            context["classify_form"] = form("classify", lambda: _classify_form(case))
    if locked and _may(user, case, CaseAction.DECIDE, COMMISSIONERS):
        context["correct_form"] = form("correct", lambda: _correct_form(case))
    if can_edit:
        # (the documents section draws it; built here from the prefetched classification)
        context["document_upload_form"] = _upload_form(case)
    # Errors of a posted form the page no longer draws (e.g. a clock already extended).
    context["unplaced_errors"] = [
        error for key, f in bound.items() if key not in used
        for errors in f.errors.values() for error in errors
    ]
    return context


def _next_action(case: Case, today, allowed: list):
    """Whose turn it is and by when (``cases.next_step``), from the moves already computed for
    the step buttons (``next_step.next_action_for`` without asking for them again)."""
    action = next_step.next_action(case, today=today)
    mine = tuple(t for t in allowed if t.name in set(action.transitions))
    return next_step.UserNextAction(action=action, yours=bool(mine), transitions=mine)


def _linked_cases(user, case: Case) -> list[dict]:
    links = {link.other_id: link for link in case.links.all()}
    if not links:
        return []
    visible = selectors.case_list(user=user).filter(pk__in=links)
    return [{"case": other, "link": links[other.pk]} for other in visible]


def _catalogue(case: Case):
    """The violation forms in force today for the case's election."""
    return rules_selectors.violation_type_list(
        election_kind=case.election.kind, on=timezone.localdate()
    )


def _classify_form(case: Case, data=None) -> ClassifyForm:
    # (the case page's read model has prefetched the violation types)
    initial = {"category": case.category,
               "violation_types": [str(v.pk) for v in case.violation_types.all()]}
    return ClassifyForm(data, initial=initial, violation_types=_catalogue(case),
                        auto_id=_auto_id("classify"))


def _correct_form(case: Case, data=None) -> CorrectFactsForm:
    return CorrectFactsForm(data, case=case, violation_types=_catalogue(case),
                            auto_id=_auto_id("correct"))


def _upload_form(case: Case) -> SignedUploadForm:
    """The empty signed-scan upload form; its violation-form choices come from the case's
    prefetched classification instead of a query of their own when drawn."""
    form = SignedUploadForm(case=case, auto_id="id_document_upload_%s")
    field = form.fields["violation_types"]
    field.choices = [(v.pk, field.label_from_instance(v))  # type: ignore[attr-defined]
                     for v in case.violation_types.all()]
    return form


def _handover_offices(user, case: Case):
    return offices_for(user=user, action=CaseAction.VIEW, kinds=SUPERVISORY_KINDS,
                       exclude_pk=case.office_id)


def _handover_form(user, case: Case, data=None) -> HandoverForm:
    return HandoverForm(data, offices=_handover_offices(user, case),
                        auto_id=_auto_id("handover"))
