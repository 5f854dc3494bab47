"""Forms of the training pages (parsing only; services validate and write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from glacy.programme.models.vocabulary import Gender, InstitutionType


class ParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False,
                                help_text=_("Needed for a certificate. Kept only with consent, until the end of "
                                            "the retention period."))
    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("Optional: matches the participant in a Moodle completion export."))
    institution_type = forms.ChoiceField(label=_("Institution type"), choices=InstitutionType.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    attended = forms.BooleanField(label=_("Attended"), required=False, initial=True)
    has_consent = forms.BooleanField(label=_("The participant consented to GLACY keeping their name and e-mail "
                                             "address for the retention period"), required=False)


class TestForm(forms.Form):
    """One radio group per question of the course's test."""

    phase = forms.ChoiceField(label=_("Test"), choices=[("pre", _("pre-test")), ("post", _("post-test"))])

    def __init__(self, *args: Any, questions: list[Any], language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            text = question.text_fr if language.startswith("fr") and question.text_fr else question.text
            self.fields[f"q{question.number}"] = forms.TypedChoiceField(
                label=f"{question.number}. {text}", coerce=int, widget=forms.RadioSelect, required=False,
                choices=[(index, choice) for index, choice in enumerate(question.choices, start=1)])

    def answers(self) -> dict[str, int]:
        return {str(question.number): self.cleaned_data[f"q{question.number}"] for question in self.questions
                if self.cleaned_data.get(f"q{question.number}")}


class MoodleForm(forms.Form):
    file = forms.FileField(label=_("Moodle completion export (CSV)"),
                           help_text=_("In Moodle: Reports → Course completion → Download in CSV format."))
