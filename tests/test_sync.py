"""A device's batch (POST /workouts/<id>/sync): sets marked done offline reach the server once,
whatever is sent again; conflicts keep both sides' sets; bad, hostile, foreign, forged and huge
batches are refused without a 500 and without writing anything."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from tests.conftest import Client
from tests.factories import catalogue_exercise, make_workout, session_for
from tracker import crud
from tracker.models import (
    Exercise,
    PlannedSet,
    PlannedValues,
    RestTime,
    SyncReceipt,
    User,
    Workout,
    WorkoutSet,
    WorkoutSetBase,
)

PAST = dt.datetime(2026, 3, 2, 18, 30)


def planned(app: Flask, workout: Workout, *values: PlannedValues) -> list[str]:
    """Plan rows in the workout; their uids."""
    with session_for(app) as session:
        rows = crud.planned.plan(session=session, workout=workout, values=list(values))
        return [r.uid for r in rows]


def post(client: Client, workout_id: int, ops: Any, token: str | None = "good", **kw: Any) -> Any:
    headers = {}
    if token == "good":
        headers["X-CSRFToken"] = client.csrf_token()
    elif token is not None:
        headers["X-CSRFToken"] = token
    body = ops if isinstance(ops, str | bytes) else json.dumps({"ops": ops})
    return client.post(
        f"/workouts/{workout_id}/sync",
        data=body,
        content_type=kw.pop("content_type", "application/json"),
        headers=headers,
        csrf=False,
        **kw,
    )


def done(row: str, exercise: Exercise, op_id: str | None = None, **values: str) -> dict[str, Any]:
    return {
        "id": op_id or f"done-{row}",
        "op": "done",
        "row": row,
        "exercise_id": exercise.id,
        "kind": "normal",
        "values": values or {"reps": "8", "weight": "60"},
    }


def snapshot(app: Flask) -> tuple[list[tuple[Any, ...]], ...]:
    """Everything a batch could write."""
    with session_for(app) as session:
        sets = [
            (s.id, s.workout_id, s.reps, s.weight_kg, s.position)
            for s in session.exec(select(WorkoutSet))
        ]
        rows = [
            (p.id, p.uid, p.reps, p.weight_kg, p.set_id) for p in session.exec(select(PlannedSet))
        ]
        receipts = [(r.op_id, r.set_id) for r in session.exec(select(SyncReceipt))]
        rests = [(r.exercise_id, r.seconds) for r in session.exec(select(RestTime))]
        workouts = [(w.id, w.duration_minutes) for w in session.exec(select(Workout))]
        versions = [(u.id, u.data_version) for u in session.exec(select(User))]
        return sets, rows, receipts, rests, workouts, versions


def sets_of(app: Flask, workout_id: int) -> list[WorkoutSet]:
    with session_for(app) as session:
        found = session.exec(select(WorkoutSet).where(WorkoutSet.workout_id == workout_id))
        return sorted(found, key=lambda s: s.position)


@pytest.fixture
def bench(app: Flask) -> Exercise:
    return catalogue_exercise(app, "bench_press_barbell")


@pytest.fixture
def workout(app: Flask, user: User) -> Workout:
    return make_workout(app, user, PAST, title="Push")


@pytest.fixture
def rows(app: Flask, workout: Workout, bench: Exercise) -> list[str]:
    return planned(
        app, workout, *[PlannedValues(exercise_id=bench.id or 0, reps=8, weight_kg=60.0)] * 3
    )


# --- what a batch does ---------------------------------------------------------------------


def test_sets_done_on_a_device_are_logged_in_order(
    app: Flask, auth_client: Client, user: User, workout: Workout, bench: Exercise, rows: list[str]
) -> None:
    version = snapshot(app)[5][0][1]
    ops = [
        done(rows[0], bench, reps="8", weight="60"),
        done(rows[1], bench, reps="7", weight="62,5"),
        {"id": "rest-0000001", "op": "rest", "exercise_id": bench.id, "seconds": 150},
        {"id": "finish-00001", "op": "finish", "minutes": 52},
    ]
    response = post(auth_client, workout.id or 0, ops)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert [r["status"] for r in body["results"]] == ["saved"] * 4
    logged = sets_of(app, workout.id or 0)
    assert [(s.reps, s.weight_kg, s.position) for s in logged] == [(8, 60.0, 1), (7, 62.5, 2)]
    assert [r["set"] for r in body["results"][:2]] == [s.id for s in logged]
    _, planned_rows, receipts, rests, workouts, versions = snapshot(app)
    # The rows are linked to their sets; the third was not done, and finishing dropped it.
    assert sorted((uid, set_id) for _, uid, _, _, set_id in planned_rows) == sorted(
        [(rows[0], logged[0].id), (rows[1], logged[1].id)]
    )
    assert rests == [(bench.id, 150)]
    assert workouts == [(workout.id, 52)]
    assert versions[0][1] == version + 1  # one batch, one new version
    assert len(receipts) == 4


def test_a_batch_sent_again_stores_nothing_twice(
    app: Flask, auth_client: Client, workout: Workout, bench: Exercise, rows: list[str]
) -> None:
    ops = [done(row, bench) for row in rows]
    assert post(auth_client, workout.id or 0, ops).status_code == 200
    before = snapshot(app)
    again = post(auth_client, workout.id or 0, ops)
    assert again.status_code == 200
    assert [r["status"] for r in again.get_json()["results"]] == ["duplicate"] * 3
    assert snapshot(app) == before
    # The same operation twice in one batch counts once too; a new one is still written.
    extra = planned(app, workout, PlannedValues(exercise_id=bench.id or 0))
    mixed = [*ops, done(extra[0], bench), done(extra[0], bench)]
    result = post(auth_client, workout.id or 0, mixed).get_json()["results"]
    assert [r["status"] for r in result] == ["duplicate"] * 3 + ["saved", "duplicate"]
    assert len(sets_of(app, workout.id or 0)) == 4


def test_rows_planned_on_the_device_are_made_once(
    app: Flask, auth_client: Client, workout: Workout, bench: Exercise
) -> None:
    row = "device-row-0001"
    plan = {
        "id": "plan-0000001",
        "op": "plan",
        "row": row,
        "exercise_id": bench.id,
        "kind": "warmup",
        "values": {"reps": "10"},
    }
    assert post(auth_client, workout.id or 0, [plan]).status_code == 200
    # Planned again under another operation id (a second tab): still one row.
    assert post(auth_client, workout.id or 0, [{**plan, "id": "plan-0000002"}]).status_code == 200
    with session_for(app) as session:
        (found,) = session.exec(select(PlannedSet))
    assert (found.uid, found.kind, found.reps, found.weight_kg, found.set_id) == (
        row,
        "warmup",
        10,
        None,
        None,
    )
    assert sets_of(app, workout.id or 0) == []  # planned is not training


def test_undo_and_edit(
    app: Flask, auth_client: Client, workout: Workout, bench: Exercise, rows: list[str]
) -> None:
    post(auth_client, workout.id or 0, [done(rows[0], bench), done(rows[1], bench)])
    ops = [
        {"id": "undo-0000001", "op": "undo", "row": rows[0]},
        {
            "id": "edit-0000001",
            "op": "edit",
            "row": rows[1],
            "exercise_id": bench.id,
            "values": {"reps": "6", "weight": "65"},
        },
        {
            "id": "edit-0000002",
            "op": "edit",
            "row": rows[2],
            "exercise_id": bench.id,
            "values": {"reps": "5"},  # a planned row may lack its weight
        },
    ]
    assert post(auth_client, workout.id or 0, ops).status_code == 200
    (left,) = sets_of(app, workout.id or 0)
    assert (left.reps, left.weight_kg) == (6, 65.0)
    with session_for(app) as session:
        by_uid = {p.uid: p for p in session.exec(select(PlannedSet))}
    assert by_uid[rows[0]].set_id is None and by_uid[rows[0]].reps == 8  # planned again
    assert by_uid[rows[1]].set_id == left.id
    assert (by_uid[rows[2]].reps, by_uid[rows[2]].weight_kg) == (5, None)


def test_a_set_edited_by_its_id(
    app: Flask, auth_client: Client, user: User, bench: Exercise
) -> None:
    logged = make_workout(
        app, user, PAST, sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 100.0}]
    )
    (item,) = sets_of(app, logged.id or 0)
    op = {
        "id": "edit-byset-01",
        "op": "edit",
        "set": item.id,
        "exercise_id": bench.id,
        "values": {"reps": "4", "weight": "100"},
    }
    assert post(auth_client, logged.id or 0, [op]).status_code == 200
    assert sets_of(app, logged.id or 0)[0].reps == 4


# --- conflicts: the workout changed elsewhere meanwhile --------------------------------------


def test_a_row_done_elsewhere_with_other_values_keeps_both_sets(
    app: Flask, auth_client: Client, workout: Workout, bench: Exercise, rows: list[str]
) -> None:
    laptop = post(auth_client, workout.id or 0, [done(rows[0], bench, "laptop-op-01")])
    assert laptop.status_code == 200
    phone = [
        done(rows[0], bench, "phone-op-0001", reps="8", weight="60"),  # the same set
        done(rows[0], bench, "phone-op-0002", reps="6", weight="60"),  # another one
    ]
    result = post(auth_client, workout.id or 0, phone).get_json()["results"]
    assert [r["status"] for r in result] == ["same", "both_kept"]
    logged = sets_of(app, workout.id or 0)
    assert [(s.reps, s.weight_kg) for s in logged] == [(8, 60.0), (6, 60.0)]
    with session_for(app) as session:
        linked = {p.uid: p.set_id for p in session.exec(select(PlannedSet))}
    assert linked[rows[0]] == logged[0].id and linked[result[1]["row"]] == logged[1].id


def test_sets_done_on_rows_removed_elsewhere_are_logged_anyway(
    app: Flask, auth_client: Client, workout: Workout, bench: Exercise, rows: list[str]
) -> None:
    # Finished on the laptop (the rows not done are dropped) while the phone was offline.
    with session_for(app) as session:
        found = session.get(Workout, workout.id)
        assert found is not None
        crud.planned.finish(session=session, workout=found, minutes=40)
    phone = [done(rows[0], bench), done("made-on-phone-1", bench)]
    result = post(auth_client, workout.id or 0, phone).get_json()["results"]
    assert [r["status"] for r in result] == ["saved", "saved"]
    assert len(sets_of(app, workout.id or 0)) == 2
    # A change to a row deleted elsewhere changes nothing, and is no error.
    edit = {
        "id": "edit-gone-001",
        "op": "edit",
        "row": rows[2],
        "exercise_id": bench.id,
        "values": {"reps": "3", "weight": "60"},
    }
    assert post(auth_client, workout.id or 0, [edit]).get_json()["results"][0]["status"] == "gone"


# --- refused: nothing written, never a 500 ---------------------------------------------------


def test_another_users_workout_is_404_and_untouched(
    app: Flask, other_client: Client, workout: Workout, bench: Exercise, rows: list[str]
) -> None:
    before = snapshot(app)
    response = post(other_client, workout.id or 0, [done(rows[0], bench)])
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert snapshot(app) == before


@pytest.mark.parametrize("token", [None, "", "forged", "IjEyMyI.aGVsbG8.d29ybGQ"])
def test_a_missing_or_forged_csrf_token_is_refused(
    app: Flask,
    auth_client: Client,
    workout: Workout,
    bench: Exercise,
    rows: list[str],
    token: str | None,
) -> None:
    before = snapshot(app)
    response = post(auth_client, workout.id or 0, [done(rows[0], bench)], token=token)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf"
    assert snapshot(app) == before


def test_another_sessions_csrf_token_is_refused(
    app: Flask, auth_client: Client, other_client: Client, workout: Workout, bench: Exercise,
    rows: list[str],
) -> None:  # fmt: skip
    before = snapshot(app)
    theirs = other_client.csrf_token()
    response = post(auth_client, workout.id or 0, [done(rows[0], bench)], token=theirs)
    assert response.status_code == 400 and snapshot(app) == before


def test_nobody_logged_in_gets_401(
    app: Flask, client: Client, workout: Workout, bench: Exercise, rows: list[str]
) -> None:
    before = snapshot(app)
    response = post(client, workout.id or 0, [done(rows[0], bench)])
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "login"
    assert snapshot(app) == before
    assert client.get(f"/workouts/{workout.id}/exercises.json?q=bench").status_code == 401
    assert client.get(f"/workouts/{workout.id}/token").status_code == 401


def test_a_huge_batch_is_refused(
    app: Flask, auth_client: Client, workout: Workout, bench: Exercise, rows: list[str]
) -> None:
    before = snapshot(app)
    many = [done(rows[0], bench, f"many-op-{n:05d}") for n in range(101)]
    response = post(auth_client, workout.id or 0, many)
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "too_large"
    big = json.dumps({"ops": [done(rows[0], bench)], "padding": "x" * 200_000})
    response = post(auth_client, workout.id or 0, big)
    assert response.status_code == 413
    assert snapshot(app) == before


HOSTILE: list[tuple[str, Callable[[list[str], Exercise], Any], int, str | None]] = [
    ("not json", lambda r, e: "{not json", 400, None),
    ("deep", lambda r, e: "[" * 50_000 + "]" * 50_000, 400, None),
    ("a long number", lambda r, e: '{"ops": [' + "9" * 5000 + "]}", 400, None),
    ("no ops", lambda r, e: json.dumps({"sets": []}), 400, None),
    ("ops not a list", lambda r, e: json.dumps({"ops": {"a": 1}}), 400, None),
    ("an op not an object", lambda r, e: json.dumps({"ops": [1]}), 400, None),
    ("no id", lambda r, e: [{**done(r[0], e), "id": None}], 422, "id"),
    ("a short id", lambda r, e: [done(r[0], e, "abc")], 422, "id"),
    ("an id with markup", lambda r, e: [done(r[0], e, "<script>alert(1)</script>")], 422, "id"),
    ("an unknown op", lambda r, e: [{**done(r[0], e), "op": "drop"}], 422, "op"),
    ("an unknown key", lambda r, e: [{**done(r[0], e), "user_id": 2}], 422, "user_id"),
    ("a row that is no id", lambda r, e: [done("../../etc", e, "row-bad-00001")], 422, "row"),
    ("no exercise", lambda r, e: [{**done(r[0], e), "exercise_id": None}], 422, "exercise_id"),
    ("a huge exercise id", lambda r, e: [{**done(r[0], e), "exercise_id": 2**80}], 422,
     "exercise_id"),
    ("a bool exercise id", lambda r, e: [{**done(r[0], e), "exercise_id": True}], 422,
     "exercise_id"),
    ("a missing exercise", lambda r, e: [{**done(r[0], e), "exercise_id": 99999}], 422,
     "exercise_id"),
    ("a bad set kind", lambda r, e: [{**done(r[0], e), "kind": "heavy"}], 422, "kind"),
    ("values not an object", lambda r, e: [{**done(r[0], e), "values": "8x60"}], 422, "values"),
    ("an unknown value", lambda r, e: [done(r[0], e, reps="8", weight="60", rpe="9")], 422,
     "rpe"),
    ("a value as a list", lambda r, e: [{**done(r[0], e), "values": {"reps": [8]}}], 422, "reps"),
    ("a long value", lambda r, e: [done(r[0], e, reps="8" * 30, weight="60")], 422, "reps"),
    ("reps not whole", lambda r, e: [done(r[0], e, reps="8.5", weight="60")], 422, "reps"),
    ("reps zero", lambda r, e: [done(r[0], e, reps="0", weight="60")], 422, "reps"),
    ("too heavy", lambda r, e: [done(r[0], e, reps="1", weight="1000.5")], 422, "weight"),
    ("a negative weight", lambda r, e: [done(r[0], e, reps="1", weight="-5")], 422, "weight"),
    ("NaN", lambda r, e: [done(r[0], e, reps="1", weight="NaN")], 422, "weight"),
    ("a set without reps", lambda r, e: [done(r[0], e, weight="60")], 422, "reps"),
    ("rest too long", lambda r, e: [{"id": "rest-00000001", "op": "rest", "exercise_id": e.id,
     "seconds": 100_000}], 422, "seconds"),
    ("rest as text", lambda r, e: [{"id": "rest-00000001", "op": "rest", "exercise_id": e.id,
     "seconds": "90"}], 422, "seconds"),
    ("a finish of two days", lambda r, e: [{"id": "finish-000001", "op": "finish",
     "minutes": 2881}], 422, "minutes"),
    ("an edit naming set and row", lambda r, e: [{"id": "edit-0000001", "op": "edit",
     "set": 1, "row": r[0], "exercise_id": e.id, "values": {}}], 422, "set"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "status", "field"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_bad_and_hostile_batches_write_nothing(
    app: Flask,
    auth_client: Client,
    workout: Workout,
    bench: Exercise,
    rows: list[str],
    name: str,
    make: Callable[[list[str], Exercise], Any],
    status: int,
    field: str | None,
) -> None:
    before = snapshot(app)
    # The bad operation comes after a good one: the good one is not written either.
    body = make(rows, bench)
    if isinstance(body, list):
        body = [done(rows[1], bench, "good-op-first"), *body]
    response = post(auth_client, workout.id or 0, body)
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["message"]
    if field is not None:
        assert error["field"] == field and error["op"] == 1
    assert snapshot(app) == before


def test_someone_elses_exercise_and_set_are_refused(
    app: Flask, auth_client: Client, other_user: User, workout: Workout, rows: list[str]
) -> None:
    with session_for(app) as session:
        theirs = Exercise(name="Zercher Carry", kind="weighted", owner_id=other_user.id)
        session.add(theirs)
        session.commit()
        session.refresh(theirs)
    bench = catalogue_exercise(app, "bench_press_barbell")
    their_workout = make_workout(
        app, other_user, PAST, sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 50.0}]
    )
    (their_set,) = sets_of(app, their_workout.id or 0)
    before = snapshot(app)
    response = post(auth_client, workout.id or 0, [done(rows[0], theirs)])
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "exercise_id"
    edit = {
        "id": "edit-theirs-1",
        "op": "edit",
        "set": their_set.id,
        "exercise_id": bench.id,
        "values": {"reps": "1", "weight": "1"},
    }
    # Their set is no set of this workout: nothing to change.
    assert post(auth_client, workout.id or 0, [edit]).get_json()["results"][0]["status"] == "gone"
    assert snapshot(app)[0] == before[0]


def test_a_row_of_another_exercise_is_refused(
    app: Flask, auth_client: Client, workout: Workout, rows: list[str]
) -> None:
    squat = catalogue_exercise(app, "squat_barbell")
    before = snapshot(app)
    response = post(auth_client, workout.id or 0, [done(rows[0], squat)])
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "exercise_id"
    assert snapshot(app) == before


def test_not_json_is_415(auth_client: Client, workout: Workout, rows: list[str]) -> None:
    response = post(auth_client, workout.id or 0, "ops=1", content_type="text/plain")
    assert response.status_code == 415


def test_a_full_workout_refuses_the_whole_batch(
    app: Flask,
    auth_client: Client,
    workout: Workout,
    bench: Exercise,
    rows: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tracker import limits
    from tracker.crud import workouts as workouts_crud

    monkeypatch.setattr(workouts_crud, "SETS_PER_WORKOUT", limits.Count("sets in one workout", 2))
    before = snapshot(app)
    response = post(auth_client, workout.id or 0, [done(row, bench) for row in rows])
    assert response.status_code == 409
    assert "at most 2 sets in one workout" in response.get_json()["error"]["message"]
    assert snapshot(app) == before


def test_two_batches_racing_write_once(
    app: Flask,
    user: User,
    workout: Workout,
    bench: Exercise,
    rows: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two requests with the same operation, both reading it as new before either wrote: the
    receipt's unique key makes the second fail, and it writes nothing (not even its set)."""
    op = crud.planned.Op(
        "race-op-00001",
        "done",
        row=rows[0],
        exercise_id=bench.id,
        values=WorkoutSetBase(exercise_id=bench.id or 0, reps=8, weight_kg=60.0),
    )
    with session_for(app) as session:
        found = session.get(Workout, workout.id)
        assert found is not None
        result = crud.planned.apply(session=session, user_id=user.id or 0, workout=found, ops=[op])
        assert result[0].status == "saved"
    monkeypatch.setattr(crud.planned, "received", lambda **_: set())  # read before the commit
    with session_for(app) as session:
        found = session.get(Workout, workout.id)
        assert found is not None
        with pytest.raises(crud.planned.Busy):
            crud.planned.apply(session=session, user_id=user.id or 0, workout=found, ops=[op])
    assert len(sets_of(app, workout.id or 0)) == 1


