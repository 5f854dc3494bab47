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
from glacy.treaty.selectors import find_article

CASE_EDITABLE_FIELDS = ("title", "offence_articles", "national_provisions", "summary_of_facts", "is_urgent",
                        "contains_personal_data", "status")
#: Offences a case may be about: the substantive articles of the Convention and of its First Protocol.
OFFENCE_ARTICLES = {"ETS185": {str(number) for number in range(2, 12)}, "ETS189": {"3", "4", "5", "6", "7"}}


def offence_candidates(*, with_titles: bool = True) -> list[tuple[str, str, str]]:
    """The offence articles as (code, English title, French title), in the Convention's order (titles read
    from the treaty data; without them, no query)."""
    titles = {(instrument, number): (title_en, title_fr) for instrument, number, title_en, title_fr in
              Article.objects.filter(instrument_id__in=OFFENCE_ARTICLES).values_list(
                  "instrument_id", "number", "title_en", "title_fr")} if with_titles else {}
    return [(f"{instrument}:{number}", *titles.get((instrument, number), ("", "")))
            for instrument, numbers in OFFENCE_ARTICLES.items() for number in sorted(numbers, key=int)]


def clean_offence_articles(value: Any) -> list[str]:
    """Accept an article as a person names it ("ETS185:7", "ETS 185 Art. 7", "Art. 7", "7", "forgery");
    return the codes ("ETS185:7"), each once. A bare number names the Convention's article."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise ValidationFailed({"offence_articles": [str(_("Give a list of Convention articles, e.g. Art. 7."))]})
    value = [part for item in value for part in str(item).replace(";", ",").split(",") if part.strip()]
    by_number = offence_candidates(with_titles=False)
    by_title: list[tuple[str, str, str]] | None = None
    cleaned: list[str] = []
    for raw in value:
        reference = find_article(str(raw), among=by_number)
        if reference is None and not any(character.isdigit() for character in str(raw)):  # words of the title
            by_title = by_title if by_title is not None else offence_candidates()
            reference = find_article(str(raw), among=by_title)
        if reference is None:
            raise ValidationFailed({"offence_articles": [str(
                _("“%(value)s” is not an offence article: give its number (Art. 7), its citation (ETS 189 Art. 3) "
                  "or words of its title (forgery); offences are ETS 185 Arts 2 to 11 and ETS 189 Arts 3 to 7.")
                % {"value": str(raw).strip()})]})
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
