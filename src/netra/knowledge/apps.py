from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "netra.knowledge"
    label = "knowledge"
    verbose_name = _("Regulation knowledge base")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.demo import register_demo_loader
        from netra.core.navigation import register_nav
        from netra.core.permissions import register_actions
        from netra.core.slots import register_slot

        from . import access, widgets  # noqa: F401 (access registers)
        from .models import Activity, LegalBasis, RecipientBody, Rule, Sanction, Subject
        from .permissions import KnowledgeAction

        register_actions(KnowledgeAction)
        for model in (Subject, Activity, LegalBasis, RecipientBody, Sanction):
            register(model)
        register(Rule, m2m_fields={"legal_bases", "sanctions"})
        register_demo_loader("knowledge", widgets.load_demo_catalogue, order=55)
        # The checker is public; staff reach it from the menu, administrators also see the
        # catalogue widget on their dashboard (hidden for everyone else).
        register_nav(label=_("Allowed or not?"), url_name="knowledge:checker", order=70)
        register_slot(
            "core.home",
            key="knowledge.catalogue",
            order=95,
            template="knowledge/_home_catalogue.html",
            context=widgets.home_catalogue,
        )
