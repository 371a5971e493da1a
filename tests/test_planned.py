"""Planned sets: the rows of the workout page without JavaScript (mark done, undo, save, add a
set, add an exercise), finishing, the pre-fill seam (tracker.prefill), and that a planned set
is never training until it is done."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from tests.conftest import Client, form_values
from tests.factories import catalogue_exercise, count, make_workout, session_for
from tracker import crud, prefill
from tracker.clock import local_now
from tracker.models import PlannedSet, PlannedValues, User, Workout, WorkoutSet

PAST = dt.datetime(2026, 3, 2, 18, 30)


def rows_of(app: Flask, workout_id: int) -> list[PlannedSet]:
    with session_for(app) as session:
        found = session.exec(select(PlannedSet).where(PlannedSet.workout_id == workout_id))
        return sorted(found, key=lambda r: r.position)


def sets_of(app: Flask, workout_id: int) -> list[WorkoutSet]:
    with session_for(app) as session:
        found = session.exec(select(WorkoutSet).where(WorkoutSet.workout_id == workout_id))
        return sorted(found, key=lambda s: s.position)


def version(app: Flask, user: User) -> int:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found.data_version


@pytest.fixture
def workout(app: Flask, user: User) -> Workout:
    return make_workout(app, user, PAST, title="Push")


@pytest.fixture
def planned(app: Flask, workout: Workout) -> list[PlannedSet]:
    bench = catalogue_exercise(app, "bench_press_barbell")
    with session_for(app) as session:
        return crud.planned.plan(
            session=session,
            workout=workout,
            values=[PlannedValues(exercise_id=bench.id or 0, reps=8, weight_kg=60.0)] * 3,
        )


# --- without JavaScript ---------------------------------------------------------------------


def test_mark_a_row_done_undo_it_and_change_its_values(
    app: Flask, auth_client: Client, user: User, workout: Workout, planned: list[PlannedSet]
) -> None:
    path = f"/workouts/{workout.id}/rows/{planned[0].uid}"
    before = version(app, user)
    response = auth_client.post(path, data={"action": "done", "reps": "7", "weight": "62.5"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#ex-{planned[0].exercise_id}")
    (item,) = sets_of(app, workout.id or 0)
    assert (item.reps, item.weight_kg, item.kind) == (7, 62.5, "normal")
    assert rows_of(app, workout.id or 0)[0].set_id == item.id
    assert version(app, user) == before + 1
    html = auth_client.get(f"/workouts/{workout.id}").get_data(as_text=True)
    assert "Done: set 1 of Bench Press (Barbell). Tap to undo" in html
    assert "Mark set 2 of Bench Press (Barbell) done" in html
    # A done set's values saved in place.
    assert (
        auth_client.post(path, data={"action": "save", "reps": "6", "weight": "62.5"}).status_code
        == 302
    )
    assert sets_of(app, workout.id or 0)[0].reps == 6
    # Undone: the set goes, the row stays planned with its values.
    assert auth_client.post(path, data={"action": "undo"}).status_code == 302
    assert sets_of(app, workout.id or 0) == []
    row = rows_of(app, workout.id or 0)[0]
    assert (row.set_id, row.reps, row.weight_kg) == (None, 6, 62.5)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"reps": "", "weight": "60"}, "reps", "Enter the reps."),
        ({"reps": "8", "weight": ""}, "weight", "Enter the weight (0 for none)."),
        ({"reps": "eight", "weight": "60"}, "reps", "whole number"),
        ({"reps": "8", "weight": "2000"}, "weight", "between 0 and 1000 kg"),
        ({"reps": "8", "weight": "60.125"}, "weight", "at most 2 decimals"),
    ],
)
def test_a_bad_row_says_why_at_its_field_and_writes_nothing(
    app: Flask,
    auth_client: Client,
    user: User,
    workout: Workout,
    planned: list[PlannedSet],
    values: dict[str, str],
    field: str,
    message: str,
) -> None:
    before = version(app, user)
    uid = planned[1].uid
    response = auth_client.post(
        f"/workouts/{workout.id}/rows/{uid}", data={"action": "done", **values}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and f'id="{field}-{uid}-error"' in html
    assert f'aria-describedby="{field}-{uid}-error"' in html
    assert re.search(rf'id="{field}-{uid}" value="{re.escape(values[field])}"', html)  # kept
    assert sets_of(app, workout.id or 0) == [] and version(app, user) == before


def test_rows_of_another_workout_or_user_are_404(
    app: Flask,
    auth_client: Client,
    other_client: Client,
    user: User,
    workout: Workout,
    planned: list[PlannedSet],
) -> None:
    mine = make_workout(app, user, PAST + dt.timedelta(days=1))
    uid = planned[0].uid
    data = {"action": "done", "reps": "5", "weight": "50"}
    assert auth_client.post(f"/workouts/{mine.id}/rows/{uid}", data=data).status_code == 404
    assert other_client.post(f"/workouts/{workout.id}/rows/{uid}", data=data).status_code == 404
    assert auth_client.post(f"/workouts/{workout.id}/rows/../x", data=data).status_code == 404
    odd = auth_client.post(f"/workouts/{workout.id}/rows/{uid}", data={"action": "burn"})
    assert odd.status_code == 400
    without_token = auth_client.post(f"/workouts/{workout.id}/rows/{uid}", data=data, csrf=False)
    assert without_token.status_code == 400
    assert count(app, WorkoutSet) == 0


def test_add_a_set_and_an_exercise(
    app: Flask, auth_client: Client, user: User, workout: Workout, planned: list[PlannedSet]
) -> None:
    bench = planned[0].exercise_id
    response = auth_client.post(f"/workouts/{workout.id}/exercises/{bench}/rows")
    assert response.status_code == 302
    rows = rows_of(app, workout.id or 0)
    assert [(r.reps, r.weight_kg) for r in rows] == [(8, 60.0)] * 4  # a copy of the last
    squat = catalogue_exercise(app, "squat_barbell")
    before = version(app, user)
    auth_client.post(f"/workouts/{workout.id}/exercises", data={"exercise_id": squat.id})
    assert [r.exercise_id for r in rows_of(app, workout.id or 0)][4:] == [squat.id] * 3
    assert version(app, user) == before  # planning is no training data
    # Someone else's workout, or an exercise not in this one.
    assert auth_client.post(f"/workouts/{workout.id}/exercises/999999/rows").status_code == 404


def test_planned_sets_are_never_training_until_done(
    app: Flask, user: User, workout: Workout, planned: list[PlannedSet]
) -> None:
    with session_for(app) as session:
        assert crud.workouts.hard_set_rows(session=session, user_id=user.id or 0) == []
        assert crud.workouts.daily_hard_sets(session=session, user_id=user.id or 0) == {}
        history = crud.workouts.history(session=session, user_id=user.id or 0)
        assert history.items[0].set_count == 0
        found = session.get(Workout, workout.id)
        assert found is not None
        crud.planned.log(
            session=session,
            workout=found,
            row=planned[0],
            data=crud.planned.WorkoutSetBase(
                exercise_id=planned[0].exercise_id, reps=8, weight_kg=60.0
            ),
        )
        rows = crud.workouts.hard_set_rows(session=session, user_id=user.id or 0)
        assert len(rows) == 1 and rows[0].day == PAST.date()


def test_deleting_a_set_deletes_the_row_it_was_logged_from(
    app: Flask, auth_client: Client, workout: Workout, planned: list[PlannedSet]
) -> None:
    auth_client.post(
        f"/workouts/{workout.id}/rows/{planned[0].uid}",
        data={"action": "done", "reps": "8", "weight": "60"},
    )
    (item,) = sets_of(app, workout.id or 0)
    assert auth_client.post(f"/sets/{item.id}/delete").status_code == 302
    assert [r.uid for r in rows_of(app, workout.id or 0)] == [p.uid for p in planned[1:]]


# --- finishing ------------------------------------------------------------------------------


def test_finish_keeps_the_duration_drops_what_was_not_done_and_sums_up(
    app: Flask, auth_client: Client, user: User
) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    started = local_now(user.timezone) - dt.timedelta(minutes=47)
    workout = make_workout(app, user, started, title="Push")
    with session_for(app) as session:
        rows = crud.planned.plan(
            session=session,
            workout=workout,
            values=[PlannedValues(exercise_id=bench.id or 0, reps=8, weight_kg=60.0)] * 3,
        )
    for row in rows[:2]:
        auth_client.post(
            f"/workouts/{workout.id}/rows/{row.uid}",
            data={"action": "done", "reps": "8", "weight": "60"},
        )
    response = auth_client.post(f"/workouts/{workout.id}/finish")
    assert response.headers["Location"] == f"/workouts/{workout.id}/summary"
    with session_for(app) as session:
        found = session.get(Workout, workout.id)
    assert found is not None and found.duration_minutes in (47, 48)
    assert len(rows_of(app, workout.id or 0)) == 2  # the third was not done
    html = auth_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Push: done" in html
    assert re.search(r"<dt>Sets</dt><dd>2", html)
    assert "960 kg" in html  # 2 x 8 x 60
    assert re.search(r"<dt>Duration</dt><dd>4[78] min", html)


def test_finishing_an_old_workout_leaves_its_duration_to_the_user(
    app: Flask, auth_client: Client, workout: Workout
) -> None:
    auth_client.post(f"/workouts/{workout.id}/finish")
    with session_for(app) as session:
        found = session.get(Workout, workout.id)
    assert found is not None and found.duration_minutes is None
    html = auth_client.get(f"/workouts/{workout.id}/summary").get_data(as_text=True)
    assert "add the duration" in html


def test_finish_and_summary_are_the_users_own(
    app: Flask, other_client: Client, client: Client, workout: Workout
) -> None:
    assert other_client.post(f"/workouts/{workout.id}/finish").status_code == 404
    assert other_client.get(f"/workouts/{workout.id}/summary").status_code == 404
    assert client.get(f"/workouts/{workout.id}/summary").status_code == 302


# --- starting -------------------------------------------------------------------------------


def test_start_an_empty_workout_now_and_repeat_one(
    app: Flask, auth_client: Client, user: User
) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    old = make_workout(
        app,
        user,
        PAST,
        title="Push",
        sets=[
            {"exercise_id": bench.id, "reps": 12, "weight_kg": 20.0, "kind": "warmup"},
            {"exercise_id": bench.id, "reps": 8, "weight_kg": 60.0},
            {"exercise_id": bench.id, "reps": 6, "weight_kg": 65.0},
        ],
    )
    before = local_now(user.timezone).replace(microsecond=0)
    empty = auth_client.post("/workouts/start")
    assert empty.status_code == 302
    with session_for(app) as session:
        latest = session.exec(select(Workout).order_by(Workout.id.desc())).first()  # type: ignore[union-attr]
    assert latest is not None and latest.started_at >= before - dt.timedelta(seconds=1)
    assert rows_of(app, latest.id or 0) == []
    again = auth_client.post(f"/workouts/{old.id}/repeat")
    new_id = int(re.search(r"/workouts/(\d+)", again.headers["Location"]).group(1))  # type: ignore[union-attr]
    rows = rows_of(app, new_id)
    assert [(r.kind, r.reps, r.weight_kg) for r in rows] == [
        ("warmup", 12, 20.0),
        ("normal", 8, 60.0),
        ("normal", 6, 65.0),
    ]
    with session_for(app) as session:
        repeated = session.get(Workout, new_id)
    assert repeated is not None and repeated.title == "Push"


def test_repeating_someone_elses_workout_is_404(
    app: Flask, other_client: Client, workout: Workout
) -> None:
    before = count(app, Workout)
    assert other_client.post(f"/workouts/{workout.id}/repeat").status_code == 404
    assert count(app, Workout) == before


def test_a_workout_going_on_is_offered_to_continue(
    app: Flask, auth_client: Client, user: User
) -> None:
    now = local_now(user.timezone)
    going = make_workout(app, user, now - dt.timedelta(hours=1), title="Legs")
    html = auth_client.get("/").get_data(as_text=True)
    assert "Continue Legs" in html and f'href="/workouts/{going.id}"' in html


# --- the pre-fill seam ----------------------------------------------------------------------


def test_the_seam_gives_last_times_sets(app: Flask, user: User) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    squat = catalogue_exercise(app, "squat_barbell")
    make_workout(app, user, PAST, sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 90.0}])
    make_workout(
        app,
        user,
        PAST + dt.timedelta(days=2),
        sets=[{"exercise_id": bench.id, "reps": 8, "weight_kg": 70.0}] * 2,
    )
    now = make_workout(app, user, PAST + dt.timedelta(days=4))
    with session_for(app) as session:
        found = prefill.planned_values(
            session=session, user=user, workout=now, exercise_ids=[bench.id or 0, squat.id or 0]
        )
        one = prefill.prefill(session=session, user=user, workout=now, exercise_id=bench.id or 0)
    assert [(v.reps, v.weight_kg) for v in found[bench.id or 0].sets] == [(8, 70.0), (8, 70.0)]
    assert found[bench.id or 0].source == prefill.LAST_TIME
    assert found[squat.id or 0] == prefill.Prefill(())
    assert one == found[bench.id or 0]


def _values(*items: tuple[str, int | None, float | None]) -> tuple[PlannedValues, ...]:
    return tuple(PlannedValues(exercise_id=1, kind=k, reps=r, weight_kg=w) for k, r, w in items)


@pytest.mark.parametrize(
    ("targets", "last", "expected"),
    [
        # No targets: last time's sets as they were.
        (
            (),
            (("warmup", 10, 20.0), ("normal", 5, 80.0)),
            [("warmup", 10, 20.0), ("normal", 5, 80.0)],
        ),
        # No last time: the targets.
        ((("normal", 8, 60.0),), (), [("normal", 8, 60.0)]),
        # Matched by kind; past the last one of a kind, its last one.
        (
            (("warmup", 12, 20.0), ("normal", 8, 60.0), ("normal", 8, 60.0), ("normal", 8, 60.0)),
            (("normal", 5, 80.0), ("normal", 4, 82.5)),
            [("warmup", 12, 20.0), ("normal", 5, 80.0), ("normal", 4, 82.5), ("normal", 4, 82.5)],
        ),
    ],
)  # fmt: skip
def test_fill_prefers_last_time_matched_by_kind(
    targets: tuple[tuple[str, int | None, float | None], ...],
    last: tuple[tuple[str, int | None, float | None], ...],
    expected: list[tuple[str, int | None, float | None]],
) -> None:
    found = prefill.fill(_values(*targets), prefill.Prefill(_values(*last), prefill.LAST_TIME))
    assert [(v.kind, v.reps, v.weight_kg) for v in found] == expected


def test_a_replaced_seam_is_what_the_page_plans(
    app: Flask, auth_client: Client, user: User, workout: Workout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14's comeback plan replaces ``planned_values``: every way of planning follows."""
    bench = catalogue_exercise(app, "bench_press_barbell")

    def suggested(**kwargs: Any) -> dict[int, prefill.Prefill]:
        return {
            i: prefill.Prefill(_values(("normal", 6, 52.5)) * 2, "comeback")
            for i in kwargs["exercise_ids"]
        }

    monkeypatch.setattr(prefill, "planned_values", suggested)
    auth_client.post(f"/workouts/{workout.id}/exercises", data={"exercise_id": bench.id})
    assert [(r.reps, r.weight_kg) for r in rows_of(app, workout.id or 0)] == [(6, 52.5)] * 2
    search = auth_client.get(f"/workouts/{workout.id}/exercises.json?q=bench press barbell")
    first = search.get_json()["results"][0]
    assert first["rows"][0] == {"reps": "6", "weight": "52.5", "kind": "normal"}
    html = auth_client.get(f"/workouts/{workout.id}").get_data(as_text=True)
    assert form_values(html, "weight")[0] == "52.5"
