"""The treaty reference data is part of every installation, demo or not."""

from __future__ import annotations

from glacy.treaty.services import reference_data_load


def load_reference_data() -> None:
    reference_data_load(actor=None)
