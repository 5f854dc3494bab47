"""Importing a law: extract its text, segment it into provisions, store the mapper's suggestions.

All or nothing: the text is extracted, segmented and mapped before the transaction opens, and the law, its
provisions, the suggestions and the audit event are written in one short transaction (at most MAX_PROVISIONS
provisions, written in batches), so a refused or failed import leaves nothing behind and never holds the database
for long. Large files and PDFs are imported by the background worker, whatever the entry point (page or API).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.core.services import validate_instance
from glacy.directory.models import Country
from glacy.legislation.extract import MAX_BYTES, ExtractionError, document_format, extract_text
from glacy.legislation.mapper import detect_language, needs_review
from glacy.legislation.models import Law, Provision, Suggestion
from glacy.legislation.ranker import rank
from glacy.legislation.segmenter import segment
from glacy.treaty.models import Article

#: How many suggestions are kept per provision for the reviewer.
SUGGESTIONS_PER_PROVISION = 3
#: The most provisions one import may hold: a whole national code has a few thousand; more means a compilation
#: (or a hostile file) that would hold the import transaction and the review pages too long. Split it by Part.
MAX_PROVISIONS = 5000
BATCH = 500


def read_law_upload(upload: Any) -> bytes:
    """The bytes of an uploaded law, refused before reading when it is over the size limit (memory stays flat)."""
    if upload is None:
        raise ValidationFailed({"file": [_("Choose the file of the law.")]})
    if (upload.size or 0) > MAX_BYTES:
        raise ValidationFailed({"file": [_("The file is larger than %(megabytes)s MB.") % {
            "megabytes": MAX_BYTES // (1024 * 1024)}]})
    return bytes(upload.read())


class LongerThanImmediate(Exception):
    """The text has more provisions than the caller maps at once (inside a web request): nothing was written;
    the caller hands the same upload to the background worker instead."""


def law_import(*, actor: Any, country_code: str, title: str, file_name: str, data: bytes,
               kind: str = Law.Kind.ACT, language: str = "", adopted_on: datetime.date | None = None,
               progress: Callable[[str, int, int], None] | None = None,
               immediate_limit: int | None = None) -> Law:
    """Import a law of `country_code` for review by the actor's authority; returns the law with its provisions.

    The slow work (extraction, segmentation, mapping) runs before the transaction; the writes and the audit
    event are one transaction. `progress(step, done, total)` reports "extracting" (pages of a PDF) and
    "mapping" (provisions) from outside the transaction, so a job can record it for the page to show. With
    `immediate_limit`, a text of more provisions raises LongerThanImmediate once segmented (mapping is the slow
    part: about 13 ms a provision), before anything is written.
    """
    report = progress or (lambda step, done, total: None)
    require_role(actor, Role.REVIEWER)
    if actor.authority_id is None:
        raise PermissionDenied(_("Your account belongs to no authority."))
    errors: dict[str, list[Any]] = {}
    country = Country.objects.filter(code=(country_code or "").upper()).first()
    if country is None:
        errors["country"] = [_("Choose a country from the list.")]
    if not (title or "").strip():
        errors["title"] = [_("Give the law's title.")]
    if language and language not in Law.Language.values:
        errors["language"] = [_("The text must be in English or French.")]
    if errors or country is None:
        raise ValidationFailed(errors)
    digest = hashlib.sha256(data).hexdigest()
    _refuse_duplicate(actor, digest)
    try:
        text = extract_text(data, progress=lambda done, total: report("extracting", done, total))
    except ExtractionError as error:
        raise ValidationFailed({"file": [str(error.message)]}) from error
    provisions = segment(text)
    if not provisions:
        raise ValidationFailed({"file": [_(
            "No provision was found: the text has no numbered sections or articles "
            "(“Section 4”, “Article 323-1”, “Art. 5 bis”).")]})
    if len(provisions) > MAX_PROVISIONS:
        raise ValidationFailed({"file": [_(
            "The text has %(count)s provisions; at most %(limit)s can be reviewed in one import. Import the law "
            "in parts (for example one file per Part or Book).") % {
                "count": len(provisions), "limit": MAX_PROVISIONS}]})
    if immediate_limit is not None and len(provisions) > immediate_limit:
        raise LongerThanImmediate(len(provisions))
    chosen_language = language or detect_language(text[:20000])
    proposals = []
    for number, found in enumerate(provisions, start=1):
        proposals.append(rank(found, language=chosen_language, top=SUGGESTIONS_PER_PROVISION))
        if number % 25 == 0 or number == len(provisions):
            report("mapping", number, len(provisions))
    law = Law(authority_id=actor.authority_id, country=country, title=title.strip(), kind=kind,
              language=chosen_language, adopted_on=adopted_on, source_name=(file_name or "law")[:255],
              source_format=document_format(data), source_sha256=digest, text=text, imported_by=actor)
    validate_instance(law)
    with transaction.atomic():
        _refuse_duplicate(actor, digest)  # again inside the transaction: another import may have finished
        law.save()
        rows = Provision.objects.bulk_create([
            Provision(law=law, position=found.position, ref=found.ref[:120], heading=found.heading[:300],
                      text=found.text, context=list(found.context),
                      confidence=round(ranking.suggestions[0].score, 3) if ranking.suggestions else None,
                      nothing_score=round(ranking.nothing_score, 3),
                      needs_review=needs_review([s.score for s in ranking.suggestions]))
            for found, ranking in zip(provisions, proposals, strict=True)], batch_size=BATCH)
        articles = {(article.instrument_id, article.number): article for article in Article.objects.all()}
        suggestions = [
            Suggestion(provision=provision, article=articles[proposal.instrument, proposal.article], rank=order,
                       score=round(proposal.score, 3), coverage=proposal.coverage, reasons=list(proposal.reasons))
            for provision, ranking in zip(rows, proposals, strict=True)
            for order, proposal in enumerate(ranking.suggestions, start=1)
            if (proposal.instrument, proposal.article) in articles]
        Suggestion.objects.bulk_create(suggestions, batch_size=BATCH)
        record_event(actor=actor, action="law.import", obj=law, after={
            "title": law.title, "country": country.code, "file": law.source_name, "sha256": digest,
            "provisions": len(rows), "suggestions": len(suggestions)})
    return law


def _refuse_duplicate(actor: Any, digest: str) -> None:
    existing = Law.objects.filter(authority_id=actor.authority_id, source_sha256=digest).first()
    if existing is not None:
        raise ValidationFailed({"file": [_("This file was already imported as “%(title)s”.") % {
            "title": existing.title}]})
