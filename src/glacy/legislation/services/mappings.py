"""A reviewer's decisions on suggestions, and mappings made or changed by hand.

A suggestion becomes a mapping only when a reviewer accepts it; rejecting it removes the mapping it had
produced. Every decision and edit is one audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event, snapshot
from glacy.core.errors import ValidationFailed
from glacy.core.services import instance_update
from glacy.legislation.elements import missing_element_keys
from glacy.legislation.models import Provision, ProvisionMapping, Suggestion
from glacy.legislation.models.laws import Coverage
from glacy.legislation.services.access import require_reviewer_of
from glacy.treaty.models import Article

MAPPING_EDITABLE_FIELDS = ("coverage", "note")


def _clean_coverage(value: Any) -> str:
    if value not in Coverage.values:
        raise ValidationFailed({"coverage": [_("Coverage is “full” or “partial”.")]})
    return str(value)


def _mapping_values(provision: Provision, article: Article, coverage: str) -> list[str]:
    """Missing elements of a mapping: none when the reviewer says the provision covers the article fully."""
    if coverage == Coverage.FULL:
        return []
    return missing_element_keys(article.instrument_id, article.number, f"{provision.heading}. {provision.text}")


def _upsert_mapping(*, actor: Any, provision: Provision, article: Article, coverage: str, note: str,
                    suggestion: Suggestion | None) -> ProvisionMapping:
    mapping = ProvisionMapping.objects.filter(provision=provision, article=article).first()
    missing = _mapping_values(provision, article, coverage)
    if mapping is None:
        return ProvisionMapping.objects.create(provision=provision, article=article, coverage=coverage,
                                               missing_elements=missing, note=note, suggestion=suggestion,
                                               created_by=actor)
    mapping.coverage, mapping.missing_elements, mapping.note = coverage, missing, note or mapping.note
    mapping.suggestion = suggestion or mapping.suggestion
    mapping.save()
    return mapping


@transaction.atomic
def suggestion_accept(*, actor: Any, suggestion: Suggestion, coverage: str | None = None,
                      note: str = "") -> ProvisionMapping:
    """Accept the mapper's suggestion (optionally with another coverage): it becomes a mapping."""
    suggestion = Suggestion.objects.select_for_update().select_related("provision__law", "article").get(
        pk=suggestion.pk)
    require_reviewer_of(actor, suggestion.provision.law.authority_id)
    chosen = _clean_coverage(coverage or suggestion.coverage)
    before = {"decision": suggestion.decision}
    suggestion.decision, suggestion.decided_by, suggestion.decided_at = (
        Suggestion.Decision.ACCEPTED, actor, timezone.now())
    suggestion.save(update_fields=["decision", "decided_by", "decided_at", "updated_at"])
    mapping = _upsert_mapping(actor=actor, provision=suggestion.provision, article=suggestion.article,
                              coverage=chosen, note=note.strip(), suggestion=suggestion)
    record_event(actor=actor, action="suggestion.accept", obj=suggestion, before=before, after={
        "decision": suggestion.decision, "provision": suggestion.provision.ref,
        "article": f"{suggestion.article.instrument_id}:{suggestion.article.number}", "coverage": chosen,
        "note": mapping.note})
    return mapping


@transaction.atomic
def suggestion_reject(*, actor: Any, suggestion: Suggestion, note: str = "") -> Suggestion:
    """Reject the suggestion; a mapping it had produced is removed."""
    suggestion = Suggestion.objects.select_for_update().select_related("provision__law", "article").get(
        pk=suggestion.pk)
    require_reviewer_of(actor, suggestion.provision.law.authority_id)
    before = {"decision": suggestion.decision}
    suggestion.decision, suggestion.decided_by, suggestion.decided_at = (
        Suggestion.Decision.REJECTED, actor, timezone.now())
    suggestion.save(update_fields=["decision", "decided_by", "decided_at", "updated_at"])
    removed = ProvisionMapping.objects.filter(provision=suggestion.provision, article=suggestion.article).delete()[0]
    record_event(actor=actor, action="suggestion.reject", obj=suggestion, before=before, after={
        "decision": suggestion.decision, "provision": suggestion.provision.ref,
        "article": f"{suggestion.article.instrument_id}:{suggestion.article.number}", "note": note.strip(),
        "mapping_removed": bool(removed)})
    return suggestion


def parse_article(value: Any) -> Article:
    """An article written "ETS185:2", "ETS 185 Art. 2" or "CETS224:7"."""
    text = str(value or "").upper().replace("ART.", ":").replace("ARTICLE", ":").replace(" ", "")
    instrument, _separator, number = text.partition(":")
    article = Article.objects.filter(instrument_id=instrument, number=number.lstrip(":")).first()
    if article is None:
        raise ValidationFailed({"article": [_("“%(value)s” is not an article of the Convention or its Protocols; "
                                              "write it as ETS185:2, ETS189:3 or CETS224:7.") % {
            "value": str(value or "").strip()}]})
    return article


@transaction.atomic
def mapping_create(*, actor: Any, provision: Provision, article: Any, coverage: str,
                   note: str = "") -> ProvisionMapping:
    """Map a provision to an article by hand (the mapper missed it or proposed another)."""
    provision = Provision.objects.select_related("law").get(pk=provision.pk)
    require_reviewer_of(actor, provision.law.authority_id)
    chosen_article = article if isinstance(article, Article) else parse_article(article)
    chosen = _clean_coverage(coverage)
    if ProvisionMapping.objects.filter(provision=provision, article=chosen_article).exists():
        raise ValidationFailed({"article": [_("This provision is already mapped to that article.")]})
    mapping = _upsert_mapping(actor=actor, provision=provision, article=chosen_article, coverage=chosen,
                              note=note.strip(), suggestion=None)
    Suggestion.objects.filter(provision=provision, article=chosen_article).update(
        decision=Suggestion.Decision.ACCEPTED, decided_by=actor, decided_at=timezone.now())
    record_event(actor=actor, action="mapping.create", obj=mapping, after=snapshot(
        mapping, ["provision", "article", "coverage", "missing_elements", "note"]))
    return mapping


@transaction.atomic
def mapping_update(*, actor: Any, mapping: ProvisionMapping, changes: Mapping[str, Any]) -> ProvisionMapping:
    """Change a mapping's coverage or note; the missing elements follow the coverage."""
    mapping = ProvisionMapping.objects.select_for_update().select_related("provision__law", "article").get(
        pk=mapping.pk)
    require_reviewer_of(actor, mapping.provision.law.authority_id)
    values = dict(changes)
    if "coverage" in values:
        values["coverage"] = _clean_coverage(values["coverage"])
        mapping.missing_elements = _mapping_values(mapping.provision, mapping.article, values["coverage"])
    return instance_update(instance=mapping, changes=values, allowed_fields=MAPPING_EDITABLE_FIELDS, actor=actor,
                           action="mapping.update")


@transaction.atomic
def mapping_delete(*, actor: Any, mapping: ProvisionMapping) -> None:
    """Remove a mapping; the suggestion it came from goes back to "to review"."""
    mapping = ProvisionMapping.objects.select_for_update().select_related("provision__law", "article").get(
        pk=mapping.pk)
    require_reviewer_of(actor, mapping.provision.law.authority_id)
    before = snapshot(mapping, ["provision", "article", "coverage", "missing_elements", "note"])
    Suggestion.objects.filter(provision=mapping.provision, article=mapping.article).update(
        decision=Suggestion.Decision.PENDING, decided_by=None, decided_at=None)
    record_event(actor=actor, action="mapping.delete", obj=mapping, before=before)
    mapping.delete()
