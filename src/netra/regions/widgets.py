"""Form widget for the region picker."""

from django import forms
from django.template.loader import render_to_string

from .views import picker_context


class RegionPickerWidget(forms.Widget):
    """Hidden input holding the Kemendagri code, with cascading selects and search (htmx).

    It is several controls, so forms render it as a fieldset named by the field's label
    (``use_fieldset``) rather than a ``<label>`` pointing at the hidden input.
    """

    use_fieldset = True

    def render(self, name, value, attrs=None, renderer=None):
        context = picker_context(name, value or "")
        # The fragment names the hidden input ``id_<name>``: Django's default auto id, from which
        # the form's fieldset, help text and error ids derive; it appends the field name to any
        # ``input_id`` given.
        return render_to_string("regions/_picker.html", context)

    def value_from_datadict(self, data, files, name):
        return (data.get(name) or "").strip()
