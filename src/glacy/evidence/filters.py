"""Filters of the evidence list (django-filter)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from glacy.core.widgets import PickerSelect
from glacy.evidence.models import EvidenceItem


def _exhibit_prefix(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    text = (value or "").strip().upper()
    return queryset.filter(exhibit_number__startswith=text) if text else queryset


class EvidenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Exhibit number starts with"), method=_exhibit_prefix)
    sha256 = django_filters.CharFilter(label=_("SHA-256"), method="filter_sha256")
    case = django_filters.ModelChoiceFilter(label=_("Case"), queryset=None, widget=PickerSelect,
                                            empty_label=_("any case"))
    source = django_filters.ChoiceFilter(label=_("Source"), choices=EvidenceItem.Source.choices,
                                         empty_label=_("any source"))
    mismatch = django_filters.BooleanFilter(label=_("Only hashes that do not match the acquisition report"),
                                            method="filter_mismatch", widget=forms.CheckboxInput)
    o = django_filters.OrderingFilter(fields=(("created_at", "ingested"), ("exhibit_number", "exhibit"),
                                              ("acquired_at", "acquired")), widget=forms.HiddenInput)

    class Meta:
        model = EvidenceItem
        fields: list[str] = []

    def __init__(self, *args: Any, cases: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["case"].queryset = cases

    def filter_sha256(self, queryset: QuerySet[EvidenceItem], name: str, value: str) -> QuerySet[EvidenceItem]:
        text = (value or "").strip().lower()
        return queryset.filter(sha256=text) if text else queryset

    def filter_mismatch(self, queryset: QuerySet[EvidenceItem], name: str,
                        value: bool | None) -> QuerySet[EvidenceItem]:
        return queryset.filter(stated_hashes_match=False) if value else queryset
