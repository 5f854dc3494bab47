"""The lawful grounds for refusing, postponing or withholding, per type, and the reasons execution can fail.

The treaty closes the list for preservation (ETS 185 Art. 29(5): "may only be refused if") and for the
Art. 30 disclosure (Art. 30(2): "may only be withheld if"); for mutual assistance the grounds are those of
the requested Party's law or the applicable treaty (Art. 25(4)), plus Art. 27(4) where Art. 27 applies;
CETS 224 Art. 8(8) borrows Arts 25(4), 27(4) and 27(5). A ground is offered only when it can apply to the
request in hand: the offences it names (Arts 2-11 exclude the Art. 29(4) reservation and a refusal solely
as a fiscal offence) and the reservations the requested Party has recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules.catalogue import Family, RequestType

#: The offences of ETS 185 Arts 2-11 (Art. 25(4), Art. 29(4)), as normalised on cases ("ETS185:2" …).
CONVENTION_OFFENCES = frozenset(f"ETS185:{number}" for number in range(2, 12))


@dataclass(frozen=True)
class GroundFacts:
    """What the grounds depend on: the request's offences and treaty basis, the requested Party's reservations."""

    offence_articles: frozenset[str] = frozenset()
    article_27_applies: bool = False
    requested_party_topics: frozenset[str] = frozenset()

    @property
    def names_convention_offence(self) -> bool:
        return bool(self.offence_articles & CONVENTION_OFFENCES)


@dataclass(frozen=True)
class Ground:
    code: str
    label: str | Promise
    article: str
    reading: str | Promise = ""


def _political(article: str) -> Ground:
    return Ground("political_offence", _("Political offence or offence connected with a political offence"), article)


def _interests(article: str) -> Ground:
    return Ground("essential_interests",
                  _("Prejudice to sovereignty, security, ordre public or other essential interests"), article)


LAW_OR_TREATY = Ground("requested_party_law_or_treaty",
                       _("A ground for refusal under the requested Party's law or the applicable treaty"),
                       "ETS 185 Art. 25(4)")
FISCAL = Ground("fiscal_offence", _("Fiscal offence (not for offences under ETS 185 Arts 2–11)"), "ETS 185 Art. 25(4)",
                _("Offered only when the request names no offence under Arts 2–11; the ground itself must exist in "
                  "the requested Party's law or the applicable treaty."))
DUAL_CRIMINALITY = Ground(
    "dual_criminality_reservation",
    _("Dual criminality cannot be fulfilled at the time of disclosure (reservation under Art. 29(4))"),
    "ETS 185 Art. 29(4)",
    _("Offered only when the requested Party recorded an Art. 29(4) reservation and the request names no offence "
      "under Arts 2–11; a request that names none of its offences is treated as concerning other offences."))

REFUSAL: dict[str, tuple[Ground, ...]] = {
    Family.PRESERVATION: (_political("ETS 185 Art. 29(5)(a)"), _interests("ETS 185 Art. 29(5)(b)"), DUAL_CRIMINALITY),
    Family.MUTUAL_ASSISTANCE: (LAW_OR_TREATY, FISCAL, _political("ETS 185 Art. 27(4)(a)"),
                               _interests("ETS 185 Art. 27(4)(b)")),
    Family.PRODUCTION_ORDER: (
        Ground(LAW_OR_TREATY.code, LAW_OR_TREATY.label, "CETS 224 Art. 8(8) (ETS 185 Art. 25(4))"),
        Ground(FISCAL.code, FISCAL.label, "CETS 224 Art. 8(8) (ETS 185 Art. 25(4))", FISCAL.reading),
        _political("CETS 224 Art. 8(8) (ETS 185 Art. 27(4)(a))"),
        _interests("CETS 224 Art. 8(8) (ETS 185 Art. 27(4)(b))")),
    Family.NETWORK: (Ground("beyond_domestic_law",
                            _("Not permitted by the point of contact's domestic law and practice"),
                            "ETS 185 Art. 35(1)",
                            _("Art. 35(1) lets a point of contact carry out measures directly only if its domestic "
                              "law and practice permit; the platform records that limit as the reason.")),),
    Family.DIRECT_ORDER: (
        Ground("entity_reason", _("The registrar or provider does not disclose (its reason recorded)"),
               "CETS 224 Art. 6(5)"),
        Ground("provider_reason", _("The provider does not disclose (its reason recorded)"), "CETS 224 Art. 7(7)"),
        Ground("instructed_prejudice", _("Authorities of the provider's Party instructed non-disclosure: prejudice "
                                         "to their investigations or proceedings"), "CETS 224 Art. 7(5)(c)(i)"),
        Ground("instructed_grounds", _("Authorities of the provider's Party instructed non-disclosure: grounds of "
                                       "ETS 185 Arts 25(4) or 27(4)"), "CETS 224 Art. 7(5)(c)(ii)")),
    Family.EMERGENCY_DISCLOSURE: (
        Ground("no_emergency", _("No significant and imminent risk to the life or safety of a person is shown"),
               "CETS 224 Art. 3(2)(c)"),
        Ground("subscriber_only_declaration", _("Subscriber information only: declared not to be executed"),
               "CETS 224 Art. 9(1)(b)"),
        Ground("determination", _("Determination not to provide the data (reasons given)"), "CETS 224 Art. 9(6)")),
    Family.COOPERATION: (
        Ground("not_permitted", _("The requested Party does not permit the hearing by video conference"),
               "CETS 224 Art. 11(1)"),
        Ground("no_agreement", _("No agreement on a joint investigation team"), "CETS 224 Art. 12(1)")),
}
POSTPONEMENT: dict[str, tuple[Ground, ...]] = {
    Family.MUTUAL_ASSISTANCE: (
        Ground(LAW_OR_TREATY.code, _("Postponement under the requested Party's law or the applicable treaty"),
               "ETS 185 Art. 25(4)"),
        Ground("prejudice_to_proceedings", _("Execution would prejudice investigations or proceedings of the "
                                             "requested Party"), "ETS 185 Art. 27(5)")),
    Family.PRODUCTION_ORDER: (
        Ground("prejudice_to_proceedings", _("Execution would prejudice investigations or proceedings of the "
                                             "requested Party"), "CETS 224 Art. 8(8) (ETS 185 Art. 27(5))"),),
    Family.COOPERATION: (
        Ground("prejudice_to_proceedings", _("Execution would prejudice investigations or proceedings of the "
                                             "requested Party"), "ETS 185 Art. 27(5)",
               _("Video conferencing (CETS 224 Art. 11) is postponed on the Art. 27(5) ground; the Protocol's own "
                 "rule could not be checked against its text.")),),
}
IMPOSSIBILITY: tuple[Ground, ...] = (
    Ground("data_unavailable", _("The data no longer exist or cannot be found"), "ETS 185 Art. 27(7)"),
    Ground("information_insufficient", _("The request does not give enough information to execute it"),
           "ETS 185 Art. 27(7)"),
    Ground("other_impossibility", _("Another reason makes execution impossible (explained)"), "ETS 185 Art. 27(7)"),
)
WITHHOLDING: tuple[Ground, ...] = (_political("ETS 185 Art. 30(2)(a)"), _interests("ETS 185 Art. 30(2)(b)"))
ACTIONS = {"refuse": REFUSAL, "postpone": POSTPONEMENT}
IMPOSSIBILITY_READING = _("A reason that makes execution impossible is not a refusal: Art. 27(7) asks the requested "
                          "Party to give it, and the platform applies that to every type.")


def _is_offered(ground: Ground, *, request_type: RequestType, facts: GroundFacts) -> bool:
    if ground.code == DUAL_CRIMINALITY.code:
        return "dual_criminality_preservation" in facts.requested_party_topics and not facts.names_convention_offence
    if ground.code == FISCAL.code:
        return not facts.names_convention_offence
    if request_type.family == Family.MUTUAL_ASSISTANCE and ground.article.startswith("ETS 185 Art. 27("):
        return facts.article_27_applies
    if ground.code == "subscriber_only_declaration":
        return "subscriber_only_not_executed" in facts.requested_party_topics
    if ground.code in {"entity_reason", "provider_reason", "instructed_prejudice", "instructed_grounds"}:
        return (ground.code == "entity_reason") == (request_type.code == "CETS224-6")
    if ground.code in {"not_permitted", "no_agreement"}:
        return (ground.code == "not_permitted") == (request_type.code == "CETS224-11")
    return True


def grounds_for(*, action: str, request_type: RequestType, facts: GroundFacts) -> list[Ground]:
    """The grounds a user may give for `action` on this request; empty when the action takes none."""
    if action == "report_impossible":
        return list(IMPOSSIBILITY)
    if action == "withhold_traffic_path":
        return list(WITHHOLDING)
    table = ACTIONS.get(action, {})
    return [ground for ground in table.get(request_type.family, ())
            if _is_offered(ground, request_type=request_type, facts=facts)]


def possible_grounds(*, action: str, request_type: RequestType) -> list[Ground]:
    """Every ground the type may ever offer for `action` (the legal rules page and the JSON list these)."""
    return [ground for ground in ACTIONS.get(action, {}).get(request_type.family, ())
            if _is_offered(ground, request_type=request_type, facts=GroundFacts(
                article_27_applies=True, requested_party_topics=frozenset(
                    {"dual_criminality_preservation", "subscriber_only_not_executed"})))]


def ground_label(code: str) -> str:
    """The label of a ground code in the active language (any table); unknown codes are shown as they are."""
    for table in (*REFUSAL.values(), *POSTPONEMENT.values(), IMPOSSIBILITY, WITHHOLDING):
        for ground in table:
            if ground.code == code:
                return str(ground.label)
    return code
