"""Configuration: defaults in code, then ``instance/config.py``, then ``TRACKER_*`` variables."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    # SQLite in the instance folder unless TRACKER_DATABASE_URL says otherwise.
    "DATABASE_URL": None,
    "REDIS_URL": None,
    "HTTPS": False,
    # Uploads (workout exports) are the largest requests: 16 MiB is years of history.
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # Login throttling (tracker.auth): failed attempts without a wait, per account and per
    # address; after them each attempt waits twice as long as the last (1 s, 2 s...) up to
    # LOGIN_MAX_DELAY_SECONDS; failures are forgotten LOGIN_WINDOW_SECONDS after the last one.
    "LOGIN_MAX_ATTEMPTS": 5,
    "LOGIN_ADDRESS_MAX_ATTEMPTS": 20,
    "LOGIN_MAX_DELAY_SECONDS": 5 * 60,
    "LOGIN_WINDOW_SECONDS": 15 * 60,
    "PASSWORD_MIN_LENGTH": 10,
    "DEMO_EMAIL": "demo@regain.local",
    # The longest one database statement of a request may run: past it the statement is
    # stopped and the page answers 503, so no account's data can hold a server thread.
    "QUERY_SECONDS": 30,
    # Several app servers (docs/DEPLOY.md). The model's checkpoints are stored in the database
    # so that any server, restarted or not, resumes a user's history from them.
    "CHECKPOINTS": True,
    # Redis for answers and rendered charts, shared by every server (default: REDIS_URL; set
    # it to "" to share none); entries expire after CACHE_TTL_SECONDS.
    "CACHE_REDIS_URL": None,
    "CACHE_TTL_SECONDS": 24 * 3600,
    # Memory of each worker's own cache (histories, answers, charts), whatever the users.
    "CACHE_MEMORY_MB": 128,
    # Proxies in front that set X-Forwarded-For and -Proto (nginx: 1); 0 trusts none.
    "PROXY_HOPS": 0,
}

#: Environment variables read as booleans or integers rather than strings.
_BOOLEAN = {"HTTPS", "TESTING", "WTF_CSRF_ENABLED", "CHECKPOINTS"}
_INTEGER = {
    "MAX_CONTENT_LENGTH",
    "LOGIN_MAX_ATTEMPTS",
    "LOGIN_ADDRESS_MAX_ATTEMPTS",
    "LOGIN_MAX_DELAY_SECONDS",
    "LOGIN_WINDOW_SECONDS",
    "PASSWORD_MIN_LENGTH",
    "QUERY_SECONDS",
    "CACHE_TTL_SECONDS",
    "CACHE_MEMORY_MB",
    "PROXY_HOPS",
}


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings given as ``TRACKER_<NAME>`` environment variables."""
    found: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith("TRACKER_") or name == "TRACKER_":
            continue
        key = name.removeprefix("TRACKER_")
        value: Any = raw
        if key in _BOOLEAN:
            value = raw.strip().lower() in {"1", "true", "yes", "on"}
        elif key in _INTEGER:
            value = int(raw)
        found[key] = value
    return found


def sqlite_url(instance_path: str) -> str:
    """The default database: a SQLite file in the instance folder."""
    return "sqlite:///" + str(Path(instance_path) / "regain.sqlite3")


def load_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it (mode 0600) on first start."""
    path = Path(instance_path) / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
