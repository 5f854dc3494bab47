"""Forms of the legislation pages; the rules are checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from glacy.directory.models import Country
from glacy.legislation.extract import MAX_BYTES
from glacy.legislation.models import Law
from glacy.legislation.models.assessments import RowCoverage
from glacy.legislation.models.laws import Coverage
from glacy.treaty.models import Instrument


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((country.code, country.name) for country in Country.objects.order_by("name_en"))]


class LawImportForm(forms.Form):
    file = forms.FileField(label=_("File of the law or bill"), help_text=_(
        "PDF with a text layer, DOCX, HTML or plain text, up to %(megabytes)s MB.") % {
            "megabytes": MAX_BYTES // (1024 * 1024)})
    country = forms.ChoiceField(label=_("Country"))
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Law.Kind.choices, initial=Law.Kind.ACT)
    language = forms.ChoiceField(label=_("Language of the text"), required=False, choices=[
        ("", _("Recognise automatically")), *Law.Language.choices])
    adopted_on = forms.DateField(label=_("Adopted on"), required=False, help_text=_("YYYY-MM-DD; empty for a bill."),
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices()  # type: ignore[attr-defined]


class MappingForm(forms.Form):
    """Map a provision to an article by hand."""

    article = forms.CharField(label=_("Article"), max_length=30, help_text=_("e.g. ETS185:2, ETS189:3, CETS224:7"))
    coverage = forms.ChoiceField(label=_("Coverage"), choices=Coverage.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    instrument = forms.ChoiceField(label=_("Instrument"))
    laws = forms.MultipleChoiceField(label=_("Laws assessed"), widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("Empty: the country and the instrument."))

    def __init__(self, *args: Any, laws: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices()  # type: ignore[attr-defined]
        self.fields["instrument"].choices = [  # type: ignore[attr-defined]
            (instrument.code, instrument.short_title) for instrument in Instrument.objects.order_by("opened_on")]
        self.fields["laws"].choices = [  # type: ignore[attr-defined]
            (str(law.pk), f"{law.country.name} – {law.title}") for law in laws]


class RowForm(forms.Form):
    coverage = forms.ChoiceField(label=_("Coverage"), choices=RowCoverage.choices)
    note = forms.CharField(label=_("Reviewer's note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    recommendation = forms.CharField(label=_("Recommendation"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text=_("Empty: the recommendation drawn from the missing elements."))
