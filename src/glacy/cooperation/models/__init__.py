"""Cases and international cooperation requests (ETS 185 Chapter III, CETS 224 Chapter II)."""

from glacy.cooperation.models.cases import Case, CaseSequence
from glacy.cooperation.models.requests import (
    Request,
    RequestCondition,
    RequestDocument,
    RequestEvent,
    RequestIdentifier,
)
from glacy.cooperation.models.translations import RequestTranslation

__all__ = ["Case", "CaseSequence", "Request", "RequestCondition", "RequestDocument", "RequestEvent",
           "RequestIdentifier", "RequestTranslation"]
