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


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """Extract the messages of a copy of the code afresh: a string someone forgot to extract fails here."""
    import shutil
    import sys

    source = Path(glacy.__file__).parent
    copy = tmp_path / "glacy"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "data"))
    (copy / "locale" / "fr" / "LC_MESSAGES" / "django.po").unlink()
    subprocess.run([sys.executable, "-m", "glacy.cli", "makemessages", "-l", "fr", "--no-obsolete",
                    "--add-location", "file"], cwd=copy, check=True, capture_output=True,
                   env={"PATH": "/usr/bin:/bin", "GLACY_DATA_DIR": str(tmp_path / "data"),
                        "DJANGO_SETTINGS_MODULE": "glacy.config.settings"})
    # msgcmp: every message of the fresh extraction must be defined in the committed catalogue.
    comparison = subprocess.run(["msgcmp", "--use-untranslated", str(LOCALE / "django.po"),
                                 str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")],
                                capture_output=True, text=True)
    assert comparison.stderr == ""
    assert comparison.returncode == 0
