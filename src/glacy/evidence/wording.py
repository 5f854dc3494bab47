"""The evidence engine's sentences: :mod:`glacy.core.wording` (shared with the exchange's key history)."""

from __future__ import annotations

from glacy.core.wording import Sentence, _

__all__ = ["Sentence", "_"]
