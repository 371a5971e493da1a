"""GET /api/v1/breaks/{id}/comeback: the break's comeback plan, the same as its page's; a break
with nothing logged before it says so; another user's break, a read token, no token."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from tests.api_helpers import Api, make_token
from tests.conftest import Client
from tests.factories import make_break, make_user
from tests.test_comeback_pages import ended_break, first_session
from tracker.clock import today_in
from tracker.models import User


def test_the_plan_is_the_breaks_page_plan(
    app: Flask, client: Client, auth_client: Client, user: User
) -> None:
    item = ended_break(app, user, reason="vacation")  # 3 x 8 @ 80 kg, four weeks off
    weight, reps = first_session(
        auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True)
    )
    response = Api(client, make_token(app, user, "read")).get(f"/breaks/{item.id}/comeback")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["available"] is True and body["reason"] is None
    assert body["return_day"] == (item.end_date + dt.timedelta(days=1)).isoformat()
    (bench,) = body["lifts"]
    assert bench["name"] == "Bench Press (Barbell)" and bench["withheld"] is None
    first = bench["sessions"][0]
    assert (first["weight_kg"], first["reps"]) == (weight, reps)
    assert first["weight_kg"] < 80.0 and "comfortable" in first["effort"]
    assert bench["best_before_kg"] > 80.0  # Epley of 80 kg x 8
    # The sessions ramp up towards the level before the break, never past it.
    weights = [s["weight_kg"] for s in bench["sessions"]]
    assert weights == sorted(weights) and max(s["expected"] for s in bench["sessions"]) <= 1.01
    assert bench["logged"] == [] and bench["adjustment"] == 1.0


def test_a_break_with_nothing_before_it_says_so(app: Flask, client: Client, user: User) -> None:
    today = today_in(user.timezone)
    item = make_break(app, user, today - dt.timedelta(days=20), today - dt.timedelta(days=2))
    api = Api(client, make_token(app, user))
    body = api.get(f"/breaks/{item.id}/comeback").get_json()
    assert body == {
        "break_id": item.id,
        "available": False,
        "reason": "nothing-before",
        "return_day": None,
        "sessions_per_week": None,
        "held_back": [],
        "over": None,
        "ends_on": None,
        "lifts": [],
    }


def test_someone_elses_break_a_missing_one_and_no_token(
    app: Flask, client: Client, user: User
) -> None:
    item = ended_break(app, user, reason="vacation")
    other = make_user(app, email="bob@example.com")
    assert Api(client, make_token(app, other)).get(f"/breaks/{item.id}/comeback").status_code == 404
    mine = Api(client, make_token(app, user))
    assert mine.get(f"/breaks/{(item.id or 0) + 999}/comeback").status_code == 404
    unknown = mine.get(f"/breaks/{item.id}/comeback?dose=2")  # no parameters: refused
    assert unknown.status_code == 422 and unknown.get_json()["error"]["field"] == "dose"
    assert Api(client, None).get(f"/breaks/{item.id}/comeback").status_code == 401
