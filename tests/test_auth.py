"""Registering, logging in and out, with good and bad input."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from tests.conftest import PASSWORD, Client, form_values, new_client
from tests.factories import count, make_user, session_for
from tracker.models import User


def register(client: Client, **overrides: Any) -> Any:
    data = {
        "email": "new@example.com",
        "display_name": "Newcomer",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    data.update(overrides)
    return client.post("/register", data=data)


def test_register_creates_account_and_logs_in(app: Flask, client: Client) -> None:
    response = register(client, email="  New@Example.COM ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    with session_for(app) as session:
        user = session.exec(select(User)).one()
    assert user.email == "new@example.com"
    assert user.password_hash != PASSWORD
    assert client.get("/").status_code == 200


def test_production_hash_is_scrypt(app: Flask) -> None:
    from werkzeug.security import generate_password_hash

    from tracker.crud import users

    assert users.HASH_METHOD == "pbkdf2:sha256:1000"  # swapped by conftest for speed
    assert generate_password_hash("x", method="scrypt").startswith("scrypt:")
    import importlib

    fresh = importlib.reload(users)
    try:
        assert fresh.HASH_METHOD == "scrypt"
    finally:
        fresh.HASH_METHOD = "pbkdf2:sha256:1000"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": ""}, "email", "Enter your e-mail address."),
        ({"email": "not-an-address"}, "email", "Enter an e-mail address like"),
        ({"email": "a@b"}, "email", "Enter an e-mail address like"),
        ({"email": "x" * 250 + "@example.com"}, "email", "That address is too long."),
        ({"password": "short", "confirm": "short"}, "password", "Use at least 10 characters."),
        ({"password": "", "confirm": ""}, "password", "Choose a password."),
        ({"confirm": "something else entirely"}, "confirm", "The passwords differ."),
        ({"display_name": "n" * 81}, "display_name", "Keep it under 80 characters."),
    ],
)
def test_register_bad_input(
    app: Flask, client: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    response = register(client, **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert f'id="{field}-error"' in html
    assert count(app, User) == 0
    # What was typed is kept, except the passwords.
    if field != "email" and overrides.get("email") is None:
        assert form_values(html, "email") == ["new@example.com"]
    assert form_values(html, "password") == [""]


def test_register_taken_email_is_case_insensitive(app: Flask, client: Client, user: User) -> None:
    response = register(client, email="ALICE@example.com")
    assert response.status_code == 409
    assert "already exists" in response.get_data(as_text=True)
    assert count(app, User) == 1


def test_login_and_logout(client: Client, user: User) -> None:
    assert client.get("/").status_code == 302
    response = client.post("/login", data={"email": "Alice@Example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_logout_needs_post(auth_client: Client) -> None:
    assert auth_client.get("/logout").status_code == 405
    assert auth_client.get("/").status_code == 200


def test_login_wrong_password_keeps_email(client: Client, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": "wrong password!"})
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "do not match an account" in html
    assert form_values(html, "email") == [user.email]
    assert form_values(html, "password") == [""]
    assert client.get("/").status_code == 302


def test_login_unknown_account(client: Client) -> None:
    response = client.post("/login", data={"email": "nobody@example.com", "password": PASSWORD})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "password": PASSWORD}, "Enter your e-mail address."),
        ({"email": "alice@example.com", "password": ""}, "Enter your password."),
    ],
)
def test_login_missing_values(
    client: Client, user: User, data: dict[str, str], message: str
) -> None:
    response = client.post("/login", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_login_redirects_to_next_only_on_this_site(client: Client, user: User) -> None:
    response = client.get("/settings")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]
    ok = client.post("/login?next=/settings", data={"email": user.email, "password": PASSWORD})
    assert ok.headers["Location"] == "/settings"
    client.post("/logout")
    evil = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert evil.headers["Location"] == "/"


WRONG = {"password": "wrong password!"}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The throttle's clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr("tracker.ratelimit.now", lambda: now[0])
    return now


def fail(client: Client, email: str, times: int = 1) -> None:
    for _ in range(times):
        response = client.post("/login", data={"email": email, **WRONG})
        assert response.status_code == 401, response.status_code


def test_failed_logins_make_the_next_attempt_wait(
    app: Flask, client: Client, user: User, clock: list[float]
) -> None:
    fail(client, user.email, app.config["LOGIN_MAX_ATTEMPTS"])
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Too many failed attempts: wait 1 second" in html
    assert response.headers["Retry-After"] == "1"
    assert form_values(html, "email") == [user.email]
    assert client.get("/").status_code == 302
    clock[0] += 1
    client.login(user.email)  # the owner gets in once the short wait is over


def test_each_further_failure_doubles_the_wait_up_to_a_cap(
    app: Flask, client: Client, user: User, clock: list[float]
) -> None:
    app.config["LOGIN_MAX_DELAY_SECONDS"] = 16
    fail(client, user.email, app.config["LOGIN_MAX_ATTEMPTS"])
    waits = []
    for _ in range(7):
        response = client.post("/login", data={"email": user.email, **WRONG})
        assert response.status_code == 429  # a wait answered: not counted, nothing checked
        waits.append(int(response.headers["Retry-After"]))
        clock[0] += waits[-1]
        fail(client, user.email)
    assert waits == [1, 2, 4, 8, 16, 16, 16]


def test_failures_are_forgotten_after_the_window(
    app: Flask, client: Client, user: User, clock: list[float]
) -> None:
    fail(client, user.email, app.config["LOGIN_MAX_ATTEMPTS"])
    clock[0] += app.config["LOGIN_WINDOW_SECONDS"] + 1
    fail(client, user.email, app.config["LOGIN_MAX_ATTEMPTS"])  # five free ones again


def test_the_owners_usual_browser_is_not_slowed_by_guessing(
    app: Flask, client: Client, user: User, clock: list[float]
) -> None:
    client.login(user.email)  # this browser now carries a device cookie for the account
    client.post("/logout")
    guesser = new_client(app)  # same address (127.0.0.1), no device cookie
    fail(guesser, user.email, app.config["LOGIN_MAX_ATTEMPTS"])
    for n in range(app.config["LOGIN_ADDRESS_MAX_ATTEMPTS"]):
        guesser.post("/login", data={"email": f"guess{n}@example.com", **WRONG})
    assert guesser.post("/login", data={"email": user.email, **WRONG}).status_code == 429
    client.login(user.email)  # the right password on the usual browser: straight in
    # A wrong password there counts for that browser alone.
    client.post("/logout")
    fail(client, user.email, app.config["LOGIN_MAX_ATTEMPTS"])
    assert client.post("/login", data={"email": user.email, **WRONG}).status_code == 429


def test_a_forged_device_cookie_is_ignored(
    app: Flask, client: Client, user: User, clock: list[float]
) -> None:
    client.set_cookie("regain_device", "forged.value", domain="localhost")
    fail(client, user.email, app.config["LOGIN_MAX_ATTEMPTS"])
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 429
    )


def test_login_is_throttled_per_address(
    app: Flask, client: Client, user: User, clock: list[float]
) -> None:
    app.config["LOGIN_ADDRESS_MAX_ATTEMPTS"] = 3
    for n in range(3):
        client.post("/login", data={"email": f"guess{n}@example.com", **WRONG})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    clock[0] += 1
    client.login(user.email)


def test_successful_login_resets_the_account_counter(
    app: Flask, client: Client, user: User, clock: list[float]
) -> None:
    fail(client, user.email, app.config["LOGIN_MAX_ATTEMPTS"] - 1)
    client.login(user.email)
    client.post("/logout")
    fail(client, user.email, app.config["LOGIN_MAX_ATTEMPTS"] - 1)
    client.login(user.email)


def test_an_unreachable_redis_never_makes_a_login_fail(
    app: Flask, user: User, caplog: pytest.LogCaptureFixture, clock: list[float]
) -> None:
    from tracker.ratelimit import make_counter

    # Nothing listens on port 1: every Redis call fails at once.
    app.extensions["login_attempts"] = make_counter("redis://127.0.0.1:1/0", 900)
    client = new_client(app)
    with caplog.at_level("WARNING", logger="tracker.ratelimit"):
        fail(client, user.email, app.config["LOGIN_MAX_ATTEMPTS"])
        # Counted in process meanwhile: the throttle still works.
        assert client.post("/login", data={"email": user.email, **WRONG}).status_code == 429
        clock[0] += 1
        client.login(user.email)
    assert any("Redis is unreachable" in r.getMessage() for r in caplog.records)


def test_redis_counts_for_every_worker(app: Flask, user: User, clock: list[float]) -> None:
    """Two app processes (two workers) share the count through Redis."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    from tracker.ratelimit import make_counter

    email = f"shared-{uuid.uuid4().hex}@example.com"
    make_user(app, email=email)
    prefix = f"regain:test:{uuid.uuid4().hex}:"  # apart from other runs on the same Redis
    first, second = make_counter(url, 900, prefix), make_counter(url, 900, prefix)
    app.extensions["login_attempts"] = first
    fail(new_client(app), email, app.config["LOGIN_MAX_ATTEMPTS"] - 1)
    app.extensions["login_attempts"] = second  # "the other worker"
    other = new_client(app)
    fail(other, email)
    assert other.post("/login", data={"email": email, "password": PASSWORD}).status_code == 429


