"""Key histories as data: every statement that created, rotated or revoked a node's key, kept verbatim."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyStatementQuerySet(models.QuerySet["KeyStatement"]):
    """Key statements may be read and added, never changed or removed through the ORM."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("Key statements are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Key statements are append-only.")


class KeyStatement(models.Model):
    """One signed statement of a node's key history (this node's or a peer's), as the signer wrote it.

    ``statement`` is the compact JWS itself; the other columns index it (which node, which position, which
    key it introduces or revokes) and are checked against it whenever the history is read
    (`glacy.exchange.keys`). Each statement names the hash of the one before it and is signed by the key the
    history says was current, so a history can be verified from its first statement by anyone (keyhistory.py).
    Append-only in the ORM and, like the audit trail, by a database trigger (migration 0002).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("signing key created")
        ROTATE = "rotate", _("signing key rotated")
        ENCRYPTION = "encryption", _("encryption key introduced")
        REVOKE = "revoke", _("key revoked")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    node = models.CharField(_("node"), max_length=63, db_index=True)
    sequence = models.PositiveIntegerField(_("position in the history"))
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    statement = models.TextField(_("signed statement (JWS)"))
    statement_hash = models.CharField(max_length=64, unique=True)
    signer_fingerprint = models.CharField(_("signed by key"), max_length=64)
    key_fingerprint = models.CharField(_("key introduced"), max_length=64, blank=True)
    revoked_fingerprint = models.CharField(_("key revoked"), max_length=64, blank=True)
    stated_at = models.DateTimeField(_("time of the statement"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects: ClassVar[KeyStatementQuerySet] = KeyStatementQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering: ClassVar = ["node", "sequence"]
        verbose_name = _("key statement")
        verbose_name_plural = _("key statements")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["node", "sequence"], name="key_statement_once_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.node} #{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Key statements are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Key statements are append-only.")
