"""Peers: the other nodes this node exchanges with, trusted because an administrator confirmed their key."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class Peer(BaseModel):
    """Another GLACY node, added by importing its signed identity document after confirming its key's
    fingerprint through another channel (telephone, letter, meeting). Its key history is stored with this
    node's (`KeyStatement`, by node name) and extended only by statements its current key signs.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")  # nothing is sent to it or accepted from it until resumed
        LEFT = "left", _("left the network")

    node = models.CharField(_("node"), max_length=63, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    base_url = models.URLField(_("address"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    identity_document = models.TextField(_("signed identity document"))
    identity_issued_at = models.DateTimeField(_("identity document issued"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    directory_issued_at = models.DateTimeField(_("directory published"), null=True, blank=True)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    last_error = models.TextField(_("last delivery error"), blank=True)
    last_error_at = models.DateTimeField(_("last delivery error at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("peer node")
        verbose_name_plural = _("peer nodes")

    def __str__(self) -> str:
        return f"{self.name} ({self.node})"


class PeerKeyConfirmation(BaseModel):
    """An administrator's statement that a peer's key fingerprint was confirmed out of band, and how."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="confirmations")
    fingerprint = models.CharField(_("key fingerprint"), max_length=64)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    confirmed_by_name = models.CharField(_("confirmed by"), max_length=200)
    channel = models.CharField(_("how it was confirmed"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at"]
        verbose_name = _("confirmed peer key")
        verbose_name_plural = _("confirmed peer keys")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["peer", "fingerprint"], name="peer_key_confirmed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.peer.node} {self.fingerprint[:16]}…"
