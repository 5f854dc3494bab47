"""List filters: an unknown object in a filter (`?case=<uuid of no visible case>`) matches nothing and answers
an empty list — it does not reveal whether the object exists elsewhere — while a value outside a documented
set of choices (`?status=bogus`) is still refused with 400."""

from __future__ import annotations

from typing import Any

from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter, utils
from django_filters.rest_framework import DjangoFilterBackend


class ScopedFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if filterset.is_valid():
            return filterset.qs
        object_filters = (ModelChoiceFilter, ModelMultipleChoiceFilter)
        if all(isinstance(filterset.filters.get(name), object_filters) for name in filterset.errors):
            return queryset.none()
        raise utils.translate_validation(filterset.errors)
