"""Reading one row by a unique key on the message path."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

Row = TypeVar("Row", bound=models.Model)


def one(queryset: models.QuerySet[Row]) -> Row | None:
    """The row `queryset` selects by a unique key, or None. Unlike `first()` it adds no ORDER BY: on the inbox's
    path, compiling the ordering cost more than running the query."""
    rows = list(queryset.order_by()[:1])
    return rows[0] if rows else None
