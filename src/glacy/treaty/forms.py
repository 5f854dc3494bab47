from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glacy.treaty.models import PartyStatus


class PartyStatusForm(forms.ModelForm):
    class Meta:
        model = PartyStatus
        fields = ("status", "signature", "deposit", "deposit_kind", "entry_into_force", "as_of", "source", "note")
        widgets = {name: forms.DateInput(attrs={"type": "date"}) for name in
                   ("signature", "deposit", "entry_into_force", "as_of")}


class StatusImportForm(forms.Form):
    file = forms.FileField(
        label=_("Status chart (CSV)"),
        help_text=_("Same columns as the shipped parties.csv; the whole file is refused on any error."),
    )
