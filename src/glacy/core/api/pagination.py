"""Pagination that refuses what it cannot read: `?offset=abc` or `?limit=-1` answer 400 with the parameter
named, instead of being silently ignored (a client must learn that its paging is wrong)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination


class StrictLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 1000

    def _read(self, request: Any, name: str, *, minimum: int) -> int | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1:
            raise ValidationError({name: [_("Give this parameter once.")]})
        try:
            number = int(values[0])
        except ValueError:
            raise ValidationError({name: [_("Must be a whole number.")]}) from None
        if number < minimum:
            raise ValidationError({name: [_("Must be at least %(minimum)s.") % {"minimum": minimum}]})
        return number

    def get_limit(self, request: Any) -> int | None:
        limit = self._read(request, self.limit_query_param, minimum=1)
        if limit is None:
            return self.default_limit
        return min(limit, self.max_limit) if self.max_limit else limit

    def get_offset(self, request: Any) -> int:
        return self._read(request, self.offset_query_param, minimum=0) or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1 if parameter["name"] == self.limit_query_param else 0
            if parameter["name"] == self.limit_query_param:
                parameter["description"] = f"Number of results to return per page (at most {self.max_limit})."
        return parameters
