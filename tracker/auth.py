"""Logging in: Flask-Login wiring and the login throttle."""

from __future__ import annotations

from flask import Flask, current_app
from flask_login import LoginManager

from tracker import crud, ratelimit
from tracker.db import get_session
from tracker.models import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    window = app.config["LOGIN_WINDOW_SECONDS"]
    app.extensions["login_attempts"] = ratelimit.make_counter(app.config["REDIS_URL"], window)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Find the user for a session id ``<id>:<password fingerprint>``.

    The fingerprint changes with the password, so changing it logs out every other session.
    """
    ident, _, fingerprint = user_id.partition(":")
    if not ident.isdecimal():
        return None
    user = crud.users.get(session=get_session(), user_id=int(ident))
    if user is None or crud.users.fingerprint(user) != fingerprint:
        return None
    return user


def attempts() -> ratelimit.AttemptCounter:
    counter: ratelimit.AttemptCounter = current_app.extensions["login_attempts"]
    return counter


def throttled(email: str, address: str) -> bool:
    """True when too many failed logins came for this account or from this address."""
    config = current_app.config
    counter = attempts()
    return (
        counter.count("account:" + email.lower()) >= config["LOGIN_MAX_ATTEMPTS"]
        or counter.count("address:" + address) >= config["LOGIN_ADDRESS_MAX_ATTEMPTS"]
    )


def record_failure(email: str, address: str) -> None:
    counter = attempts()
    counter.add("account:" + email.lower())
    counter.add("address:" + address)


def record_success(email: str) -> None:
    attempts().reset("account:" + email.lower())
