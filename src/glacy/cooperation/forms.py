"""Forms of the cooperation pages; the rules are checked by the services, the forms only collect input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case
from glacy.cooperation.presenters import cite
from glacy.cooperation.rules import catalogue, channels
from glacy.cooperation.rules.catalogue import Family
from glacy.cooperation.rules.conditions import ConditionKind
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.rules.grounds import CONFIRMATIONS, Ground
from glacy.cooperation.rules.workflow import Transition
from glacy.core.widgets import PickerSelect, PickerSelectMultiple

CONDITION_ROWS = 3
#: CETS 224 Arts 11-12 (Section 5): the treaty relied on decides whether they apply (Art. 5(5)).
SECTION_5_TYPES = frozenset({"CETS224-11", "CETS224-12"})


def offence_choices() -> list[tuple[str, str]]:
    """The offence articles as picker choices: "ETS 185 Art. 7 – Computer-related forgery" (in French "STE 185
    art. 7 – Falsification informatique"), so a person finds one by its number or by words of its title."""
    from django.utils.translation import get_language

    from glacy.cooperation.services.cases import offence_candidates

    french = (get_language() or "en").startswith("fr")
    return [(code, f"{cite(code.replace(':', ' Art. ').replace('ETS', 'ETS '))} – {title_fr if french else title_en}")
            for code, title_en, title_fr in offence_candidates()]


class OffenceArticlesField(forms.MultipleChoiceField):
    """The picker's choices, or articles as a person types them ("Art. 7", "7", "forgery", "ETS 189 Art. 3"),
    cleaned to codes by the same rule as the services (`clean_offence_articles`)."""

    def to_python(self, value: Any) -> list[str]:
        items = value if isinstance(value, list | tuple) else [value] if value else []
        return [part.strip() for item in items for part in str(item).replace(";", ",").split(",") if part.strip()]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def clean(self, value: Any) -> list[str]:
        from glacy.cooperation.services.cases import clean_offence_articles
        from glacy.core.errors import ValidationFailed

        items = self.to_python(value)
        self.validate(items)
        try:
            return clean_offence_articles(items)
        except ValidationFailed as error:
            raise forms.ValidationError(error.errors.get("offence_articles", [error.text])) from error


def offence_articles_field(help_text: Any = "") -> forms.MultipleChoiceField:
    """Offences named by a case or a request: a searchable picker (type "Art. 7", "7" or "forgery")."""
    return OffenceArticlesField(
        label=_("Offences (Convention articles)"), required=False, choices=offence_choices,
        widget=PickerSelectMultiple,
        help_text=help_text or _("Type a number (Art. 7) or words of the title (forgery); several may be chosen."))


class CaseForm(forms.ModelForm):
    offence_articles = offence_articles_field(
        _("Type a number (Art. 7) or words of the title (forgery): ETS 185 Arts 2–11, ETS 189 Arts 3–7."))

    class Meta:
        model = Case
        fields = ("title", "offence_articles", "national_provisions", "summary_of_facts", "is_urgent",
                  "contains_personal_data")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk and not self.is_bound:
            self.initial["offence_articles"] = list(self.instance.offence_articles)


def _authority_choices(user: Any) -> Any:
    from glacy.directory.models import Authority

    return Authority.objects.filter(is_active=True).exclude(pk=user.authority_id).select_related("country").order_by(
        "country__name_en", "name")


def authority_label(authority: Any) -> str:
    """How a picker shows an authority: its name, kind and country, so typing either finds it."""
    return f"{authority.name} ({authority.get_kind_display()}) – {authority.country.name}"


def authority_field(label: Any) -> forms.ModelChoiceField:
    field: forms.ModelChoiceField = forms.ModelChoiceField(
        label=label, queryset=None, widget=PickerSelect,  # type: ignore[arg-type]
        help_text=_("Type a name, a country or a kind (e.g. 24/7, central authority, service provider)."))
    return field


class RequestCreateForm(forms.Form):
    """First step of a request: its type, the authority it goes to, the document language, what it follows up."""

    request_type = forms.ChoiceField(label=_("Type of request"), widget=PickerSelect)
    requested_authority = authority_field(_("Requested authority"))
    document_language = forms.ChoiceField(label=_("Language of the request"),
                                          choices=[("en", _("English")), ("fr", _("French"))])
    follows_reference = forms.CharField(
        label=_("Follows up an earlier request (its reference)"), required=False, max_length=40,
        help_text=_("A request of your country sent to the same Party, e.g. the preservation your 24/7 point sent "
                    "(ETS 185 Art. 29(7)). Its identifiers and facts are copied into the new draft."),
        widget=forms.TextInput(attrs={"list": "follow-up-choices", "autocomplete": "off"}))

    def __init__(self, *args: Any, user: Any, follow_up_choices: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["request_type"].choices = [("", "—"), *catalogue.type_choices()]
        fields["requested_authority"].queryset = _authority_choices(user)
        fields["requested_authority"].label_from_instance = authority_label
        #: (reference, description) of the requests this one may follow up, offered as the field's suggestions.
        self.follow_up_choices = follow_up_choices or []


def _help(article: str, help_text: Any) -> str:
    return f"{cite(article)}. {help_text}".strip() if help_text else cite(article)


def _content_field(name: str, article: str) -> forms.Field:
    field: Any = FIELDS[name]
    help_text = _help(article, field.help_text)
    if field.kind == "boolean":
        return forms.BooleanField(label=field.label, required=False, help_text=help_text)
    if field.kind == "choice":
        return forms.ChoiceField(label=field.label, required=False, help_text=help_text,
                                 choices=[("", "—"), *field.choices])
    if field.kind == "multichoice":
        return forms.MultipleChoiceField(label=field.label, required=False, help_text=help_text,
                                         choices=field.choices, widget=forms.CheckboxSelectMultiple)
    if field.kind == "integer":
        return forms.IntegerField(label=field.label, required=False, help_text=help_text, min_value=1,
                                  max_value=3650)
    if field.kind == "text":
        return forms.CharField(label=field.label, required=False, help_text=help_text, max_length=500)
    return forms.CharField(label=field.label, required=False, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)


def content_form_class(request_type_code: str, *, applicable_treaty: str = "") -> type[forms.Form]:
    """A form with the type's content fields (each labelled with its article) and how the request is sent."""
    definition = catalogue.request_type(request_type_code)
    form_fields: dict[str, forms.Field] = {}
    for requirement in definition.requirements:
        if requirement.field != "identifiers":
            form_fields[requirement.field] = _content_field(requirement.field, requirement.article)
    form_fields["offence_articles"] = offence_articles_field(
        _("Copied from the case; type a number (Art. 7) or words of the title (forgery). They decide which grounds "
          "of refusal the requested Party may give (ETS 185 Arts 25(4), 29(4))."))
    if channels.may_be_urgent(definition):
        form_fields["is_urgent"] = forms.BooleanField(label=_("Urgent: send by expedited means"), required=False,
                                                      help_text=cite("ETS 185 Art. 25(3)"))
        form_fields["urgent_means"] = forms.ChoiceField(
            label=_("Expedited means"), required=False, choices=[("", "—"), *channels.URGENT_MEANS],
            help_text=cite("ETS 185 Art. 25(3)"))
    if (request_type_code in channels.ARTICLE_27_TYPES and request_type_code != "ETS185-27") \
            or request_type_code in SECTION_5_TYPES:
        form_fields["applicable_treaty"] = forms.CharField(
            label=_("Treaty or arrangement relied on"), required=False, max_length=300,
            help_text=_("Leave empty when no mutual assistance treaty or arrangement is in force between the "
                        "Parties: ETS 185 Arts 27 and 28 then apply."))
    if request_type_code in channels.ROUTE_TYPES:
        form_fields["route"] = forms.ChoiceField(
            label=_("Route"), required=False, help_text=_("ETS 185 Art. 27(2)(b) and 27(9), where Art. 27 applies."),
            choices=[(route.code, f"{route.label} ({cite(route.article)})") for route in channels.routes_for(
                request_type=definition, applicable_treaty=applicable_treaty)])
        form_fields["copy_to_central_authority"] = _content_field("copy_to_central_authority", "ETS 185 Art. 27(9)(a)")
        form_fields["no_coercive_action"] = _content_field("no_coercive_action", "ETS 185 Art. 27(9)(d)")
    return type("RequestContentForm", (forms.Form,), form_fields)


def content_initial(request: Any) -> dict[str, Any]:
    return {**request.content, "offence_articles": list(request.offence_articles or []),
            "is_urgent": request.is_urgent, "urgent_means": request.urgent_means,
            "applicable_treaty": request.applicable_treaty, "route": request.route}


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of identifier"))
    value = forms.CharField(label=_("Value"), required=False, max_length=300,
                            help_text=_("E-mail, account, number, domain, URL, address or device id."))
    service = forms.CharField(label=_("Service (for accounts)"), required=False, max_length=100)
    address = forms.CharField(label=_("IP address"), required=False, max_length=64)
    port = forms.CharField(label=_("Port"), required=False, max_length=5)
    timestamp = forms.CharField(label=_("Time with time zone"), required=False, max_length=40,
                                help_text=_("ISO 8601 with offset, e.g. 2026-03-02T14:05:09+01:00."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from glacy.cooperation.rules.identifiers import KINDS

        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["kind"].choices = list(KINDS.items())


def transition_form_class(transition: Transition, grounds: list[Ground], *, family: str = "",
                          condition_kinds: list[tuple[str, Any]] | None = None) -> type[forms.Form]:
    """The inputs one workflow step needs: the recorded date, a lawful ground, the reasons, conditions."""
    form_fields: dict[str, forms.Field] = {"action": forms.CharField(widget=forms.HiddenInput)}
    if transition.needs_date:
        form_fields["on_date"] = forms.DateField(
            label=str(transition.date_label), required=False, widget=forms.DateInput(attrs={"type": "date"}),
            help_text=_("The day it happened (today if left empty); clocks run from this date."))
    if transition.takes_information_complete and family == Family.PRODUCTION_ORDER:
        form_fields["information_complete"] = forms.BooleanField(
            label=_("All the information needed to give effect to the order was received (CETS 224 Art. 8(6))"),
            required=False)
    if transition.needs_ground:
        # No ground is chosen in advance: a refusal or postponement states the ground a person chose.
        form_fields["reason_code"] = forms.ChoiceField(
            label=_("Ground"), error_messages={"required": _("Choose the ground.")},
            choices=[("", "—"), *((ground.code, f"{ground.label} ({cite(ground.article)})") for ground in grounds)])
    confirmations = sorted({ground.confirmation for ground in grounds if ground.confirmation})
    for confirmation in confirmations:
        form_fields[f"{confirmation}_confirmed"] = forms.BooleanField(
            label=str(CONFIRMATIONS[confirmation]), required=False,
            help_text=_("Needed only for a ground marked as excluded for offences under Arts 2–11."))
    if transition.asks_partial_or_conditional:
        form_fields["partial_or_conditional_considered"] = forms.BooleanField(
            label=_("We considered whether the request can be granted partially or subject to conditions, after "
                    "consulting the requesting side where appropriate (ETS 185 Art. 27(6))"), required=False)
    if transition.takes_conditions:
        for number in range(1, CONDITION_ROWS + 1):
            form_fields[f"condition_{number}_kind"] = forms.ChoiceField(
                label=_("Condition %(number)s") % {"number": number}, required=False,
                choices=[("", "—"), *(condition_kinds or ConditionKind.choices)])
            form_fields[f"condition_{number}_text"] = forms.CharField(
                label=_("Wording of condition %(number)s") % {"number": number}, required=False, max_length=5000)
    if transition.needs_note or transition.target is not None or transition.needs_date:
        form_fields["note"] = forms.CharField(
            label=_("Reasons") if transition.needs_ground or transition.needs_note else _("Note"),
            required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
            help_text=cite(transition.article) if transition.needs_note and transition.article else "")
    return type(f"{transition.action.title().replace('_', '')}Form", (forms.Form,), form_fields)


def conditions_from(cleaned: dict[str, Any]) -> list[dict[str, str]]:
    return [{"kind": cleaned.get(f"condition_{number}_kind") or "", "text": cleaned.get(f"condition_{number}_text")
             or ""} for number in range(1, CONDITION_ROWS + 1)
            if cleaned.get(f"condition_{number}_kind") or cleaned.get(f"condition_{number}_text")]


class IncomingRequestForm(forms.Form):
    requesting_authority = authority_field(_("Requesting authority"))
    request_type = forms.ChoiceField(label=_("Type of request"), widget=PickerSelect)
    received_reference = forms.CharField(label=_("Their reference"), max_length=100)
    received_on = forms.DateField(label=_("Received on"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("The day your authority received it (today if left empty)."))
    offence_articles = offence_articles_field(_("As the request names them; type a number (Art. 7) or words of "
                                                "the title (forgery)."))
    summary_of_facts = forms.CharField(label=_("Brief summary of the facts"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
    file = forms.FileField(label=_("Received file (PDF, DOCX or e-mail)"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["request_type"].choices = [("", "—"), *catalogue.type_choices()]
        fields["requesting_authority"].queryset = _authority_choices(user)
        fields["requesting_authority"].label_from_instance = authority_label


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("Material supplied (PDF, DOCX or e-mail)"))


class TranslationForm(forms.Form):
    """A translation of the request's free text, entered by a person (one text area per item that has text)."""

    language = forms.ChoiceField(label=_("Language of the translation"), widget=PickerSelect)
    method = forms.ChoiceField(label=_("How it was translated"), widget=forms.RadioSelect,
                               error_messages={"required": _("Say how the translation was made.")})
    translator = forms.CharField(label=_("Translated or checked by"), max_length=200,
                                 help_text=_("The person who answers for the translation (name and office)."))

    def __init__(self, *args: Any, request: Any, **kwargs: Any) -> None:
        from glacy.cooperation.models import RequestTranslation
        from glacy.cooperation.rules.fields import label_for
        from glacy.cooperation.services.translations import LANGUAGES, free_text_items

        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["language"].choices = [("", "—"), *sorted(
            ((code, str(name)) for code, name in LANGUAGES.items() if code != request.document_language),
            key=lambda choice: choice[1])]
        fields["method"].choices = RequestTranslation.Method.choices  # no default: the person says which
        #: (field, original text) of each item, in the order of the request's content.
        self.items: list[tuple[forms.BoundField, str]] = []
        for name in free_text_items(request):
            fields[f"text_{name}"] = forms.CharField(
                label=label_for(name), required=False, max_length=20000,
                widget=forms.Textarea(attrs={"rows": 4}))
        for name in free_text_items(request):
            self.items.append((self[f"text_{name}"], request.content[name]))

    def texts(self) -> dict[str, str]:
        return {name.removeprefix("text_"): value for name, value in self.cleaned_data.items()
                if name.startswith("text_")}
