"""Every audit action the code records has words (issue 11: the home page's recent activity and the audit trail
showed `programme.access_granted`, `training.certificate_issued`)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from glacy.core import labels

SOURCE = Path(__file__).parents[2] / "src/glacy"
#: `action="x.y"` and `action=f"x.{...}"` in calls of record_event and the instance services.
LITERAL = re.compile(r'action\s*=\s*"([a-z_]+\.[a-z_.]+)"')
COMPOSED = re.compile(r'action\s*=\s*f"([a-z_]+\.[a-z_.]*)\{')


def _recorded() -> tuple[set[str], set[str]]:
    literals, prefixes = set(), set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        literals.update(LITERAL.findall(text))
        prefixes.update(COMPOSED.findall(text))
    return literals, prefixes


def test_every_recorded_action_has_a_label_in_both_languages() -> None:
    literals, prefixes = _recorded()
    assert len(literals) > 100  # the scan finds the actions (it would pass on nothing otherwise)
    codes = set(labels.audit_action_codes())
    assert sorted(literals - codes) == []
    # Composed actions (request.<step>, evidence.custody.<event>, exchange.message_<status>…) have labels too.
    assert sorted(prefix for prefix in prefixes if not any(code.startswith(prefix) for code in codes)) == []
    for code in sorted(literals | codes):
        with translation.override("en"):
            english = str(labels.audit_action_label(code))
        with translation.override("fr"):
            french = str(labels.audit_action_label(code))
        assert english != code, code
        assert french != english, code


def test_composed_exchange_actions_read_as_words() -> None:
    with translation.override("en"):
        assert str(labels.audit_action_label("exchange.message_delivered")) == (
            "message between nodes: delivered, receipt verified")
        assert str(labels.audit_action_label("exchange.transfer_accepted")) == "file transfer: verified and accepted"
        assert str(labels.audit_action_label("programme.access_granted")) == "programme access granted"
    with translation.override("fr"):
        assert str(labels.audit_action_label("training.certificate_issued")) == "certificat de formation délivré"
