"""The lists at scale (issue 11): with 200,000 requests and 1,000,000 audit events, the request list, the due
view, the home work queue, the audit trail and the API lists each within 10x a bare one-row view, measured in
the same run, on SQLite and on PostgreSQL.

The bare one-row view is the same request list page filtered to one request by its reference (the same
template, navigation, bell and queries, one row): what remains of each ratio is the cost of the table's size.
Every page is requested through Django's test client as a user whose authority is one of 20 (it sends and
receives a tenth of the requests each, about 40,000 in all). Each page is timed `--rounds` times, interleaved
with the others, after two warm-up requests; the median is compared.

The data are generated with bulk inserts (a few minutes at full size). PostgreSQL runs in a throw-away
cluster started here when `pg_ctl` is available (as `.ci/run` does); otherwise only SQLite is measured.

    .venv/bin/python benchmarks/bench_scale.py [--requests 200000] [--audit-events 1000000] [--rounds 9]
                                               [--databases sqlite,postgres]
"""

from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
TARGET = 10.0
AUTHORITIES = 20
BATCH = 5000


# ---- Child process: one database ------------------------------------------------------------------------------

def _seed(requests: int, audit_events: int) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from glacy.cooperation.models import Case, Request
    from glacy.core.context import origin
    from glacy.directory.models import Authority, AuthorityKind, Country
    from glacy.directory.services import user_create
    from glacy.treaty.services import reference_data_load

    rng = random.Random(11)
    started = time.perf_counter()
    with origin("cli"):
        reference_data_load(actor=None)
    countries = list(Country.objects.order_by("code")[:AUTHORITIES])
    authorities = Authority.objects.bulk_create([
        Authority(name=f"Bench authority {index}", country=countries[index % len(countries)],
                  kind=AuthorityKind.POINT_OF_CONTACT_24_7 if index % 2 else AuthorityKind.PROSECUTION,
                  time_zone="UTC") for index in range(AUTHORITIES)])
    own = authorities[0]
    with transaction.atomic(), origin("cli"):
        user = user_create(actor=None, username="bench", password="bench-password-2026-long", authority=own,
                           roles=["drafter", "approver", "administrator"], check_password_strength=False)
    case = Case.objects.create(authority=own, reference="BENCH-CASE-1", title="Benchmark case")
    # Stamps are set here, spread over three years (auto_now_add would give every row the same instant).
    Request._meta.get_field("created_at").auto_now_add = False  # type: ignore[attr-defined]
    now = timezone.now()
    statuses = ["sent"] * 5 + ["acknowledged", "in_execution", "executed", "executed", "draft", "awaiting_approval",
                                "refused", "withdrawn"]
    types = ["ETS185-29", "ETS185-31", "ETS185-29", "CETS224-7", "ETS185-35"]
    first_reference = ""
    for start in range(0, requests, BATCH):
        rows = []
        for number in range(start, min(start + BATCH, requests)):
            requesting, requested = rng.sample(authorities, 2)
            created = now - datetime.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
            deadline = now + datetime.timedelta(hours=rng.randrange(-240, 24 * 90)) if rng.random() < 0.3 else None
            reference = f"{requesting.country_id}-B-{number:07d}"
            first_reference = first_reference or (reference if requesting == own else "")
            rows.append(Request(
                id=uuid.uuid4(), reference=reference, request_type=rng.choice(types),
                case=case if requesting == own else None, requesting_authority=requesting,
                requested_authority=requested, status=rng.choice(statuses), created_at=created, updated_at=created,
                sent_at=created, next_deadline_at=deadline, next_deadline_code="preservation_minimum" if deadline
                else "", content={"summary_of_facts": "Generated for the benchmark."}))
        Request.objects.bulk_create(rows, batch_size=BATCH)
    if not first_reference:
        first_reference = Request.objects.filter(requesting_authority=own).values_list("reference", flat=True)[0]
    _generate_in_sql(audit_events, authorities=[authority.pk for authority in authorities], user_id=user.pk)
    return {"user_id": user.pk, "one_reference": first_reference, "seconds": time.perf_counter() - started}


ACTIONS = ("request.create", "request.send", "case.update", "evidence.access", "user.set_language", "law.import",
           "mapping.create", "api_token.create")


def _generate_in_sql(audit_events: int, *, authorities: list[Any], user_id: int) -> None:
    """Request events (a send by the requesting side, an acknowledgement by the requested side, per request)
    and `audit_events` audit events, generated by the database itself (INSERT ... SELECT over a series):
    a million rows take seconds instead of minutes of Python objects.

    The statements go through Django's cursor with parameters, so a literal percent sign is written %%."""
    from django.db import connection, transaction

    postgres = connection.vendor == "postgresql"
    new_id = "gen_random_uuid()" if postgres else "lower(hex(randomblob(16)))"
    ago = ("now() - random() * interval '3 years'" if postgres else
           "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', '-' || (abs(random()) %% 94608000) || ' seconds')")
    later = "{column} + interval '2 hours'" if postgres else "strftime('%%Y-%%m-%%d %%H:%%M:%%f', {column}, '+2 hours')"
    series = ("generate_series(0, %s - 1) AS n(i)" if postgres else
              "(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < %s - 1) SELECT i FROM s) AS n")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_authority (k integer, id %s)" % ("uuid" if postgres else "text"))
        cursor.executemany("INSERT INTO bench_authority VALUES (%s, %s)",
                           [(index, pk if postgres else pk.hex) for index, pk in enumerate(authorities)])
        cursor.execute("CREATE TEMPORARY TABLE bench_action (k integer, action text)")
        cursor.executemany("INSERT INTO bench_action VALUES (%s, %s)", list(enumerate(ACTIONS)))
        for action, side, stamp in (("send", "requesting", "r.created_at"),
                                    ("acknowledge", "requested", later.format(column="r.created_at"))):
            cursor.execute(
                "INSERT INTO cooperation_requestevent (id, created_at, updated_at, request_id, action, from_status,"
                " to_status, actor_name, authority_id, reason_code, note, details) "
                f"SELECT {new_id}, {stamp}, r.created_at, r.id, %s, '', '', 'bench', r.{side}_authority_id, '', '', "
                "'{}' "
                "FROM cooperation_request r", [action])
        cursor.execute(
            "INSERT INTO core_auditevent (id, occurred_at, actor_id, actor_name, authority_id, action, object_type,"
            " object_id, object_repr, channel, request_id) "
            f"SELECT {new_id}, {ago}, CASE WHEN n.i %% {AUTHORITIES} = 0 THEN %s END, 'bench', a.id, c.action,"
            " 'cooperation.request', CAST(n.i AS text), 'R-' || CAST(n.i AS text), 'web', '' "
            f"FROM {series} JOIN bench_authority a ON a.k = n.i %% {AUTHORITIES} "
            f"JOIN bench_action c ON c.k = n.i %% {len(ACTIONS)}", [user_id, audit_events])
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do shortly after a bulk load


