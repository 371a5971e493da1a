"""The API refuses what the forms refuse and takes what they take: the same values sent to
both (the form's field names and units on one side, the API's on the other), and a JSON
export holds the same data as the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask

from tests.api_helpers import Api, make_rows, make_token
from tests.factories import catalogue_exercise, count
from tracker.models import Break, Exercise, Plan, Workout, WorkoutSet

TODAY = dt.date.today()


def _day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def both(app: Flask, auth_client: Any, user: Any) -> tuple[Any, Api]:
    return auth_client, Api(auth_client, make_token(app, user))


# (form fields, API body, accepted by both?)
WORKOUTS = [
    ({"date": _day(0), "time": "18:30", "title": "Legs"}, {"started_at": f"{_day(0)}T18:30"}, True),
    ({"date": _day(1), "time": "08:00"}, {"started_at": f"{_day(1)}T08:00"}, True),
    ({"date": _day(2), "time": "08:00"}, {"started_at": f"{_day(2)}T08:00"}, False),
    ({"date": "1899-12-31", "time": "08:00"}, {"started_at": "1899-12-31T08:00"}, False),
    ({"date": _day(0), "time": "08:00", "title": "x" * 121}, {"title": "x" * 121}, False),
    (
        {"date": _day(0), "time": "08:00", "duration_minutes": "1441"},
        {"duration_minutes": 1441},
        False,
    ),
    ({"date": _day(0), "time": "08:00", "duration_minutes": "-1"}, {"duration_minutes": -1}, False),
    ({"date": _day(0), "time": "08:00", "notes": "n" * 2001}, {"notes": "n" * 2001}, False),
]


@pytest.mark.parametrize(("form", "body", "ok"), WORKOUTS)
def test_workouts(
    app: Flask, both: Any, form: dict[str, str], body: dict[str, Any], ok: bool
) -> None:
    web, api = both
    body = {"started_at": f"{_day(0)}T08:00", **body}
    before = count(app, Workout)
    assert (web.post("/workouts/new", data=form).status_code == 302) is ok
    assert (api.post("/workouts", body).status_code == 201) is ok
    assert count(app, Workout) == before + (2 if ok else 0)


SETS = [
    ({"reps": "5", "weight": "100"}, {"reps": 5, "weight_kg": 100}, True),
    ({"reps": "0", "weight": "100"}, {"reps": 0, "weight_kg": 100}, False),
    ({"reps": "1001", "weight": "100"}, {"reps": 1001, "weight_kg": 100}, False),
    ({"reps": "5"}, {"reps": 5}, False),  # a weighted exercise needs its weight
    ({"weight": "100"}, {"weight_kg": 100}, False),  # ... and its reps
    ({"reps": "5", "weight": "-1"}, {"reps": 5, "weight_kg": -1}, False),
    ({"reps": "5", "weight": "1000.5"}, {"reps": 5, "weight_kg": 1000.5}, False),
    ({"reps": "5", "weight": "100", "rpe": "8.5"}, {"reps": 5, "weight_kg": 100, "rpe": 8.5}, True),
    (
        {"reps": "5", "weight": "100", "rpe": "8.3"},
        {"reps": 5, "weight_kg": 100, "rpe": 8.3},
        False,
    ),
    ({"reps": "5", "weight": "100", "rpe": "11"}, {"reps": 5, "weight_kg": 100, "rpe": 11}, False),
    (
        {"reps": "5", "weight": "100", "kind": "warmup"},
        {"reps": 5, "weight_kg": 100, "kind": "warmup"},
        True,
    ),
    (
        {"reps": "5", "weight": "100", "kind": "huge"},
        {"reps": 5, "weight_kg": 100, "kind": "huge"},
        False,
    ),
    (
        {"reps": "5", "weight": "1", "notes": "n" * 501},
        {"reps": 5, "weight_kg": 1, "notes": "n" * 501},
        False,
    ),
]


@pytest.mark.parametrize(("form", "body", "ok"), SETS)
def test_sets(
    app: Flask, both: Any, user: Any, form: dict[str, str], body: dict[str, Any], ok: bool
) -> None:
    web, api = both
    squat = catalogue_exercise(app, "squat_barbell").id
    workout = api.post("/workouts", {"started_at": f"{_day(0)}T08:00"}).get_json()["id"]
    before = count(app, WorkoutSet)
    page = web.post(f"/workouts/{workout}/sets", data={"exercise_id": str(squat), **form})
    assert (page.status_code == 302) is ok, page.get_data(as_text=True)[-3000:]
    answer = api.post(f"/workouts/{workout}/sets", {"exercise_id": squat, **body})
    assert (answer.status_code == 201) is ok, answer.get_json()
    assert count(app, WorkoutSet) == before + (2 if ok else 0)


BREAKS = [
    ({"start_date": _day(-3)}, {"start_date": _day(-3)}, True),
    ({"start_date": _day(1)}, {"start_date": _day(1)}, False),  # a future break is a plan
    (
        {"start_date": _day(-3), "end_date": _day(-4)},
        {"start_date": _day(-3), "end_date": _day(-4)},
        False,
    ),
    (
        {"start_date": _day(-3), "end_date": _day(366)},
        {"start_date": _day(-3), "end_date": _day(366)},
        False,
    ),
    (
        {"start_date": _day(-3), "mode": "reduced"},
        {"start_date": _day(-3), "mode": "reduced"},
        False,
    ),
    (
        {"start_date": _day(-3), "mode": "reduced", "sessions_per_week": "8"},
        {"start_date": _day(-3), "mode": "reduced", "sessions_per_week": 8},
        False,
    ),
    (
        {"start_date": _day(-3), "mode": "immobilized"},
        {"start_date": _day(-3), "mode": "immobilized"},
        False,
    ),
    (
        {"start_date": _day(-3), "mode": "immobilized", "muscles": "biceps"},
        {"start_date": _day(-3), "mode": "immobilized", "muscles": ["biceps"]},
        True,
    ),
    (
        {"start_date": _day(-3), "mode": "immobilized", "muscles": "wings"},
        {"start_date": _day(-3), "mode": "immobilized", "muscles": ["wings"]},
        False,
    ),
]


@pytest.mark.parametrize(("form", "body", "ok"), BREAKS)
def test_breaks(
    app: Flask, both: Any, form: dict[str, str], body: dict[str, Any], ok: bool
) -> None:
    web, api = both
    page = web.post("/breaks/new", data={"reason": "other", "mode": "rest", **form})
    assert (page.status_code == 302) is ok
    # The same break again overlaps the first: the API is sent it with the web's break deleted.
    if ok:
        web.post(f"/breaks/{_only_break(app)}/delete")
    answer = api.post("/breaks", body)
    assert (answer.status_code == 201) is ok, answer.get_json()
    assert count(app, Break) == (1 if ok else 0)
    if ok:  # and the overlap is refused by both
        assert (
            web.post("/breaks/new", data={"reason": "other", "mode": "rest", **form}).status_code
            == 400
        )
        overlap = api.post("/breaks", body)
        assert overlap.status_code == 422 and overlap.get_json()["error"]["field"] == "start_date"


def _only_break(app: Flask) -> int:
    from sqlmodel import select

    from tests.factories import session_for

    with session_for(app) as session:
        (item,) = session.exec(select(Break)).all()
        assert item.id is not None
        return item.id


EXERCISES = [
    (
        {"name": "Zercher squat", "primary": "quads"},
        {"name": "Zercher squat", "primary": ["quads"]},
        True,
    ),
    ({"name": "   "}, {"name": "   ", "primary": ["quads"]}, False),
    ({"name": "x" * 121, "primary": "quads"}, {"name": "x" * 121, "primary": ["quads"]}, False),
    ({"name": "No muscles"}, {"name": "No muscles"}, False),
    (
        {"name": "Rowing", "kind": "cardio", "primary": "quads"},
        {"name": "Rowing", "kind": "cardio", "primary": ["quads"]},
        False,
    ),
    ({"name": "Row", "kind": "cardio"}, {"name": "Row", "kind": "cardio"}, True),
    (
        {"name": "Both", "primary": "quads", "secondary": "quads"},
        {"name": "Both", "primary": ["quads"], "secondary": ["quads"]},
        False,
    ),
    (
        {"name": "Kit", "primary": "quads", "equipment": "rocket"},
        {"name": "Kit", "primary": ["quads"], "equipment": "rocket"},
        False,
    ),
]


@pytest.mark.parametrize(("form", "body", "ok"), EXERCISES)
def test_exercises(
    app: Flask, both: Any, form: dict[str, str], body: dict[str, Any], ok: bool
) -> None:
    web, api = both
    page = web.post("/exercises/new", data={"kind": "weighted", "equipment": "other", **form})
    assert (page.status_code == 302) is ok
    answer = api.post("/exercises", {**body, "name": body["name"] + (" 2" if ok else "")})
    assert (answer.status_code == 201) is ok, answer.get_json()
    if ok:  # the same name again is refused by both
        dup = api.post("/exercises", body)
        assert dup.status_code == 422 and dup.get_json()["error"]["field"] == "name"
    assert count(app, Exercise) - _catalogue(app) == (2 if ok else 0)


def _catalogue(app: Flask) -> int:
    from sqlmodel import col, func, select

    from tests.factories import session_for

    with session_for(app) as session:
        return int(session.exec(select(func.count()).where(col(Exercise.owner_id).is_(None))).one())


PLANS = [
    ({"start": _day(7), "days": "14"}, {"start_date": _day(7), "days": 14}, True),
    ({"start": _day(-1), "days": "14"}, {"start_date": _day(-1), "days": 14}, False),
    ({"start": _day(7), "days": "0"}, {"start_date": _day(7), "days": 0}, False),
    ({"start": _day(7), "days": "1096"}, {"start_date": _day(7), "days": 1096}, False),
    (
        {"start": _day(3 * 365 + 1), "days": "7"},
        {"start_date": _day(3 * 365 + 1), "days": 7},
        False,
    ),
    (
        {"start": _day(7), "days": "7", "dose": "3"},
        {"start_date": _day(7), "days": 7, "dose_after": 3},
        False,
    ),
    (
        {"start": _day(7), "days": "7", "kind": "reduced", "sessions": "9"},
        {"start_date": _day(7), "days": 7, "mode": "reduced", "sessions_per_week": 9},
        False,
    ),
    (
        {"start": _day(7), "days": "7", "kind": "immobilized"},
        {"start_date": _day(7), "days": 7, "mode": "immobilized"},
        False,
    ),
]


@pytest.mark.parametrize(("form", "body", "ok"), PLANS)
def test_plans(app: Flask, both: Any, form: dict[str, str], body: dict[str, Any], ok: bool) -> None:
    web, api = both
    page = web.post("/planner/plans", data={"kind": "rest", "dose": "1", **form})
    assert (page.status_code == 302) is ok
    answer = api.post("/plans", body)
    assert (answer.status_code == 201) is ok, answer.get_json()
    assert count(app, Plan) == (2 if ok else 0)


def test_a_json_export_and_the_api_give_the_same_data(app: Flask, both: Any, user: Any) -> None:
    web, api = both
    make_rows(app, user)
    exported = json.loads(web.get("/export?format=json").get_data(as_text=True))
    profile = api.get("/profile").get_json()
    for name in ("display_name", "unit", "birth_year", "sex", "timezone", "gap_days"):
        assert profile[name] == exported["profile"][name], name
    workouts = api.get("/workouts?per_page=50").get_json()["items"]
    used = {s["exercise_id"] for w in workouts for s in w["sets"]}
    by_id = {i: api.get(f"/exercises/{i}").get_json() for i in used}
    from_api = sorted(
        (
            w["started_at"],
            w["title"],
            tuple(
                (
                    by_id[s["exercise_id"]]["key"] or by_id[s["exercise_id"]]["name"],
                    s["reps"],
                    s["weight_kg"],
                )
                for s in w["sets"]
            ),
        )
        for w in workouts
    )
    from_export = sorted(
        (
            w["started_at"],
            w["title"],
            tuple(
                (s.get("exercise") or s.get("custom_exercise"), s.get("reps"), s.get("weight_kg"))
                for s in w["sets"]
            ),
        )
        for w in exported["workouts"]
    )
    assert from_api == from_export and len(from_api) == 4
    breaks = api.get("/breaks").get_json()["items"]
    assert [(b["start_date"], b["end_date"], b["mode"]) for b in breaks] == [
        (b["start_date"], b["end_date"], b["mode"]) for b in exported["breaks"]
    ]
    plans = api.get("/plans").get_json()["items"]
    assert [(p["name"], p["start_date"], p["days"]) for p in plans] == [
        (p["name"], p["start_date"], p["days"]) for p in exported["plans"]
    ]
    custom = api.get("/exercises?custom=true").get_json()["items"]
    assert [(e["name"], e["primary"], e["secondary"]) for e in custom] == [
        (e["name"], e["primary"], e["secondary"]) for e in exported["custom_exercises"]
    ]
