from django.contrib import admin

from glacy.cooperation.models import Case, Request, RequestCondition, RequestEvent
from glacy.core.admin_mixins import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("reference", "title", "authority", "status", "is_urgent")


@admin.register(Request)
class RequestAdmin(ReadOnlyAdmin):
    list_display = ("reference", "request_type", "requesting_authority", "requested_authority", "status",
                    "next_deadline_at")
    list_filter = ("request_type", "status")


@admin.register(RequestEvent)
class RequestEventAdmin(ReadOnlyAdmin):
    list_display = ("request", "action", "from_status", "to_status", "actor_name", "created_at")


@admin.register(RequestCondition)
class RequestConditionAdmin(ReadOnlyAdmin):
    list_display = ("request", "kind", "article", "imposed_by", "state")
