from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "netra.cases"
    label = "cases"
    verbose_name = _("Violation handling")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.navigation import register_nav

        from . import models

        register(models.Case, m2m_fields={"violation_types"})
        register(models.Reporter, mask_fields=["name", "nik", "address", "phone", "email"])
        register(models.Witness, mask_fields=["name", "contact"])
        for model in (models.ReportedPerson, models.CaseEvent, models.CaseDeadline,
                      models.RegistrationCounter, models.Recommendation, models.Sanction,
                      models.ConflictDeclaration, models.CaseLink, models.Handover,
                      models.CaseDocument, models.Evidence, models.DocumentTemplate):
            register(model)
        register_nav(label=_("Cases"), url_name="cases:case_list", order=10)
        register_nav(label=_("Recommendation inbox"), url_name="cases:inbox", order=20)
        register_nav(label=_("Statistics"), url_name="cases:statistics", order=30)
