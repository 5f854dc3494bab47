"""Demonstration legislative reviews (idempotent): a bill of Ghana reviewed in two versions, the second
showing progress, and a French-language bill waiting for review. The texts are written for the demo and are
the law of no country.
"""

from __future__ import annotations

from pathlib import Path

from glacy.directory.models import User
from glacy.legislation.models import Assessment, Law
from glacy.legislation.services.assessments import assessment_create, assessment_finalise, assessment_row_update
from glacy.legislation.services.laws import law_import
from glacy.legislation.services.mappings import mapping_create, suggestion_accept, suggestion_reject

DEMO_TEXTS = Path(__file__).resolve().parent / "data" / "demo"


def _import(reviewer: User, *, country: str, title: str, name: str, kind: str) -> Law:
    existing = Law.objects.filter(authority=reviewer.authority, title=title).first()
    if existing is not None:
        return existing
    return law_import(actor=reviewer, country_code=country, title=title, file_name=name,
                      data=(DEMO_TEXTS / name).read_bytes(), kind=kind)


def _decide(reviewer: User, law: Law, decisions: dict[str, str]) -> None:
    """Per provision, the ETS 185 article it implements: its suggestion is accepted and the provision's other
    pending suggestions are rejected; without such a suggestion the reviewer maps it by hand."""
    for provision in law.provisions.prefetch_related("suggestions__article"):
        number = decisions.get(provision.ref)
        if number is None or provision.mappings.exists():
            continue
        suggestions = list(provision.suggestions.all())
        chosen = next((item for item in suggestions if item.article.number == number), None)
        if chosen is None:
            mapping_create(actor=reviewer, provision=provision, article=f"ETS185:{number}", coverage="partial",
                           note="Demo: mapped by hand.")
        else:
            suggestion_accept(actor=reviewer, suggestion=chosen)
        for other in suggestions:
            if other is not chosen and other.decision == other.Decision.PENDING:
                suggestion_reject(actor=reviewer, suggestion=other, note="Demo: not the article's subject.")


def load_demo_legislation() -> None:
    reviewer = User.objects.filter(username="gh.reviewer").first()
    if reviewer is None or Assessment.objects.filter(authority=reviewer.authority).exists():
        return
    bill = _import(reviewer, country="GH", title="Cybercrime and Electronic Evidence Bill (demonstration text)",
                   name="gh-cybercrime-bill.txt", kind=Law.Kind.BILL)
    _decide(reviewer, bill, {"Section 3": "2", "Section 4": "3", "Section 5": "4"})
    first = assessment_create(actor=reviewer, country_code="GH", instrument_code="ETS185", laws=[bill],
                              title="Ghana – Budapest Convention review")
    row = first.rows.get(article__number="9")
    assessment_row_update(actor=reviewer, row=row, changes={
        "note": "Child sexual abuse material is addressed by the Criminal Code amendment under discussion."})
    assessment_finalise(actor=reviewer, assessment=first)
    _decide(reviewer, bill, {"Section 6": "5", "Section 7": "8", "Section 9": "16", "Section 10": "18",
                             "Section 11": "19"})
    assessment_create(actor=reviewer, country_code="GH", instrument_code="ETS185", laws=[bill],
                      title="Ghana – Budapest Convention review")
    _import(reviewer, country="SN", title="Projet de loi relative à la cybercriminalité (texte de démonstration)",
            name="sn-projet-loi-cybercriminalite.txt", kind=Law.Kind.BILL)
