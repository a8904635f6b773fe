"""What every case page shares: the case fetched in scope (core base views), the action-form
base that draws the case page again with a refused form, form ids."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from netra.accounts.selectors import primary_membership
from netra.cases.permissions import CaseAction
from netra.core.scoping import can
from netra.core.views import ScopedFormView, ScopedQuerysetMixin
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.selectors import offices_for

from .. import selectors
from ..models import Case
from ..workflow import SUPERVISORS, Status

PAGE_SIZE = 50


STATUS_LABELS = dict(Status.choices)



def _case_or_404(user, pk: int, action: str = CaseAction.VIEW) -> Case:
    try:
        return selectors.case_get(user=user, pk=pk, action=action)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _may(user, case: Case, action: str, roles=None) -> bool:
    return can(user, action, case, roles)


class CaseScopedMixin(ScopedQuerysetMixin):
    """Cases through ``selectors.case_queryset`` (the user's scope for ``scope_action``)."""

    model = Case
    scope_action = CaseAction.VIEW

    def get_queryset(self):
        return selectors.case_queryset(user=self.request.user, action=self.get_scope_action())


class CaseActionView(CaseScopedMixin, ScopedFormView):
    """One form posted from the case page to one service (``perform``). A refused form comes
    back on the case page, next to its fields, in its own section opened (400); success goes
    back to the case page with ``success_message``.

    ``form_key`` is the form's key on the case page (``get_form_key`` when it depends on the
    posted data); ``build_form(data)`` builds it as the page does (same ids and choices)."""

    http_method_names = ["post"]
    form_key = ""

    def get_form_key(self) -> str:
        return self.form_key

    def get_form(self, data=None, files=None):
        return self.build_form(data)

    def build_form(self, data):
        return self.form_class(data, auto_id=_auto_id(self.get_form_key()))

    def get_success_url(self) -> str:
        return reverse("cases:case_detail", args=[self.object.pk])

    def form_invalid(self, form, status: int | None = None):
        from .detail import render_case_page

        return render_case_page(self.request, self.object, bound={self.get_form_key(): form},
                                status=status or self.refused_status)


def back_to_list():
    return redirect("cases:case_list")


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
