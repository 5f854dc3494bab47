"""Words for codes: the one place that turns every stored code into a translated label for people.

Pages, e-mails and exports never show a stored code (``awaiting_approval``, ``contact_person``,
``ETS185-29``, ``user.set_language``): they call ``label(kind, code)`` or the template filter
``{{ value|label:"request_status" }}`` (``{% load glacy_labels %}``). Where an app already names its codes
(a ``TextChoices``, the request catalogue, the content fields), the label is read from there, so a rule change
in that app needs nothing here; codes that no app names (audit actions, history steps, custody events) are
named in this module.

An unknown code comes back unchanged, so a test that walks every page finds it (``tests/core/
test_every_page_in_words.py``) instead of a label being made up.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from functools import cache
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from glacy.core.audit_actions import MORE_AUDIT_ACTIONS, exchange_status_actions

Table = dict[str, "str | Promise"]

# ---- Codes no app names -------------------------------------------------------------------------------------

#: One step in a request's history (RequestEvent.action), in the past tense.
REQUEST_HISTORY: Table = {
    "create": _("draft created"),
    "register_incoming": _("registered as received"),
    "submit_for_approval": _("submitted for approval"),
    "approve": _("approved"),
    "return_to_draft": _("returned to draft"),
    "send": _("sent"),
    "acknowledge": _("receipt acknowledged"),
    "start_execution": _("execution started"),
    "execute": _("recorded as executed"),
    "execute_partially": _("recorded as partially executed"),
    "refuse": _("refused"),
    "postpone": _("postponed"),
    "withdraw": _("withdrawn"),
    "reminder": _("deadline reminder sent"),
    "append": _("document added"),
    "update": _("content changed"),
    "attach_translation": _("translation attached"),
}

#: Actions of the audit trail (AuditEvent.action). ``request.<step>`` and ``evidence.custody.<event>`` are
#: composed from the two tables above.
AUDIT_ACTIONS: Table = {
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
    "assessment.create": _("assessment created"),
    "assessment.finalise": _("assessment finalised"),
    "assessment.recompute": _("assessment recomputed"),
    "assessment.update_row": _("assessment row changed"),
    "authority.create": _("authority created"),
    "authority.update": _("authority details changed"),
    "case.add_team_member": _("case team member added"),
    "case.open": _("case opened"),
    "case.update": _("case changed"),
    "country.load": _("countries loaded"),
    "evidence.access": _("exhibit content opened"),
    "evidence.export": _("exhibit exported"),
    "evidence.ingest": _("exhibit ingested"),
    "evidence.ingest_job_create": _("exhibit upload queued"),
    "law.import": _("law imported"),
    "law.import_job_create": _("law import queued"),
    "mapping.create": _("provision mapped"),
    "mapping.delete": _("mapping removed"),
    "mapping.update": _("mapping changed"),
    "notification.send": _("notification sent"),
    "notification.read": _("notifications read"),
    "person.create": _("person added"),
    "person.delete": _("person removed"),
    "person.update": _("person changed"),
    "request.add_identifier": _("identifier added to a request"),
    "request.create": _("request drafted"),
    "request.generate_document": _("request document generated"),
    "request.register_incoming": _("received request registered"),
    "request.reminders_sent": _("deadline reminders sent"),
    "request.remove_identifier": _("identifier removed from a request"),
    "request.update": _("request content changed"),
    "suggestion.accept": _("suggestion accepted"),
    "suggestion.reject": _("suggestion rejected"),
    "treaty.declarations_load": _("declarations and reservations loaded"),
    "treaty.instruments_load": _("treaties loaded"),
    "treaty.status_create": _("treaty status recorded"),
    "treaty.status_update": _("treaty status changed"),
    "user.create": _("user account created"),
    "user.disable_two_factor": _("second factor removed"),
    "user.enable_two_factor": _("second factor enabled"),
    "user.set_language": _("interface language changed"),
    "user.update_profile": _("name or e-mail changed"),
    "user.change_password": _("password changed"),
    "user.set_time_zone": _("time zone changed"),
    "user.update_notification_preferences": _("notification preferences changed"),
    **MORE_AUDIT_ACTIONS,
}

#: Purposes recorded by the platform itself in custody events (stored as written, shown in the reader's language).
SYSTEM_PURPOSES = (_("ingest into the evidence vault"),)

#: Who acted, when no person did.
ACTORS: Table = {"system": _("system")}

#: Audit actions about a person's own settings: kept in the audit trail, left out of "recent activity".
PERSONAL_SETTING_ACTIONS = frozenset({
    "user.set_language", "user.set_time_zone", "user.update_profile", "user.change_password",
    "user.update_notification_preferences", "notification.read",
})

#: Badge tones of statuses (see glacy_ui.badge): waiting work in blue or amber, done in green, ended badly in red.
STATUS_TONES: dict[str, str] = {
    "draft": "neutral", "awaiting_approval": "warning", "approved": "info", "sent": "info",
    "acknowledged": "info", "in_execution": "info", "executed": "success", "partially_executed": "warning",
    "refused": "danger", "postponed": "warning", "withdrawn": "neutral", "open": "info", "closed": "neutral",
    "queued": "neutral", "running": "info", "done": "success", "failed": "danger", "final": "success",
}

LANGUAGES: Table = {"en": _("English"), "fr": _("French")}
YES_NO: Table = {"True": _("yes"), "False": _("no"), "true": _("yes"), "false": _("no")}


# ---- Codes an app names: read from the app (imported when first asked, so no app imports another early) ---

def _choices(path: str) -> Callable[[], Table]:
    def load() -> Table:
        module_name, _dot, attribute = path.rpartition(".")
        module = __import__(module_name, fromlist=[attribute])
        target: Any = module
        for part in attribute.split(":"):
            target = getattr(target, part)
        return dict(target.choices)
    return load


def _request_types() -> Table:
    from glacy.cooperation.rules.catalogue import TYPES

    return {request_type.code: request_type.title for request_type in TYPES}


def _request_fields() -> Table:
    from glacy.cooperation.rules.fields import FIELDS

    return {name: field.label for name, field in FIELDS.items()}


def _identifier_kinds() -> Table:
    from glacy.cooperation.rules.identifiers import KINDS

    return dict(KINDS)


def _reasons() -> Table:
    """Grounds of refusal, postponement, impossibility and withholding (cooperation.rules.grounds)."""
    from glacy.cooperation.rules.grounds import IMPOSSIBILITY, POSTPONEMENT, REFUSAL, WITHHOLDING

    return {ground.code: ground.label for table in (*REFUSAL.values(), *POSTPONEMENT.values(), IMPOSSIBILITY,
                                                    WITHHOLDING) for ground in table}


def _deadlines() -> Table:
    """Treaty deadlines and the node's own targets (cooperation.rules.deadlines)."""
    from glacy.cooperation.rules.deadlines import RULES_BY_CODE, TARGET_LABELS

    return {**{code: rule.label for code, rule in RULES_BY_CODE.items()}, **TARGET_LABELS}


