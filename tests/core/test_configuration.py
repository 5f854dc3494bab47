"""Start-up refuses a broken configuration with one clear line (checked in a fresh process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STRONG_KEY = "k" * 20 + "Zq8#mP2$vL9@wN4&xR7!" + "t" * 20
WEAK_KEY = ("GLACY configuration error: GLACY_SECRET_KEY is too weak for GLACY_ENV=production: use at least 50 "
            "characters with at least 5 different ones, e.g. python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'.")


def _check(environment: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GLACY_", "DATABASE_URL"))}
    env.update({"GLACY_DATA_DIR": str(tmp_path), **environment})
    return subprocess.run([sys.executable, "-m", "glacy.cli", "check"], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


@pytest.mark.parametrize(("environment", "message"), [
    ({"DATABASE_URL": "mysql://root@localhost/glacy"},
     "GLACY configuration error: DATABASE_URL scheme 'mysql' is not supported; "
     "use sqlite:///path or postgres://user@host/db."),
    ({"GLACY_ENV": "production", "GLACY_ALLOWED_HOSTS": "glacy.example.org"},
     "GLACY configuration error: GLACY_SECRET_KEY must be set to a long random value when GLACY_ENV=production."),
    ({"GLACY_ENV": "production", "GLACY_SECRET_KEY": STRONG_KEY},
     "GLACY configuration error: GLACY_ALLOWED_HOSTS must list the host names of this node when GLACY_ENV=production."),
    ({"GLACY_ENV": "production", "GLACY_ALLOWED_HOSTS": "glacy.example.org", "GLACY_SECRET_KEY": "Zq8#mP2$vL9@wN4"},
     WEAK_KEY),
    ({"GLACY_ENV": "production", "GLACY_ALLOWED_HOSTS": "glacy.example.org", "GLACY_SECRET_KEY": "x" * 60},
     WEAK_KEY),
    ({"GLACY_ENV": "production", "GLACY_ALLOWED_HOSTS": "glacy.example.org",
      "GLACY_SECRET_KEY": "django-insecure-" + STRONG_KEY}, WEAK_KEY),
    ({"GLACY_ENV": "production", "GLACY_ALLOWED_HOSTS": "glacy.example.org", "GLACY_SECRET_KEY": STRONG_KEY,
      "GLACY_DEBUG": "on"},
     "GLACY configuration error: GLACY_DEBUG must be off when GLACY_ENV=production: the debug page shows settings, "
     "code and data to anyone."),
    ({"GLACY_DEBUG": "maybe"}, "GLACY configuration error: GLACY_DEBUG must be true or false, not 'maybe'."),
    ({"GLACY_API_RATE_IMPORTS": "lots"},
     "GLACY configuration error: GLACY_API_RATE_IMPORTS must look like 60/minute, not 'lots'."),
])
def test_bad_configuration_stops_with_one_line(environment: dict[str, str], message: str, tmp_path: Path) -> None:
    result = _check(environment, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == message


def test_production_profile_passes_the_deployment_check(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GLACY_", "DATABASE_URL"))}
    env.update({"GLACY_DATA_DIR": str(tmp_path), "GLACY_ENV": "production", "GLACY_ALLOWED_HOSTS": "glacy.example.org",
                "GLACY_SECRET_KEY": "k" * 20 + "Zq8#mP2$vL9@wN4&xR7!" + "t" * 20})
    result = subprocess.run([sys.executable, "-m", "glacy.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def _deploy_check(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GLACY_", "DATABASE_URL"))}
    env.update({"GLACY_DATA_DIR": str(tmp_path), "GLACY_ENV": "production", "GLACY_ALLOWED_HOSTS": "glacy.example.org",
                "GLACY_SECRET_KEY": STRONG_KEY, **environment})
    return subprocess.run([sys.executable, "-m", "glacy.cli", "check", "--deploy", "--fail-level", "WARNING"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_deployment_check_flags_loosened_security_settings(tmp_path: Path) -> None:
    result = _deploy_check(tmp_path, GLACY_LOGIN_THROTTLING="false", GLACY_SESSION_IDLE_MINUTES="240",
                           GLACY_SESSION_MAX_HOURS="72", GLACY_ADMIN_REQUIRES_SECOND_FACTOR="false",
                           GLACY_LOGIN_FAILURE_LIMIT="50")
    assert result.returncode == 1
    flagged = sorted(line.split(")")[0] + ")" for line in result.stderr.splitlines() if line.startswith("?: (glacy."))
    assert flagged == ["?: (glacy.W001)", "?: (glacy.W002)", "?: (glacy.W003)", "?: (glacy.W004)", "?: (glacy.W005)"]
    assert "?: (glacy.W002) Sessions stay open 240 minutes without activity.\n" \
           "\tHINT: Set GLACY_SESSION_IDLE_MINUTES to 30 or less." in result.stderr
