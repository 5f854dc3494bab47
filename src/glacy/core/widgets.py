"""Form widgets of the design system.

`PickerSelect` is an ordinary ``<select>`` (it works without JavaScript and posts the same value) marked
``data-picker``: ``static/glacy/ui.js`` turns it into a searchable, keyboard-usable picker (Tom Select), so a
person finds an article by its number or its name, an authority by its name or its country.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def _picker_attrs(attrs: dict[str, Any] | None) -> dict[str, Any]:
    return {"data-picker": "", "data-picker-empty": _("Nothing matches."), **(attrs or {})}


class PickerSelect(forms.Select):
    """A select that becomes a searchable picker in the browser."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__(_picker_attrs(attrs), choices)


class PickerSelectMultiple(forms.SelectMultiple):
    """A multiple select that becomes a searchable picker with removable choices."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__(_picker_attrs(attrs), choices)
