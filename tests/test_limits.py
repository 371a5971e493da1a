"""Limits: numbers of any size and dates far away get a message at their field, never a 500,
and a far-off date already stored does not break the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import insert
from sqlmodel import select

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


# --- counts per account and pages bounded in work ---------------------------------------------


def _many_breaks(app: Flask, user: User, n: int, first: dt.date | None = None) -> None:
    """``n`` one-day breaks two days apart, ending before today (as an import could add)."""
    start = first or today() - dt.timedelta(days=2 * n + 10)
    with session_for(app) as session:
        session.execute(
            insert(Break),
            [
                {
                    "user_id": user.id,
                    "start_date": start + dt.timedelta(days=2 * i),
                    "end_date": start + dt.timedelta(days=2 * i),
                    "reason": "other",
                    "mode": "rest",
                    "notes": "",
                    "created_at": dt.datetime(2025, 1, 1),
                }
                for i in range(n)
            ],
        )
        session.commit()


def _log_some(app: Flask, user: User) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    for days_ago in range(200, 0, -5):
        when = dt.datetime.combine(today() - dt.timedelta(days=days_ago), dt.time(18))
        make_workout(app, user, when, sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 80}])


def test_twelve_thousand_breaks_keep_the_pages_small(
    app: Flask, auth_client: Client, user: User
) -> None:
    """The issue's account: an old import left 12,000 one-day breaks."""
    _log_some(app, user)
    _many_breaks(app, user, 12_000)
    page = auth_client.get("/breaks")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('class="card break-item"') == limits.PAGE_SIZE
    assert "Page 1 of 240 (12000 breaks)" in html and 'rel="next"' in html
    last = auth_client.get("/breaks?page=240").get_data(as_text=True)
    assert last.count('class="card break-item"') == limits.PAGE_SIZE and 'rel="prev"' in last
    assert auth_client.get("/breaks?page=99999999999").status_code == 200
    assert auth_client.get("/breaks?page=x").status_code == 200
    chart = auth_client.get("/charts/timeline.svg")
    assert chart.status_code == 200
    assert len(chart.data) < 1_000_000


def test_the_timeline_merges_what_it_cannot_shade_one_by_one() -> None:
    from tracker.chart_data import merge_periods

    day = dt.date(2020, 1, 1)
    periods = [
        (day + dt.timedelta(days=d), day + dt.timedelta(days=d + 1), "Injury")
        for d in (0, 3, 100, 104, 300)
    ]
    assert merge_periods(periods, 5) == periods
    merged = merge_periods(periods, 3)
    assert merged == [
        (day, day + dt.timedelta(days=4), "2 breaks"),
        (day + dt.timedelta(days=100), day + dt.timedelta(days=105), "2 breaks"),
        (day + dt.timedelta(days=300), day + dt.timedelta(days=301), "Injury"),
    ]
    many = [
        (day + dt.timedelta(days=3 * i), day + dt.timedelta(days=3 * i), "B") for i in range(5000)
    ]
    assert len(merge_periods(many, limits.MAX_CHART_SHADES)) <= limits.MAX_CHART_SHADES


def test_an_account_holds_at_most_its_breaks(app: Flask, auth_client: Client, user: User) -> None:
    _many_breaks(app, user, limits.MAX_BREAKS)
    start = today() - dt.timedelta(days=3)
    data = {
        "start_date": start.isoformat(),
        "end_date": start.isoformat(),
        "reason": "other",
        "mode": "rest",
        "sessions_per_week": "",
        "body_region": "",
        "notes": "kept",
    }
    response = auth_client.post("/breaks/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"at most {limits.MAX_BREAKS:,} breaks" in html and 'id="start_date-error"' in html
    assert "kept</textarea>" in html
    with session_for(app) as session:
        assert len(session.exec(select(Break).where(Break.user_id == user.id)).all()) == (
            limits.MAX_BREAKS
        )


def test_the_crud_refuses_past_the_limit_too(app: Flask, user: User) -> None:
    from tracker import crud
    from tracker.models import BreakBase

    _many_breaks(app, user, limits.MAX_BREAKS)
    with session_for(app) as session, pytest.raises(limits.LimitReached):
        crud.breaks.create(
            session=session, user_id=user.id, data=BreakBase(start_date=today(), end_date=today())
        )


def test_an_account_holds_at_most_its_plans(app: Flask, auth_client: Client, user: User) -> None:
    from tracker.models import Plan

    with session_for(app) as session:
        session.execute(
            insert(Plan),
            [
                {
                    "user_id": user.id,
                    "name": f"p{i}",
                    "start_date": today() + dt.timedelta(days=10),
                    "days": 7,
                    "mode": "rest",
                    "muscles": "",
                    "dose_after": 1.0,
                    "created_at": dt.datetime(2025, 1, 1),
                }
                for i in range(limits.MAX_PLANS)
            ],
        )
        session.commit()
    start = (today() + dt.timedelta(days=7)).isoformat()
    response = auth_client.post(
        "/planner/plans",
        data={"start": start, "days": "14", "kind": "rest", "dose": "1", "compare": ["rest"]},
    )
    assert response.status_code == 409
    assert f"at most {limits.MAX_PLANS:,} saved plans" in response.get_data(as_text=True)
    with session_for(app) as session:
        assert len(session.exec(select(Plan).where(Plan.user_id == user.id)).all()) == (
            limits.MAX_PLANS
        )
