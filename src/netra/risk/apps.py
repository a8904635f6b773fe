from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "netra.risk"
    label = "risk"
    verbose_name = _("Vulnerability and evaluation")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.demo import register_demo_loader
        from netra.core.maps import register_boundary_source
        from netra.core.navigation import may_use, register_nav
        from netra.core.permissions import register_actions

        from . import access, models  # noqa: F401 (access registers)
        from .demo import load_demo
        from .importers import register_importers
        from .indicators import register_case_sources
        from .maps import boundary_geometries
        from .permissions import RiskAction

        register_actions(RiskAction)
        for model in (models.IndexMethod, models.Indicator, models.IndicatorValue,
                      models.IndexScore, models.Boundary, models.EvaluationDimension,
                      models.EvaluationIndicator, models.Evaluation, models.EvaluationScore,
                      models.EvaluationAction, models.ComprehensiveReport):
            register(model, exclude_fields=["contributions", "geometry"])
        register_case_sources()
        register_boundary_source(boundary_geometries)
        register_importers()
        register_nav(label=_("Vulnerability"), url_name="risk:index", order=70,
                     visible=may_use(RiskAction.VIEW))
        register_demo_loader("risk", load_demo, order=90)
