"""Run the tamper suite against a COPY of a real node: its database, its keys, its checkpoint journal.

    .venv/bin/python tools/tamper_check.py                      # the node configured by the environment
    GLACY_DATA_DIR=/srv/glacy .venv/bin/python tools/tamper_check.py
    DATABASE_URL=postgres://… .venv/bin/python tools/tamper_check.py

Nothing of the original is changed: the SQLite database is copied with SQLite's backup API (a PostgreSQL database
with CREATE DATABASE … TEMPLATE, which needs no other session on it), the key folder is copied, and the copy gets
an empty evidence store of its own (the suite ingests its own exhibits: every attack on the store is made on
those). In the copy, the suite adds two exhibits, a witnessed checkpoint and an exported package to the node's
real log, then makes each attack (glacy/evidence/tamper/), verifies, and undoes it. It prints each attack, whether it
was detected and named, and the count detected / tried; exit status 1 if any was missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _copy_database(target: Path) -> dict[str, str]:
    """Copy the configured database; return the environment that points GLACY at the copy."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glacy.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        copy = target / "db.sqlite3"
        source = sqlite3.connect(f"file:{database['NAME']}?mode=ro", uri=True)
        with sqlite3.connect(copy) as destination:
            source.backup(destination)
        source.close()
        return {"GLACY_DATA_DIR": str(target), "DATABASE_URL": f"sqlite:///{copy}"}
    name = f"{database['NAME']}_tamper_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{database["NAME"]}"')
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    return {"GLACY_DATA_DIR": str(target), "DATABASE_URL": url, "GLACY_TAMPER_DROP": name}


def _copy_keys(target: Path) -> dict[str, str]:
    from django.conf import settings

    keys = target / "keys"
    keys.mkdir()
    environment = {}
    for variable, path in (("GLACY_NODE_KEY", settings.NODE_KEY_PATH),
                           ("GLACY_NODE_ENCRYPTION_KEY", getattr(settings, "NODE_ENCRYPTION_KEY_PATH", None) or
                            Path(settings.NODE_KEY_PATH).with_name("node_x25519.pem")),
                           ("GLACY_TRUST_FILE", settings.CUSTODY_TRUST_PATH),
                           ("GLACY_CHECKPOINT_JOURNAL", settings.CHECKPOINT_JOURNAL_PATH)):
        copy = keys / Path(path).name
        if Path(path).exists():
            shutil.copy2(path, copy)
        environment[variable] = str(copy)
    return environment


def _run_in_copy() -> int:
    """(In the child process, pointed at the copy.) Build the scene, run every attack, print the outcome."""
    import django

    django.setup()
    from glacy.cooperation.models import Case
    from glacy.core.permissions import Role
    from glacy.directory.models import User
    from glacy.evidence.tamper import run_suite, scene_build

    custodian = next((user for user in User.objects.filter(is_active=True, authority__isnull=False)
                      if user.has_role(Role.CUSTODIAN) and Case.objects.filter(authority=user.authority).exists()),
                     None)
    if custodian is None:
        print("No active custodian with a case in the copy: nothing to attack.")
        return 2
    case = Case.objects.filter(authority=custodian.authority).order_by("created_at").first()
    workdir = Path(os.environ["GLACY_DATA_DIR"]) / "scene"
    scene = scene_build(workdir, custodian=custodian, case=case)
    outcomes = run_suite(scene)
    for outcome in outcomes:
        status = "DETECTED" if outcome.detected and outcome.named else ("UNNAMED" if outcome.detected else "MISSED")
        print(f"{status:8} {outcome.name}\n         {outcome.message[:300]}")
    caught = sum(outcome.detected and outcome.named for outcome in outcomes)
    print(f"detected and named: {caught}/{len(outcomes)}")
    return 0 if caught == len(outcomes) else 1


def main() -> int:
    if os.environ.get("GLACY_TAMPER_CHILD"):
        return _run_in_copy()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="Keep the copy (printed) instead of removing it.")
    arguments = parser.parse_args()
    target = Path(tempfile.mkdtemp(prefix="glacy-tamper-"))
    environment = _copy_database(target)
    environment |= _copy_keys(target)
    environment |= {"GLACY_EVIDENCE_DIR": str(target / "evidence"), "GLACY_TAMPER_CHILD": "1",
                    "DJANGO_SETTINGS_MODULE": "glacy.config.settings"}
    print(f"copy of the node in {target}; the original is not touched")
    try:
        result = subprocess.run([sys.executable, __file__], env={**os.environ, **environment}, check=False)
    finally:
        if "GLACY_TAMPER_DROP" in environment:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{environment["GLACY_TAMPER_DROP"]}"')
        if not arguments.keep:
            shutil.rmtree(target, ignore_errors=True)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
