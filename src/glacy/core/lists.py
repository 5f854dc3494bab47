"""What every list page shares: a page of rows without counting the whole table, sort links, CSV/XLSX export.

Lists (cases, requests, evidence, audit trail) filter and sort with django-filter (a ``FilterSet`` with an
``OrderingFilter`` over indexed columns) and show 50 rows a page. A page is read as LIMIT 51 OFFSET n: the
51st row only says that a next page exists, so no ``COUNT(*)`` runs over a table of a million audit events.
An export writes every row the filters select (CSV streamed, XLSX up to ``XLSX_MAX_ROWS``) with the same
words and zoned times as the page.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from glacy.core.labels import when_text

PAGE_SIZE = 50
XLSX_MAX_ROWS = 100_000
EXPORT_FORMATS = frozenset({"csv", "xlsx"})


class UncountedPage:
    """One page of a list read without counting the list (the Page interface templates and tags use)."""

    is_counted = False

    def __init__(self, rows: list[Any], number: int, has_next: bool) -> None:
        self.object_list, self.number, self._has_next = rows, number, has_next

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.object_list else 0

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


def page_of(rows: QuerySet[Any], number: object, *, size: int = PAGE_SIZE) -> UncountedPage:
    """Page `number` (1 when missing or not a positive number) of `rows`: one query, no count."""
    try:
        page = max(1, int(str(number)))
    except (TypeError, ValueError):
        page = 1
    start = (page - 1) * size
    fetched = list(rows[start:start + size + 1])
    return UncountedPage(fetched[:size], page, has_next=len(fetched) > size)


@dataclass(frozen=True)
class Column:
    """One exported column: its heading and how to read it from a row (already in words)."""

    heading: str | Promise
    value: Callable[[Any], object]


def _cell(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return when_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    return value if isinstance(value, int | float) else str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_response(rows: Iterable[Any], columns: Sequence[Column], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    # The rows are written after the view returns: keep the user's language and time zone for them.
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def lines() -> Iterator[str]:
        with translation.override(language), timezone.override(zone):
            yield "\ufeff"  # a byte-order mark, so that spreadsheet programs read the file as UTF-8
            yield writer.writerow([str(column.heading) for column in columns])
            for row in rows:
                yield writer.writerow([_cell(column.value(row)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_response(rows: Iterable[Any], columns: Sequence[Column], filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    sheet.append([str(column.heading) for column in columns])
    for written, row in enumerate(rows):
        if written == XLSX_MAX_ROWS:
            sheet.append([_("Only the first %(count)s rows are exported in XLSX; export CSV for all of them.")
                          % {"count": XLSX_MAX_ROWS}])
            break
        sheet.append([_cell(column.value(row)) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(request: HttpRequest, rows: QuerySet[Any], columns: Sequence[Column],
                    filename: str) -> HttpResponse | StreamingHttpResponse | None:
    """The export asked for with ``?export=csv`` or ``?export=xlsx``, or None when none is asked."""
    kind = request.GET.get("export", "")
    if kind not in EXPORT_FORMATS:
        return None
    stream = rows.iterator(chunk_size=2000)
    if kind == "csv":
        return _csv_response(stream, columns, filename)
    return _xlsx_response(stream, columns, filename)
