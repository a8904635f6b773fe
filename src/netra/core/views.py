"""Base views. Objects are fetched only through ``visible_to(...)``: out of scope answers 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import DetailView, ListView

if TYPE_CHECKING:
    from django.db.models import Model
    from django.forms import BaseForm
    from django.http import HttpRequest, HttpResponse
    from django_stubs_ext import StrOrPromise

from .audit import object_history
from .exceptions import OutOfScope
from .scoping import can


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Narrow the view's queryset to the user's scope for ``scope_action``."""

    if TYPE_CHECKING:
        model: type[Model]  # every concrete view sets it
        request: HttpRequest
        kwargs: dict[str, Any]
    else:
        model = None
    scope_action: str = ""  # the app's namespaced action, e.g. ``OrgAction.VIEW``

    def get_scope_action(self) -> str:
        if not self.scope_action:
            raise ImproperlyConfigured(f"{type(self).__name__} must set scope_action")
        return self.scope_action

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.get_scope_action())


class ScopedObjectMixin(ScopedQuerysetMixin):
    """The view's one object, fetched through the scoped queryset (404 outside scope).

    ``object_action`` (with ``object_roles``) adds the one object check
    ``can(user, action, obj, roles)`` on top, answering 404 as well: a page reached through a
    wider scope (e.g. ``view``) but acted on with a narrower right, or a child row scoped through
    its parent. ``check_object`` is the hook for any further condition.
    """

    pk_url_kwarg = "pk"
    object_action: str = ""
    object_roles: frozenset[str] | None = None

    def get_object(self, queryset=None):
        try:
            obj = self.fetch_object(self.kwargs[self.pk_url_kwarg], queryset)
        except (ObjectDoesNotExist, ValueError) as exc:
            raise Http404 from exc
        if not self.check_object(obj):
            raise Http404
        return obj

    def fetch_object(self, pk, queryset=None):
        """The object with ``pk`` in scope, or ``DoesNotExist``. Override to fetch through an
        app's selector that applies further limits (it must start from ``visible_to``)."""
        queryset = self.get_queryset() if queryset is None else queryset
        return queryset.get(pk=pk)

    def check_object(self, obj) -> bool:
        if not self.object_action:
            return True
        return can(self.request.user, self.object_action, obj, self.object_roles)


# django-stubs types ``model`` as a property on one list mixin and an attribute on another.
class ScopedListView(ScopedQuerysetMixin, ListView):  # type: ignore[misc]
    paginate_by = 50
    # True: a page number out of range or not a number shows the nearest page instead of 404.
    lenient_pages = False

    def paginate_queryset(self, queryset, page_size):
        if not self.lenient_pages:
            return super().paginate_queryset(queryset, page_size)
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return (paginator, page, page.object_list, page.has_other_pages())

    def query_context(self) -> dict[str, str]:
        """The current filters as query strings: for the page links (``querystring_prefix``,
        ending in ``&``) and for the export links (``export_query``)."""
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        query.pop("format", None)
        return {"querystring_prefix": (query.urlencode() + "&") if query else "",
                "export_query": query.urlencode()}


class ScopedPageView(ScopedObjectMixin, View):
    """A page of one scoped object that shows and answers its own forms:
    ``handle(request, data)`` receives ``None`` for GET and the posted data for POST."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return self.handle(request, None)

    def post(self, request, *args, **kwargs):
        return self.handle(request, request.POST)

    def handle(self, request, data):
        raise NotImplementedError


class ScopedDetailView(ScopedObjectMixin, DetailView):
    """Detail page with the object's audit trail in ``history``."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = object_history(self.object)
        return context


class ScopedFormView(ScopedObjectMixin, View):
    """A form that changes one scoped object through a service.

    Subclasses set ``form_class`` and ``template_name`` and implement ``perform(form)``, which
    calls a service and returns the response (or ``None`` for a redirect to
    ``get_success_url()``). ``ValidationError`` from the service lands on the form next to its
    field and the page comes back with ``refused_status`` (400); ``OutOfScope`` answers 404.
    Hooks: ``get_form`` (how the form is built), ``form_invalid`` (how a refusal is drawn, e.g.
    another page with the form in it), ``get_success_message``.
    """

    form_class: type[BaseForm] | None = None
    template_name = ""
    success_message: StrOrPromise = ""
    success_url = ""
    refused_status = 400

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_form(self, data=None, files=None):
        if self.form_class is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must set form_class")
        return self.form_class(data=data, files=files, **self.get_form_kwargs())

    def get(self, request, *args, **kwargs):
        self.object = self.get_object() if self.pk_url_kwarg in kwargs else None
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.pk_url_kwarg in kwargs else None
        form = self.get_form(data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                response = self.perform(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                raise Http404 from exc
            else:
                message = self.get_success_message()
                if message:
                    messages.success(request, message)
                return response if response is not None else redirect(self.get_success_url())
        return self.form_invalid(form)

    def perform(self, form) -> HttpResponse | None:
        raise NotImplementedError

    def get_success_message(self) -> StrOrPromise:
        return self.success_message

    def get_success_url(self) -> str:
        if not self.success_url:
            raise ImproperlyConfigured(f"{type(self).__name__} must set success_url")
        return self.success_url

    def form_invalid(self, form, status: int | None = None):
        """The page again with the posted form and its errors."""
        return self.render(form, status=status or self.refused_status)

    def render(self, form, status: int = 200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "object": self.object, **self.extra_context()},
            status=status,
        )

    def extra_context(self) -> dict:
        return {}


def add_service_errors(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form, field by field where possible."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
