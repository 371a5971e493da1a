"""The workout log during a comeback (issue 14): an exercise added, a workout repeated or a
routine started after a break is pre-filled with the comeback plan's next session (not last
time's weights from before the break), and the page says it is a suggestion. Before a break,
for a backdated workout, and once the lift is back, sets are last time's as ever."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from sqlmodel import select

from tests.conftest import Client
from tests.factories import catalogue_exercise, make_break, session_for
from tests.test_comeback_pages import ended_break, first_session, log_lift, text_of
from tracker.clock import today_in
from tracker.models import PlannedSet, User, Workout


def planned(app: Flask, workout_id: int) -> list[tuple[int | None, float | None, str]]:
    with session_for(app) as session:
        rows = session.exec(
            select(PlannedSet)
            .where(PlannedSet.workout_id == workout_id)
            .order_by(PlannedSet.position)  # type: ignore[arg-type]
        )
        return [(r.reps, r.weight_kg, r.kind) for r in rows]


def started(client: Client, path: str = "/workouts/start") -> int:
    response = client.post(path)
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.match(r"/workouts/(\d+)", response.headers["Location"])
    assert match is not None
    return int(match.group(1))


def add_exercise(client: Client, workout_id: int, exercise_id: int) -> None:
    response = client.post(f"/workouts/{workout_id}/exercises", data={"exercise_id": exercise_id})
    assert response.status_code == 302


def test_an_exercise_added_after_a_break_gets_the_plans_first_session(
    app: Flask, auth_client: Client, user: User
) -> None:
    item = ended_break(app, user, reason="vacation")  # 3 x 8 @ 80 kg before four weeks off
    weight, reps = first_session(
        auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True)
    )
    bench = catalogue_exercise(app, "bench_press_barbell")
    workout_id = started(auth_client)
    add_exercise(auth_client, workout_id, bench.id or 0)
    # Three work sets as last time, each the plan's first session: lighter than 80 kg.
    assert planned(app, workout_id) == [(reps, weight, "normal")] * 3
    assert weight < 80.0
    html = auth_client.get(f"/workouts/{workout_id}").get_data(as_text=True)
    said = text_of(html)
    assert f"Suggested for your comeback: {weight:g} kg × {reps}, comfortable" in said
    assert "estimated 1RM" in said
    # The rows are marked as suggestions until they are done.
    assert html.count('class="set-row suggested"') == 3
    row = re.search(r'data-uid="([^"]+)"', html)
    assert row is not None
    done = {"action": "done", "reps": str(reps), "weight": f"{weight:g}"}
    assert auth_client.post(f"/workouts/{workout_id}/rows/{row.group(1)}", data=done).status_code
    html = auth_client.get(f"/workouts/{workout_id}").get_data(as_text=True)
    assert html.count('class="set-row suggested"') == 2


def test_repeating_the_last_workout_before_the_break_is_suggested_too(
    app: Flask, auth_client: Client, user: User
) -> None:
    ended_break(app, user, reason="vacation")
    with session_for(app) as session:
        last = session.exec(
            select(Workout).order_by(Workout.started_at.desc())  # type: ignore[attr-defined]
        ).first()
        assert last is not None
    workout_id = started(auth_client, f"/workouts/{last.id}/repeat")
    values = planned(app, workout_id)
    assert len(values) == 3 and all(w is not None and w < 80.0 for _, w, _ in values)


def test_without_a_comeback_sets_are_last_times(
    app: Flask, auth_client: Client, user: User
) -> None:
    log_lift(app, user, "bench_press_barbell", [9, 6, 3], 80.0, 8)  # training, no break
    bench = catalogue_exercise(app, "bench_press_barbell")
    workout_id = started(auth_client)
    add_exercise(auth_client, workout_id, bench.id or 0)
    assert planned(app, workout_id) == [(8, 80.0, "normal")] * 3
    assert "for your comeback" not in auth_client.get(f"/workouts/{workout_id}").get_data(
        as_text=True
    )


def test_a_backdated_workout_gets_last_times_sets(
    app: Flask, auth_client: Client, user: User
) -> None:
    ended_break(app, user, reason="vacation")
    bench = catalogue_exercise(app, "bench_press_barbell")
    week_ago = today_in(user.timezone) - dt.timedelta(days=7)  # in the break: logged late
    data = {"date": week_ago.isoformat(), "time": "18:00", "title": "", "notes": ""}
    response = auth_client.post("/workouts/new", data=data)
    assert response.status_code == 302
    workout_id = int(response.headers["Location"].split("/")[2])
    add_exercise(auth_client, workout_id, bench.id or 0)
    assert planned(app, workout_id) == [(8, 80.0, "normal")] * 3


def test_once_the_lift_is_back_the_suggestion_ends(
    app: Flask, auth_client: Client, user: User
) -> None:
    today = today_in(user.timezone)
    log_lift(app, user, "bench_press_barbell", [50, 47, 45, 43, 40, 38, 36, 33], 80.0, 8)
    make_break(app, user, today - dt.timedelta(days=30), today - dt.timedelta(days=3))
    # The first session back two days ago, as strong as before the break: the comeback is over.
    log_lift(app, user, "bench_press_barbell", [2], 82.5, 8)
    bench = catalogue_exercise(app, "bench_press_barbell")
    workout_id = started(auth_client)
    add_exercise(auth_client, workout_id, bench.id or 0)
    assert planned(app, workout_id) == [(8, 82.5, "normal")] * 3
