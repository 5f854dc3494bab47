"""Forms of the "My account" page: profile, password, notification preferences."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from glacy.core.widgets import PickerSelect
from glacy.notifications.models import EventType, Preferences


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
            if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))] + [("UTC", "UTC")]


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("Notifications are sent to this address."))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices, widget=PickerSelect,
                                  help_text=_("Times are shown in this zone, always with their UTC offset."))


class PasswordForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(label=_("New password"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                    help_text=_("At least 10 characters, not only digits, not a common password."))
    new_password2 = forms.CharField(label=_("New password again"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("new_password1") and cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ."))
        return cleaned


class NotificationPreferencesForm(forms.Form):
    email = forms.ChoiceField(label=_("E-mail for non-urgent notifications"), choices=Preferences.Email.choices,
                              widget=forms.RadioSelect,
                              help_text=_("Urgent requests and passed deadlines are always e-mailed at once."))
    muted = forms.MultipleChoiceField(label=_("Kinds I do not want by e-mail"), choices=EventType.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)
