"""The profile, changing the password and deleting the account."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from tests.conftest import PASSWORD, Client, form_values, new_client
from tests.factories import catalogue_exercise, count, make_break, make_workout, session_for
from tracker.models import Break, User, Workout, WorkoutSet

GOOD_PROFILE = {
    "display_name": "Alice A.",
    "unit": "lb",
    "birth_year": "1980",
    "sex": "female",
    "training_years": "3.5",
    "timezone": "Europe/Paris",
    "gap_days": "21",
}


def reload(app: Flask, user: User) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


def test_settings_page_shows_profile(auth_client: Client) -> None:
    html = auth_client.get("/settings").get_data(as_text=True)
    assert "alice@example.com" in html
    assert form_values(html, "display_name") == ["Alice"]


def test_profile_update(app: Flask, auth_client: Client, user: User) -> None:
    response = auth_client.post("/settings/profile", data=GOOD_PROFILE)
    assert response.status_code == 302
    saved = reload(app, user)
    assert (saved.unit, saved.birth_year, saved.sex, saved.timezone) == (
        "lb",
        1980,
        "female",
        "Europe/Paris",
    )
    assert saved.training_years == pytest.approx(3.5)
    assert saved.gap_days == 21
    assert saved.data_version == user.data_version + 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("unit", "stone", "Not a valid choice"),
        ("sex", "robot", "Not a valid choice"),
        ("timezone", "Mars/Olympus", "Not a valid choice"),
        ("birth_year", "1850", "Enter a year between"),
        ("birth_year", str(dt.date.today().year - 5), "Enter a year between"),
        ("birth_year", "nineteen", "Not a valid integer value"),
        ("training_years", "-1", "Between 0 and 80 years."),
        ("training_years", "", "Enter a number of years"),
        ("gap_days", "3", "Between 7 and 90 days."),
        ("display_name", "x" * 81, "Keep it under 80 characters."),
    ],
)
def test_profile_bad_input(
    app: Flask, auth_client: Client, user: User, field: str, value: str, message: str
) -> None:
    data = {**GOOD_PROFILE, field: value}
    response = auth_client.post("/settings/profile", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert f'id="{field}-error"' in html
    saved = reload(app, user)
    assert saved.unit == "kg" and saved.timezone == "UTC" and saved.birth_year is None
    if field != "display_name":
        assert form_values(html, "display_name") == ["Alice A."]


def test_change_password_logs_out_other_sessions(
    app: Flask, auth_client: Client, user: User
) -> None:
    elsewhere = new_client(app)
    elsewhere.login(user.email)
    new = "a brand new passphrase"
    response = auth_client.post(
        "/settings/password", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert auth_client.get("/settings").status_code == 200
    assert elsewhere.get("/settings").status_code == 302
    fresh = new_client(app)
    assert fresh.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 401
    fresh.login(user.email, new)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "current": "wrong password",
                "password": "another passphrase",
                "confirm": "another passphrase",
            },
            "current",
            "not your current password",
        ),
        (
            {"current": PASSWORD, "password": "short", "confirm": "short"},
            "password",
            "Use at least 10 characters.",
        ),
        (
            {"current": PASSWORD, "password": "another passphrase", "confirm": "different one"},
            "confirm",
            "The passwords differ.",
        ),
        (
            {"current": "", "password": "another passphrase", "confirm": "another passphrase"},
            "current",
            "Enter your current password.",
        ),
    ],
)
def test_change_password_bad_input(
    app: Flask, auth_client: Client, user: User, data: dict[str, str], field: str, message: str
) -> None:
    before = reload(app, user).password_hash
    response = auth_client.post("/settings/password", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and f'id="{field}-error"' in html
    assert reload(app, user).password_hash == before


def _fill_account(app: Flask, owner: User) -> None:
    squat = catalogue_exercise(app, "squat_barbell")
    make_workout(
        app,
        owner,
        dt.datetime(2026, 1, 5, 18),
        sets=[{"exercise_id": squat.id, "reps": 5, "weight_kg": 100.0}],
    )
    make_break(app, owner, dt.date(2026, 2, 1), dt.date(2026, 2, 14), reason="vacation")


def test_delete_account_removes_everything(
    app: Flask, auth_client: Client, user: User, other_user: User
) -> None:
    _fill_account(app, user)
    _fill_account(app, other_user)
    response = auth_client.post("/settings/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    assert auth_client.get("/").status_code == 302
    with session_for(app) as session:
        assert session.get(User, user.id) is None
        assert session.exec(select(Workout).where(Workout.user_id == user.id)).all() == []
        assert session.exec(select(Break).where(Break.user_id == user.id)).all() == []
    # The other user's data is untouched.
    assert count(app, Workout) == 1 and count(app, WorkoutSet) == 1 and count(app, Break) == 1
    assert (
        new_client(app).post("/login", data={"email": user.email, "password": PASSWORD}).status_code
        == 401
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Type your password to confirm."),
        ("wrong password", "Nothing was deleted."),
    ],
)
def test_delete_account_needs_the_password(
    app: Flask, auth_client: Client, user: User, password: str, message: str
) -> None:
    _fill_account(app, user)
    response = auth_client.post("/settings/delete", data={"password": password})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert reload(app, user) is not None
    assert count(app, Workout) == 1


@pytest.mark.parametrize("path", ["/settings/profile", "/settings/password", "/settings/delete"])
def test_settings_posts_need_login(app: Flask, client: Client, user: User, path: str) -> Any:
    response = client.post(path, data={"password": PASSWORD, "current": PASSWORD})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert reload(app, user).email == user.email
