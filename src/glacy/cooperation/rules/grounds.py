"""The lawful grounds for refusing, postponing or withholding, per type, and the reasons execution can fail.

The treaty closes the list for preservation (ETS 185 Art. 29(5): "may only be refused if") and for the
Art. 30 disclosure (Art. 30(2): "may only be withheld if"); for mutual assistance the grounds are those of
the requested Party's law or the applicable treaty (Art. 25(4)), plus Art. 27(4) where Art. 27 applies;
CETS 224 Art. 8(8) borrows Arts 25(4), 27(4) and 27(5). A ground is offered only when it can apply to the
request in hand: the offences it names (Arts 2-11 exclude the Art. 29(4) reservation and a refusal solely
as a fiscal offence) and the reservations the requested Party has recorded. Where the request names no offence
at all, those two grounds need the requested side to confirm first that the request does not concern an offence
under Arts 2-11 (the conservative reading: an unknown offence may be one of them). CETS 224 Art. 10(7) applies
Art. 27(4)-(5) to emergency assistance where no treaty is in force, and is cited with them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    #: The categories of data a CETS 224 Art. 8 order covers ("subscriber", "traffic").
    data_categories: frozenset[str] = frozenset()

    @property
    def names_convention_offence(self) -> bool:
        return bool(self.offence_articles & CONVENTION_OFFENCES)

    @property
    def names_no_offence(self) -> bool:
        return not self.offence_articles


@dataclass(frozen=True)
class Ground:
    code: str
    label: str | Promise
    article: str
    reading: str | Promise = ""
    #: The ground exists only where ETS 185 Art. 27 applies (no treaty in force; CETS 224 Art. 10(7)).
    needs_article_27: bool = False
    #: A statement the requested side must confirm before it may give the ground ("" when none).
    confirmation: str = ""


def _political(article: str, *, needs_article_27: bool = False) -> Ground:
    return Ground("political_offence", _("Political offence or offence connected with a political offence"), article,
                  needs_article_27=needs_article_27)


def _interests(article: str, *, needs_article_27: bool = False) -> Ground:
    return Ground("essential_interests",
                  _("Prejudice to sovereignty, security, ordre public or other essential interests"), article,
                  needs_article_27=needs_article_27)


#: The statement confirmed before a ground excluded for offences under Arts 2-11 is given on a request that
#: names no offence (Arts 25(4), 29(4)).
NOT_CONVENTION_OFFENCE = "not_convention_offence"
CONFIRMATIONS: dict[str, str | Promise] = {
    NOT_CONVENTION_OFFENCE: _("We confirm that the request does not concern an offence established under ETS 185 "
                              "Arts 2–11 (the request names no offence)"),
}


LAW_OR_TREATY = Ground("requested_party_law_or_treaty",
                       _("A ground for refusal under the requested Party's law or the applicable treaty"),
                       "ETS 185 Art. 25(4)")
FISCAL = Ground("fiscal_offence", _("Fiscal offence (not for offences under ETS 185 Arts 2–11)"), "ETS 185 Art. 25(4)",
                _("Offered only when the request names no offence under Arts 2–11; where it names no offence at all, "
                  "the requested side first confirms that it does not concern one; the ground itself must exist in "
                  "the requested Party's law or the applicable treaty."))
DUAL_CRIMINALITY = Ground(
    "dual_criminality_reservation",
    _("Dual criminality cannot be fulfilled at the time of disclosure (reservation under Art. 29(4))"),
    "ETS 185 Art. 29(4)",
    _("Offered only when the requested Party recorded an Art. 29(4) reservation and the request names no offence "
      "under Arts 2–11; where the request names no offence at all, the requested side must first confirm that it "
      "does not concern an offence under Arts 2–11."))

#: CETS 224 Art. 8(13) (not verified against the text): "a Party may reserve the right not to apply this article to
#: traffic data". A Party that made the reservation does not give effect to an Art. 8 order for traffic data
#: (sending one is blocked, rules.protocol_checks); the ground covers an order received before the reservation
#: was recorded, or registered from a document received outside the platform.
TRAFFIC_DATA_RESERVED = Ground(
    "traffic_data_reservation",
    _("Traffic data: the requested Party reserved the right not to apply Art. 8 to traffic data"),
    "CETS 224 Art. 8(13)",
    _("Offered only when the requested Party recorded the reservation and the order covers traffic data; the "
      "subscriber information the order covers is still to be given effect."))

REFUSAL: dict[str, tuple[Ground, ...]] = {
    Family.PRESERVATION: (_political("ETS 185 Art. 29(5)(a)"), _interests("ETS 185 Art. 29(5)(b)"), DUAL_CRIMINALITY),
    Family.MUTUAL_ASSISTANCE: (LAW_OR_TREATY, FISCAL, _political("ETS 185 Art. 27(4)(a)", needs_article_27=True),
                               _interests("ETS 185 Art. 27(4)(b)", needs_article_27=True)),
    Family.PRODUCTION_ORDER: (
        Ground(LAW_OR_TREATY.code, LAW_OR_TREATY.label, "CETS 224 Art. 8(8) (ETS 185 Art. 25(4))"),
        Ground(FISCAL.code, FISCAL.label, "CETS 224 Art. 8(8) (ETS 185 Art. 25(4))", FISCAL.reading),
        _political("CETS 224 Art. 8(8) (ETS 185 Art. 27(4)(a))"),
        _interests("CETS 224 Art. 8(8) (ETS 185 Art. 27(4)(b))"),
        TRAFFIC_DATA_RESERVED),
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
               "CETS 224 Art. 3(2)(c)",
               _("Art. 9 lists no ground of refusal: the platform's reading is that a request that does not show "
                 "an emergency as Art. 3(2)(c) defines it is not an Art. 9 request and may be declined as such.")),
        Ground("subscriber_only_declaration", _("Subscriber information only: declared not to be executed"),
               "CETS 224 Art. 9(1)(b)"),
        Ground("determination", _("Determination not to provide the data (reasons given)"), "CETS 224 Art. 9(6)",
               _("Art. 9(6) asks the requested Party to inform the requesting Party of its determination; the "
                 "platform's reading is that this determination may be not to provide the data, with reasons."))),
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
                                             "requested Party"), "ETS 185 Art. 27(5)", needs_article_27=True)),
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
    if ground.needs_article_27:
        return facts.article_27_applies
    if ground.code == TRAFFIC_DATA_RESERVED.code:
        return "art8_traffic_data_reserved" in facts.requested_party_topics and "traffic" in facts.data_categories
    if ground.code == "subscriber_only_declaration":
        return "subscriber_only_not_executed" in facts.requested_party_topics
    if ground.code in {"entity_reason", "provider_reason", "instructed_prejudice", "instructed_grounds"}:
        return (ground.code == "entity_reason") == (request_type.code == "CETS224-6")
    if ground.code in {"not_permitted", "no_agreement"}:
        return (ground.code == "not_permitted") == (request_type.code == "CETS224-11")
    return True


def _for_request(ground: Ground, *, request_type: RequestType, facts: GroundFacts) -> Ground:
    """The ground as this request cites it and what it needs confirmed."""
    if ground.needs_article_27 and request_type.code == "CETS224-10":
        ground = replace(ground, article=f"CETS 224 Art. 10(7) ({ground.article})")
    if ground.code in {DUAL_CRIMINALITY.code, FISCAL.code} and facts.names_no_offence:
        ground = replace(ground, confirmation=NOT_CONVENTION_OFFENCE)
    return ground


def grounds_for(*, action: str, request_type: RequestType, facts: GroundFacts) -> list[Ground]:
    """The grounds a user may give for `action` on this request; empty when the action takes none."""
    if action == "report_impossible":
        return list(IMPOSSIBILITY)
    if action == "withhold_traffic_path":
        return list(WITHHOLDING)
    table = ACTIONS.get(action, {})
    return [_for_request(ground, request_type=request_type, facts=facts)
            for ground in table.get(request_type.family, ())
            if _is_offered(ground, request_type=request_type, facts=facts)]


def possible_grounds(*, action: str, request_type: RequestType) -> list[Ground]:
    """Every ground the type may ever offer for `action` (the legal rules page and the JSON list these)."""
    facts = GroundFacts(offence_articles=frozenset({"ETS185:unknown"}), article_27_applies=True,
                        requested_party_topics=frozenset({"dual_criminality_preservation",
                                                          "subscriber_only_not_executed",
                                                          "art8_traffic_data_reserved"}),
                        data_categories=frozenset({"subscriber", "traffic"}))
    return [_for_request(ground, request_type=request_type, facts=facts)
            for ground in ACTIONS.get(action, {}).get(request_type.family, ())
            if _is_offered(ground, request_type=request_type, facts=facts)]


def ground_label(code: str) -> str:
    """The label of a ground code in the active language (any table); unknown codes are shown as they are."""
    for table in (*REFUSAL.values(), *POSTPONEMENT.values(), IMPOSSIBILITY, WITHHOLDING):
        for ground in table:
            if ground.code == code:
                return str(ground.label)
    return code
