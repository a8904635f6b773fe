from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "netra.knowledge"
    label = "knowledge"
    verbose_name = _("Regulation knowledge base")

    def ready(self) -> None:
        from netra.core.permissions import register_actions

        from .permissions import KnowledgeAction

        register_actions(KnowledgeAction)
