"""Attaching a translation of a request's free text (issue 11: "the free text of a request cannot be given in
the language of the requested Party").

A person enters the translation and says how it was made; the platform never translates by machine. The
original stays the request: the translation is shown beside it, to the requested side in its language, with
who translated it and how. It may be attached while the request is a draft (it is then approved with it) or
once it was sent and until it is closed (the requested side asked for one); never between submission for
approval and sending, which would change what the approver saw.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import global_settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Request, RequestTranslation
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.rules.workflow import BEFORE_SENDING, FINAL, Status
from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role

#: Languages a translation may be in: Django's list of language names (ISO 639-1 codes and a few regional ones).
LANGUAGES: dict[str, Any] = {code: _(name) for code, name in global_settings.LANGUAGES}


def language_name(code: str, *, in_sentence: bool = False) -> str:
    """The language's name in the reader's language ("French", "français"); inside a French sentence without
    its capital ("traduit en anglais"), as French writes language names."""
    from django.utils.translation import get_language

    name = str(LANGUAGES.get(code, code))
    if in_sentence and (get_language() or "").startswith("fr"):
        return name[:1].lower() + name[1:]
    return name
MAX_TEXT = 20000


def free_text_items(request: Request) -> list[str]:
    """The request's content items written in words (not yes/no, choices or numbers) that have text."""
    return [name for name, value in request.content.items()
            if name in FIELDS and FIELDS[name].kind in {"text", "longtext"} and isinstance(value, str)
            and value.strip()]


def may_attach_translation(request: Request) -> bool:
    return request.status == Status.DRAFT or (request.status not in BEFORE_SENDING and request.status not in FINAL)


@transaction.atomic
def request_translation_save(*, actor: Any, request: Request, language: str, texts: Mapping[str, Any],
                             method: str, translator: str) -> RequestTranslation:
    """Attach (or replace) the translation of the request's free text into `language`; audited and recorded in
    the request's history."""
    from glacy.cooperation.services.requests import timeline_add

    request = Request.objects.select_for_update().get(pk=request.pk)
    require_role(actor, Role.DRAFTER, Role.APPROVER)
    if request.requesting_authority_id != actor.authority_id or request.registration not in {"", "confirmed"}:
        raise PermissionDenied(_("Only the requesting authority attaches a translation of its request."))
    if not may_attach_translation(request):
        raise ValidationFailed({"status": [str(_(
            "A translation is attached to a draft, or to a request sent and not yet closed; return the request to "
            "draft to change what the approver saw."))]})
    errors: dict[str, list[str]] = {}
    language = str(language or "").strip()
    if language not in LANGUAGES:
        errors["language"] = [str(_("Choose the language of the translation."))]
    elif language == request.document_language:
        errors["language"] = [str(_("The request is written in this language already."))]
    if method not in RequestTranslation.Method.values:
        errors["method"] = [str(_("Say how the translation was made."))]
    translator = str(translator or "").strip()
    if not translator:
        errors["translator"] = [str(_("Name the person who translated or checked the text."))]
    elif len(translator) > 200:
        errors["translator"] = [str(_("At most 200 characters."))]
    items = set(free_text_items(request))
    cleaned = {}
    for name, value in texts.items():
        text = str(value or "").strip()
        if name not in items:
            errors[name] = [str(_("This item has no text to translate in this request."))]
        elif len(text) > MAX_TEXT:
            errors[name] = [str(_("At most 20,000 characters."))]
        elif text:
            cleaned[name] = text
    if not cleaned and not errors:
        errors["__all__"] = [str(_("Translate at least one item."))]
    if errors:
        raise ValidationFailed(errors)
    existing = RequestTranslation.objects.filter(request=request, language=language).first()
    before = {"texts": existing.texts, "method": existing.method, "translator": existing.translator} \
        if existing is not None else None
    translation, _created = RequestTranslation.objects.update_or_create(
        request=request, language=language,
        defaults={"texts": cleaned, "method": method, "translator": translator, "created_by": actor})
    timeline_add(request=request, actor=actor, action="attach_translation", note=translator,
                 details={"language": language, "method": method})
    record_event(actor=actor, action="request.attach_translation", obj=request, before=before,
                 after={"language": language, "method": method, "translator": translator, "texts": cleaned})
    return translation


def translation_for_reader(request: Request, *, language: str) -> RequestTranslation | None:
    """The translation a reader of the requested side reads: in the reader's language, else in the first
    language the requested authority accepts; none when the request is written in that language."""
    translations = {item.language: item for item in request.translations.all()}
    if not translations or language == request.document_language:
        return None
    if language in translations:
        return translations[language]
    for accepted in request.requested_authority.accepted_languages or []:
        if accepted in translations and accepted != request.document_language:
            return translations[accepted]
    return None
