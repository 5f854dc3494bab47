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
        label=_("Status chart (saved Treaty Office page or CSV)"),
        help_text=_("The Treaty Office's chart of signatures and ratifications saved from the browser (HTML), or a "
                    "CSV with the columns of the shipped parties.csv. The whole file is refused on any error; its "
                    "differences are shown before anything changes."),
    )