def test_missing_or_stale_csrf_token_is_rejected(app: Flask, client: Client, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)
    stale = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": "stale.token"}
    )
    assert stale.status_code == 400
    assert count(app, User) == 1
    register_response = client.post(
        "/register",
        data={"email": "c@example.com", "password": PASSWORD, "confirm": PASSWORD},
        csrf=False,
    )
    assert register_response.status_code == 400
    assert count(app, User) == 1


def test_oversized_request_is_refused(app: Flask, client: Client) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/register", data={"email": "x@example.com", "display_name": "y" * 4096})
    assert response.status_code == 413
    assert "larger than" in response.get_data(as_text=True)
    assert count(app, User) == 0


def test_pages_that_need_login_redirect_to_it(client: Client) -> None:
    for path in ("/", "/settings"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_logged_in_user_skips_login_and_register(auth_client: Client) -> None:
    assert auth_client.get("/login").status_code == 302
    assert auth_client.get("/register").status_code == 302


def test_two_users_are_distinct(app: Flask) -> None:
    make_user(app, email="one@example.com")
    make_user(app, email="two@example.com")
    one, two = new_client(app), new_client(app)
    one.login("one@example.com")
    two.login("two@example.com")
    page = two.get("/settings").get_data(as_text=True)
    assert "two@example.com" in page
    assert "one@example.com" not in page
