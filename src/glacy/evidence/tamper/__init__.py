"""The tamper suite: attacks an adversary with a copy of a package, or write access to the database, the evidence
store or the key files, could make — each applied, verified, and expected to be caught with a message that names
what was changed. scene.py builds what is attacked, package_cases.py and database_cases.py make the attacks,
runner.py applies and undoes each. Used by the tests (tests/evidence/test_tamper_suite.py) and by
tools/tamper_check.py, which runs it against a COPY of a real node's database, store and keys (never the original:
the attacks are real).

Each case is undone after it ran: database changes inside a rolled-back transaction, files restored from a copy.
The verifiers take their keys from a trust file written outside the database: this node's first key and the
witness's key, as an operator would keep them.
"""


from glacy.evidence.tamper import database_cases, package_cases  # noqa: F401 — registers the cases
from glacy.evidence.tamper.runner import run_case, run_suite
from glacy.evidence.tamper.scene import CASES, Outcome, Scene, scene_build

__all__ = ["CASES", "Outcome", "Scene", "run_case", "run_suite", "scene_build"]
