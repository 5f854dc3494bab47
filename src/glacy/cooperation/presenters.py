"""What a request looks like to a reader: labels and citations in the reader's language, never raw codes.

Used by the pages, the documents and the API so that both sides read the same words for the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from glacy.cooperation.models import Request, RequestEvent
from glacy.cooperation.rules import catalogue, channels
from glacy.cooperation.rules.citations import localise
from glacy.cooperation.rules.conditions import SHOWN, ConditionKind, ConditionState, condition_basis
from glacy.cooperation.rules.fields import FIELDS, choice_label, label_for
from glacy.cooperation.rules.grounds import ground_label
from glacy.cooperation.rules.identifiers import KINDS
from glacy.cooperation.rules.workflow import BY_ACTION, Status

EXTRA_ACTIONS = {
    "create": gettext_lazy("Drafted"), "register_incoming": gettext_lazy("Registered from a received document"),
    "confirm_registration": gettext_lazy("Registration confirmed by the requesting authority"),
    "reject_registration": gettext_lazy("Registration not recognised by the named requesting authority"),
    "supply_material": gettext_lazy("Material supplied"), "reminder": gettext_lazy("Reminder sent"),
    # Over the exchange (cooperation.messaging, evidence.handover).
    "crossed_withdrawal": gettext_lazy("Step taken by the other side before it learnt of the withdrawal (not "
                                       "applied)"),
    "send_evidence": gettext_lazy("Evidence package sent"), "receive_evidence": gettext_lazy(
        "Evidence package received, verified and added to the case"),
    "evidence_accepted": gettext_lazy("Evidence package verified and accepted by the other side"),
    "evidence_refused": gettext_lazy("Evidence package refused by the other side"),
    "attach_translation": gettext_lazy("Translation of the free text attached"),
}
#: The state each question leaves the request in, as the requesting side reads it.
QUESTION_TEXT = {
    "warn_preservation": (
        gettext_lazy("The requested side warns that preservation will not ensure the future availability of the data "
                     "or will threaten the confidentiality of your investigation. Decide whether it is executed "
                     "nevertheless."), "ETS 185 Art. 29(6)"),
    "cannot_keep_confidential": (
        gettext_lazy("The requested side cannot keep the request confidential. Decide whether it is executed "
                     "nevertheless."), "ETS 185 Art. 27(8)"),
    "propose_conditions": (
        gettext_lazy("The requested side proposes conditions. Accept them (you are then bound by them) or say that "
                     "you cannot comply."), "ETS 185 Arts 27(6), 28(3); CETS 224 Art. 8(9)"),
    "cannot_follow_instructions": (
        gettext_lazy("The requested side cannot follow the special instructions as requested. Decide whether the "
                     "request is executed nevertheless."), "CETS 224 Art. 8(7)"),
    "decline_conditions": (
        gettext_lazy("The receiving side cannot comply with the conditions. Decide whether the information is "
                     "provided nevertheless."), "ETS 185 Art. 26(2)"),
}


def question_text(request: Request) -> tuple[str, str] | None:
    """The question awaiting the requesting side's answer and its article (for conditions: the request's basis)."""
    question = QUESTION_TEXT.get(request.pending_question)
    if question is None:
        return None
    text, article = question
    if request.pending_question == "propose_conditions":
        from glacy.cooperation.facts import article_27_applies

        article = condition_basis(request_type=catalogue.request_type(request.request_type),
                                  article_27_applies=article_27_applies(request)).answer_article
    return str(text), article


def cite(citation: str) -> str:
    """A citation in the active language (e.g. "STE 185 art. 29(7)" in French)."""
    return localise(citation, get_language() or "en")


def action_label(action: str) -> str:
    transition = BY_ACTION.get(action)
    if transition is not None:
        return str(transition.label)
    label = EXTRA_ACTIONS.get(action)
    return str(label) if label is not None else action


def status_label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return status


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    citation: str
    value: str


def _value(name: str, raw: Any) -> str:
    kind = FIELDS[name].kind if name in FIELDS else "text"
    if kind == "boolean":
        return _("Yes") if raw is True else _("No")
    if name == "return_time_frame_days" and isinstance(raw, int):
        # CETS 224 Art. 7(4)(d) and 7(7): the order states its time frame and what follows when it passes.
        return _("%(days)s days from receipt of the order; if the information is not disclosed within %(limit)s "
                 "days (thirty, or this time frame if longer), the order can be enforced only through Art. 8 or "
                 "other mutual assistance (CETS 224 Art. 7(7))") % {"days": raw, "limit": max(30, raw)}
    if kind in {"choice", "multichoice"}:
        return choice_label(name, raw) or "—" if raw else "—"
    if raw in (None, ""):
        return "—"
    return str(raw)


def content_sections(request: Request, *, hide: frozenset[str] = frozenset()) -> list[Section]:
    """The request's content as labelled sections with their article, in the type's order, then any extra field."""
    request_type = catalogue.request_type(request.request_type)
    sections = []
    listed = set()
    for requirement in request_type.requirements:
        listed.add(requirement.field)
        if requirement.field == "identifiers" or requirement.field in hide:
            continue
        raw = request.content.get(requirement.field)
        if not requirement.required and raw in (None, "", False):
            continue
        sections.append(Section(requirement.field, label_for(requirement.field), cite(requirement.article),
                                _value(requirement.field, raw)))
    for name, raw in request.content.items():
        if name in listed or name in hide or raw in (None, "", False):
            continue
        sections.append(Section(name, label_for(name), "", _value(name, raw)))
    return sections


def identifier_rows(request: Request) -> list[dict[str, str]]:
    return [{"kind": str(KINDS.get(item.kind, item.kind)), "display": item.display, "id": str(item.pk)}
            for item in request.identifiers.all()]


def event_rows(events: list[RequestEvent]) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        article = event.details.get("ground_article") or ""
        rows.append({
            "at": event.created_at, "action": action_label(event.action),
            "to_status": status_label(event.to_status) if event.to_status else "",
            # A person of another node (no account here) is named with their authority.
            "actor": f"{event.actor_name}, {event.authority}" if event.actor_id is None and event.authority_id
            else event.actor_name, "reason": ground_label(event.reason_code) if event.reason_code else "",
            "article": cite(article) if article else "", "note": event.note, "occurred_on": event.occurred_on,
            "conditions": [{"kind": str(ConditionKind(item["kind"]).label), "text": item["text"]}
                           for item in event.details.get("conditions", [])],
        })
    return rows


def condition_rows(request: Request) -> list[dict[str, Any]]:
    """Conditions that bind or may bind the material of this request, as both sides read them."""
    return [{"kind": str(ConditionKind(item.kind).label), "text": item.text, "article": cite(item.article),
             "state": str(ConditionState(item.state).label), "is_binding": item.state == ConditionState.ACCEPTED,
             "answer": item.answer_note}
            for item in request.conditions.all() if item.state in SHOWN]


def offence_rows(request: Request) -> list[str]:
    return offence_labels_of(request.offence_articles or [])


def offence_labels_of(references: list[str] | None) -> list[str]:
    from glacy.cooperation.services.cases import offence_labels

    return offence_labels(references or [])


def sending_rows(request: Request) -> list[tuple[str, str]]:
    """How the request travels: urgency and expedited means, route, the treaty relied on."""
    rows = []
    request_type = catalogue.request_type(request.request_type)
    if request.is_urgent:
        text = _("Urgent, sent by expedited means (%(means)s); formal confirmation to follow where the requested "
                 "Party requires it") % {"means": channels.urgent_means_label(request.urgent_means) or "—"}
        if request.formal_confirmation_on:
            text += " – " + _("formal confirmation sent on %(date)s") % {"date": request.formal_confirmation_on}
        rows.append((text, cite("ETS 185 Art. 25(3)")))
    if request_type.is_emergency:
        rows.append((_("Emergency: immediate assistance") if request_type.family == "network" else
                     _("Emergency: significant and imminent risk to the life or safety of a person"),
                     cite("ETS 185 Art. 35(1)" if request_type.family == "network" else "CETS 224 Art. 3(2)(c)")))
    if request.request_type in channels.ARTICLE_27_TYPES:
        if request.applicable_treaty:
            rows.append((_("Relies on: %(treaty)s") % {"treaty": request.applicable_treaty},
                         cite("ETS 185 Art. 25(4)")))
        else:
            rows.append((_("No mutual assistance treaty or arrangement in force between the Parties: Arts 27 and 28 "
                           "apply"), cite("ETS 185 Art. 27(1)")))
    route = channels.ROUTES_BY_CODE.get(request.route)
    if route is not None and request.request_type in channels.ROUTE_TYPES:
        rows.append((str(route.label), cite(route.article)))
    return rows
