"""Base models and the append-only audit trail shared by every domain app."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """A record that may travel between nodes: UUID primary key and creation/update stamps (UTC)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class UploadJob(BaseModel):
    """Work on an uploaded file done by a background worker while a page shows its progress (an evidence
    ingest, a law import). The upload is kept under the data folder until the job ends."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    upload_path = models.CharField(max_length=500)
    original_name = models.CharField(max_length=255)
    options = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Audit events may be read and added, never changed or removed through the ORM."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One change made to the platform's data, by whom, from which entry point, with before/after values.

    Written by services inside the transaction that makes the change, so a change without its audit row
    cannot be committed. The actor's name is copied so the trail stays readable if the account is removed.
    On PostgreSQL a trigger (migration core.0002) also refuses UPDATE and DELETE.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("web page")
        API = "api", _("API")
        CLI = "cli", _("command line")
        JOB = "job", _("background job")
        SYSTEM = "system", _("system")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("actor"), max_length=200)
    authority = models.ForeignKey(
        "directory.Authority", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering: ClassVar = ["-occurred_at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        # An authority's trail, newest first, a page at a time among a million events (issue 11).
        indexes: ClassVar = [models.Index(fields=["authority", "occurred_at"], name="audit_authority_time")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are append-only.")


class ApiToken(BaseModel):
    """A personal API token with scopes; only a SHA-256 digest of the secret is stored."""

    class Scope(models.TextChoices):
        READ = "read", _("read")
        WRITE = "write", _("write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(max_length=8, db_index=True)
    key_digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker process (`glacy db_worker`), for the health check.

    Written every few seconds by a thread of the worker; bookkeeping about the node itself, not a change to
    its records, so no audit event. `loop_at` is the last time the worker's main loop looked for work: if it
    stops moving while no task is running, the loop is dead even though the process still beats.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    loop_at = models.DateTimeField()
    task_name = models.CharField(max_length=255, blank=True)
    task_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"
