"""List filters: an unknown object in a filter (`?case=<uuid of no visible case>`) matches nothing and answers
an empty list — it does not reveal whether the object exists elsewhere — while a value outside a documented
set of choices (`?status=bogus`), an empty value where the schema documents a choice, a yes/no or an id
(`?status=`), and a malformed id (`?case=abc`) are refused with 400 naming the parameter."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django_filters import BooleanFilter, CharFilter, ModelChoiceFilter, ModelMultipleChoiceFilter, utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

_OBJECT_FILTERS = (ModelChoiceFilter, ModelMultipleChoiceFilter)
_BOOLEAN_WORDS = {"true", "false", "True", "False", "1", "0"}


def _has_uuid_keys(filter_: Any) -> bool:
    model = getattr(getattr(filter_, "queryset", None), "model", None)
    return model is not None and isinstance(model._meta.pk, models.UUIDField)


def _schema_excludes_empty(filter_: Any) -> bool:
    """Whether the schema types this parameter so that "" is not a valid value (choices, yes/no, UUID, number)."""
    if isinstance(filter_, CharFilter):
        return False
    if isinstance(filter_, _OBJECT_FILTERS):
        return _has_uuid_keys(filter_)
    return True


def _is_malformed_id(filter_: Any, values: list[str]) -> bool:
    """A value that cannot be the id of the filter's objects (a NUL, or not a UUID for UUID keys): invalid input,
    not an unknown object."""
    if any("\x00" in value for value in values):
        return True
    if not _has_uuid_keys(filter_):
        return False
    for value in values:
        try:
            uuid.UUID(value)
        except ValueError:
            return True
    return False


class ScopedFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        params = request.query_params
        # django-filter takes an empty value as "no filter"; the schema gives these parameters a type, a format
        # or a set of choices that "" is not, so the API refuses it rather than ignoring it.
        empty = sorted(name for name, filter_ in filterset.filters.items()
                       if _schema_excludes_empty(filter_) and name in params
                       and any(value == "" for value in params.getlist(name)))
        if empty:
            raise ValidationError({name: [_("Give a value, or leave the parameter out.")] for name in empty})
        # django-filter reads any other word as "no filter" for a yes/no parameter; the schema says boolean.
        not_boolean = sorted(name for name, filter_ in filterset.filters.items()
                             if isinstance(filter_, BooleanFilter) and name in params
                             and any(value not in _BOOLEAN_WORDS for value in params.getlist(name)))
        if not_boolean:
            raise ValidationError({name: [_("Use true or false.")] for name in not_boolean})
        if filterset.is_valid():
            return filterset.qs
        if all(isinstance(filterset.filters.get(name), _OBJECT_FILTERS) for name in filterset.errors):
            malformed = sorted(name for name in filterset.errors
                               if _is_malformed_id(filterset.filters[name], params.getlist(name)))
            if malformed:
                raise ValidationError({name: [_("Enter a valid id.")] for name in malformed})
            return queryset.none()
        raise utils.translate_validation(filterset.errors)
