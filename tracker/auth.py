"""Logging in: Flask-Login wiring, sessions that end for real, and the login throttle.

A session cookie carries ``<user id>:<session token>``; the token is checked on every request
and replaced at logout, at a password change and with the account, so a cookie copied before
any of those opens nothing afterwards.

The throttle slows guessing without locking the owner out. Failed attempts are counted per
account and per address; after ``LOGIN_MAX_ATTEMPTS`` (``LOGIN_ADDRESS_MAX_ATTEMPTS`` for an
address) each further attempt must wait twice as long as the one before (1 s, 2 s, 4 s... up to
``LOGIN_MAX_DELAY_SECONDS``), and the count is forgotten ``LOGIN_WINDOW_SECONDS`` after the
last failure. A browser that has logged in to the account before carries a signed device
cookie: its attempts are counted on their own, so someone guessing elsewhere (or from the
same address) never slows the owner's usual device down.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_login import LoginManager
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from tracker import crud, ratelimit
from tracker.db import get_session
from tracker.models import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

#: The device cookie: which accounts this browser has logged in to, signed.
DEVICE_COOKIE = "regain_device"
DEVICE_MAX_AGE = 180 * 24 * 3600
#: The most accounts one device cookie remembers.
DEVICE_ACCOUNTS = 5


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    window = app.config["LOGIN_WINDOW_SECONDS"]
    app.extensions["login_attempts"] = ratelimit.make_counter(app.config["REDIS_URL"], window)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of a session ``<id>:<session token>``, while the token is still theirs."""
    return crud.users.from_session_id(session=get_session(), value=user_id)


def attempts() -> ratelimit.AttemptCounter:
    counter: ratelimit.AttemptCounter = current_app.extensions["login_attempts"]
    return counter


# --- the device cookie -------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="regain-device")


@dataclass(frozen=True)
class Device:
    """This browser: its id, and the accounts (e-mail addresses) it has logged in to."""

    ident: str
    accounts: tuple[str, ...]


def device() -> Device | None:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        value = _serializer().loads(raw, max_age=DEVICE_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    ident, accounts = value.get("id"), value.get("accounts")
    if not isinstance(ident, str) or not isinstance(accounts, list):
        return None
    return Device(ident, tuple(a for a in accounts if isinstance(a, str)))


def remember_device(response: Response, email: str) -> None:
    """Mark this browser as one that logged in to ``email`` (sent with the login's redirect)."""
    known = device()
    ident = known.ident if known is not None else secrets.token_urlsafe(16)
    accounts = [email] + [a for a in (known.accounts if known else ()) if a != email]
    value = _serializer().dumps({"id": ident, "accounts": accounts[:DEVICE_ACCOUNTS]})
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("HTTPS")),
    )


# --- the throttle ------------------------------------------------------------------------------


def _keys(email: str, address: str) -> list[tuple[str, int]]:
    """The counters an attempt is checked against and counted in, with their free attempts."""
    config = current_app.config
    email = crud.users.normalize_email(email)
    known = device()
    if known is not None and email in known.accounts:
        return [(f"device:{known.ident}:{email}", config["LOGIN_MAX_ATTEMPTS"])]
    return [
        (f"account:{email}", config["LOGIN_MAX_ATTEMPTS"]),
        (f"address:{address}", config["LOGIN_ADDRESS_MAX_ATTEMPTS"]),
    ]


def delay(failures: ratelimit.Failures, free: int) -> float:
    """Seconds an attempt must wait after ``failures``: none for the first ``free`` ones, then
    1 s, doubling with each further failure, up to ``LOGIN_MAX_DELAY_SECONDS``."""
    if failures.count < free:
        return 0.0
    longest = float(current_app.config["LOGIN_MAX_DELAY_SECONDS"])
    return min(2.0 ** min(failures.count - free, 30), longest)


def wait_seconds(email: str, address: str) -> int:
    """How long this attempt must wait (0: it may go ahead)."""
    counter = attempts()
    moment = ratelimit.now()
    wait = 0.0
    for key, free in _keys(email, address):
        failures = counter.get(key)
        wait = max(wait, failures.last + delay(failures, free) - moment)
    return max(0, int(wait + 0.999))


def record_failure(email: str, address: str) -> None:
    counter = attempts()
    for key, _ in _keys(email, address):
        counter.add(key)


def record_success(email: str, address: str) -> None:
    """Forget this device's (or this account's) failures; the address keeps its count."""
    counter = attempts()
    for key, _ in _keys(email, address):
        if not key.startswith("address:"):
            counter.reset(key)
