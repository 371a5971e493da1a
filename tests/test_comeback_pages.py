"""The comeback plan where it shows: a break's page, the dashboard's card, settings (plates and
dumbbells), and clearing an injured region; with bad input, another user and nobody."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from flask import Flask

from tests.conftest import Client
from tests.factories import catalogue_exercise, make_break, make_workout, session_for
from tracker.clock import today_in
from tracker.models import Break, User

KG_PER_LB = 0.45359237


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def log_lift(
    app: Flask, user: User, key: str, days_ago: list[int], weight: float, reps: int
) -> None:
    exercise = catalogue_exercise(app, key)
    today = today_in(user.timezone)
    for ago in days_ago:
        make_workout(
            app,
            user,
            dt.datetime.combine(today - dt.timedelta(days=ago), dt.time(18)),
            sets=[{"exercise_id": exercise.id, "reps": reps, "weight_kg": weight}] * 3,
        )


def ended_break(app: Flask, user: User, **fields: object) -> Break:
    """Three weeks of bench before a four-week break that ended yesterday."""
    today = today_in(user.timezone)
    log_lift(app, user, "bench_press_barbell", [50, 47, 45, 43, 40, 38, 36, 33, 31, 29], 80.0, 8)
    return make_break(
        app,
        user,
        today - dt.timedelta(days=28),
        today - dt.timedelta(days=1),
        **fields,  # type: ignore[arg-type]
    )


def first_session(html: str) -> tuple[float, int]:
    found = re.search(
        r'class="comeback-first"><strong>[^:]+: ([\d.]+) kg &times; (\d+)</strong>', html
    )
    assert found is not None, text_of(html)[:2000]
    return float(found.group(1)), int(found.group(2))


def test_a_breaks_page_shows_the_first_sessions_back(
    app: Flask, auth_client: Client, user: User
) -> None:
    item = ended_break(app, user, reason="vacation")
    html = auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True)
    assert 'id="comeback"' in html
    weight, reps = first_session(html)
    # 8 reps, lighter than the 80 kg of before, on a 2.5 kg step.
    assert reps == 8 and 60.0 <= weight < 80.0 and (weight / 2.5).is_integer()
    assert "comfortable" in text_of(html)
    assert "estimate, not a prescription" in text_of(html)
    assert 'href="/articles/coming-back#how-fast-to-return"' in html


def test_the_plates_set_in_settings_round_the_plan(
    app: Flask, auth_client: Client, user: User
) -> None:
    item = ended_break(app, user, reason="vacation")
    before, _ = first_session(
        auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True)
    )
    response = auth_client.post("/settings/loading", data={"plate": "10", "dumbbell": ""})
    assert response.status_code == 302
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        assert (row.plate_step_kg, row.dumbbell_step_kg) == (10.0, None)
    after, _ = first_session(
        auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True)
    )
    assert (after / 20.0).is_integer() and after <= before  # bars now go up 20 kg at a time


def test_a_pound_users_steps_are_typed_in_pounds(
    app: Flask, auth_client: Client, user: User
) -> None:
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        row.unit = "lb"
        session.add(row)
        session.commit()
    assert (
        auth_client.post("/settings/loading", data={"plate": "1.25", "dumbbell": "2.5"}).status_code
        == 302
    )
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        assert row.plate_step_kg == pytest.approx(1.25 * KG_PER_LB)
        assert row.dumbbell_step_kg == pytest.approx(2.5 * KG_PER_LB)
    html = auth_client.get("/settings").get_data(as_text=True)
    assert re.search(r'id="plate"[^>]*value="1.25"|value="1.25"[^>]*id="plate"', html)


@pytest.mark.parametrize(
    ("plate", "dumbbell", "field", "message"),
    [
        ("0", "", "plate", "at least"),
        ("-2.5", "", "plate", "at least"),
        ("abc", "", "plate", "Enter a number"),
        ("nan", "", "plate", "Enter a number"),
        ("", "30", "dumbbell", "not a plate or dumbbell step"),
        ("", "1.255", "dumbbell", "at most 2 decimals"),
        ("9" * 400, "", "plate", "Enter a number"),
    ],
)
def test_bad_steps_are_refused_at_their_field(
    app: Flask, auth_client: Client, user: User, plate: str, dumbbell: str, field: str, message: str
) -> None:
    response = auth_client.post("/settings/loading", data={"plate": plate, "dumbbell": dumbbell})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, re.S)
    assert error is not None and message in unescape(error.group(1))
    typed = plate if field == "plate" else dumbbell
    assert f'value="{typed}"' in html  # what was typed stays
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None and (row.plate_step_kg, row.dumbbell_step_kg) == (None, None)


def test_settings_steps_as_nobody(client: Client) -> None:
    response = client.post("/settings/loading", data={"plate": "2.5"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_an_injured_region_is_held_back_until_cleared(
    app: Flask, auth_client: Client, other_client: Client, client: Client, user: User
) -> None:
    today = today_in(user.timezone)
    log_lift(app, user, "squat_barbell", [50, 45, 40, 35], 100.0, 5)
    item = ended_break(
        app,
        user,
        reason="injury",
        mode="immobilized",
        muscles=("chest", "shoulders", "triceps", "biceps", "forearms"),
    )
    html = auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True)
    text = text_of(html)
    assert "follow your clinician's or physiotherapist's plan" in text
    assert "Held back: it trains the injured region" in text
    assert 'href="/articles/coming-back#after-an-injury-or-a-cast"' in html
    # Another user and nobody cannot clear it.
    assert other_client.post(f"/breaks/{item.id}/cleared").status_code == 404
    nobody = client.post(f"/breaks/{item.id}/cleared")
    assert nobody.status_code == 302 and nobody.headers["Location"].startswith("/login")
    with session_for(app) as session:
        version = session.get(User, user.id).data_version  # type: ignore[union-attr]
    assert auth_client.post(f"/breaks/{item.id}/cleared").status_code == 302
    auth_client.post(f"/breaks/{item.id}/cleared")  # a second click changes nothing
    with session_for(app) as session:
        row = session.get(Break, item.id)
        assert row is not None and row.cleared_on == today
        assert session.get(User, user.id).data_version == version + 1  # type: ignore[union-attr]
    text = text_of(auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True))
    assert "Held back" not in text and "Bench Press (Barbell)" in text
    assert auth_client.post(f"/breaks/{item.id}/cleared", data={"undo": "1"}).status_code == 302
    with session_for(app) as session:
        assert session.get(Break, item.id).cleared_on is None  # type: ignore[union-attr]


def test_only_an_immobilised_break_has_a_region_to_clear(
    app: Flask, auth_client: Client, user: User
) -> None:
    item = ended_break(app, user, reason="vacation")
    response = auth_client.post(f"/breaks/{item.id}/cleared", follow_redirects=True)
    assert "Only a break with a region immobilised" in response.get_data(as_text=True)
    with session_for(app) as session:
        assert session.get(Break, item.id).cleared_on is None  # type: ignore[union-attr]


def test_bodyweight_lifts_and_a_break_without_lifts(
    app: Flask, auth_client: Client, user: User
) -> None:
    today = today_in(user.timezone)
    pushups = catalogue_exercise(app, "push_up")
    for ago in (40, 38, 36):
        make_workout(
            app,
            user,
            dt.datetime.combine(today - dt.timedelta(days=ago), dt.time(18)),
            sets=[{"exercise_id": pushups.id, "reps": 15}] * 3,
        )
    item = make_break(app, user, today - dt.timedelta(days=28), today - dt.timedelta(days=1))
    text = text_of(auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True))
    assert "No weight to suggest: you did it without added weight" in text


def test_the_dashboard_card_names_the_next_sessions_weights(
    app: Flask, auth_client: Client, user: User
) -> None:
    today = today_in(user.timezone)
    log_lift(app, user, "bench_press_barbell", [40, 38, 36, 33, 31, 29, 26, 24, 22], 80.0, 8)
    make_break(app, user, today - dt.timedelta(days=20), None, reason="vacation")
    html = auth_client.get("/").get_data(as_text=True)
    line = re.search(r'id="comeback-line">(.*?)</p>', html, re.S)
    assert line is not None
    text = text_of(line.group(1))
    assert re.search(r"Back on .+: Bench Press \(Barbell\) [\d.]+ kg × 8", text), text
    assert "Your comeback plan" in text


def test_the_planner_gives_the_first_sessions_after_a_planned_break(
    app: Flask, auth_client: Client, user: User
) -> None:
    today = today_in(user.timezone)
    log_lift(app, user, "bench_press_barbell", [20, 18, 15, 13, 11, 8, 6, 4], 80.0, 8)
    start = today + dt.timedelta(days=7)
    query = {"start": start.isoformat(), "days": "28", "kind": "rest", "dose": "1"}
    html = auth_client.get("/planner", query_string=query).get_data(as_text=True)
    section = re.search(r'id="planned-comeback">(.*?)</section>', html, re.S)
    assert section is not None, text_of(html)[:1500]
    text = text_of(section.group(1))
    back = start + dt.timedelta(days=28)
    assert re.search(r"Bench Press \(Barbell\): [\d.]+ kg × 8", text), text
    assert "Your first sessions back on" in text and str(back.year) in text
    weight = float(re.search(r"Bench Press \(Barbell\): ([\d.]+) kg", text).group(1))  # type: ignore[union-attr]
    assert 60.0 <= weight < 80.0
