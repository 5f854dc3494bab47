"""Forms of the directory pages; validation rules live in the services, forms only shape the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glacy.directory.models import Authority, AuthorityKind, Person


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=forms.Select(attrs={"class": "form-select"}),
                             choices=[("", _("All kinds")), *AuthorityKind.choices])
    country = forms.CharField(label=_("Country code"), required=False, max_length=2)


class LanguagesField(forms.CharField):
    """Comma-separated two-letter codes in the form; a list in the model."""

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return ", ".join(value)
        return value


class AuthorityForm(forms.ModelForm):
    accepted_languages = LanguagesField(label=_("Accepted languages"), required=False,
                                        help_text=_("Two-letter codes separated by commas, e.g. en, fr."))

    class Meta:
        model = Authority
        fields = ("name", "name_fr", "acronym", "email", "phone", "address", "website", "office_hours",
                  "time_zone", "is_available_24_7", "out_of_hours_contact", "accepted_languages")


class PersonForm(forms.ModelForm):
    languages = LanguagesField(label=_("Languages spoken"), required=False,
                               help_text=_("Two-letter codes separated by commas, e.g. en, fr."))

    class Meta:
        model = Person
        fields = ("full_name", "position", "email", "phone", "languages", "is_contact_point")
