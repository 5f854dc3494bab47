"""Filters of the case and request lists (django-filter), each on an indexed column.

The reference search is a prefix match on the upper-cased reference (references are upper case:
``GH-MLA-2026-0042``), which the unique index on ``reference`` serves; "due" and "overdue" read the stored
``next_deadline_at`` (indexed), never a computed deadline.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case, Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.workflow import Status
from glacy.core.widgets import PickerSelect
from glacy.directory.models import Authority

DUE_WITHIN = datetime.timedelta(days=7)


def _reference_prefix(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    text = (value or "").strip().upper()
    return queryset.filter(reference__startswith=text) if text else queryset


def _type_choices() -> list[tuple[str, str]]:
    return [(item.code, str(item.title)) for item in catalogue.TYPES]


def authority_choices_queryset() -> QuerySet[Authority]:
    """Authorities for the picker, with their country (the label reads "name – country")."""
    return Authority.objects.filter(is_active=True).select_related("country").order_by("country__code", "name")


class AuthorityPickerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Authority) -> str:
        return f"{obj.display_name} – {obj.country.name}"


class AuthorityFilter(django_filters.ModelChoiceFilter):
    field_class = AuthorityPickerField


class RequestFilter(django_filters.FilterSet):
    """Narrow the requests of the user's authority; the user's authority is given by the view."""

    q = django_filters.CharFilter(label=_("Reference starts with"), method=_reference_prefix)
    direction = django_filters.ChoiceFilter(label=_("Direction"), method="filter_direction", empty_label=_("both"),
                                            choices=(("outgoing", _("sent by us")), ("incoming", _("received"))))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("any status"))
    request_type = django_filters.ChoiceFilter(label=_("Type"), choices=_type_choices, widget=PickerSelect,
                                               empty_label=_("any type"))
    other = AuthorityFilter(label=_("Other authority"), queryset=authority_choices_queryset(),
                            method="filter_other", widget=PickerSelect, empty_label=_("any authority"))
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline"), method="filter_deadline", empty_label=_("any"),
        choices=(("due", _("due within 7 days or overdue")), ("overdue", _("overdue"))))
    o = django_filters.OrderingFilter(
        fields=(("created_at", "created"), ("reference", "reference"), ("next_deadline_at", "deadline"),
                ("status", "status")), widget=forms.HiddenInput)

    class Meta:
        model = Request
        fields: list[str] = []

    def __init__(self, *args: Any, authority_id: Any, now: datetime.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority_id, self.now = authority_id, now or timezone.now()
        self.filters["other"].queryset = authority_choices_queryset().exclude(pk=authority_id)

    def filter_direction(self, queryset: QuerySet[Request], name: str, value: str) -> QuerySet[Request]:
        if value == "outgoing":
            return queryset.filter(requesting_authority_id=self.authority_id)
        if value == "incoming":
            return queryset.filter(requested_authority_id=self.authority_id)
        return queryset

    def filter_other(self, queryset: QuerySet[Request], name: str, value: Authority | None) -> QuerySet[Request]:
        if value is None:
            return queryset
        return queryset.filter(Q(requesting_authority=value) | Q(requested_authority=value))

    def filter_deadline(self, queryset: QuerySet[Request], name: str, value: str) -> QuerySet[Request]:
        if value == "overdue":
            return queryset.filter(next_deadline_at__lt=self.now)
        if value == "due":
            return queryset.filter(next_deadline_at__lte=self.now + DUE_WITHIN)
        return queryset


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Reference starts with"), method=_reference_prefix)
    title = django_filters.CharFilter(label=_("Title contains"), lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Case.Status.choices, empty_label=_("any status"))
    is_urgent = django_filters.BooleanFilter(label=_("Urgent only"), method="filter_urgent",
                                             widget=forms.CheckboxInput)
    o = django_filters.OrderingFilter(fields=(("created_at", "opened"), ("reference", "reference")),
                                      widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_urgent(self, queryset: QuerySet[Case], name: str, value: bool | None) -> QuerySet[Case]:
        return queryset.filter(is_urgent=True) if value else queryset
