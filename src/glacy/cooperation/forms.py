"""Forms of the cooperation pages; the rules are checked by the services."""

from __future__ import annotations

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
