"""Helpers every case page shares: fetching a case in scope, the permission check, form ids."""


from django.http import Http404
from django.utils.translation import gettext_lazy

from netra.accounts.selectors import primary_membership
from netra.cases.permissions import CaseAction
from netra.core.scoping import can
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.selectors import offices_for

from .. import selectors
from ..models import Case
from ..workflow import SUPERVISORS, Status

PAGE_SIZE = 50


STATUS_LABELS = dict(Status.choices)


EVENT_LABELS = {
    "open": gettext_lazy("Recorded"),
    "extend_deadline": gettext_lazy("Deadline extended"),
    "declare_conflict": gettext_lazy("Conflict of interest declared"),
    "hand_over": gettext_lazy("Handed over to another office"),
    "correction": gettext_lazy("Facts corrected"),
}


def _case_or_404(user, pk: int, action: str = CaseAction.VIEW) -> Case:
    try:
        return selectors.case_get(user=user, pk=pk, action=action)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _may(user, case: Case, action: str, roles=None) -> bool:
    return can(user, action, case, roles)


def _intake_offices(user):
    """Supervisory offices for which the user may record cases (as ``open_case`` checks)."""
    return offices_for(user=user, action=CaseAction.CHANGE, kinds=SUPERVISORY_KINDS,
                       roles=SUPERVISORS)


def _own_office(user):
    membership = primary_membership(user)
    return membership.organisation if membership else None


def _auto_id(key: str) -> str:
    """One id prefix per form on the case page, so ids stay unique and errors point at their
    field (``id_<key>_<field>``)."""
    return f"id_{key}_%s"

