"""The key-history rules on their own (framework-free): each broken rule is refused with the statement named."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from glacy.exchange import jose
from glacy.exchange.keyfiles import key_fingerprint
from glacy.exchange.keyhistory import (
    KeyHistory,
    KeyHistoryError,
    apply_statement,
    statement_create,
    statement_encryption,
    statement_revoke,
    statement_rotate,
    statements_of,
    verify_history,
)

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _at(hours: int) -> datetime.datetime:
    return T0 + datetime.timedelta(hours=hours)


def _history() -> tuple[list[str], list[Ed25519PrivateKey]]:
    first, second = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    history = KeyHistory(node="gh-node")
    history = apply_statement(history, statement_create(history, first, moment=_at(0), valid_from=_at(0)))
    history = apply_statement(history, statement_encryption(history, first, X25519PrivateKey.generate(),
                                                            moment=_at(1)))
    history = apply_statement(history, statement_rotate(history, first, second, moment=_at(2)))
    return list(statements_of(history)), [first, second]


def _tamper(statement: str, **changes: object) -> str:
    header, payload, signature = statement.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data.update(changes)
    encoded = base64.urlsafe_b64encode(jose.compact_json(data)).rstrip(b"=").decode()
    return f"{header}.{encoded}.{signature}"


def test_a_valid_history_gives_each_key_its_period() -> None:
    statements, (first, second) = _history()
    history = verify_history("gh-node", statements)
    records = {record.fingerprint: record for record in history.records}
    assert records[key_fingerprint(first.public_key())].retired_at == _at(2)
    assert records[key_fingerprint(second.public_key())].valid_from == _at(2)
    assert history.current("sig").fingerprint == key_fingerprint(second.public_key())


def test_a_changed_payload_breaks_the_signature() -> None:
    statements, _keys = _history()
    statements[1] = _tamper(statements[1], time="2026-01-01T00:30:00.000000Z")
    with pytest.raises(KeyHistoryError, match=r"statement 1: bad signature"):
        verify_history("gh-node", statements)


def test_a_rotation_signed_by_the_new_key_instead_of_the_old_is_refused() -> None:
    statements, (first, _second) = _history()
    history = verify_history("gh-node", statements[:2])
    intruder = Ed25519PrivateKey.generate()
    forged = statement_rotate(history, intruder, intruder, moment=_at(3))
    with pytest.raises(KeyHistoryError, match=f"statement 2: must be signed by key {key_fingerprint(first.public_key())[:16]}"):
        apply_statement(history, forged)


def test_a_broken_rule_is_worded_in_english_and_shown_in_the_readers_language() -> None:
    """The history runs without Django (a peer's identity check, the package verifier): it words the problem as a
    sentence that pages then show in French (the custody verification report, the peer form)."""
    from django.utils import translation

    from glacy.core.wording import translated_error

    statements, (first, _second) = _history()
    history = verify_history("gh-node", statements[:2])
    intruder = Ed25519PrivateKey.generate()
    with pytest.raises(KeyHistoryError) as caught:
        apply_statement(history, statement_rotate(history, intruder, intruder, moment=_at(3)))
    key = key_fingerprint(first.public_key())[:16]
    assert str(caught.value) == f"statement 2: must be signed by key {key}…"
    with translation.override("fr"):
        assert translated_error(caught.value) == f"déclaration 2 : elle doit être signée par la clé {key}…"


def test_removing_reordering_or_prepending_statements_is_refused() -> None:
    statements, _keys = _history()
    with pytest.raises(KeyHistoryError, match="statement 1: carries sequence 2"):
        verify_history("gh-node", [statements[0], statements[2]])
    with pytest.raises(KeyHistoryError, match="statement 0: carries sequence 1"):
        verify_history("gh-node", [statements[1], *statements])
    with pytest.raises(KeyHistoryError, match="names node 'gh-node', not 'ph-node'"):
        verify_history("ph-node", statements)


def test_a_fork_at_the_same_position_does_not_follow_the_stored_head() -> None:
    statements, (first, _second) = _history()
    history = verify_history("gh-node", statements)
    # A statement written against position 2 instead of the head (position 3) is refused.
    branch = verify_history("gh-node", statements[:2])
    fork = statement_rotate(branch, first, Ed25519PrivateKey.generate(), moment=_at(3))
    with pytest.raises(KeyHistoryError, match="statement 3: carries sequence 2"):
        apply_statement(history, fork)


def test_revocation_rules() -> None:
    statements, (first, second) = _history()
    history = verify_history("gh-node", statements)
    current = key_fingerprint(second.public_key())
    with pytest.raises(KeyHistoryError, match="revoking a current key must name its replacement"):
        apply_statement(history, statement_revoke(history, second, fingerprint=current, invalid_from=_at(3),
                                                  reason="stolen", moment=_at(3)))
    with pytest.raises(KeyHistoryError, match="cannot take effect after it is signed"):
        apply_statement(history, statement_revoke(history, second, fingerprint=key_fingerprint(first.public_key()),
                                                  invalid_from=_at(5), reason="lost", moment=_at(3)))
    with pytest.raises(KeyHistoryError, match="states its reason"):
        apply_statement(history, statement_revoke(history, second, fingerprint=key_fingerprint(first.public_key()),
                                                  invalid_from=_at(1), reason=" ", moment=_at(3)))
    revoked = apply_statement(history, statement_revoke(
        history, second, fingerprint=key_fingerprint(first.public_key()), invalid_from=_at(1), reason="lost",
        moment=_at(3)))
    old = revoked.find(key_fingerprint(first.public_key()))
    assert (old.is_valid_at(_at(0)), old.is_valid_at(_at(1))) == (True, False)
    with pytest.raises(KeyHistoryError, match="is already revoked"):
        apply_statement(revoked, statement_revoke(revoked, second, fingerprint=key_fingerprint(first.public_key()),
                                                  invalid_from=_at(1), reason="lost", moment=_at(4)))


def test_a_statement_dated_before_its_predecessor_is_refused() -> None:
    statements, (first, _second) = _history()
    branch = verify_history("gh-node", statements[:2])
    with pytest.raises(KeyHistoryError, match="dated before the statement it follows"):
        apply_statement(branch, statement_rotate(branch, first, Ed25519PrivateKey.generate(), moment=_at(0)))


def test_a_key_is_never_reused() -> None:
    statements, (first, second) = _history()
    history = verify_history("gh-node", statements)
    with pytest.raises(KeyHistoryError, match="was already used"):
        apply_statement(history, statement_rotate(history, second, first, moment=_at(4)))
