"""Conditions on the use of what one side supplies to the other, and on the request itself.

- ETS 185 Art. 26(2): the providing Party may ask, before providing spontaneous information, that it be kept
  confidential or used only subject to conditions; the receiving Party accepts (and is bound) or says it
  cannot comply, and the providing Party decides whether to provide it nevertheless. Conditions are optional.
- Art. 27(8): the requesting Party may ask that the request and its subject be kept confidential; the
  requested Party says if it cannot comply, and the requesting Party decides whether it is executed anyway.
- Art. 28(2)-(4) (no treaty in force): the requested Party may make the supply of information or material
  conditional on confidentiality or on use only for the stated investigations; the requesting Party accepts
  (then is bound) or says it cannot comply; the supplier may later ask it to explain the use made.
- Art. 27(6): before refusing or postponing, conditions under which the request could be granted.
- CETS 224 Art. 8(8)-(9) and Art. 9(6)-(7): the same mechanism for production orders and emergency disclosure.
Material received under conditions shows them wherever it is displayed or exported.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules.catalogue import Family, RequestType


class ConditionKind(models.TextChoices):
    CONFIDENTIAL = "confidential", _("keep confidential")
    LIMITED_USE = "limited_use", _("use only for the investigations or proceedings stated in the request")
    OTHER = "other", _("other condition")


class ConditionState(models.TextChoices):
    PROPOSED = "proposed", _("proposed, awaiting an answer")
    ACCEPTED = "accepted", _("accepted: binding")
    CANNOT_COMPLY = "cannot_comply", _("the other side cannot comply")
    WAIVED = "waived", _("supplied without the condition")


#: Conditions bind only once accepted; until then the material they cover is not supplied.
BINDING = frozenset({ConditionState.ACCEPTED})
SHOWN = frozenset({ConditionState.PROPOSED, ConditionState.ACCEPTED, ConditionState.CANNOT_COMPLY})


def condition_article(*, request_type: RequestType, article_27_applies: bool) -> str:
    """The article under which the supplying side attaches conditions to what it supplies for this request."""
    if request_type.family == Family.SPONTANEOUS:
        return "ETS 185 Art. 26(2)"
    if request_type.family == Family.PRODUCTION_ORDER:
        return "CETS 224 Art. 8(8)"
    if request_type.family == Family.EMERGENCY_DISCLOSURE:
        return "CETS 224 Art. 9(6)"
    if request_type.family == Family.MUTUAL_ASSISTANCE and article_27_applies:
        return "ETS 185 Art. 28(2)"
    return "ETS 185 Art. 27(6)"


#: ETS 185 Art. 28(4): "Any Party that supplies information or material subject to a condition referred to in
#: paragraph 2 may require the other Party to explain … the use made" (also through CETS 224 Art. 10(7)).
EXPLAINABLE_ARTICLES = ("ETS 185 Art. 28(2)",)

ANSWER_ARTICLE = {
    "ETS 185 Art. 26(2)": "ETS 185 Art. 26(2)",
    "ETS 185 Art. 28(2)": "ETS 185 Art. 28(3)",
    "CETS 224 Art. 8(8)": "CETS 224 Art. 8(9)",
    "CETS 224 Art. 9(6)": "CETS 224 Art. 9(7)",
    "ETS 185 Art. 27(6)": "ETS 185 Art. 27(6)",
}
