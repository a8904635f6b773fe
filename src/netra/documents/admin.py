"""Administrators manage document templates here: an HTML body or an uploaded Word file per
kind and language. ``DocumentTemplate.clean`` refuses a template that does not compile or names
data its kind does not have, with the message next to the field."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import DocumentTemplate
from .registry import get_kind, kind_choices, kinds


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
            "docx_file": forms.ClearableFileInput(
                attrs={
                    "accept": ".docx,application/vnd.openxmlformats-officedocument."
                    "wordprocessingml.document"
                }
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", "---------"), *kind_choices()]


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

    @admin.display(description=_("document kind"), ordering="key")
    def kind_label(self, obj: DocumentTemplate):
        kind = get_kind(obj.key)
        return kind.label if kind else obj.key

    @admin.display(description=_("source"))
    def source(self, obj: DocumentTemplate):
        return _("Word template") if obj.is_docx else _("HTML body")
