"""Forms of the programme pages (they only parse input; services validate and write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from glacy.directory.models import Region
from glacy.programme.models import Donor, IndicatorValue
from glacy.programme.models.vocabulary import FundingType


class SpreadsheetForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"),
                           help_text=_("One row per activity, in the columns of the export. Nothing is written "
                                       "until you confirm the preview."))


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    language = forms.ChoiceField(label=_("Language"), choices=[("en", _("English")), ("fr", _("French"))])
    format = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("docx", "DOCX (Word)")])


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    staff = forms.IntegerField(label=_("Staff"), min_value=0)
    highlights_en = forms.CharField(label=_("Highlights (English)"), widget=forms.Textarea(attrs={"rows": 4}),
                                    required=False)
    highlights_fr = forms.CharField(label=_("Highlights (French)"), widget=forms.Textarea(attrs={"rows": 4}),
                                    required=False)


class IndicatorValueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorValue.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Evidence or comment"), required=False)


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("Short name"), max_length=40)
    iati_identifier = forms.CharField(label=_("IATI identifier"), max_length=150,
                                      help_text=_("The reporting organisation's identifier, a hyphen, then the "
                                                  "project's own, e.g. XM-DAC-47066-GLACY-E."))
    title = forms.CharField(label=_("Title"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300, required=False)
    funding_type = forms.ChoiceField(label=_("Funding type"), choices=FundingType.choices)
    donors = forms.ModelMultipleChoiceField(label=_("Donors"), queryset=Donor.objects.all(), required=False)
    budget = forms.DecimalField(label=_("Budget"), max_digits=14, decimal_places=2, min_value=0)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    start_date = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    countries = forms.CharField(label=_("Countries"), required=False,
                                help_text=_("ISO codes separated by commas, e.g. GH, SN, PH."))
    regions = forms.MultipleChoiceField(label=_("Regions"), choices=Region.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    objective = forms.CharField(label=_("Overall objective"), widget=forms.Textarea(attrs={"rows": 3}),
                                required=False)


class ResultForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=10, help_text=_("R1 to R7 for GLACY-type projects."))
    title = forms.CharField(label=_("Expected result"), max_length=300)
    title_fr = forms.CharField(label=_("Expected result in French"), max_length=300, required=False)


class IndicatorForm(forms.Form):
    result: Any = forms.ModelChoiceField(label=_("Expected result"), queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("Indicator"), max_length=300)
    title_fr = forms.CharField(label=_("Indicator in French"), max_length=300, required=False)
    source = forms.ChoiceField(label=_("Source of the actual value"))
    baseline_value = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2, required=False)
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=2000, max_value=2100, required=False)
    target_value = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2, required=False)
    target_year = forms.IntegerField(label=_("Target year"), min_value=2000, max_value=2100, required=False)
    means_of_verification = forms.CharField(label=_("Means of verification"), required=False)

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from glacy.programme.metrics import METRICS

        self.fields["result"].queryset = project.results.all()  # type: ignore[attr-defined]
        self.fields["source"].choices = [("entered", _("entered by staff")),  # type: ignore[attr-defined]
                                         *((key, metric.label) for key, metric in METRICS.items())]
