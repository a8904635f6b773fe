"""Public portal (pelaporan daring): the login-free report form, receipt codes, status tracking,
two-way messages with the handling office and the transparency page (issue #16, points 3-8)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "netra.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from netra.cases.events import CaseStepTaken
        from netra.core import audit
        from netra.core.events import subscribe
        from netra.core.navigation import may_use, register_nav
        from netra.core.permissions import register_actions

        from . import access, documents, services  # noqa: F401 (access registers)
        from .models import MessageFile, PortalMessage, Submission
        from .permissions import PortalAction

        register_actions(PortalAction)
        # The pending report holds the reporter's identity: never copied into the audit trail.
        audit.register(Submission, exclude_fields=["receipt_hash", "idempotency_hash",
                                                   "fingerprint", "pending_report"])
        audit.register(PortalMessage)
        audit.register(MessageFile)
        register_nav(label=_("Portal reports"), url_name="portal:inbox", order=35,
                     visible=may_use(PortalAction.RESPOND))
        subscribe(CaseStepTaken, services.record_case_step)
        documents.register_document_kinds()
