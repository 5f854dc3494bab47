"""Checks of CETS 224 requests that depend on the Parties' reservations and declarations, and on the treaty the
request names (Art. 5(5)). Each finding takes its article from `checks.CHECKS`, where the legal rules page reads
it; the topics are those of `treaty.reservations.TOPICS`.

Every CETS 224 paragraph behind these checks is flagged "not verified" on the legal rules page except Art. 7(9)(a)
and Art. 8(11) (see `texts_cets224`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules.checks import article_of
from glacy.cooperation.rules.fields import choice_values
from glacy.cooperation.rules.findings import AuthorityFacts, Problem, RequestFacts
from glacy.cooperation.rules.parties import PartyFacts


def _categories(facts: RequestFacts) -> set[str]:
    return set(choice_values(facts.content.get("data_category")))


def _name(party: PartyFacts) -> str:
    return party.name or party.country


def blocking(facts: RequestFacts, requested: PartyFacts) -> list[Problem]:
    """Content the request must carry because of the requested Party's declarations (blocks submitting)."""
    if facts.request_type.code == "CETS224-7" and requested.has_declared("notification_subscriber_orders") \
            and facts.content.get("simultaneous_notification_made") is not True:
        return [Problem("simultaneous_notification_made", _(
            "The Party of the provider requires simultaneous notification of orders: notify it, then confirm the "
            "statement."), article_of("notification_statement_7_4_g"))]
    return []


def blocking_send(facts: RequestFacts, requesting: PartyFacts, requested: PartyFacts) -> list[Problem]:
    """What the Protocol does not allow between these Parties today (drafting stays possible)."""
    code = facts.request_type.code
    found: list[Problem] = []
    if code == "CETS224-7":
        found.extend(Problem("requested_authority", _(
            "%(country)s reserved the right not to apply Art. 7: an order to a provider cannot be issued between these "
            "Parties; use Art. 8 or other mutual assistance.") % {"country": _name(party)},
            article_of("article_7_reserved")) for party in (requesting, requested)
            if party.has_declared("not_apply_article_7"))
    if code == "CETS224-8" and "traffic" in _categories(facts):
        found.extend(Problem("data_category", _(
            "%(country)s reserved the right not to apply Art. 8 to traffic data: seek the traffic data by other "
            "mutual assistance.") % {"country": _name(party)}, article_of("traffic_data_8_13"))
            for party in (requesting, requested) if party.has_declared("art8_traffic_data_reserved"))
    if code in {"CETS224-11", "CETS224-12"} and facts.applicable_treaty.strip() \
            and facts.content.get("section_5_agreed") is not True:
        found.append(Problem("section_5_agreed", _(
            "A mutual assistance treaty or arrangement is named: Arts 11 and 12 apply only if the Parties agreed to "
            "apply them instead. Confirm that agreement, or make the request under the treaty."),
            article_of("section_5_treaty")))
    return found


def warnings(facts: RequestFacts, requesting: PartyFacts, requested: PartyFacts,
             requested_authority: AuthorityFacts) -> list[Problem]:
    """What the drafter should know about the requested Party's declarations (never blocks)."""
    code = facts.request_type.code
    found: list[Problem] = []
    if code == "CETS224-7":
        if requested.has_declared("access_numbers_not_applied"):
            found.append(Problem("identifiers", _(
                "The Party of the provider does not apply Art. 7 to certain types of access numbers: check that the "
                "identifiers sought are not of those types."), article_of("access_numbers_7_9_b")))
        if requested.has_declared("order_supervision_required"):
            found.append(Problem("issuing_authority_and_date", _(
                "The Party of the provider requires orders issued by, or under the supervision of, a prosecutor or "
                "other judicial authority, or under other independent supervision."), article_of("supervision_7_2_b")))
        if requested.has_declared("notification_subscriber_orders"):
            found.append(Problem("requested_authority", _(
                "The Party of the provider requires simultaneous notification of the order."),
                article_of("notification_7_5")))
    if code == "CETS224-8":
        if requested.has_declared("supplementary_information_art8"):
            found.append(Problem("order_text", _(
                "The requested Party asks for additional supporting information with orders under Art. 8."),
                article_of("supplementary_8_4")))
        if requested.has_declared("art8_via_central_authority"):
            found.append(Problem("requesting_authority", _(
                "The requested Party requires Art. 8 requests to come from the requesting Party's central authority "
                "or another authority mutually determined."), article_of("central_authority_8_11")))
        if requested.has_declared("art7_before_art8") and "subscriber" in _categories(facts):
            found.append(Problem("other_means", _(
                "The requested Party expects subscriber information to be sought from the provider under Art. 7 "
                "first: explain why it was not (under “other means”)."), article_of("art7_first_7_8")))
    if code == "CETS224-9":
        if _categories(facts) == {"subscriber"} and requested.has_declared("subscriber_only_not_executed"):
            found.append(Problem("data_category", _(
                "The requested Party declared it will not execute emergency requests seeking only subscriber "
                "information."), article_of("subscriber_only_9_1_b")))
        if requested.has_declared("art9_follow_up_format"):
            found.append(Problem("requested_authority", _(
                "After execution, submit the request again in the format and through the channel the requested "
                "Party specified."), article_of("follow_up_format_9_5")))
    if code == "CETS224-10" and requested_authority.kind != "central_authority":
        message = (_("The requested Party declared that emergency requests may also be sent to this authority; send "
                     "a copy to its central authority through yours.")
                   if requested.has_declared("art10_other_channels") else
                   _("The requested Party made no declaration opening other channels: send the request to its "
                     "central authority."))
        found.append(Problem("requested_authority", message, article_of("channel_10_9")))
    if code == "CETS224-12":
        found.extend(Problem("requested_authority", _(
            "%(country)s requires its central authority to sign or otherwise concur in the agreement setting up the "
            "team.") % {"country": _name(party)}, article_of("central_authority_12_3"))
            for party in (requesting, requested) if party.has_declared("jit_central_authority"))
    return found
