"""Forms of the exchange administration page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_IDENTITY_BYTES = 4 * 1024 * 1024


class PeerAddForm(forms.Form):
    """A peer's identity document (file or pasted text) and the fingerprint confirmed out of band."""

    document_file = forms.FileField(label=_("Identity document (file)"), required=False,
                                    help_text=_("The file the other node's operator wrote with "
                                                "“glacy node show --output FILE”."))
    document_text = forms.CharField(label=_("…or the identity document pasted as text"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    fingerprint = forms.CharField(label=_("Fingerprint of its signing key"), max_length=200,
                                  help_text=_("Read to you by the other node's operator by another channel "
                                              "(telephone, letter, meeting). Spaces are ignored."))
    channel = forms.CharField(label=_("How the fingerprint was confirmed"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("document_file")
        text = (cleaned.get("document_text") or "").strip()
        if upload and text:
            raise forms.ValidationError(_("Give the document as a file or as text, not both."))
        if upload:
            if upload.size > MAX_IDENTITY_BYTES:
                raise forms.ValidationError(_("An identity document is smaller than 4 MB."))
            try:
                text = upload.read().decode("ascii").strip()
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("This file is not an identity document.")) from error
        if not text:
            raise forms.ValidationError(_("Give the peer's identity document."))
        cleaned["document"] = text
        return cleaned


class KeyConfirmForm(forms.Form):
    fingerprint = forms.CharField(label=_("Fingerprint confirmed"), max_length=200)
    channel = forms.CharField(label=_("How it was confirmed"), max_length=200, required=False)
