from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "netra.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.navigation import register_nav

        from . import (
            access,  # noqa: F401  (scoped endpoints for the access matrix)
            selectors,  # noqa: F401  (connects its reference-cache invalidation)
        )
        from .models import Region, RegionImport

        register(Region)
        register(RegionImport)

        register_nav(label=_("Regions"), url_name="regions:region_list", order=90)
