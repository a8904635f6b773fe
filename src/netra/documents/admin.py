"""Administrators manage document templates here: an HTML body or an uploaded Word file per
kind and language. ``DocumentTemplate.clean`` refuses a template that does not compile or names
data its kind does not have, with the message next to the field."""

from typing import cast

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import DocumentTemplate
from .registry import get_kind, kind_choices, kinds


class _StoredFile:
    """The stored Word template as the file widget shows it, linked to the admin download
    (the private file area has no public URL)."""

    def __init__(self, value, url: str) -> None:
        self.value, self.url = value, url

    def __str__(self) -> str:
        return str(self.value)


class WordTemplateInput(forms.ClearableFileInput):
    download_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.download_url and context["widget"]["is_initial"]:
            context["widget"]["value"] = _StoredFile(value, self.download_url)
        return context


class DocumentTemplateForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("document kind"), choices=())

    class Meta:
        model = DocumentTemplate
        fields = (
            "key",
            "language",
            "title",
            "valid_from",
            "valid_to",
            "is_active",
            "body",
            "docx_file",
        )
        widgets = {
            "docx_file": WordTemplateInput(
                attrs={
                    "accept": ".docx,application/vnd.openxmlformats-officedocument."
                    "wordprocessingml.document"
                }
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        key_field = cast(forms.ChoiceField, self.fields["key"])  # declared above as a ChoiceField
        key_field.choices = [("", "---------"), *kind_choices()]
        if self.instance.pk and self.instance.docx_file:
            self.fields["docx_file"].widget.download_url = reverse(
                "admin:documents_documenttemplate_docx", args=[self.instance.pk]
            )


def _data_help():
    rows = [(kind.label, kind.key, kind.help_text) for kind in kinds() if kind.help_text]
    return format_html_join("", "<p><strong>{}</strong> ({}): {}</p>", rows)


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = (
        "title",
        "kind_label",
        "language",
        "valid_from",
        "valid_to",
        "source",
        "is_active",
        "updated_at",
    )
    list_filter = ("key", "language", "is_active")
    search_fields = ("title", "body", "key")
    ordering = ("key", "language", "-valid_from")

    def get_fieldsets(self, request, obj=None):
        return (
            (None, {"fields": ("key", "language", "title", "valid_from", "valid_to", "is_active")}),
            (
                _("Template"),
                {
                    "fields": ("docx_file", "body"),
                    "description": _data_help(),
                },
            ),
        )

    def get_urls(self):
        download = path(
            "<int:pk>/docx/",
            self.admin_site.admin_view(self.download_docx),
            name="documents_documenttemplate_docx",
        )
        return [download, *super().get_urls()]

    def download_docx(self, request, pk: int):
        """The stored Word template, for an administrator who may see templates."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        template = get_object_or_404(DocumentTemplate, pk=pk)
        if not template.docx_file:
            raise Http404
        try:
            handle = template.docx_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=template.docx_file.name.rsplit("/", 1)[-1],
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @admin.display(description=_("document kind"), ordering="key")
    def kind_label(self, obj: DocumentTemplate):
        kind = get_kind(obj.key)
        return kind.label if kind else obj.key

    @admin.display(description=_("source"))
    def source(self, obj: DocumentTemplate):
        return _("Word template") if obj.is_docx else _("HTML body")
