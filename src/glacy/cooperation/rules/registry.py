"""Every rule the platform applies, gathered from the other rule modules for the legal rules page, the user
guide and `glacy requests rules`. Nothing here decides anything: it only lists, so the lists cannot drift
from what the services do."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from glacy.cooperation.rules import channels, checks, deadlines, grounds, sources
from glacy.cooperation.rules.catalogue import CHANNEL_LABELS, TYPES, RequestType
from glacy.cooperation.rules.conditions import EXPLAINABLE_ARTICLES, condition_article
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.rules.preservation import __doc__ as PRESERVATION_DOC
from glacy.cooperation.rules.workflow import QUESTIONS, TRANSITIONS, Status, StepContext, _is_allowed_for_type


def _contexts(request_type: RequestType) -> list[StepContext]:
    """Every situation a request of this type can be in, as far as the guards of the steps look at it."""
    base = StepContext(
        request_type=request_type, content={item.field: True for item in request_type.requirements},
        is_urgent=channels.may_be_urgent(request_type), has_accepted_conditions=True,
        has_explainable_conditions=condition_article(request_type=request_type, article_27_applies=True)
        in EXPLAINABLE_ARTICLES)
    questions = [""] + [transition.action for transition in TRANSITIONS if transition.action in QUESTIONS
                        and _is_allowed_for_type(transition, request_type) and transition.guard(base)]
    return [replace(base, pending_question=question, use_explanation_pending=pending)
            for question in questions for pending in (False, True)]


def _steps(request_type: RequestType) -> list[dict[str, Any]]:
    rows = []
    contexts = _contexts(request_type)
    for transition in TRANSITIONS:
        if not _is_allowed_for_type(transition, request_type):
            continue
        if not any(transition.guard(context) for context in contexts):
            continue
        if transition.article or transition.reading:
            rows.append({"action": transition.action, "label": str(transition.label), "article": transition.article,
                         "reading": str(transition.reading) if transition.reading else ""})
    return rows


def _ground_rows(items: list[grounds.Ground]) -> list[dict[str, Any]]:
    return [{"code": ground.code, "label": str(ground.label), "article": ground.article,
             "reading": str(ground.reading) if ground.reading else "",
             "verified": sources.is_verified(ground.article)} for ground in items]


def type_rules(request_type: RequestType) -> dict[str, Any]:
    """One type with everything the platform applies to it, each item with its article."""
    routes = channels.routes_for(request_type=request_type, applicable_treaty="")
    steps = _steps(request_type)
    return {
        "code": request_type.code, "title": str(request_type.title), "article": request_type.article,
        "verified": sources.is_verified(request_type.article),
        "channels": [str(CHANNEL_LABELS[channel]) for channel in request_type.channels],
        "needs_approval": request_type.needs_approval,
        "outcomes": [str(Status(outcome).label) for outcome in sorted(request_type.outcomes)],
        "fields": [{"name": item.field, "label": str(FIELDS[item.field].label), "article": item.article,
                    "required": item.required, "verified": sources.is_verified(item.article)}
                   for item in request_type.requirements],
        "deadlines": [{"code": rule.code, "label": str(rule.label), "days": rule.days, "starts": rule.starts,
                       "starts_label": str(deadlines.STARTS[rule.starts]), "article": rule.article,
                       "reading": str(rule.reading) if rule.reading else "",
                       "verified": sources.is_verified(rule.article)}
                      for rule in deadlines.RULES if request_type.code in rule.types],
        "refusal_grounds": _ground_rows(grounds.possible_grounds(action="refuse", request_type=request_type)),
        "postponement_grounds": _ground_rows(grounds.possible_grounds(action="postpone", request_type=request_type)),
        "may_be_urgent": channels.may_be_urgent(request_type),
        "routes": [{"label": str(route.label), "article": route.article} for route in routes] if len(routes) > 1
        else [],
        "condition_article": condition_article(request_type=request_type, article_27_applies=True)
        if any(step["action"] in {"propose_conditions", "accept_conditions"} for step in steps) else "",
        "steps": steps,
        "checks": [{"summary": str(check.summary), "kind": str(checks.KIND_LABELS[check.kind]),
                    "article": check.article, "reading": str(check.reading) if check.reading else ""}
                   for check in checks.CHECKS if request_type.code in check.types],
    }


def general_rules() -> list[dict[str, Any]]:
    """Rules that are not tied to one type, with their article and, where the platform chose one, its reading."""
    preservation_readings = [line.strip("- ").strip() for line in (PRESERVATION_DOC or "").split("Readings")[-1]
                             .split("\n- ")[1:]]
    rows: list[dict[str, Any]] = [
        {"subject": _("Preservation: sixty days, then until the follow-up is decided"), "article": "ETS 185 Art. 29(7)",
         "reading": " ".join(" ".join(reading.split()) for reading in preservation_readings)},
        {"subject": _("Day counting"), "article": _("(no treaty rule)"),
         "reading": _("A minimum period ends at the end of its last day, a response period at the last moment of its "
                      "last day, both in the requested authority's time zone.")},
        {"subject": _("Node's own service targets: a first answer to urgent and emergency requests within "
                      "%(hours)s hours; an expedited answer within %(days)s days when data are vulnerable "
                      "(ETS 185 Art. 31(3))") % {"hours": deadlines.urgent_target_hours(),
                                                 "days": deadlines.expedited_target_days()},
         "article": _("(node's own target, not a treaty rule)"), "reading": ""},
        {"subject": _("Refusal and postponement give reasons; execution made impossible is reported with its "
                      "reason, which is not a refusal; postponement does not close a request"),
         "article": "ETS 185 Art. 27(7)", "reading": str(grounds.IMPOSSIBILITY_READING)},
        {"subject": _("Before refusing or postponing, partial or conditional execution is considered"),
         "article": "ETS 185 Art. 27(6)",
         "reading": _("Asked before every refusal and postponement, also where Art. 27 itself does not apply.")},
        {"subject": _("Disclosure of the provider and path found while preserving traffic data, withheld only on "
                      "the grounds of Art. 30(2)"), "article": "ETS 185 Art. 30(1)-(2)",
         "reading": _("Art. 30 is a duty within an Art. 29 preservation, not a request type.")},
        {"subject": _("Urgency is a way of sending (expedited means, formal confirmation to follow where required), "
                      "not a type: an urgent request keeps its type's content rules"), "article": "ETS 185 Art. 25(3)",
         "reading": ""},
        {"subject": _("Conditions on use are optional, accepted (then binding) or answered \"cannot comply\", and "
                      "shown with the material wherever it is displayed or exported"),
         "article": "ETS 185 Arts 26(2), 27(8), 28(2)-(4); CETS 224 Arts 8(8)-(9), 9(6)", "reading": ""},
        {"subject": _("Reservations are recorded only under an article that allows one"),
         "article": "ETS 185 Art. 42; CETS 224 Art. 19(1)", "reading": ""},
        {"subject": _("A request is visible to the requested authority from the moment it is sent; a registration "
                      "of a received request stays with the registering side until the named requesting authority "
                      "confirms it"), "article": _("(platform rule)"), "reading": ""},
    ]
    for row in rows:
        row["verified"] = sources.is_verified(row["article"]) if row["article"].startswith(("ETS", "CETS")) else True
    return rows


def rules_catalogue() -> dict[str, Any]:
    return {"types": [type_rules(request_type) for request_type in TYPES], "general": general_rules(),
            "checks": [{"summary": str(check.summary), "kind": str(checks.KIND_LABELS[check.kind]),
                        "article": check.article, "reading": str(check.reading) if check.reading else ""}
                       for check in checks.CHECKS if not check.types]}


def rules_json() -> dict[str, Any]:
    """The rules as data, exactly `{"types": [{code, title, article, fields, deadlines, refusal_grounds}]}`."""
    with translation.override("en"):
        return {"types": [{
            "code": request_type.code, "title": str(request_type.title), "article": request_type.article,
            "fields": [{"name": item.field, "article": item.article, "required": item.required}
                       for item in request_type.requirements],
            "deadlines": [{"code": rule.code, "days": rule.days, "starts": rule.starts, "article": rule.article}
                          for rule in deadlines.RULES if request_type.code in rule.types],
            "refusal_grounds": [{"code": ground.code, "article": ground.article}
                                for ground in grounds.possible_grounds(action="refuse", request_type=request_type)],
        } for request_type in TYPES]}


def _unverified(row: dict[str, Any]) -> str:
    return " (not verified against the text, see GAPS.md)" if row.get("verified") is False else ""


def _reading(row: dict[str, Any]) -> str:
    return f". Reading: {row['reading']}" if row.get("reading") else ""


def _type_markdown(item: dict[str, Any]) -> list[str]:
    lines = [f"### {item['title']} ({item['article']}){_unverified(item)}", "",
             f"- Channel: {', '.join(item['channels'])}; approval before sending: "
             f"{'yes' if item['needs_approval'] else 'no'}; outcomes: {', '.join(item['outcomes'])}."]
    lines.extend(f"- Field *{field['label']}* ({'required' if field['required'] else 'optional'}): "
                 f"{field['article']}{_unverified(field)}" for field in item["fields"])
    lines.extend(f"- Deadline *{deadline['label']}*: {deadline['days']} days from {deadline['starts_label']}: "
                 f"{deadline['article']}{_unverified(deadline)}{_reading(deadline)}" for deadline in item["deadlines"])
    lines.extend(f"- Refusal ground *{ground['label']}*: {ground['article']}{_unverified(ground)}{_reading(ground)}"
                 for ground in item["refusal_grounds"])
    lines.extend(f"- Postponement ground *{ground['label']}*: {ground['article']}{_unverified(ground)}"
                 f"{_reading(ground)}" for ground in item["postponement_grounds"])
    if item["may_be_urgent"]:
        lines.append("- May be sent urgently by expedited means: ETS 185 Art. 25(3)")
    lines.extend(f"- Route *{route['label']}*: {route['article']}" for route in item["routes"])
    if item["condition_article"]:
        lines.append(f"- Conditions on what is supplied: {item['condition_article']}")
    lines.extend(f"- Step *{step['label']}*: {step['article'] or '(platform rule)'}{_reading(step)}"
                 for step in item["steps"])
    lines.extend(f"- Check ({check['kind']}): {check['summary']} {check['article']}{_reading(check)}"
                 for check in item["checks"])
    return [*lines, ""]


def rules_markdown() -> str:
    """The legal rules as the user guide's section (English; `docs/user-guide.md` embeds this text verbatim)."""
    with translation.override("en"):
        catalogue = rules_catalogue()
        lines = ["Generated from `src/glacy/cooperation/rules/` by `glacy requests rules --format markdown`; the "
                 "same list is the *Legal rules* page. \"Reading:\" marks where the platform chose a reading of the "
                 "text.", ""]
        for item in catalogue["types"]:
            lines.extend(_type_markdown(item))
        lines.extend(["### Rules for every request", ""])
        lines.extend(f"- Check ({check['kind']}): {check['summary']} {check['article']}".rstrip() + _reading(check)
                     for check in catalogue["checks"])
        lines.extend(f"- {row['subject']}: {row['article']}{_unverified(row)}{_reading(row)}"
                     for row in catalogue["general"])
        return "\n".join(lines).rstrip() + "\n"