def _measure(seeded: dict[str, Any], rounds: int) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test import Client

    from glacy.directory.models import User

    client = Client()
    client.force_login(User.objects.get(pk=seeded["user_id"]))
    pages = {
        "bare one-row view (baseline)": f"/cooperation/requests/?q={seeded['one_reference']}",
        "request list": "/cooperation/requests/",
        "due view": "/cooperation/requests/?deadline=due&o=deadline",
        "home work queue": "/",
        "audit trail": "/audit/",
        "API request list (limit=50)": "/api/v1/requests/?limit=50",
        "API audit events (limit=50)": "/api/v1/audit-events/?limit=50",
    }
    times: dict[str, list[float]] = {name: [] for name in pages}
    sizes: dict[str, int] = {}
    for name, url in pages.items():  # warm-up: templates, label tables, the database cache
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
        sizes[name] = len(response.content)
    for _ in range(rounds):
        for name, url in pages.items():
            reset_queries()
            began = time.perf_counter()
            client.get(url)
            times[name].append(time.perf_counter() - began)
    baseline = statistics.median(times["bare one-row view (baseline)"])
    return {"vendor": connection.vendor, "baseline_ms": baseline * 1000, "pages": {
        name: {"ms": statistics.median(values) * 1000, "ratio": statistics.median(values) / baseline,
               "kb": sizes[name] / 1024} for name, values in times.items()}}


def child(arguments: argparse.Namespace) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glacy.config.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seeded = _seed(arguments.requests, arguments.audit_events)
    result = _measure(seeded, arguments.rounds)
    result["seed_seconds"] = seeded["seconds"]
    print("RESULT " + json.dumps(result))


# ---- Parent: one child per database ----------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowAwayPostgres:
    """A PostgreSQL cluster in a temporary folder on a free loopback port, removed afterwards."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")) or [shutil.which("pg_ctl") or ""]
        self.bin = Path(found[-1]).parent if found[-1] else None
        self.folder = Path(tempfile.mkdtemp(prefix="glacy-bench-pg-"))
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        subprocess.run([*prefix, *command], check=True, stdout=subprocess.DEVNULL)

    def __enter__(self) -> str:
        assert self.bin is not None
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        user = "postgres"
        self._run(str(self.bin / "initdb"), "-D", str(self.folder / "data"), "-A", "trust", "-U", user, "-E", "UTF8")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-l", str(self.folder / "log"), "-w",
                  "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "glacy")
        return f"postgres://{user}@127.0.0.1:{self.port}/glacy"

    def __exit__(self, *exc: object) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def _run_child(arguments: argparse.Namespace, database_url: str | None) -> dict[str, Any]:
    data_dir = tempfile.mkdtemp(prefix="glacy-bench-scale-")
    env = {**os.environ, "GLACY_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "glacy.config.settings"}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    try:
        output = subprocess.run([sys.executable, __file__, "--child", "--requests", str(arguments.requests),
                                 "--audit-events", str(arguments.audit_events), "--rounds", str(arguments.rounds)],
                                env=env, check=True, capture_output=True, text=True).stdout
    except subprocess.CalledProcessError as error:
        print(error.stdout[-3000:], error.stderr[-3000:], file=sys.stderr)
        raise
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return json.loads(next(line for line in output.splitlines() if line.startswith("RESULT "))[7:])


def _report(result: dict[str, Any]) -> bool:
    print(f"  {result['vendor']}: data generated in {result['seed_seconds']:.0f} s; "
          f"baseline {result['baseline_ms']:.1f} ms")
    ok = True
    for name, page in result["pages"].items():
        verdict = "ok" if page["ratio"] <= TARGET else f"OVER {TARGET:.0f}x"
        ok &= page["ratio"] <= TARGET
        print(f"  {name:32} {page['ms']:8.1f} ms  {page['kb']:7.1f} KB  {page['ratio']:5.2f}x  {verdict}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--audit-events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments)
        return
    print(f"Lists at scale: {arguments.requests:,} requests, {arguments.audit_events:,} audit events; "
          f"target: each page within {TARGET:.0f}x the bare one-row view (median of {arguments.rounds})")
    ok = True
    databases = arguments.databases.split(",")
    if "sqlite" in databases:
        ok &= _report(_run_child(arguments, None))
    if "postgres" in databases:
        postgres = ThrowAwayPostgres()
        if postgres.bin is None:
            print("  postgresql: pg_ctl not found, skipped (apt-get install postgresql)")
        else:
            with postgres as url:
                ok &= _report(_run_child(arguments, url))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
