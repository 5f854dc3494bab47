"""The checks the completeness report runs, as data: what each one looks at, whether it blocks, and its article.

`completeness` takes the article of every finding from this table, and the legal rules page lists the
table, so the page cannot say something the check does not do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

BLOCK, BLOCK_SEND, WARNING = "block", "block_send", "warning"
KIND_LABELS = {BLOCK: _("blocks submitting and sending"), BLOCK_SEND: _("blocks sending (drafting stays possible)"),
               WARNING: _("warning")}


@dataclass(frozen=True)
class Check:
    code: str
    kind: str
    article: str
    summary: str | Promise
    types: tuple[str, ...] = ()  # empty: every type
    reading: str | Promise = ""


ROUTE_TYPES = ("ETS185-27", "ETS185-31", "ETS185-33", "ETS185-34")
URGENT_TYPES = ("ETS185-27", "ETS185-29", "ETS185-31", "ETS185-33", "ETS185-34", "CETS224-8")
ETS185_TYPES = ("ETS185-26", "ETS185-27", "ETS185-29", "ETS185-31", "ETS185-33", "ETS185-34", "ETS185-35")
CETS224_TYPES = ("CETS224-6", "CETS224-7", "CETS224-8", "CETS224-9", "CETS224-10", "CETS224-11", "CETS224-12")

CHECKS: tuple[Check, ...] = (
    Check("required_content", BLOCK, "", _("Every required content item of the type is present (each with its own "
                                           "article, listed under the type).")),
    Check("office_hours", BLOCK, "T-CY request template",
          _("The requesting authority's office hours, or its 24/7 availability, are recorded.")),
    Check("urgency", BLOCK, "ETS 185 Art. 25(3)",
          _("An urgent request states why it is urgent and by which expedited means it is sent."), URGENT_TYPES),
    Check("formal_confirmation", WARNING, "ETS 185 Art. 25(3)",
          _("An urgent request reminds the drafter that formal confirmation follows where the requested Party "
            "requires it."), URGENT_TYPES),
    Check("route_open", BLOCK, "ETS 185 Art. 27(9)",
          _("A route other than between central authorities only where Art. 27 applies (no treaty in force)."),
          ROUTE_TYPES),
    Check("route_urgent", BLOCK, "ETS 185 Art. 27(9)(a)",
          _("The direct judicial route only in urgency, with a copy sent at the same time to the requested "
            "Party's central authority through the requesting Party's central authority."), ROUTE_TYPES),
    Check("route_non_coercive", BLOCK, "ETS 185 Art. 27(9)(d)",
          _("Direct transmission between competent authorities only for requests involving no coercive action."),
          ROUTE_TYPES),
    Check("central_authority_declared", BLOCK, "ETS 185 Art. 27(9)(e)",
          _("Where the requested Party declared that requests under Art. 27(9) are to be addressed to its central "
            "authority, such a request goes to that central authority."), ROUTE_TYPES,
          _("Checked only for requests sent by an Art. 27(9) route; never for 24/7 network (Art. 35) or CETS 224 "
            "Art. 9 requests, which are not Art. 27 requests.")),
    Check("channel", WARNING, "", _("The requested authority is of a kind the type's channel normally uses.")),
    Check("point_of_contact_24_7", WARNING, "ETS 185 Art. 35(1)",
          _("A point of contact not recorded as available 24 hours a day, 7 days a week is flagged.")),
    Check("ets185_bound", WARNING, "ETS 185 Arts 36(4), 37(2)",
          _("Both States are bound by the Convention on the day, by their own entry into force."), ETS185_TYPES,
          _("A warning, not a block: mutual assistance may rest on another treaty or on reciprocity, but then not "
            "on the Convention.")),
    Check("cets224_bound", BLOCK_SEND, "CETS 224 Art. 16(3)-(4)",
          _("The Second Protocol binds both Parties on the day of sending, by their own entry into force."),
          CETS224_TYPES,
          _("The Protocol's co-operation exists only between its Parties: sending is refused until it binds both; "
            "drafting, approval and documents stay possible for preparation.")),
    Check("article_7_reserved", BLOCK_SEND, "CETS 224 Art. 7(9)(a)",
          _("No order under Art. 7 between Parties of which one reserved the right not to apply Art. 7."),
          ("CETS224-7",), _("A Party that does not apply Art. 7 neither issues such orders nor gives them effect.")),
    Check("notification_7_5", WARNING, "CETS 224 Art. 7(5)(a)",
          _("The Party of the provider requires simultaneous notification of orders."), ("CETS224-7",)),
    Check("supplementary_8_4", WARNING, "CETS 224 Art. 8(4)",
          _("The requested Party declared that it needs additional supporting information."), ("CETS224-8",)),
    Check("central_authority_8_11", WARNING, "CETS 224 Art. 8(11)",
          _("The requested Party requires Art. 8 requests from the requesting Party's central authority (or another "
            "authority mutually determined)."), ("CETS224-8",)),
    Check("subscriber_only_9_1_b", WARNING, "CETS 224 Art. 9(1)(b)",
          _("The requested Party declared it will not execute emergency requests seeking only subscriber "
            "information."), ("CETS224-9",)),
    Check("dual_criminality_29_4", WARNING, "ETS 185 Art. 29(4)",
          _("The requested Party reserved Art. 29(4); the warning says whether the reservation can be used (never "
            "for offences under Arts 2–11)."), ("ETS185-29",)),
    Check("language", WARNING, "CETS 224 Art. 4",
          _("The document language is one the requested authority accepts (CETS 224 Art. 4 for Protocol requests; "
            "the requested authority's recorded languages otherwise)."),
          reading=_("For ETS 185 requests the Convention sets no language rule; the warning then cites the T-CY "
                    "request template.")),
    Check("confidentiality_27_8", WARNING, "ETS 185 Art. 27(8)",
          _("Confidentiality asked: the requested side says if it cannot comply and the requesting side decides."),
          reading=_("Offered for every type: Art. 27(8) speaks of \"any request made under this chapter\"; where a "
                    "treaty applies, its own confidentiality clause governs.")),
)
BY_CODE = {check.code: check for check in CHECKS}


def article_of(code: str) -> str:
    return BY_CODE[code].article
