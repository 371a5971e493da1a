"""Security headers, cookie flags, error pages and the login throttle's stores."""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.conftest import Client
from tracker import create_app
from tracker.ratelimit import Failures, FallbackCounter, MemoryCounter, RedisCounter


def test_security_headers_on_every_page(client: Client) -> None:
    for path in ("/login", "/register", "/does-not-exist"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_scripts_or_styles_in_pages(auth_client: Client) -> None:
    for path in ("/", "/settings"):
        html = auth_client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert "onclick=" not in html


def test_session_cookie_flags(client: Client, user: object) -> None:
    response = client.post(
        "/login", data={"email": "alice@example.com", "password": "correct horse battery"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookie_with_https(tmp_path: Path, database_template: str) -> None:
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "HTTPS": True,
            "TESTING": True,
            "DATABASE_URL": "sqlite://",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_error_pages_never_show_a_traceback(app: Flask, client: Client) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "secret internals" not in html and "Traceback" not in html
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and "Not found" in missing.get_data(as_text=True)


@pytest.mark.parametrize("status", [400, 403, 404, 413, 429, 500])
def test_every_error_status_has_a_page(app: Flask, client: Client, status: int) -> None:
    from flask import abort

    @app.get(f"/fail-{status}")
    def fail() -> str:
        abort(status)

    response = client.get(f"/fail-{status}")
    assert response.status_code == status
    assert f"Error {status}." in response.get_data(as_text=True)


def test_memory_counter_window() -> None:
    now = [1000.0]
    counter = MemoryCounter(60, clock=lambda: now[0])
    assert counter.add("k") == Failures(1, 1000.0)
    now[0] += 30
    assert counter.add("k") == Failures(2, 1030.0)
    now[0] += 59  # the window runs from the last failure
    assert counter.get("k").count == 2
    now[0] += 2
    assert counter.get("k") == Failures()
    counter.add("k")
    counter.reset("k")
    assert counter.get("k") == Failures()


def test_memory_counter_stays_bounded() -> None:
    now = [0.0]
    counter = MemoryCounter(60, clock=lambda: now[0])
    for n in range(MemoryCounter.SWEEP_AT * 2):
        now[0] += 0.001
        counter.add(f"address:{n}")
    assert len(counter._records) <= MemoryCounter.SWEEP_AT
    assert counter.get(f"address:{MemoryCounter.SWEEP_AT * 2 - 1}").count == 1


def _real_redis() -> Any:
    redis = pytest.importorskip("redis")
    url = os.environ.get("TRACKER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    return client


def test_redis_counter_against_a_real_redis() -> None:
    client = _real_redis()
    now = [1000.0]
    counter = RedisCounter(
        client, 60, prefix=f"regain:test:{uuid.uuid4().hex}:", clock=lambda: now[0]
    )
    assert counter.get("k") == Failures()
    assert counter.add("k") == Failures(1, 1000.0)
    now[0] += 5
    assert counter.add("k") == Failures(2, 1005.0)
    assert counter.get("k") == Failures(2, 1005.0)
    assert 0 < client.ttl(counter.prefix + "k") <= 60
    counter.reset("k")
    assert counter.get("k") == Failures()


def test_app_uses_redis_when_configured(tmp_path: Path) -> None:
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": "sqlite://",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
        }
    )
    counter = app.extensions["login_attempts"]
    assert isinstance(counter, FallbackCounter) and isinstance(counter.primary, RedisCounter)


class _DownRedis:
    def __getattr__(self, name: str) -> Any:
        raise ConnectionError("refused")


def test_fallback_counts_in_process_while_redis_is_down(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    primary = RedisCounter(_DownRedis(), 60)
    counter = FallbackCounter(primary, MemoryCounter(60), (ConnectionError,), clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="tracker.ratelimit"):
        assert counter.add("k").count == 1
        assert counter.add("k").count == 2
        assert counter.get("k").count == 2
    assert [r.getMessage() for r in caplog.records if "unreachable" in r.getMessage()] != []
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1  # said once
    # Redis back: used again once the retry time has passed.
    working = MemoryCounter(60)
    counter.primary = working
    now[0] += FallbackCounter.RETRY_SECONDS
    assert counter.add("k").count == 1
    assert working.get("k").count == 1