# --- the search and the token ----------------------------------------------------------------


def test_the_search_offers_recent_and_routine_exercises_first(
    app: Flask, auth_client: Client, user: User, workout: Workout
) -> None:
    incline = catalogue_exercise(app, "incline_bench_press_dumbbell")
    make_workout(
        app,
        user,
        PAST - dt.timedelta(days=3),
        sets=[{"exercise_id": incline.id, "reps": 10, "weight_kg": 24.0}] * 2,
    )
    response = auth_client.get(f"/workouts/{workout.id}/exercises.json?q=bench")
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert results[0]["name"] == incline.name  # done before: first, though not the best match
    assert results[0]["rows"] == [
        {"reps": "10", "weight": "24", "kind": "normal"},
        {"reps": "10", "weight": "24", "kind": "normal"},
    ]
    assert results[0]["last"].startswith("last: 2 x 10 @ 24 kg")
    assert any(r["name"] == "Bench Press (Barbell)" for r in results)
    first_time = next(r for r in results if r["name"] == "Bench Press (Barbell)")
    assert first_time["rows"] == [{"kind": "normal"}] * 3 and first_time["rest"] == 120


def test_the_search_is_the_users_own(
    app: Flask, auth_client: Client, other_client: Client, other_user: User, workout: Workout
) -> None:
    with session_for(app) as session:
        session.add(Exercise(name="Zercher Carry", kind="weighted", owner_id=other_user.id))
        session.commit()
    found = auth_client.get(f"/workouts/{workout.id}/exercises.json?q=zercher").get_json()
    assert found["results"] == []
    assert other_client.get(f"/workouts/{workout.id}/exercises.json?q=x").status_code == 404
    odd = auth_client.get(f"/workouts/{workout.id}/exercises.json", query_string={"q": "x" * 999})
    assert odd.status_code == 200


