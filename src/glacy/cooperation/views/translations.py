"""Attaching a translation of a request's free text (the requesting side), entered by a person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from glacy.cooperation import selectors
from glacy.cooperation.forms import TranslationForm
from glacy.cooperation.services.translations import (
    LANGUAGES,
    language_name,
    may_attach_translation,
    request_translation_save,
)
from glacy.core.errors import DomainError, ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest


def _initial(request: AuthenticatedRequest, item: object) -> dict[str, object]:
    """The language the requested authority works in (first accepted one the request is not written in) and
    the user as translator; the text of an existing translation in that language."""
    accepted = [code for code in (item.requested_authority.accepted_languages or [])  # type: ignore[attr-defined]
                if code in LANGUAGES and code != item.document_language]  # type: ignore[attr-defined]
    language = request.GET.get("language") or (accepted[0] if accepted else "")
    initial: dict[str, object] = {"language": language,
                                  "translator": request.user.get_full_name() or request.user.get_username()}
    existing = item.translations.filter(language=language).first()  # type: ignore[attr-defined]
    if existing is not None:
        initial |= {"method": existing.method, "translator": existing.translator,
                    **{f"text_{name}": text for name, text in existing.texts.items()}}
    return initial


@login_required
def request_translation(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user).select_related("requested_authority"),
                              pk=request_id)
    if not selectors.is_requesting_side(user=request.user, request=item):
        raise Http404  # the requested side reads translations on the request page; it does not attach them
    if not (request.user.has_role(Role.DRAFTER) or request.user.has_role(Role.APPROVER)):
        messages.error(request, _("Attaching a translation needs the drafter or approver role."))
        return redirect("request-detail", request_id=item.pk)
    form = TranslationForm(request.POST or None, request=item, initial=_initial(request, item))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                request_translation_save(actor=request.user, request=item, language=form.cleaned_data["language"],
                                         texts=form.texts(), method=form.cleaned_data["method"],
                                         translator=form.cleaned_data["translator"])
            except ValidationFailed as error:
                form_errors_from({f"text_{name}" if f"text_{name}" in form.fields else name: messages_
                                  for name, messages_ in error.errors.items()}, form)
            except DomainError as error:
                form_errors_from({"__all__": [error.text]}, form)
            else:
                messages.success(request, _("Translation into %(language)s attached.") % {
                    "language": language_name(form.cleaned_data["language"], in_sentence=True)})
                return redirect("request-detail", request_id=item.pk)
        status = 400
    return render(request, "cooperation/request_translation.html", {
        "item": item, "form": form, "may_attach": may_attach_translation(item),
        "original_language": language_name(item.document_language, in_sentence=True)}, status=status)
