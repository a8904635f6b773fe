"""Base views. Objects are fetched only through ``visible_to(...)``: out of scope answers 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views import View
from django.views.generic import DetailView, ListView

if TYPE_CHECKING:
    from django.db.models import Model
    from django.forms import BaseForm
    from django_stubs_ext import StrOrPromise

from .audit import object_history
from .exceptions import OutOfScope


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Narrow the view's queryset to the user's scope for ``scope_action``."""

    if TYPE_CHECKING:
        model: type[Model]  # every concrete view sets it
    else:
        model = None
    scope_action: str = ""  # the app's namespaced action, e.g. ``OrgAction.VIEW``

    def get_scope_action(self) -> str:
        if not self.scope_action:
            raise ImproperlyConfigured(f"{type(self).__name__} must set scope_action")
        return self.scope_action

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.get_scope_action())


# django-stubs types ``model`` as a property on one list mixin and an attribute on another.
class ScopedListView(ScopedQuerysetMixin, ListView):  # type: ignore[misc]
    paginate_by = 50


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """Detail page with the object's audit trail in ``history``."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = object_history(self.object)
        return context


class ScopedFormView(ScopedQuerysetMixin, View):
    """A form that changes one scoped object through a service.

    Subclasses set ``form_class`` and ``template_name`` and implement ``perform(form)``, which
    calls a service and returns the redirect. ``ValidationError`` from the service lands on the
    form next to its field; ``OutOfScope`` answers 404.
    """

    form_class: type[BaseForm] | None = None
    template_name = ""
    success_message: StrOrPromise = ""

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist as exc:
            raise Http404 from exc

    def get_form_kwargs(self):
        return {}

    def get(self, request, *args, **kwargs):
        self.object = self.get_object() if "pk" in kwargs else None
        form = self.form_class(**self.get_form_kwargs())
        return self.render(form)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if "pk" in kwargs else None
        form = self.form_class(data=request.POST, files=request.FILES, **self.get_form_kwargs())
        if form.is_valid():
            try:
                response = self.perform(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                raise Http404 from exc
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return response
        return self.render(form, status=400 if request.method == "POST" else 200)

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
