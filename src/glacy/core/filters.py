"""Filters of the audit trail page (django-filter): dates in the user's time zone, person, action."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core import labels
from glacy.core.models import AuditEvent
from glacy.core.widgets import PickerSelect


def day_start(day: datetime.date) -> datetime.datetime:
    """The first instant of `day` in the user's time zone (an index-friendly bound, no date function)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DateInput(forms.DateInput):
    input_type = "date"


def date_range_filter(field: str, *, until: bool) -> django_filters.DateFilter:
    """`field` from the start of a day (or until its end) in the user's time zone."""

    def apply(queryset: QuerySet[Any], name: str, value: datetime.date | None) -> QuerySet[Any]:
        if not value:
            return queryset
        if until:
            return queryset.filter(**{f"{field}__lt": day_start(value + datetime.timedelta(days=1))})
        return queryset.filter(**{f"{field}__gte": day_start(value)})

    return django_filters.DateFilter(label=_("Until (day)") if until else _("From (day)"), method=apply,
                                     widget=DateInput)


def action_choices() -> list[tuple[str, str]]:
    return sorted(((code, labels.label("audit_action", code)) for code in labels.audit_action_codes()),
                  key=lambda pair: pair[1].lower())


class AuditEventFilter(django_filters.FilterSet):
    """What an administrator narrows the audit trail by. Every filter uses an indexed column."""

    since = date_range_filter("occurred_at", until=False)
    until = date_range_filter("occurred_at", until=True)
    actor = django_filters.ModelChoiceFilter(label=_("Who"), queryset=None, widget=PickerSelect,
                                             empty_label=_("anyone"))
    action = django_filters.ChoiceFilter(label=_("Action"), choices=action_choices, widget=PickerSelect,
                                         empty_label=_("any action"))
    o = django_filters.OrderingFilter(fields=(("occurred_at", "time"),), label=_("Order"),
                                      widget=forms.HiddenInput)

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def __init__(self, *args: Any, actors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["actor"].queryset = actors
