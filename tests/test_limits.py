"""Limits: numbers of any size and dates far away get a message at their field, never a 500,
and a far-off date already stored does not break the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from tests.conftest import Client, form_values
from tests.factories import catalogue_exercise, make_break, make_workout, session_for
from tests.test_settings import GOOD_PROFILE
from tracker import limits
from tracker.models import Break, User

NINES = "9" * 400


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def reload(app: Flask, user: User) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("gap_days", "Between 7 and 90 days."),
        ("training_years", "Between 0 and 80 years."),
        ("birth_year", "Enter a year between"),
    ],
)
def test_profile_numbers_of_hundreds_of_digits(
    app: Flask, auth_client: Client, user: User, field: str, message: str
) -> None:
    response = auth_client.post("/settings/profile", data={**GOOD_PROFILE, field: NINES})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and f'id="{field}-error"' in html
    assert form_values(html, "display_name") == ["Alice A."]
    saved = reload(app, user)
    assert (saved.gap_days, saved.unit, saved.data_version) == (14, "kg", user.data_version)


def test_reduce_with_hundreds_of_digits(app: Flask, auth_client: Client, user: User) -> None:
    item = make_break(app, user, today() - dt.timedelta(days=20), today() - dt.timedelta(days=5))
    response = auth_client.post(f"/breaks/{item.id}/reduce", data={"sessions_per_week": NINES})
    assert response.status_code == 400
    assert "Between 1 and 7 sessions a week." in response.get_data(as_text=True)
    with session_for(app) as session:
        found = session.get(Break, item.id)
        assert found is not None and found.mode == "rest"


def test_break_with_hundreds_of_digits(app: Flask, auth_client: Client, user: User) -> None:
    start, end = today() - dt.timedelta(days=20), today() - dt.timedelta(days=5)
    data = {
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "reason": "other",
        "mode": "reduced",
        "sessions_per_week": NINES,
        "body_region": "",
        "notes": "",
    }
    response = auth_client.post("/breaks/new", data=data)
    assert response.status_code == 400
    assert "Between 1 and 7 sessions a week." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        f"days={NINES}",
        f"kind=reduced&sessions={NINES}",
        "start=9999-12-31",
        f"dose={NINES}",
    ],
)
def test_planner_refuses_huge_values_at_the_field(auth_client: Client, query: str) -> None:
    start = (today() + dt.timedelta(days=7)).isoformat()
    base = {"start": start, "days": "28", "kind": "rest", "sessions": "1", "dose": "1"}
    for part in query.split("&"):
        name, value = part.split("=")
        base[name] = value
    response = auth_client.get("/planner", query_string=base)
    assert response.status_code == 400
    assert 'class="field-error"' in response.get_data(as_text=True) or "-error" in (
        response.get_data(as_text=True)
    )


def test_limits_say_how_far_ahead() -> None:
    day = dt.date(2026, 3, 1)
    assert limits.latest_day(day) == dt.date(2026, 3, 2)
    assert limits.latest_break_end(day) == dt.date(2027, 3, 1)
    assert limits.latest_plan_start(day) == day + dt.timedelta(days=3 * 365)
    assert dt.date(1900, 1, 1) == limits.EARLIEST_DATE


@pytest.mark.parametrize("end", [dt.date(9999, 12, 31), None])
def test_a_far_off_break_already_stored_keeps_the_pages_working(
    app: Flask, auth_client: Client, user: User, end: dt.date | None
) -> None:
    """Stored by an older import: the pages show it, the chart still draws."""
    bench = catalogue_exercise(app, "bench_press_barbell")
    for days_ago in range(60, 30, -3):
        when = dt.datetime.combine(today() - dt.timedelta(days=days_ago), dt.time(18))
        make_workout(app, user, when, sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 80}])
    make_break(app, user, today() - dt.timedelta(days=25), end)
    for path in ("/breaks", "/", "/charts/timeline.svg"):
        response = auth_client.get(path)
        assert response.status_code == 200, path
