"""Forms of the programme pages (they only parse input; services validate and write)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glacy.programme.models import IndicatorValue


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
