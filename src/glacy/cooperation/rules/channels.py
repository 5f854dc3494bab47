"""How a request travels: urgency as a way of sending (ETS 185 Art. 25(3)) and the Art. 27(9) routes.

Art. 25(3): "Each Party may, in urgent circumstances, make requests for mutual assistance or communications
related thereto by expedited means of communication, including fax or e-mail … with formal confirmation to
follow, where required by the requested Party." Urgency is a flag on a request of any mutual-assistance type;
the type keeps its own content rules.

Art. 27 applies only "where there is no mutual assistance treaty or arrangement … in force" (Art. 27(1)):
the request records the treaty it relies on, and an empty treaty means Arts 27 and 28 apply. Its
paragraph 9 opens routes besides the central authorities: urgent direct judicial transmission with a copy
to the central authority (a), INTERPOL (b), direct transmission of non-coercive requests (d); a Party may
declare that such requests go to its central authority (e).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules.catalogue import Family, RequestType

URGENT_MEANS: tuple[tuple[str, str | Promise], ...] = (
    ("platform", _("this platform")),
    ("email", _("e-mail")),
    ("fax", _("fax")),
    ("other", _("other expedited means")),
)


@dataclass(frozen=True)
class Route:
    code: str
    label: str | Promise
    article: str
    needs_urgency: bool = False
    confirmation: str = ""  # the content statement the drafter must confirm before sending
    confirmation_label: str | Promise = ""


CENTRAL = Route("central_authority", _("Between central authorities"), "ETS 185 Art. 27(2)(b)")
ROUTES: tuple[Route, ...] = (
    CENTRAL,
    Route("judicial_direct", _("Urgent: directly to a judicial authority, copy to the central authority"),
          "ETS 185 Art. 27(9)(a)", needs_urgency=True, confirmation="copy_to_central_authority",
          confirmation_label=_("A copy is sent at the same time to the requested Party's central authority "
                               "through our central authority")),
    Route("interpol", _("Through INTERPOL"), "ETS 185 Art. 27(9)(b)"),
    Route("direct_non_coercive", _("Directly between competent authorities (no coercive action)"),
          "ETS 185 Art. 27(9)(d)", confirmation="no_coercive_action",
          confirmation_label=_("The request involves no coercive action")),
)
ROUTES_BY_CODE = {route.code: route for route in ROUTES}
#: The ETS 185 types whose procedure Art. 27 governs when no treaty applies (CETS 224 Art. 10(7) takes
#: Art. 27(2)(b) and 27(3)-(8) for emergency assistance, but not the Art. 27(9) routes).
ARTICLE_27_TYPES = frozenset({"ETS185-27", "ETS185-31", "ETS185-33", "ETS185-34", "CETS224-10"})
ROUTE_TYPES = frozenset({"ETS185-27", "ETS185-31", "ETS185-33", "ETS185-34"})


def article_27_applies(*, request_type: RequestType, applicable_treaty: str) -> bool:
    """Arts 27-28 govern the request: an Art. 27 request, or mutual assistance with no treaty named."""
    if request_type.code == "ETS185-27":
        return True
    return request_type.code in ARTICLE_27_TYPES and not applicable_treaty.strip()


def routes_for(*, request_type: RequestType, applicable_treaty: str) -> list[Route]:
    """The routes open to the request (only the central authorities when Art. 27(9) does not apply)."""
    if request_type.code in ROUTE_TYPES and article_27_applies(request_type=request_type,
                                                                applicable_treaty=applicable_treaty):
        return list(ROUTES)
    return [CENTRAL]


def uses_article_27_9(route: str) -> bool:
    return route in {"judicial_direct", "interpol", "direct_non_coercive"}


def may_be_urgent(request_type: RequestType) -> bool:
    """Art. 25(3) concerns mutual-assistance requests: not the Protocol's orders to providers, not the 24/7
    network or emergency types (urgent by nature), not spontaneous information (nothing is asked)."""
    return request_type.may_be_urgent and request_type.family not in {Family.DIRECT_ORDER, Family.SPONTANEOUS}


def route_label(code: str) -> str:
    route = ROUTES_BY_CODE.get(code)
    return str(route.label) if route is not None else code


def urgent_means_label(code: str) -> str:
    return str(dict(URGENT_MEANS).get(code, code))
