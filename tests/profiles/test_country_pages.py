"""The country page and its R1 briefing (PDF, EN/FR, one or two pages) live above the apps they draw from."""

from __future__ import annotations

import ast
import io
from pathlib import Path
from typing import Any

import pdfplumber

import glacy
from glacy.core.models import AuditEvent
from glacy.profiles.models import Recommendation


def _imports(package: Path) -> set[str]:
    names: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return names


def test_directory_no_longer_imports_the_apps_the_country_page_draws_from() -> None:
    imported = _imports(Path(glacy.__file__).parent / "directory")
    assert sorted(name for name in imported if name.startswith(("glacy.legislation", "glacy.programme",
                                                                 "glacy.training", "glacy.cooperation",
                                                                 "glacy.profiles"))) == []


def _briefing_text(client: Any, language: str) -> tuple[str, int]:
    response = client.get(f"/directory/countries/GH/briefing.pdf?language={language}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return " ".join(" ".join(page.extract_text() or "" for page in pdf.pages).split()), len(pdf.pages)


def test_briefing_in_english_and_french_from_the_nodes_data(world: Any, client_for: Any) -> None:
    officer = client_for(world.users["programme_officer"])
    page = officer.get("/directory/countries/GH/")
    assert 'href="/directory/countries/GH/briefing.pdf?language=fr"' in page.content.decode()
    officer.post("/directory/countries/GH/recommendations/", {
        "text_en": "Adopt the draft law on electronic evidence.", "text_fr": "Adopter le projet de loi sur la preuve "
                                                                            "électronique."})
    recommendation = Recommendation.objects.get()
    assert AuditEvent.objects.filter(action="profiles.recommendation_added",
                                     object_id=str(recommendation.pk)).count() == 1
    english, pages = _briefing_text(officer, "en")
    assert 1 <= pages <= 2
    assert "Country briefing on cybercrime: Ghana" in english
    assert "Budapest Convention (ETS 185) Party — 2018-12-03 2024-10-31" in english
    assert "Computer Misuse Act" not in english  # the briefing summarises the review, it does not list laws
    assert "2 activities recorded (2025: 2). legislative advice: 1; training: 1." in english
    assert "Judicial training — sessions: 1; people trained: 1, of whom women: 1." in english
    assert "Adopt the draft law on electronic evidence." in english
    french, _pages = _briefing_text(officer, "fr")
    assert "Note d'information sur la cybercriminalité : Ghana" in french
    assert "Adopter le projet de loi sur la preuve électronique." in french
    assert "Formation judiciaire — sessions : 1 ; personnes formées : 1, dont femmes : 1." in french


def test_briefing_shows_each_reader_only_what_they_may_see(world: Any, client_for: Any) -> None:
    english, _pages = _briefing_text(client_for(world.users["no_role"]), "en")
    assert "0 activities recorded." in english
    assert "Judicial training — sessions: 0; people trained: 0, of whom women: 0." in english
