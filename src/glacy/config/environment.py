"""Reading configuration from environment variables, failing with one clear line when it is wrong."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url


class ConfigurationError(SystemExit):
    """A configuration mistake that must stop start-up with a single readable line."""

    def __init__(self, message: str) -> None:
        super().__init__(f"GLACY configuration error: {message}")


SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")

#: What Django's own deployment check (security.W009) asks of a secret key.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def secret_key_is_strong(key: str) -> bool:
    """Long and varied enough to sign sessions and tokens; never Django's generated insecure key."""
    return (len(key) >= SECRET_KEY_MIN_LENGTH and len(set(key)) >= SECRET_KEY_MIN_UNIQUE_CHARACTERS
            and not key.startswith("django-insecure-"))


def env_bool(name: str, *, default: bool) -> bool:
    """Read a yes/no variable; accepts 1/0, true/false, yes/no, on/off."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, *, default: list[str]) -> list[str]:
    """Read a comma-separated list."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str | None, *, data_dir: Path) -> dict[str, Any]:
    """Build Django's database settings from DATABASE_URL (SQLite under the data folder by default).

    SQLite is set up for a web process and workers writing at once: WAL journal (readers never wait for the
    writer, the writer never waits for readers), `synchronous=NORMAL` (safe with WAL: a power cut may lose the
    last transactions but never corrupts the file), a busy timeout (`GLACY_SQLITE_BUSY_TIMEOUT` seconds) during
    which a writer waits for the lock instead of failing with "database is locked", and IMMEDIATE transactions
    (a transaction takes the write lock when it begins, so two transactions that read then write cannot
    deadlock on upgrading their locks, which the busy timeout could not resolve).
    """
    if not url:
        url = f"sqlite:///{data_dir / 'glacy.sqlite3'}"
    scheme = url.split(":", 1)[0].lower()
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite:///path or postgres://user@host/db."
        )
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        busy_timeout = os.environ.get("GLACY_SQLITE_BUSY_TIMEOUT", "20")
        try:
            timeout = float(busy_timeout)
        except ValueError:
            timeout = -1.0
        if not 0 < timeout <= 600:
            raise ConfigurationError(
                f"GLACY_SQLITE_BUSY_TIMEOUT must be a number of seconds above 0 and up to 600, not {busy_timeout!r}.")
        config["OPTIONS"] = {
            "timeout": timeout,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    return config