def test_a_fresh_token_for_a_page_kept_open(
    app: Flask, auth_client: Client, other_client: Client, workout: Workout, bench: Exercise,
    rows: list[str],
) -> None:  # fmt: skip
    response = auth_client.get(f"/workouts/{workout.id}/token")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    token = response.get_json()["token"]
    assert (
        post(auth_client, workout.id or 0, [done(rows[0], bench)], token=token).status_code == 200
    )
    assert other_client.get(f"/workouts/{workout.id}/token").status_code == 404


def test_the_service_worker_is_served_for_the_workout_pages(client: Client) -> None:
    response = client.get("/workouts/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert b"caches.open" in response.data


def test_a_one_arm_set_done_on_a_device_keeps_its_side(
    app: Flask, auth_client: Client, user: User, workout: Workout
) -> None:
    curl = catalogue_exercise(app, "concentration_curl_dumbbell")
    uids = planned(app, workout, *[PlannedValues(exercise_id=curl.id or 0, reps=10)] * 2)
    before = snapshot(app)
    bad = post(auth_client, workout.id or 0, [done(uids[0], curl, reps="10", weight="12",
                                                   side="middle")])  # fmt: skip
    assert bad.status_code == 422
    assert bad.get_json()["error"]["field"] == "side"
    assert snapshot(app) == before
    ops = [
        done(uids[0], curl, reps="10", weight="12", side="left"),
        done(uids[1], curl, reps="10", weight="12", side=""),
    ]
    assert post(auth_client, workout.id or 0, ops).status_code == 200
    assert [s.side for s in sets_of(app, workout.id or 0)] == ["left", None]
