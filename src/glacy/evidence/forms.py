"""Forms of the evidence pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.events import MANUAL_EVENTS


class IngestForm(forms.Form):
    file = forms.FileField(label=_("Exhibit file"))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    source = forms.ChoiceField(label=_("Source"), choices=EvidenceItem.Source.choices)
    legal_basis = forms.CharField(label=_("Legal basis (warrant or request)"), required=False, max_length=300)
    device = forms.CharField(label=_("Device (make, model, serial number)"), required=False, max_length=300)
    seal_number = forms.CharField(label=_("Seal number"), required=False, max_length=80)
    expected_sha256 = forms.CharField(label=_("SHA-256 stated in the acquisition report"), required=False,
                                      max_length=64)
    expected_md5 = forms.CharField(label=_("MD5 stated in the acquisition report"), required=False, max_length=32)
    with_blake3 = forms.BooleanField(label=_("Also compute BLAKE3"), required=False,
                                     help_text=_("In the same pass as the other hashes."))


class CustodyEventForm(forms.Form):
    event_type = forms.ChoiceField(label=_("Event"), choices=[(kind.value, kind.value) for kind in MANUAL_EVENTS])
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=300)
    tool = forms.CharField(label=_("Tool"), required=False, max_length=200)
    releasing_person = forms.CharField(label=_("Released by"), required=False, max_length=200)
    receiving_person = forms.CharField(label=_("Received by"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            max_length=5000)


class PurposeForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