def _evidence(name: str) -> Callable[[], Table]:
    def load() -> Table:
        from glacy.evidence import labels as evidence_labels

        return dict(getattr(evidence_labels, name))
    return load


def _custody_purposes() -> Table:
    """Purposes the platform itself writes into custody records, in whichever language they were written."""
    from django.conf import settings
    from django.utils import translation

    table: Table = {}
    for text in SYSTEM_PURPOSES:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                table[str(text)] = text
    return table


_SOURCES: dict[str, Callable[[], Table]] = {
    "request_status": _choices("glacy.cooperation.rules.workflow.Status"),
    "case_status": _choices("glacy.cooperation.models.Case:Status"),
    "request_type": _request_types,
    "request_field": _request_fields,
    "identifier_kind": _identifier_kinds,
    "reason": _reasons,
    "deadline": _deadlines,
    "request_history": lambda: REQUEST_HISTORY,
    "custody_event": _evidence("EVENT_LABELS"),
    "evidence_format": _evidence("FORMAT_LABELS"),
    "verification_result": _evidence("RESULT_LABELS"),
    "audit_action": lambda: AUDIT_ACTIONS,
    "role": _choices("glacy.core.permissions.Role"),
    "channel": _choices("glacy.core.models.AuditEvent:Channel"),
    "job_status": _choices("glacy.core.models.UploadJob:Status"),
    "authority_kind": _choices("glacy.directory.models.AuthorityKind"),
    "evidence_source": _choices("glacy.evidence.models.EvidenceItem:Source"),
    "notification_kind": _choices("glacy.notifications.models.EventType"),
    "language": lambda: LANGUAGES,
    "custody_purpose": _custody_purposes,
    "token_scope": _choices("glacy.core.models.ApiToken:Scope"),
    "actor": lambda: ACTORS,
    "yes_no": lambda: YES_NO,
}


