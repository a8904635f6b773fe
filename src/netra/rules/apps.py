from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "netra.rules"
    label = "rules"
    verbose_name = _("Rules catalogue")

    def ready(self) -> None:
        from netra.core.audit import register

        from . import (
            access,  # noqa: F401  (scoped endpoints for the access matrix)
            calendar,  # noqa: F401  (connects its reference-cache invalidation)
            models,
            selectors,  # noqa: F401  (connects its reference-cache invalidation)
        )

        for model in (
            models.ViolationType,
            models.DeadlineRule,
            models.RoutingRule,
            models.NumberingFormat,
            models.Holiday,
            models.PrePeriodWindow,
            models.SanctionRule,
        ):
            register(model)
