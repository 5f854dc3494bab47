"""Conditions on the use of what one side supplies to the other, and on the request itself.

Each request has one basis for conditions (`condition_basis`): the article under which the supplier attaches
them, the article under which the other side accepts (and is then bound) or says it cannot comply, the article
that lets the supplier ask how the material was used, and the article recorded on a condition of each kind.

- ETS 185 Art. 26(2): before providing spontaneous information, the providing Party may ask that it be kept
  confidential or used only subject to conditions; the receiving Party accepts (and is bound) or says it
  cannot comply. Conditions are optional.
- Art. 27(8): the requesting Party may ask that the request be kept confidential (a content field, every type).
- Art. 28(2)-(4), where Art. 27 applies (no treaty in force): the requested Party may make the supply depend on
  a) confidentiality, only "where the request for mutual assistance could not be complied with in the absence of
  such condition", or b) use only for the investigations or proceedings stated in the request; the requesting
  Party accepts (then is bound, 28(3)) or says it cannot comply; the supplier may require it to explain the use
  made (28(4)). Art. 28(2) allows no other kind: any other condition is one of Art. 27(6) ("granted … subject to
  such conditions as it deems necessary") and cannot be followed by a 28(4) question.
- Under an applicable treaty (Art. 25(4)) its own clause on conditions governs: recorded as "ETS 185 Art. 25(4)
  (applicable treaty)".
- CETS 224 Art. 8(8)-(9), Art. 9(6)-(7): conditions on a production order or an emergency disclosure, accepted or
  not (8(9)(a), 9(7)(a)), and the explanation of use (8(9)(b), 9(7)(b)).
- CETS 224 Art. 10(7) (emergency assistance without a treaty) and Art. 11(2)(b) (video conferencing) apply ETS 185
  Art. 28(2)-(4); a joint investigation team works under the conditions of its agreement (Art. 12(2)).
- Art. 35 (24/7 network): the Convention says nothing on conditions; the platform lets the point of contact
  attach them as its law allows (a reading).
Material received under conditions shows them wherever it is displayed or exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
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

#: The label of a confidentiality condition under Art. 28(2)(a), which states the treaty's proviso.
CONFIDENTIAL_28_2_A = _("keep confidential (only where the request could not be complied with without this "
                        "condition)")


@dataclass(frozen=True)
class ConditionBasis:
    """Where conditions on what is supplied for a request come from, and what follows from them."""

    article: str
    answer_article: str
    explain_article: str = ""
    #: The article recorded on a condition of each kind (every kind of ConditionKind has one).
    kind_articles: dict[str, str] = field(default_factory=dict)
    #: Kinds whose accepted condition lets the supplier require an explanation of the use made.
    explainable_kinds: frozenset[str] = frozenset()
    reading: str | Promise = ""

    def article_for(self, kind: str) -> str:
        return self.kind_articles.get(kind, self.article)

    def kind_choices(self) -> list[tuple[str, str | Promise]]:
        """The kinds a supplier may choose, labelled as the basis words them (Art. 28(2)(a)'s proviso)."""
        return [(kind, CONFIDENTIAL_28_2_A if kind == ConditionKind.CONFIDENTIAL and "28(2)" in self.article
                 else label) for kind, label in ConditionKind.choices]


def _same(article: str, answer: str, explain: str = "", reading: str | Promise = "") -> ConditionBasis:
    """Every kind under one article (Art. 26(2), CETS 224 Arts 8(8), 9(6), 12(2), the applicable treaty)."""
    return ConditionBasis(article, answer, explain, dict.fromkeys(ConditionKind.values, article),
                          frozenset(ConditionKind.values) if explain else frozenset(), reading)


def _article_28(prefix: str = "", other: str = "ETS 185 Art. 27(6)") -> ConditionBasis:
    """ETS 185 Art. 28(2)-(4), directly or through a CETS 224 article that applies it ("CETS 224 Art. 10(7) (…)")."""
    def cite(article: str) -> str:
        return f"{prefix} ({article})" if prefix else article

    return ConditionBasis(
        cite("ETS 185 Art. 28(2)"), cite("ETS 185 Art. 28(3)"), cite("ETS 185 Art. 28(4)"),
        {ConditionKind.CONFIDENTIAL: cite("ETS 185 Art. 28(2)(a)"), ConditionKind.LIMITED_USE:
         cite("ETS 185 Art. 28(2)(b)"), ConditionKind.OTHER: other},
        frozenset({ConditionKind.CONFIDENTIAL, ConditionKind.LIMITED_USE}))


APPLICABLE_TREATY = "ETS 185 Art. 25(4) (applicable treaty)"
NETWORK_READING = _("The Convention has no rule on conditions for assistance through the 24/7 network; the point of "
                    "contact may attach the conditions its domestic law and practice allow (Art. 35(1)).")
TREATY_READING = _("Where a treaty or arrangement applies, its own clause on conditions governs (Art. 25(4)); the "
                   "platform records the conditions and the answer, without an Art. 28(4) question.")
TEAM_READING = _("A joint investigation team works under the conditions of its agreement (CETS 224 Art. 12(2)).")


def condition_basis(*, request_type: RequestType, article_27_applies: bool) -> ConditionBasis:
    """The basis of conditions on what is supplied for a request of this type (`article_27_applies`: no treaty)."""
    family, code = request_type.family, request_type.code
    if family == Family.SPONTANEOUS:
        return _same("ETS 185 Art. 26(2)", "ETS 185 Art. 26(2)")
    if family == Family.PRODUCTION_ORDER:
        return _same("CETS 224 Art. 8(8)", "CETS 224 Art. 8(9)(a)", "CETS 224 Art. 8(9)(b)")
    if family == Family.EMERGENCY_DISCLOSURE:
        return _same("CETS 224 Art. 9(6)", "CETS 224 Art. 9(7)(a)", "CETS 224 Art. 9(7)(b)")
    if family == Family.NETWORK:
        return _same("ETS 185 Art. 35(1)", "ETS 185 Art. 35(1)", reading=NETWORK_READING)
    if code == "CETS224-11":
        return _article_28("CETS 224 Art. 11(2)(b)", other="CETS 224 Art. 11(2)(b)")
    if code == "CETS224-12":
        return _same("CETS 224 Art. 12(2)", "CETS 224 Art. 12(2)", reading=TEAM_READING)
    if family == Family.MUTUAL_ASSISTANCE and article_27_applies:
        if code == "CETS224-10":
            return _article_28("CETS 224 Art. 10(7)", other="CETS 224 Art. 10(7) (ETS 185 Art. 27(6))")
        return _article_28()
    return _same(APPLICABLE_TREATY, APPLICABLE_TREATY, reading=TREATY_READING)


def condition_article(*, request_type: RequestType, article_27_applies: bool) -> str:
    """The article under which the supplying side attaches conditions to what it supplies for this request."""
    return condition_basis(request_type=request_type, article_27_applies=article_27_applies).article


def _all_bases() -> list[ConditionBasis]:
    from glacy.cooperation.rules.catalogue import TYPES

    return [condition_basis(request_type=item, article_27_applies=applies) for item in TYPES
            for applies in (True, False)]


#: The article recorded on an accepted condition → the article under which the supplier may then require the
#: other side to explain the use made (ETS 185 Art. 28(4); CETS 224 Arts 8(9)(b), 9(7)(b)).
EXPLAIN_ARTICLE: dict[str, str] = {basis.article_for(kind): basis.explain_article for basis in _all_bases()
                                   for kind in basis.explainable_kinds}
EXPLAINABLE_ARTICLES = tuple(sorted(EXPLAIN_ARTICLE))
