"""The region picker for public pages: the same fragment as ``regions``' picker, served by the
portal's own login-free endpoints (regions are public reference data)."""

from django.template.loader import render_to_string

from netra.regions.views import picker_context
from netra.regions.widgets import RegionPickerWidget


class PublicRegionPickerWidget(RegionPickerWidget):
    def render(self, name, value, attrs=None, renderer=None):
        return render_to_string("portal/_region_picker.html", picker_context(name, value or ""))
