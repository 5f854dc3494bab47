"""Opening and changing cases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case
from glacy.cooperation.references import next_reference
from glacy.core.audit import record_event, snapshot
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.core.services import instance_update, validate_instance
from glacy.treaty.models import Article

CASE_EDITABLE_FIELDS = ("title", "offence_articles", "national_provisions", "summary_of_facts", "is_urgent",
                        "contains_personal_data", "status")
#: Offences a case may be about: the substantive articles of the Convention and of its First Protocol.
OFFENCE_ARTICLES = {"ETS185": {str(number) for number in range(2, 12)}, "ETS189": {"3", "4", "5", "6", "7"}}


def clean_offence_articles(value: Any) -> list[str]:
    """Accept references like "ETS185:2" or "ETS 185 Art. 8"; return them normalised ("ETS185:8")."""
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        raise ValidationFailed({"offence_articles": [str(_("Give a list of Convention articles, e.g. ETS185:2."))]})
    cleaned: list[str] = []
    for raw in value:
        text = str(raw).upper().replace("ART.", ":").replace(" ", "")
        instrument, _separator, number = text.partition(":")
        if instrument not in OFFENCE_ARTICLES or number not in OFFENCE_ARTICLES[instrument]:
            raise ValidationFailed({"offence_articles": [str(
                _("“%(value)s” is not an offence article; use ETS185:2 to ETS185:11 or ETS189:3 to ETS189:7.")
                % {"value": str(raw).strip()})]})
        reference = f"{instrument}:{number}"
        if reference not in cleaned:
            cleaned.append(reference)
    return cleaned


def offence_labels(references: Iterable[str]) -> list[str]:
    """Human labels such as "ETS 185 Art. 2 – Illegal access" for display."""
    labels = []
    articles = {(article.instrument_id, article.number): article for article in Article.objects.filter(
        instrument_id__in=OFFENCE_ARTICLES)}
    for reference in references:
        instrument, _separator, number = reference.partition(":")
        article = articles.get((instrument, number))
        title = f" – {article.title}" if article else ""
        labels.append(f"{instrument[:-3]} {instrument[-3:]} Art. {number}{title}")
    return labels


@transaction.atomic
def case_open(*, actor: Any, data: Mapping[str, Any]) -> Case:
    """Open a case in the actor's authority; the actor joins the case team."""
    require_role(actor, Role.DRAFTER, Role.APPROVER)
    if actor.authority_id is None:
        raise PermissionDenied(_("Your account belongs to no authority."))
    unknown = sorted(set(data) - set(CASE_EDITABLE_FIELDS))
    if unknown:
        raise ValidationFailed({name: [str(_("This field cannot be set here."))] for name in unknown})
    values = dict(data)
    if "offence_articles" in values:
        values["offence_articles"] = clean_offence_articles(values["offence_articles"])
    case = Case(authority_id=actor.authority_id, reference="pending", **values)
    validate_instance(case, exclude=["reference"])
    case.reference = next_reference(authority=actor.authority, kind="CASE")
    case.save()
    case.team.add(actor)
    record_event(actor=actor, action="case.open", obj=case, after=snapshot(case))
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, changes: Mapping[str, Any]) -> Case:
    """Change a case of the actor's authority."""
    require_role(actor, Role.DRAFTER, Role.APPROVER)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Only the authority that owns the case may change it."))
    values = dict(changes)
    if "offence_articles" in values:
        values["offence_articles"] = clean_offence_articles(values["offence_articles"])
    return instance_update(instance=case, changes=values, allowed_fields=CASE_EDITABLE_FIELDS, actor=actor,
                           action="case.update")


@transaction.atomic
def case_team_add(*, actor: Any | None, case: Case, member: Any) -> Case:
    """Add a user of the case's authority to its team (the team sees the case's evidence)."""
    if actor is not None:
        require_role(actor, Role.DRAFTER, Role.APPROVER)
        if case.authority_id != actor.authority_id:
            raise PermissionDenied(_("Only the authority that owns the case may change it."))
    if member.authority_id != case.authority_id:
        raise ValidationFailed({"member": [str(_("Team members belong to the authority that owns the case."))]})
    if not case.team.filter(pk=member.pk).exists():
        case.team.add(member)
        record_event(actor=actor, action="case.add_team_member", obj=case, authority=case.authority,
                     after={"member": member.get_username()})
    return case
