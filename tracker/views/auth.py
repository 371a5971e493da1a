"""Register, log in, log out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from tracker import auth, crud
from tracker.db import get_session
from tracker.forms.auth import LoginForm, RegisterForm
from tracker.models import UserBase

bp = Blueprint("auth", __name__)


@bp.get("/register")
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    return render_template("auth/register.html", form=RegisterForm())


@bp.post("/register")
def register_post() -> tuple[str, int] | Response:
    form = RegisterForm()
    if not form.validate():
        return render_template("auth/register.html", form=form), 400
    db = get_session()
    if crud.users.by_email(session=db, email=form.email.data) is not None:
        form.email.errors = ["An account with this e-mail already exists. Log in instead?"]
        return render_template("auth/register.html", form=form), 409
    profile = UserBase(email=form.email.data, display_name=form.display_name.data or "")
    user = crud.users.create(session=db, profile=profile, password=form.password.data)
    session.clear()
    login_user(user)
    flash("Welcome to Regain. Set your unit and training background in Settings.", "success")
    response = redirect(url_for("dashboard.index"))
    auth.remember_device(response, user.email)
    return response


@bp.get("/login")
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    return render_template("auth/login.html", form=LoginForm())


@bp.post("/login")
def login_post() -> tuple[str, int, dict[str, str]] | tuple[str, int] | Response:
    form = LoginForm()
    if not form.validate():
        return render_template("auth/login.html", form=form), 400
    email, address = form.email.data, request.remote_addr or "unknown"
    wait = auth.wait_seconds(email, address)
    if wait > 0:
        form.password.errors = [
            f"Too many failed attempts: wait {_duration(wait)} and try again. "
            "(Your usual browser is not slowed down.)"
        ]
        return render_template("auth/login.html", form=form), 429, {"Retry-After": str(wait)}
    user = crud.users.authenticate(session=get_session(), email=email, password=form.password.data)
    if user is None:
        auth.record_failure(email, address)
        form.password.errors = ["That e-mail and password do not match an account."]
        return render_template("auth/login.html", form=form), 401
    auth.record_success(email, address)
    # A new session: nothing set before logging in (a planted CSRF secret, say) survives it.
    session.clear()
    login_user(user)
    response = redirect(_safe_next(request.args.get("next")) or url_for("dashboard.index"))
    auth.remember_device(response, user.email)
    return response


@bp.post("/logout")
@login_required
def logout() -> Response:
    # A new session token: this cookie, and any copy of it, opens nothing any more.
    crud.users.end_sessions(session=get_session(), user=current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _safe_next(target: str | None) -> str | None:
    """Only follow ``next`` to a path on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
