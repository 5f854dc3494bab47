"""Every user-facing string is translated to French, and the committed .mo matches the .po."""

from __future__ import annotations

import subprocess
from pathlib import Path

import glacy

LOCALE = Path(glacy.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def _msgids(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def test_no_french_string_is_missing_or_fuzzy() -> None:
    untranslated = subprocess.run(["msgattrib", "--untranslated", str(LOCALE / "django.po")], capture_output=True,
                                  text=True, check=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", str(LOCALE / "django.po")], capture_output=True,
                           text=True, check=True).stdout
    assert _msgids(untranslated) == []
    assert _msgids(fuzzy) == []


def test_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(LOCALE / "django.po")], check=True)
    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes()
