from django.contrib import admin

from glacy.core.admin_mixins import ReadOnlyAdmin
from glacy.core.models import ApiToken, AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "actor_name", "action", "object_repr", "channel")
    list_filter = ("channel", "action")
    search_fields = ("actor_name", "action", "object_id", "object_repr")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "key_prefix", "scopes", "expires_at", "revoked_at", "last_used_at")
    exclude = ("key_digest",)
