from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app and e-mail notifications of work waiting: domain services call `services.notify_*`."""

    name = "glacy.notifications"
    label = "notifications"
    verbose_name = _("notifications")
    default_auto_field = "django.db.models.BigAutoField"
