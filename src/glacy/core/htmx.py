"""Small helpers for pages that update part of themselves with htmx and still work without JavaScript."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_partial(
    request: HttpRequest, *, template: str, partial: str, context: dict[str, Any], status: int = 200,
) -> HttpResponse:
    """Render only the fragment for htmx requests (e.g. a live search), the whole page otherwise."""
    is_htmx = bool(getattr(request, "htmx", False))
    return render(request, partial if is_htmx else template, context, status=status)


def form_errors_from(exception_errors: dict[str, list[str]], form: Any) -> None:
    """Copy field-level errors from a ValidationFailed onto a Django form for re-display."""
    for field, messages in exception_errors.items():
        target = field if field in form.fields else None
        for message in messages:
            if message not in form.errors.get(target or "__all__", []):  # the form's own check said it already
                form.add_error(target, message)
