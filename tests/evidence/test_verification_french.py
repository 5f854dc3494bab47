"""A French-speaking custodian reads the custody log verification in French: the verdict, the anchors checked, the
warnings and what broke — including the sentences of the engine modules that run without Django (a custody
record's chain, custody_chain.py) — with no English sentence of the report left on the page."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from glacy.evidence.services.checkpoints import checkpoint_sign
from glacy.evidence.services.log_verify import LogReport, custody_log_verify
from tests.evidence.raw_database import raw_sql, row_id

PAGE = "/evidence/custody/verify/"


def _items(page: str, list_id: str) -> list[str]:
    """The entries of the page's list ``list_id`` (anchors, warnings), as the reader sees them."""
    found = re.search(rf'<ul id="{list_id}"[^>]*>(.*?)</ul>', page, re.S)
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)] if found else []


def _verdict(page: str) -> str:
    """The verdict paragraph, as the reader sees it."""
    return html.unescape(re.search(r'role="(?:status|alert)">\s*<div class="alert-body">(.*?)</div>', page,
                                   re.S).group(1)).strip()


def _english_sentences(report: LogReport) -> list[str]:
    return [sentence for sentence in (report.problem, *report.warnings, *report.anchors) if sentence]


def _assert_no_english(page: str) -> None:
    """No sentence of the report, as the command line prints it in English, is on the page."""
    with translation.override("en"):
        english = _english_sentences(custody_log_verify())
    assert english  # (a report with nothing to say would make this check empty)
    text = html.unescape(page)
    assert [sentence for sentence in english if sentence in text] == []


@pytest.mark.django_db
def test_a_french_custodian_reads_the_verification_in_french(world: Any, settings: Any, client_for: Any,
                                                            django_capture_on_commit_callbacks: Any) -> None:
    from glacy.exchange.keys import node_key_history

    custodian = world.users["custodian"]
    custodian.preferred_language = "fr"
    custodian.save(update_fields=["preferred_language"])
    item = world.objects["evidence"]
    with django_capture_on_commit_callbacks(execute=True):  # the checkpoint journal is written on commit
        checkpoint = checkpoint_sign()
    Path(settings.CUSTODY_TRUST_PATH).unlink()
    key = node_key_history()[0].fingerprint[:16]
    client = client_for(custodian)

    # (a) Intact, but checked against itself only: a warning, in French.
    page = client.get(PAGE).content.decode()
    assert _verdict(page) == "Le journal de possession est intact\u00a0: 3 événements, 1 point de contrôle signé."
    assert _items(page, "warnings") == [
        "aucun fichier de confiance : l’historique des clés n’a été vérifié que par rapport à lui-même (définissez "
        "GLACY_TRUST_FILE ou passez --trust avec une copie conservée hors de cette machine)"]
    assert _items(page, "anchors") == [f"le fichier de clé du nœud contient la clé en vigueur {key}…",
                                       "1 point de contrôle du journal, présent"]
    _assert_no_english(page)

    # (b) The signed checkpoint deleted from the database: the journal kept outside it names it.
    raw_sql("DELETE FROM evidence_custodycheckpoint WHERE id = %s", [row_id(checkpoint.pk)])
    page = client.get(PAGE).content.decode()
    assert _verdict(page) == (
        f"Le journal de possession est ROMPU\u00a0: le point de contrôle de 3 événements signé le "
        f"{checkpoint.signed_at} figure dans le journal des points de contrôle mais pas dans la base de données : il a "
        "été supprimé")
    _assert_no_english(page)

    # (c) A custody record changed: the exhibit's chain names the record (an engine module's sentence).
    first = item.custody_events.order_by("log_index").first()
    raw_sql("UPDATE evidence_custodyevent SET record = %s WHERE id = %s",
            [first.record.replace('"performer":"', '"performer":"Somebody else, not '), row_id(first.pk)])
    page = client.get(PAGE).content.decode()
    assert _verdict(page) == (
        f"Le journal de possession est ROMPU\u00a0: pièce à conviction {item.pk} : modifié – enregistrement 1 : le "
        "contenu ne correspond plus à son empreinte d’événement")
    _assert_no_english(page)
