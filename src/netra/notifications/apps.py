from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications: each user's list of what happened that concerns them, with an
    unread count in the header (``context_processors.header``, the count loaded by htmx).
    Apps create them through ``services.notify`` (cases does, with the e-mail, after the
    transaction commits); ``core`` knows nothing of them."""

    name = "netra.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from netra.core.access import register_unscoped
        from netra.core.audit import register

        from . import models

        register(models.Notification)
        register_unscoped("notifications:notification_list",
                          "each user's own notifications; no scoped data")
        register_unscoped("notifications:mark_read",
                          "owner only: another user's notification answers 404 (tests)")
        register_unscoped("notifications:mark_all_read", "each user's own notifications")
        register_unscoped("notifications:unread_count", "the user's own unread count")
