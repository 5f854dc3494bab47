"""The stable command-line contract: `glacy legislation map FILE --format json` (see the management command)."""

from __future__ import annotations

from pathlib import Path

from glacy.legislation.extract import extract_text
from glacy.legislation.mapper import map_provisions
from glacy.legislation.segmenter import segment


def map_file_to_json(path: Path, *, language: str | None = None, instrument: str | None = None,
                     top: int = 3) -> dict[str, object]:
    text = extract_text(path.read_bytes())
    return {"provisions": map_provisions(segment(text), language=language, instrument=instrument, top=top)}
