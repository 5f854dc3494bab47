"""What the completeness checks look at: the request, the two authorities, and what a finding says."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from glacy.cooperation.rules.catalogue import RequestType


@dataclass(frozen=True)
class Problem:
    field: str
    message: str | Promise
    citation: str


@dataclass(frozen=True)
class AuthorityFacts:
    name: str
    kind: str
    office_hours: str
    is_available_24_7: bool
    time_zone: str
    accepted_languages: tuple[str, ...]


@dataclass(frozen=True)
class RequestFacts:
    """The request as the check sees it (built from the stored request by `cooperation.facts`)."""

    request_type: RequestType
    content: Mapping[str, Any]
    identifier_count: int
    offence_articles: frozenset[str] = frozenset()
    is_urgent: bool = False
    urgent_means: str = ""
    route: str = ""
    applicable_treaty: str = ""
    document_language: str = "en"
