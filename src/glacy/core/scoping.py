"""Looking up objects within what a user may see: a missing object and a foreign one look the same."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

ModelT = TypeVar("ModelT", bound=Model)


def get_visible_or_404(queryset: QuerySet[ModelT], **lookup: Any) -> ModelT:
    """Return the one object of an already-scoped queryset or raise Http404.

    The queryset must come from a selector that filtered by the user's authority, so an object of
    another authority raises the same 404 as a missing one and identifiers cannot be probed.
    """
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
