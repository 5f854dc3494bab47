"""Forms of the cooperation pages; the rules are checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case


class CaseForm(forms.ModelForm):
    offence_articles = forms.CharField(
        label=_("Offences (Convention articles)"), required=False,
        help_text=_("Separated by commas, e.g. ETS185:2, ETS185:8 (ETS 185 Arts. 2–11, ETS 189 Arts. 3–7)."),
    )

    class Meta:
        model = Case
        fields = ("title", "offence_articles", "national_provisions", "summary_of_facts", "is_urgent",
                  "contains_personal_data")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk and not self.is_bound:
            self.initial["offence_articles"] = ", ".join(self.instance.offence_articles)


class RequestCreateForm(forms.Form):
    """First step of a request: its type, the authority it goes to, and the document language."""

    request_type = forms.ChoiceField(label=_("Type of request"))
    requested_authority: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Requested authority"), queryset=None)  # type: ignore[arg-type]
    document_language = forms.ChoiceField(label=_("Language of the request"),
                                          choices=[("en", _("English")), ("fr", _("French"))])
    follows: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Follows up an earlier request"), required=False, queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from glacy.cooperation.models import Request
        from glacy.cooperation.rules.catalogue import type_choices
        from glacy.directory.models import Authority

        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["request_type"].choices = [("", "—"), *type_choices()]
        fields["requested_authority"].queryset = Authority.objects.filter(is_active=True).exclude(
            pk=user.authority_id).select_related("country").order_by("country__name_en", "name")
        fields["requested_authority"].label_from_instance = (
            lambda authority: f"{authority.country.name} – {authority.name} ({authority.get_kind_display()})")
        fields["follows"].queryset = Request.objects.filter(requesting_authority_id=user.authority_id)


def content_form_class(request_type_code: str) -> type[forms.Form]:
    """A form with the content fields this request type requires, each labelled with its article."""
    from glacy.cooperation.rules.catalogue import request_type
    from glacy.cooperation.rules.fields import FIELDS

    definition = request_type(request_type_code)
    form_fields: dict[str, forms.Field] = {}
    names = [requirement for requirement in definition.requirements if requirement.field != "identifiers"]
    if definition.is_emergency and not {item.field for item in names} & {"urgency_reasons", "emergency_facts"}:
        names.append(type(names[0])("urgency_reasons", definition.citation))
    for requirement in names:
        field: Any = FIELDS[requirement.field]
        help_text = f"{requirement.citation}. {field.help_text}".strip() if field.help_text else requirement.citation
        if field.kind == "boolean":
            form_fields[field.name] = forms.BooleanField(label=field.label, required=False, help_text=help_text)
        elif field.kind == "text":
            form_fields[field.name] = forms.CharField(label=field.label, required=False, help_text=help_text,
                                                      max_length=500)
        else:
            form_fields[field.name] = forms.CharField(label=field.label, required=False, help_text=help_text,
                                                      widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
    return type("RequestContentForm", (forms.Form,), form_fields)


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


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason_code = forms.CharField(label=_("Reason"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=5000)


class IncomingRequestForm(forms.Form):
    requesting_authority: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Requesting authority"), queryset=None)  # type: ignore[arg-type]
    request_type = forms.ChoiceField(label=_("Type of request"))
    received_reference = forms.CharField(label=_("Their reference"), max_length=100)
    summary_of_facts = forms.CharField(label=_("Brief summary of the facts"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
    file = forms.FileField(label=_("Received file (PDF, DOCX or e-mail)"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from glacy.cooperation.rules.catalogue import type_choices
        from glacy.directory.models import Authority

        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["request_type"].choices = [("", "—"), *type_choices()]
        fields["requesting_authority"].queryset = Authority.objects.filter(is_active=True).exclude(
            pk=user.authority_id).select_related("country").order_by("country__name_en", "name")
