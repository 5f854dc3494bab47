"""Notifications of work waiting for a person, and how each person wants to hear about it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """What a notification is about. Each has its own e-mail template (templates/notifications/email/)."""

    REQUEST_RECEIVED = "request_received", _("new incoming request")
    APPROVAL_NEEDED = "approval_needed", _("request waiting for approval")
    STATE_CHANGED = "state_changed", _("request moved to another step")
    DEADLINE_APPROACHING = "deadline_approaching", _("deadline approaching")
    DEADLINE_PASSED = "deadline_passed", _("deadline passed")


class Notification(models.Model):
    """One notice to one person. `key` makes delivery idempotent: the same notice is never created twice."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event_type = models.CharField(_("kind"), max_length=30, choices=EventType.choices)
    key = models.CharField(max_length=200)
    request = models.ForeignKey("cooperation.Request", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+")
    is_urgent = models.BooleanField(_("urgent"), default=False)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints: ClassVar = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["emailed_at", "recipient"], name="notification_to_email"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.event_type} {self.key}"


class Preferences(models.Model):
    """How one person wants to be told. Urgent notices are always e-mailed at once (a 24/7 desk must not
    miss them); the others follow `email`."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("one e-mail per notification")
        DIGEST = "digest", _("one digest e-mail a day")
        NONE = "none", _("no e-mail, only on the platform")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preferences")
    email = models.CharField(_("e-mail for non-urgent notifications"), max_length=10, choices=Email.choices,
                             default=Email.DIGEST)
    muted = models.JSONField(_("kinds not wanted"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"
