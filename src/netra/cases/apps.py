from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "netra.cases"
    label = "cases"
    verbose_name = _("Violation handling")

    def ready(self) -> None:
        from netra.core.audit import register, register_channel_label
        from netra.core.demo import register_demo_loader
        from netra.core.navigation import may_use, register_nav
        from netra.core.permissions import register_actions
        from netra.core.slots import register_slot

        from . import (
            access,  # noqa: F401  (scoped endpoints for the access matrix)
            models,
            widgets,
        )
        from .choices import Source
        from .demo import demo_loader
        from .permissions import CaseAction

        register_actions(CaseAction)
        for source, label in Source.choices:  # intake channels on the timeline and history
            register_channel_label(source, label)
        register_slot("core.home", key="cases.work", order=15,
                      template="cases/_home_work.html", context=widgets.home_work)
        register_slot("core.home", key="cases.deadlines", order=20,
                      template="cases/_home_deadlines.html", context=widgets.home_deadlines)
        register_demo_loader("cases", demo_loader, order=50)
        register(models.Case, m2m_fields={"violation_types"})
        register(models.Reporter, mask_fields=["name", "nik", "address", "phone", "email"])
        register(models.Witness, mask_fields=["name", "contact"])
        for model in (models.ReportedPerson, models.CaseEvent, models.CaseDeadline,
                      models.RegistrationCounter, models.DocumentCounter,
                      models.Recommendation, models.Sanction,
                      models.ConflictDeclaration, models.CaseLink, models.Handover,
                      models.CaseDocument, models.Evidence):
            register(model)
        from .documents import register_document_kinds

        register_document_kinds()
        from .services.letters import register_letter_kind

        register_letter_kind()  # the recommendation letter's own data (issue #15.2)
        from .dashboard import register_dashboard_charts

        register_dashboard_charts()  # bar charts on the home dashboard (issue #15.5)
        # Recipient bodies work from their inbox; the case list and statistics are the
        # supervisory offices' (widgets.supervises); cases.next_step decides the home widgets.
        register_nav(label=_("Cases"), url_name="cases:case_list", order=10,
                     visible=widgets.supervises)
        register_nav(label=_("Recommendation inbox"), url_name="cases:inbox", order=20,
                     visible=may_use(CaseAction.RESPOND))
        register_nav(label=_("Statistics"), url_name="cases:statistics", order=30,
                     visible=widgets.supervises)
