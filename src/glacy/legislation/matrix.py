"""Computing a compliance matrix from the mappings reviewers accepted.

Coverage of an article: "full" when at least one mapped provision covers it fully; "partial" when provisions
are mapped but none covers every element, the missing elements being those absent from every mapped
provision (a second provision may supply what the first lacks); "absent" when nothing is mapped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from glacy.legislation.elements import all_element_keys
from glacy.legislation.models import Law, ProvisionMapping
from glacy.legislation.models.assessments import RowCoverage
from glacy.legislation.scope import assessed_articles
from glacy.treaty.models import Article


@dataclass
class ComputedRow:
    article: Article
    coverage: str
    provisions: list[dict[str, Any]] = field(default_factory=list)
    missing_elements: list[str] = field(default_factory=list)


def _provision_snapshot(mapping: ProvisionMapping) -> dict[str, Any]:
    provision = mapping.provision
    return {"provision_id": str(provision.pk), "law_id": str(provision.law_id), "law": provision.law.title,
            "ref": provision.ref, "heading": provision.heading, "text": provision.text,
            "coverage": mapping.coverage, "missing_elements": list(mapping.missing_elements), "note": mapping.note}


def _combined_missing(instrument_code: str, number: str, mappings: list[ProvisionMapping]) -> list[str]:
    missing_everywhere = set.intersection(*(set(mapping.missing_elements) for mapping in mappings))
    order = all_element_keys(instrument_code, number)
    return [key for key in order if key in missing_everywhere] + sorted(missing_everywhere - set(order))


def compute_rows(*, instrument_code: str, laws: Iterable[Law]) -> list[ComputedRow]:
    """One row per assessed article of the instrument (plus any other article a reviewer mapped), in order."""
    mappings = ProvisionMapping.objects.filter(
        provision__law__in=list(laws), article__instrument_id=instrument_code,
    ).select_related("provision__law", "article").order_by("provision__law__title", "provision__position")
    by_article: dict[str, list[ProvisionMapping]] = defaultdict(list)
    for mapping in mappings:
        by_article[mapping.article.number].append(mapping)
    numbers = set(assessed_articles(instrument_code)) | set(by_article)
    articles = Article.objects.filter(instrument_id=instrument_code, number__in=numbers).order_by("position")
    rows = []
    for article in articles:
        mapped = by_article.get(article.number, [])
        if not mapped:
            rows.append(ComputedRow(article, RowCoverage.ABSENT, [],
                                    all_element_keys(instrument_code, article.number)))
        elif any(mapping.coverage == RowCoverage.FULL for mapping in mapped):
            rows.append(ComputedRow(article, RowCoverage.FULL, [_provision_snapshot(item) for item in mapped], []))
        else:
            rows.append(ComputedRow(article, RowCoverage.PARTIAL, [_provision_snapshot(item) for item in mapped],
                                    _combined_missing(instrument_code, article.number, mapped)))
    return rows
