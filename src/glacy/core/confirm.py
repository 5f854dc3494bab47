"""Confirmation of irreversible actions, with and without JavaScript.

A form for an irreversible action carries ``data-confirm="question"``: with JavaScript, ``ui.js`` asks in a
``<dialog>`` and posts ``confirmed=yes``. Without JavaScript the post arrives unconfirmed, and the view answers
with ``confirmation_page(...)``: the question and the same form again (every posted value kept) with
``confirmed=yes``. The view acts only on a confirmed post::

    if (page := confirmation_page(request, question=..., confirm_label=..., cancel_url=...)) is not None:
        return page
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise


def is_confirmed(request: HttpRequest) -> bool:
    """Whether the person confirmed the action (the dialog or the confirmation page)."""
    return request.POST.get("confirmed") == "yes"


def confirmation_page(request: HttpRequest, *, question: str | Promise, confirm_label: str | Promise,
                      cancel_url: str, title: str | Promise | None = None,
                      details: str | Promise | None = None) -> HttpResponse | None:
    """None when the post is confirmed; otherwise the page that asks (nothing has changed yet)."""
    if is_confirmed(request):
        return None
    fields = [(name, value) for name, values in request.POST.lists() if name not in {"csrfmiddlewaretoken", "confirmed"}
              for value in values]
    return render(request, "core/confirm.html", {
        "question": question, "confirm_label": confirm_label, "cancel_url": cancel_url, "title": title,
        "details": details, "fields": fields, "action": request.get_full_path(),
    })