@cache
def _table(kind: str) -> Table:
    return _SOURCES[kind]()


def label(kind: str, code: object) -> str:
    """The translated label of `code` among codes of `kind` (e.g. ``label("request_status", "sent")``)."""
    if code is None or code == "":
        return ""
    text = str(code)
    if kind == "audit_action":
        return str(audit_action_label(text))
    if kind == "object_type":
        return object_type_label(text)
    found = _table(kind).get(text)
    return str(found) if found is not None else text


def audit_action_label(action: str) -> str | Promise:
    """An audit action in words; ``request.send`` and ``evidence.custody.sealed`` are composed."""
    if action in AUDIT_ACTIONS:
        return AUDIT_ACTIONS[action]
    if action.startswith("request.") and action[8:] in REQUEST_HISTORY:
        return _("request %(step)s") % {"step": REQUEST_HISTORY[action[8:]]}
    if action.startswith("request.") and (step := _request_step(action[8:])):
        return _("request: %(step)s") % {"step": step}
    if action.startswith("evidence.custody.") and action[17:] in _table("custody_event"):
        return _("custody: %(event)s") % {"event": _table("custody_event")[action[17:]]}
    if action.startswith("exchange."):
        return exchange_status_actions().get(action, action)
    return action


def _request_step(action: str) -> str:
    """A workflow step the cooperation rules name (e.g. "Propose conditions"), or empty."""
    from glacy.cooperation.presenters import action_label

    label = action_label(action)
    return "" if label == action else label


def object_type_label(object_type: str) -> str:
    """``cooperation.request`` → "request": the model's own translated name."""
    from django.apps import apps

    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def audit_action_codes() -> list[str]:
    """Every audit action this module names, composed ones included."""
    return sorted({*AUDIT_ACTIONS, *(f"request.{step}" for step in REQUEST_HISTORY),
                   *(f"evidence.custody.{event}" for event in _table("custody_event")), *exchange_status_actions()})


def kinds() -> list[str]:
    """Every kind of code this module names (for tests and the catalogue check)."""
    return sorted(_SOURCES)


def table(kind: str) -> dict[str, str]:
    """Every code of `kind` with its label in the active language."""
    return {code: str(text) for code, text in _table(kind).items()}


# ---- Times: always with their zone -------------------------------------------------------------------------

def zone_label(moment: datetime.datetime) -> str:
    """The zone of an aware, localised time as a UTC offset, e.g. ``UTC+08:00`` or ``UTC``."""
    offset = moment.utcoffset() or datetime.timedelta(0)
    if not offset:
        return "UTC"
    total = int(offset.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def local_time(value: datetime.datetime, zone: str | None = None) -> datetime.datetime:
    """`value` in `zone` (an IANA name) or in the zone of the current request (the user's)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    if zone:
        try:
            return value.astimezone(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.localtime(value)


def when_text(value: datetime.datetime | None, *, zone: str | None = None, seconds: bool = False) -> str:
    """``2026-12-03 18:28 UTC+08:00``: a time people can compare across borders, never without its zone."""
    if value is None:
        return ""
    moment = local_time(value, zone)
    return f"{moment:%Y-%m-%d %H:%M{':%S' if seconds else ''}} {zone_label(moment)}"
