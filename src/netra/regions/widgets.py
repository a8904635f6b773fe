"""Form widget for the region picker."""

from django import forms
from django.template.loader import render_to_string

from .views import picker_context


class RegionPickerWidget(forms.Widget):
    """Hidden input holding the Kemendagri code, with cascading selects and search (htmx)."""

    def render(self, name, value, attrs=None, renderer=None):
        context = picker_context(name, value or "")
        context["input_id"] = (attrs or {}).get("id", f"id_{name}")
        return render_to_string("regions/_picker.html", context)

    def value_from_datadict(self, data, files, name):
        return (data.get(name) or "").strip()
