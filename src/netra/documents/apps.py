from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "netra.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from netra.core.audit import register

        from . import models

        register(models.DocumentTemplate)
