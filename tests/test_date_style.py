"""Dates and times in the user's style (issue 16): the settings form, migration 0010 on a
database with data, every page following the choice, and the workout's time on the user's clock.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import inspect, text

from tests.conftest import Client, form_values, new_client
from tests.factories import catalogue_exercise, make_break, make_workout, session_for
from tests.test_migrations import _revision_before, empty_database  # noqa: F401  (the fixture)
from tracker.break_days import today_in
from tracker.db import make_engine
from tracker.forms.workouts import parse_time
from tracker.migrations import downgrade_database, upgrade_database
from tracker.models import User


def _row(app: Flask, user: Any) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


# --- the settings form ------------------------------------------------------------------------


def test_settings_offer_the_styles_and_show_the_users(auth_client: Client) -> None:
    html = auth_client.get("/settings").get_data(as_text=True)
    assert 'action="/settings/dates"' in html
    assert "Day first: 9 March 2026" in html and "12-hour: 6:30 pm" in html
    assert re.search(r'<input[^>]*checked[^>]*value="dmy"|value="dmy"[^>]*checked', html)


def test_saving_a_style_changes_only_the_users(
    app: Flask, user: Any, other_user: Any, auth_client: Client
) -> None:
    response = auth_client.post("/settings/dates", data={"date_order": "mdy", "clock": "12"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#dates")
    saved = _row(app, user)
    assert (saved.date_order, saved.clock) == ("mdy", "12")
    assert saved.data_version > user.data_version  # cached pages follow
    other = _row(app, other_user)
    assert (other.date_order, other.clock) == ("dmy", "24")


@pytest.mark.parametrize(
    "data",
    [
        {"date_order": "dym", "clock": "24"},
        {"date_order": "dmy", "clock": "13"},
        {"date_order": "", "clock": ""},
        {"clock": "24"},
        {"date_order": "dmy' OR 1=1", "clock": "24"},
    ],
)
def test_bad_styles_are_refused_at_the_field(
    app: Flask, user: Any, auth_client: Client, data: dict[str, str]
) -> None:
    response = auth_client.post("/settings/dates", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="error"' in html
    saved = _row(app, user)
    assert (saved.date_order, saved.clock) == ("dmy", "24")


def test_no_csrf_token_no_change(app: Flask, user: Any, auth_client: Client) -> None:
    response = auth_client.post("/settings/dates", data={"date_order": "ymd"}, csrf=False)
    assert response.status_code == 400
    assert _row(app, user).date_order == "dmy"


def test_nobody_is_sent_to_log_in(app: Flask, user: Any) -> None:
    response = new_client(app).post("/settings/dates", data={"date_order": "ymd", "clock": "12"})
    assert response.status_code in (302, 400)  # to the login page, or refused without a token
    assert _row(app, user).date_order == "dmy"


# --- the pages follow the choice --------------------------------------------------------------


def _history(app: Flask, user: Any) -> Any:
    today = today_in("UTC")
    bench = catalogue_exercise(app, "bench_press_barbell")
    for n in range(80, 2, -2):
        make_workout(
            app,
            user,
            dt.datetime.combine(today - dt.timedelta(days=n), dt.time(18, 30)),
            [{"exercise_id": bench.id, "reps": 8, "weight_kg": 80.0}] * 3,
        )
    return make_break(app, user, today - dt.timedelta(days=40), today - dt.timedelta(days=30))


def _ranges(start: dt.date, end: dt.date) -> tuple[str, str, str]:
    """A break's dates as each style writes them (the issue's examples, built here by hand)."""
    if start.year != end.year:
        dmy = f"{start.day} {start:%B} {start.year} to {end.day} {end:%B} {end.year}"
        mdy = f"{start:%B} {start.day}, {start.year} to {end:%B} {end.day}, {end.year}"
    elif start.month == end.month:
        dmy = f"{start.day}-{end.day} {start:%B} {start.year}"
        mdy = f"{start:%B} {start.day}-{end.day}, {start.year}"
    else:
        dmy = f"{start.day} {start:%B} to {end.day} {end:%B} {end.year}"
        mdy = f"{start:%B} {start.day} to {end:%B} {end.day}, {end.year}"
    return dmy, mdy, f"{start.isoformat()} to {end.isoformat()}"


def test_every_page_writes_dates_the_chosen_way(app: Flask, user: Any, auth_client: Client) -> None:
    item = _history(app, user)
    dmy, mdy, ymd = _ranges(item.start_date, item.end_date)
    # The breaks list, the break, its projection and the dashboard (just back from it).
    pages = ("/breaks", f"/breaks/{item.id}", f"/breaks/{item.id}/projection", "/")
    for page in pages:
        assert dmy in auth_client.get(page).text, page
    auth_client.post("/settings/dates", data={"date_order": "mdy", "clock": "12"})
    for page in pages:
        html = auth_client.get(page).text
        assert mdy in html and dmy not in html, page
    auth_client.post("/settings/dates", data={"date_order": "ymd", "clock": "24"})
    for page in pages:
        assert ymd in auth_client.get(page).text, page


def test_workout_times_on_the_users_clock(app: Flask, user: Any, auth_client: Client) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    workout = make_workout(
        app, user, dt.datetime(2026, 3, 10, 18, 30), [{"exercise_id": bench.id, "reps": 5}]
    )
    assert "Tue 10 March 2026, 18:30" in auth_client.get(f"/workouts/{workout.id}").text
    auth_client.post("/settings/dates", data={"date_order": "mdy", "clock": "12"})
    assert "Tue March 10, 2026, 6:30 pm" in auth_client.get(f"/workouts/{workout.id}").text
    edit = auth_client.get(f"/workouts/{workout.id}/edit").text
    assert form_values(edit, "time") == ["6:30 pm"]
    assert 'type="time"' not in edit  # the browser's picker would follow its own locale
    # Typed on a 12-hour clock, or on the 24-hour one: the same time.
    for typed in ("7:15 pm", "19:15"):
        data = {"date": "2026-03-10", "time": typed, "title": "", "notes": ""}
        assert auth_client.post(f"/workouts/{workout.id}/edit", data=data).status_code == 302
        with session_for(app) as session:
            row = session.get(type(workout), workout.id)
            assert row is not None and row.started_at == dt.datetime(2026, 3, 10, 19, 15)
    bad = auth_client.post(
        f"/workouts/{workout.id}/edit",
        data={"date": "2026-03-10", "time": "13 pm", "title": "", "notes": ""},
    )
    assert bad.status_code == 400 and "Enter a time like 6:30 pm." in bad.text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("18:30", dt.time(18, 30)),
        ("18.30", dt.time(18, 30)),
        ("1830", dt.time(18, 30)),
        ("6:30 pm", dt.time(18, 30)),
        ("6:30PM", dt.time(18, 30)),
        ("6 p.m.", dt.time(18, 0)),
        ("12:05 am", dt.time(0, 5)),
        ("12 pm", dt.time(12, 0)),
        ("00:00", dt.time(0, 0)),
    ],
)
def test_times_as_people_type_them(typed: str, expected: dt.time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "13 pm", "0 am", "7:5", "evening", "6 m", "18:60"])
def test_times_that_are_not_times(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_time(typed)


# --- migration 0010 ---------------------------------------------------------------------------


def test_date_style_migration_on_a_database_in_use(empty_database: str) -> None:  # noqa: F811
    """0010 adds the date style to a database with an account and its training: the account
    reads dates as before (day first, 24-hour clock), its rows stay; downgrading drops the
    columns and keeps them."""
    before = _revision_before("date_style")
    upgrade_database(empty_database, before)
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, display_name, unit, training_years, timezone, "
                    "gap_days, password_hash, session_token, data_version, created_at) VALUES "
                    "('old@example.com', 'Old', 'lb', 3.0, 'Europe/Berlin', 21, 'x', 'tok', 9, "
                    "'2026-01-01 00:00:00')"
                )
            )
            user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO workouts (user_id, started_at, title, notes, source, created_at) "
                    "VALUES (:user, '2026-01-02 18:00:00', 'Legs', '', 'manual', "
                    "'2026-01-02 20:00:00')"
                ),
                {"user": user_id},
            )
    finally:
        engine.dispose()
    upgrade_database(empty_database)
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            row = conn.execute(
                text(
                    "SELECT date_order, clock, unit, timezone, gap_days, data_version FROM users "
                    "WHERE email = 'old@example.com'"
                )
            ).one()
            assert tuple(row) == ("dmy", "24", "lb", "Europe/Berlin", 21, 9)
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
            conn.execute(text("UPDATE users SET date_order = 'mdy', clock = '12'"))
    finally:
        engine.dispose()
    downgrade_database(empty_database, before)
    engine = make_engine(empty_database)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert not {"date_order", "clock"} & columns and "personal_calibration" in columns
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 1
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
    finally:
        engine.dispose()
