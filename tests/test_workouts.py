"""Logging workouts and sets, the history, and who may see what."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlmodel import select

from tests.conftest import Client, form_values, new_client
from tests.factories import catalogue_exercise, count, make_user, make_workout, session_for
from tracker.catalogue import BY_KEY
from tracker.models import Exercise, ExerciseMuscle, PlannedSet, User, Workout, WorkoutSet

KG_PER_LB = Decimal("0.45359237")
PAST = dt.datetime(2026, 3, 2, 18, 30)


# --- helpers ----------------------------------------------------------------------------------


def reload_user(app: Flask, user: User) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


def sets_of(app: Flask, workout_id: int) -> list[WorkoutSet]:
    with session_for(app) as session:
        statement = (
            select(WorkoutSet)
            .where(WorkoutSet.workout_id == workout_id)
            .order_by(WorkoutSet.position)  # type: ignore[arg-type]
        )
        return list(session.exec(statement))


def get_workout(app: Flask, workout_id: int) -> Workout | None:
    with session_for(app) as session:
        return session.get(Workout, workout_id)


def ex(app: Flask, key: str) -> Exercise:
    return catalogue_exercise(app, key)


def start(client: Client, **fields: str) -> int:
    data = {"date": "2026-03-02", "time": "18:30", "title": "", "notes": "", **fields}
    response = client.post("/workouts/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.match(r"/workouts/(\d+)", response.headers["Location"])
    assert match is not None
    return int(match.group(1))


def add(client: Client, workout_id: int, exercise: Exercise, **values: str) -> Any:
    data = {"exercise_id": str(exercise.id), "kind": "normal", **values}
    return client.post(f"/workouts/{workout_id}/sets", data=data)


def custom_exercise(app: Flask, owner: User, name: str = "Zercher Carry") -> Exercise:
    with session_for(app) as session:
        item = Exercise(name=name, equipment="barbell", kind="weighted", owner_id=owner.id)
        session.add(item)
        session.flush()
        session.add(ExerciseMuscle(exercise_id=item.id, muscle="upper_back", role="primary"))
        session.commit()
        session.refresh(item)
        return item


def hidden_inputs(html: str, form_class: str) -> list[dict[str, str]]:
    """The hidden inputs of each form with this class, as dicts."""
    forms = re.findall(r'<form[^>]*class="' + form_class + r'"[^>]*>(.*?)</form>', html, re.S)
    return [
        dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body))
        for body in forms
    ]


def row_uids(html: str) -> list[str]:
    """The planned rows of a workout page, in order (the script's templates left out)."""
    found = re.findall(r'<li class="set-row[^"]*"[^>]*data-uid="([^"]*)"', html)
    return [uid for uid in found if uid and uid != "__UID__"]


def row_values(html: str, name: str) -> list[str]:
    """The values of one input of every row of a workout page (not its templates)."""
    return form_values(re.sub(r"<template.*?</template>", "", html, flags=re.S), name)


def section(html: str, element_id: str) -> str:
    match = re.search(r'<section[^>]*id="' + element_id + r'"(.*?)</section>', html, re.S)
    assert match is not None, element_id
    return match.group(1)


def local_today(timezone: str = "UTC") -> dt.date:
    return dt.datetime.now(ZoneInfo(timezone)).date()


# --- starting and logging ---------------------------------------------------------------------


def test_new_workout_form_defaults_to_now_in_the_users_time_zone(app: Flask) -> None:
    tz = "Pacific/Kiritimati"  # UTC+14: its date is often not the server's
    make_user(app, email="far@example.com", timezone=tz)
    client = new_client(app)
    client.login("far@example.com")
    before = dt.datetime.now(ZoneInfo(tz)).replace(tzinfo=None, second=0, microsecond=0)
    html = client.get("/workouts/new").get_data(as_text=True)
    after = dt.datetime.now(ZoneInfo(tz)).replace(tzinfo=None)
    shown = dt.datetime.fromisoformat(
        f"{form_values(html, 'date')[0]}T{form_values(html, 'time')[0]}"
    )
    assert before <= shown <= after


def test_start_a_workout(app: Flask, auth_client: Client, user: User) -> None:
    workout_id = start(
        auth_client, title="Upper A", duration_minutes="65", notes="Felt strong", time="07:05"
    )
    workout = get_workout(app, workout_id)
    assert workout is not None and workout.user_id == user.id
    assert workout.started_at == dt.datetime(2026, 3, 2, 7, 5)
    assert (workout.title, workout.duration_minutes, workout.notes) == (
        "Upper A",
        65,
        "Felt strong",
    )
    assert reload_user(app, user).data_version == user.data_version + 1
    html = auth_client.get(f"/workouts/{workout_id}").get_data(as_text=True)
    assert "Upper A" in html and "Add an exercise" in html


def test_log_a_set_with_every_detail(app: Flask, auth_client: Client, user: User) -> None:
    """The set form (reps, weight, RPE, type, note) logs a set at once, without a plan."""
    bench = ex(app, "bench_press_barbell")
    workout_id = start(auth_client)
    response = add(auth_client, workout_id, bench, reps="8", weight="82.5", rpe="7.5")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/workouts/{workout_id}#ex-{bench.id}"
    assert add(auth_client, workout_id, bench, reps="6", weight="82.5").status_code == 302

    html = auth_client.get(f"/workouts/{workout_id}").get_data(as_text=True)
    assert "8 @ 82.5 kg" in html and "6 @ 82.5 kg" in html
    first, second = sets_of(app, workout_id)
    assert (first.position, second.position) == (1, 2)
    assert (first.exercise_id, first.reps, first.weight_kg, first.rpe, first.kind) == (
        bench.id,
        8,
        82.5,
        7.5,
        "normal",
    )
    assert reload_user(app, user).data_version == user.data_version + 3


def test_pounds_are_stored_as_exact_kilograms_and_shown_as_typed(app: Flask) -> None:
    make_user(app, email="lb@example.com", unit="lb")
    client = new_client(app)
    client.login("lb@example.com")
    bench = ex(app, "bench_press_barbell")
    workout_id = start(client)
    assert add(client, workout_id, bench, reps="5", weight="225").status_code == 302
    assert add(client, workout_id, bench, reps="5", weight="187,5").status_code == 302
    first, second = sets_of(app, workout_id)
    assert first.weight_kg == float(Decimal("225") * KG_PER_LB)  # 102.05828325 kg
    assert second.weight_kg == float(Decimal("187.5") * KG_PER_LB)

    html = client.get(f"/workouts/{workout_id}").get_data(as_text=True)
    assert "5 @ 225 lb" in html and "5 @ 187.5 lb" in html
    edit = client.get(f"/sets/{first.id}/edit").get_data(as_text=True)
    assert form_values(edit, "weight") == ["225"]

    # The next workout plans the bench press with last time's pounds, as typed.
    later = start(client, date="2026-03-04")
    client.post(f"/workouts/{later}/exercises", data={"exercise_id": str(bench.id)})
    page = client.get(f"/workouts/{later}").get_data(as_text=True)
    assert row_values(page, "weight") == ["225", "187.5"]
    assert "Weight (lb), set 1 of Bench Press (Barbell)" in page
    (uid, _) = row_uids(page)
    done = client.post(
        f"/workouts/{later}/rows/{uid}", data={"action": "done", "reps": "5", "weight": "225"}
    )
    assert done.status_code == 302
    assert sets_of(app, later)[0].weight_kg == first.weight_kg


def test_the_last_time_is_shown_beside_the_exercise(
    app: Flask, auth_client: Client, user: User
) -> None:
    bench = ex(app, "bench_press_barbell")
    today = local_today()
    earlier = dt.datetime.combine(today - dt.timedelta(days=12), dt.time(18))
    make_workout(
        app,
        user,
        earlier,
        sets=[
            {"exercise_id": bench.id, "reps": 10, "weight_kg": 40.0, "kind": "warmup"},
            *[{"exercise_id": bench.id, "reps": 8, "weight_kg": 80.0}] * 3,
        ],
    )
    now = make_workout(app, user, dt.datetime.combine(today, dt.time(0, 1)))
    auth_client.post(f"/workouts/{now.id}/exercises", data={"exercise_id": str(bench.id)})
    html = auth_client.get(f"/workouts/{now.id}?focus={bench.id}").get_data(as_text=True)
    assert "last: 3 x 8 @ 80 kg, 12 days ago" in html
    # Planned like last time: the warm-up, then three work sets; nothing to type, so no
    # keyboard comes up.
    assert row_values(html, "reps") == ["10", "8", "8", "8"]
    assert row_values(html, "weight") == ["40", "80", "80", "80"]
    assert "Reps, warm-up of Bench Press (Barbell)" in html
    assert " autofocus" not in html


def test_the_last_time_ignores_other_users(
    app: Flask, auth_client: Client, user: User, other_user: User
) -> None:
    bench = ex(app, "bench_press_barbell")
    make_workout(
        app, other_user, PAST, sets=[{"exercise_id": bench.id, "reps": 3, "weight_kg": 200}]
    )
    mine = make_workout(app, user, PAST + dt.timedelta(days=3))
    auth_client.post(f"/workouts/{mine.id}/exercises", data={"exercise_id": str(bench.id)})
    html = auth_client.get(f"/workouts/{mine.id}").get_data(as_text=True)
    assert "200" not in " ".join(row_values(html, "weight"))
    assert "First time you log this exercise" in html
    assert row_values(html, "reps") == ["", "", ""]


@pytest.mark.parametrize(
    ("key", "values", "stored", "shown"),
    [
        (
            "pull_up_assisted",
            {"reps": "8", "weight": "20"},
            {"reps": 8, "weight_kg": 20.0},
            "8 @ \u221220 kg assistance",
        ),
        (
            "pull_up",
            {"reps": "10", "weight": ""},
            {"reps": 10, "weight_kg": None},
            "10 @ bodyweight",
        ),
        (
            "pull_up",
            {"reps": "10", "weight": "0"},
            {"reps": 10, "weight_kg": 0.0},
            "10 @ bodyweight",
        ),
        (
            "pull_up",
            {"reps": "6", "weight": "12.5"},
            {"reps": 6, "weight_kg": 12.5},
            "6 @ bodyweight + 12.5 kg",
        ),
        (
            "treadmill",
            {"distance": "5", "time": "25:30", "reps": "", "weight": ""},
            {"distance_m": 5000.0, "seconds": 1530, "reps": None, "weight_kg": None},
            "5 km in 25:30",
        ),
        ("treadmill", {"time": "30"}, {"seconds": 1800, "distance_m": None}, "30:00"),
        ("plank", {"time": "45"}, {"seconds": 45, "reps": None}, "45 s"),
        (
            "plank",
            {"time": "1:30", "weight": "10"},
            {"seconds": 90, "weight_kg": 10.0},
            "1:30 + 10 kg",
        ),
    ],
)
def test_each_kind_of_exercise(
    app: Flask,
    auth_client: Client,
    key: str,
    values: dict[str, str],
    stored: dict[str, Any],
    shown: str,
) -> None:
    exercise = ex(app, key)
    assert exercise.kind == BY_KEY[key].kind
    workout_id = start(auth_client)
    response = add(auth_client, workout_id, exercise, **values)
    assert response.status_code == 302, response.get_data(as_text=True)
    (item,) = sets_of(app, workout_id)
    assert {name: getattr(item, name) for name in stored} == stored
    assert shown in auth_client.get(f"/workouts/{workout_id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("82,5", 82.5), ("80.00", 80.0), (" 100 ", 100.0), ("-0", 0.0), (".5", 0.5)],
)
def test_weights_as_people_type_them(
    app: Flask, auth_client: Client, typed: str, stored: float
) -> None:
    workout_id = start(auth_client)
    assert (
        add(
            auth_client, workout_id, ex(app, "bench_press_barbell"), reps="5", weight=typed
        ).status_code
        == 302
    )
    (item,) = sets_of(app, workout_id)
    assert item.weight_kg == stored and str(item.weight_kg) != "-0.0"


def test_fix_a_typo_in_a_set(app: Flask, auth_client: Client, user: User) -> None:
    bench, squat = ex(app, "bench_press_barbell"), ex(app, "squat_barbell")
    workout_id = start(auth_client)
    add(auth_client, workout_id, bench, reps="8", weight="80")
    add(auth_client, workout_id, bench, reps="80", weight="80")  # the typo
    add(auth_client, workout_id, squat, reps="5", weight="100")
    typo = sets_of(app, workout_id)[1]
    html = auth_client.get(f"/sets/{typo.id}/edit").get_data(as_text=True)
    assert form_values(html, "reps") == ["80"] and "Bench Press (Barbell)" in html
    version = reload_user(app, user).data_version
    response = auth_client.post(
        f"/sets/{typo.id}/edit",
        data={"reps": "8", "weight": "80", "kind": "failure", "rpe": "10", "notes": "grindy"},
    )
    assert response.status_code == 302
    fixed = sets_of(app, workout_id)[1]
    assert (fixed.id, fixed.position, fixed.exercise_id) == (typo.id, 2, bench.id)
    assert (fixed.reps, fixed.weight_kg, fixed.kind, fixed.rpe, fixed.notes) == (
        8,
        80.0,
        "failure",
        10.0,
        "grindy",
    )
    assert reload_user(app, user).data_version == version + 1


def test_editing_a_set_keeps_its_exercise(app: Flask, auth_client: Client) -> None:
    bench, squat = ex(app, "bench_press_barbell"), ex(app, "squat_barbell")
    workout_id = start(auth_client)
    add(auth_client, workout_id, bench, reps="8", weight="80")
    (item,) = sets_of(app, workout_id)
    auth_client.post(
        f"/sets/{item.id}/edit",
        data={"exercise_id": str(squat.id), "reps": "6", "weight": "80", "kind": "normal"},
    )
    (item,) = sets_of(app, workout_id)
    assert (item.exercise_id, item.reps) == (bench.id, 6)


def test_delete_a_set_after_confirming(app: Flask, auth_client: Client, user: User) -> None:
    bench = ex(app, "bench_press_barbell")
    workout_id = start(auth_client)
    for reps in ("8", "7", "6"):
        add(auth_client, workout_id, bench, reps=reps, weight="80")
    middle = sets_of(app, workout_id)[1]
    page = auth_client.get(f"/sets/{middle.id}/delete")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "7 @ 80 kg" in html
    assert f'action="/sets/{middle.id}/delete"' in html and 'method="post"' in html
    assert len(sets_of(app, workout_id)) == 3  # asking deleted nothing
    version = reload_user(app, user).data_version
    assert auth_client.post(f"/sets/{middle.id}/delete").status_code == 302
    left = sets_of(app, workout_id)
    assert [(s.reps, s.position) for s in left] == [(8, 1), (6, 2)]
    assert reload_user(app, user).data_version == version + 1


def test_edit_a_workout(app: Flask, auth_client: Client) -> None:
    workout_id = start(auth_client, title="Push")
    html = auth_client.get(f"/workouts/{workout_id}/edit").get_data(as_text=True)
    assert form_values(html, "title") == ["Push"] and form_values(html, "date") == ["2026-03-02"]
    response = auth_client.post(
        f"/workouts/{workout_id}/edit",
        data={"date": "2026-03-01", "time": "09:15", "title": "Pull", "duration_minutes": ""},
    )
    assert response.status_code == 302
    workout = get_workout(app, workout_id)
    assert workout is not None
    assert (workout.started_at, workout.title, workout.duration_minutes) == (
        dt.datetime(2026, 3, 1, 9, 15),
        "Pull",
        None,
    )


def test_delete_a_workout_after_confirming(app: Flask, auth_client: Client) -> None:
    bench = ex(app, "bench_press_barbell")
    workout_id = start(auth_client)
    add(auth_client, workout_id, bench, reps="8", weight="80")
    html = auth_client.get(f"/workouts/{workout_id}/delete").get_data(as_text=True)
    assert "1 set" in html and f'action="/workouts/{workout_id}/delete"' in html
    assert count(app, Workout) == 1
    response = auth_client.post(f"/workouts/{workout_id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/workouts"
    assert count(app, Workout) == 0 and count(app, WorkoutSet) == 0


def test_delete_links_work_without_javascript(app: Flask, auth_client: Client) -> None:
    """The workout page links to confirmation pages; it has no one-click delete form."""
    bench = ex(app, "bench_press_barbell")
    workout_id = start(auth_client)
    add(auth_client, workout_id, bench, reps="8", weight="80")
    html = auth_client.get(f"/workouts/{workout_id}").get_data(as_text=True)
    assert f'href="/workouts/{workout_id}/delete"' in html
    assert 'action="/workouts/' + str(workout_id) + '/delete"' not in html
    item = sets_of(app, workout_id)[0]
    edit = auth_client.get(f"/sets/{item.id}/edit").get_data(as_text=True)
    assert f'href="/sets/{item.id}/delete"' in edit


def test_pages_have_no_inline_script_or_style(app: Flask, auth_client: Client) -> None:
    bench = ex(app, "bench_press_barbell")
    workout_id = start(auth_client)
    add(auth_client, workout_id, bench, reps="8", weight="80")
    item = sets_of(app, workout_id)[0]
    for path in (
        "/workouts",
        "/workouts/new",
        f"/workouts/{workout_id}?q=row",
        f"/workouts/{workout_id}/edit",
        f"/sets/{item.id}/edit",
        f"/sets/{item.id}/delete",
    ):
        html = auth_client.get(path).get_data(as_text=True)
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path


# --- adding an exercise -----------------------------------------------------------------------


def test_search_and_pick_an_exercise(app: Flask, auth_client: Client, user: User) -> None:
    workout_id = start(auth_client)
    html = auth_client.get(f"/workouts/{workout_id}?q=flat+bench").get_data(as_text=True)
    bench = ex(app, "bench_press_barbell")
    assert f'name="exercise_id" value="{bench.id}"' in html
    assert f'action="/workouts/{workout_id}/exercises"' in html
    assert count(app, PlannedSet) == 0  # searching writes nothing
    picked = auth_client.post(f"/workouts/{workout_id}/exercises", data={"exercise_id": bench.id})
    assert picked.headers["Location"] == f"/workouts/{workout_id}?focus={bench.id}"
    page = auth_client.get(picked.headers["Location"]).get_data(as_text=True)
    assert f'id="ex-{bench.id}"' in page and len(row_uids(page)) == 3
    # A first time: the cursor in the first set's reps.
    assert re.search(r'aria-label="Reps, set 1 of Bench Press \(Barbell\)"[^>]* autofocus', page)
    assert count(app, WorkoutSet) == 0  # planned, not training
    assert reload_user(app, user).data_version == user.data_version + 1  # the workout only


def test_picking_someone_elses_exercise_shows_nothing(
    app: Flask, auth_client: Client, other_user: User
) -> None:
    theirs = custom_exercise(app, other_user)
    workout_id = start(auth_client)
    html = auth_client.get(f"/workouts/{workout_id}?add={theirs.id}").get_data(as_text=True)
    assert "Zercher Carry" not in html and "That exercise was not found" in html
    search = auth_client.get(f"/workouts/{workout_id}?q=zercher").get_data(as_text=True)
    assert "Zercher Carry" not in search
    posted = auth_client.post(f"/workouts/{workout_id}/exercises", data={"exercise_id": theirs.id})
    assert posted.status_code == 302 and count(app, PlannedSet) == 0


def test_recent_exercises_are_offered(app: Flask, auth_client: Client, user: User) -> None:
    row = ex(app, "bent_over_row_barbell")
    make_workout(app, user, PAST, sets=[{"exercise_id": row.id, "reps": 8, "weight_kg": 60}])
    workout_id = start(auth_client, date="2026-03-05")
    html = auth_client.get(f"/workouts/{workout_id}").get_data(as_text=True)
    assert "Recent" in html and f'name="exercise_id" value="{row.id}"' in html
    assert "Common exercises" not in html


def test_a_new_user_is_offered_common_exercises(auth_client: Client) -> None:
    workout_id = start(auth_client)
    html = auth_client.get(f"/workouts/{workout_id}").get_data(as_text=True)
    assert "Common exercises" in html and "Squat (Barbell)" in html


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "field", "value", "message"),
    [
        ("bench_press_barbell", "reps", "8.5", "whole number"),
        ("bench_press_barbell", "reps", "eight", "whole number"),
        ("bench_press_barbell", "reps", "0", "between 1 and 1000"),
        ("bench_press_barbell", "reps", "1001", "between 1 and 1000"),
        ("bench_press_barbell", "reps", "-3", "between 1 and 1000"),
        ("bench_press_barbell", "reps", "", "Enter the reps."),
        ("bench_press_barbell", "weight", "-5", "between 0 and 1000 kg"),
        ("bench_press_barbell", "weight", "1000.5", "between 0 and 1000 kg"),
        ("bench_press_barbell", "weight", "heavy", "Enter the weight as a number"),
        ("bench_press_barbell", "weight", "NaN", "Enter the weight as a number"),
        ("bench_press_barbell", "weight", "1e3", "Enter the weight as a number"),
        ("bench_press_barbell", "weight", "80.125", "at most 2 decimals"),
        ("bench_press_barbell", "weight", "", "Enter the weight"),
        ("bench_press_barbell", "rpe", "11", "RPE goes from 1 to 10"),
        ("bench_press_barbell", "rpe", "0.5", "RPE goes from 1 to 10"),
        ("bench_press_barbell", "rpe", "8.3", "whole or half steps"),
        ("bench_press_barbell", "rpe", "8.25", "at most one decimal"),
        ("bench_press_barbell", "rpe", "hard", "Enter the RPE as a number"),
        ("bench_press_barbell", "notes", "x" * 501, "under 500 characters"),
        ("bench_press_barbell", "kind", "heavy", "Pick a set type from the list."),
        ("pull_up", "reps", "", "Enter the reps."),
        ("pull_up", "weight", "-10", "between 0 and 1000 kg"),
        ("pull_up_assisted", "weight", "1200", "between 0 and 1000 kg"),
        ("treadmill", "distance", "-1", "Between 0.001 and 1000 km"),
        ("treadmill", "distance", "far", "Enter the distance in km"),
        ("treadmill", "time", "25:75", "Enter the time as m:ss or h:mm:ss"),
        ("treadmill", "time", "25 minutes", "Enter the time as m:ss or h:mm:ss"),
        ("treadmill", "time", "25:00:00", "Between 1 second and 24 hours"),
        ("plank", "time", "", "Enter how long you held it."),
        ("plank", "time", "0", "Between 1 second and 24 hours"),
    ],
)
def test_bad_set_input(
    app: Flask, auth_client: Client, user: User, key: str, field: str, value: str, message: str
) -> None:
    exercise = ex(app, key)
    workout_id = start(auth_client)
    version = reload_user(app, user).data_version
    good = {
        "weighted": {"reps": "8", "weight": "80", "rpe": "8", "notes": "ok"},
        "bodyweight": {"reps": "8", "weight": "5", "notes": "ok"},
        "assisted": {"reps": "8", "weight": "20", "notes": "ok"},
        "cardio": {"distance": "5", "time": "25:30", "notes": "ok"},
        "timed": {"time": "60", "notes": "ok"},
    }[exercise.kind]
    data = {**good, field: value}
    response = add(auth_client, workout_id, exercise, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert f'id="{field}-ex{exercise.id}-error"' in html
    assert count(app, WorkoutSet) == 0
    assert reload_user(app, user).data_version == version
    # What was typed is still there, in this exercise's form.
    for name, typed in data.items():
        if name != "kind":  # a <select>, not an <input>
            assert typed in form_values(html, name), name


def test_bad_set_input_in_pounds_names_the_pound_limit(app: Flask) -> None:
    make_user(app, email="lb@example.com", unit="lb")
    client = new_client(app)
    client.login("lb@example.com")
    bench = ex(app, "bench_press_barbell")
    workout_id = start(client)
    over = add(client, workout_id, bench, reps="1", weight="2204.7")
    assert over.status_code == 400
    assert "between 0 and 2204.6 lb" in over.get_data(as_text=True)
    assert add(client, workout_id, bench, reps="1", weight="2204.6").status_code == 302
    assert count(app, WorkoutSet) == 1


@pytest.mark.parametrize("value", ["", "abc", "99999999", "-1"])
def test_a_set_needs_a_known_exercise(app: Flask, auth_client: Client, value: str) -> None:
    workout_id = start(auth_client)
    response = auth_client.post(
        f"/workouts/{workout_id}/sets", data={"exercise_id": value, "reps": "8", "weight": "80"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="exercise_id-error"' in html and "Pick an exercise" in html
    refused = section(html, "set-error")
    assert form_values(refused, "reps") == ["8"] and form_values(refused, "weight") == ["80"]
    assert count(app, WorkoutSet) == 0


def test_a_set_of_someone_elses_custom_exercise_is_refused(
    app: Flask, auth_client: Client, other_user: User
) -> None:
    theirs = custom_exercise(app, other_user)
    workout_id = start(auth_client)
    response = add(auth_client, workout_id, theirs, reps="5", weight="60")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Pick an exercise from the list." in html and "Zercher Carry" not in html
    assert count(app, WorkoutSet) == 0


def test_a_set_posted_to_someone_elses_workout_is_404(
    app: Flask, auth_client: Client, other_user: User
) -> None:
    bench = ex(app, "bench_press_barbell")
    theirs = make_workout(app, other_user, PAST)
    assert theirs.id is not None
    response = add(auth_client, theirs.id, bench, reps="5", weight="60")
    assert response.status_code == 404
    assert count(app, WorkoutSet) == 0
    assert reload_user(app, other_user).data_version == other_user.data_version + 1


def _tomorrow_plus(days: int) -> str:
    return (local_today() + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "", "Enter the date."),
        ("date", "2026-13-01", "Enter a date as YYYY-MM-DD"),
        ("date", "02/03/2026", "Enter a date as YYYY-MM-DD"),
        ("date", "1899-12-31", "Enter a date from 1900 on."),
        ("date", "FUTURE", "more than a day in the future"),
        ("time", "", "Enter the start time."),
        ("time", "25:00", "Enter a time like 18:30"),
        ("time", "evening", "Enter a time like 18:30"),
        ("title", "t" * 121, "Keep the title under 120 characters."),
        ("notes", "n" * 2001, "Keep the notes under 2000 characters."),
        ("duration_minutes", "-1", "Between 0 and 1440 minutes"),
        ("duration_minutes", "1441", "Between 0 and 1440 minutes"),
        ("duration_minutes", "1.5", "whole number"),
    ],
)
def test_bad_workout_input(
    app: Flask, auth_client: Client, user: User, field: str, value: str, message: str
) -> None:
    if value == "FUTURE":
        value = _tomorrow_plus(2)
    data = {
        "date": "2026-03-02",
        "time": "18:30",
        "title": "Legs",
        "duration_minutes": "60",
        "notes": "",
        field: value,
    }
    response = auth_client.post("/workouts/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and f'id="{field}-error"' in html
    assert count(app, Workout) == 0
    assert reload_user(app, user).data_version == user.data_version
    if field not in ("title", "notes"):
        assert form_values(html, "title") == ["Legs"]
    if field != "notes":
        assert value in form_values(html, field)

    # Editing checks the same way and changes nothing.
    workout_id = start(auth_client, title="Before")
    edited = auth_client.post(f"/workouts/{workout_id}/edit", data=data)
    assert edited.status_code == 400 and message in edited.get_data(as_text=True)
    workout = get_workout(app, workout_id)
    assert workout is not None and workout.title == "Before"


def test_a_workout_may_start_up_to_a_day_ahead(app: Flask, auth_client: Client) -> None:
    """Time zones differ: tomorrow is allowed, the day after is not."""
    start(auth_client, date=_tomorrow_plus(1))
    assert count(app, Workout) == 1


# --- who may see what -------------------------------------------------------------------------


@pytest.fixture
def logged(app: Flask, user: User) -> tuple[Workout, WorkoutSet]:
    bench = ex(app, "bench_press_barbell")
    workout = make_workout(
        app, user, PAST, sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 100.0}]
    )
    assert workout.id is not None
    (item,) = sets_of(app, workout.id)
    return workout, item


PAGES = [
    "/workouts/{w}",
    "/workouts/{w}/edit",
    "/workouts/{w}/delete",
    "/sets/{s}/edit",
    "/sets/{s}/delete",
]
POSTS = [
    ("/workouts/{w}/sets", {"exercise_id": "{e}", "reps": "3", "weight": "50"}),
    ("/workouts/{w}/edit", {"date": "2026-01-01", "time": "10:00", "title": "Changed"}),
    ("/sets/{s}/edit", {"reps": "1", "weight": "1", "kind": "normal"}),
    ("/sets/{s}/delete", {}),
    ("/workouts/{w}/delete", {}),
]


def _fill(template: str, workout: Workout, item: WorkoutSet) -> str:
    return template.format(w=workout.id, s=item.id, e=item.exercise_id)


@pytest.mark.parametrize("path", ["/workouts", "/workouts/new", *PAGES])
def test_pages_as_owner(auth_client: Client, logged: tuple[Workout, WorkoutSet], path: str) -> None:
    assert auth_client.get(_fill(path, *logged)).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_pages_as_another_user_are_404(
    other_client: Client, logged: tuple[Workout, WorkoutSet], path: str
) -> None:
    response = other_client.get(_fill(path, *logged))
    assert response.status_code == 404
    assert "Bench Press" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/workouts", "/workouts/new", *PAGES])
def test_pages_as_a_visitor_go_to_login(
    client: Client, logged: tuple[Workout, WorkoutSet], path: str
) -> None:
    response = client.get(_fill(path, *logged))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def _snapshot(app: Flask) -> list[tuple[Any, ...]]:
    with session_for(app) as session:
        workouts = [(w.id, w.started_at, w.title) for w in session.exec(select(Workout))]
        sets = [(s.id, s.reps, s.weight_kg, s.position) for s in session.exec(select(WorkoutSet))]
        return [*workouts, *sets]


@pytest.mark.parametrize(("path", "data"), POSTS)
def test_posts_as_another_user_are_404_and_change_nothing(
    app: Flask,
    other_client: Client,
    logged: tuple[Workout, WorkoutSet],
    path: str,
    data: dict[str, str],
) -> None:
    before = _snapshot(app)
    filled = {k: _fill(v, *logged) for k, v in data.items()}
    assert other_client.post(_fill(path, *logged), data=filled).status_code == 404
    assert _snapshot(app) == before


@pytest.mark.parametrize(("path", "data"), [*POSTS, ("/workouts/new", {"date": "2026-01-01"})])
def test_posts_as_a_visitor_go_to_login_and_change_nothing(
    app: Flask,
    client: Client,
    logged: tuple[Workout, WorkoutSet],
    path: str,
    data: dict[str, str],
) -> None:
    before = _snapshot(app)
    filled = {k: _fill(v, *logged) for k, v in data.items()}
    response = client.post(_fill(path, *logged), data=filled)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert _snapshot(app) == before


@pytest.mark.parametrize(("path", "data"), POSTS)
def test_posts_as_owner(
    app: Flask,
    auth_client: Client,
    logged: tuple[Workout, WorkoutSet],
    path: str,
    data: dict[str, str],
) -> None:
    before = _snapshot(app)
    filled = {k: _fill(v, *logged) for k, v in data.items()}
    assert auth_client.post(_fill(path, *logged), data=filled).status_code == 302
    assert _snapshot(app) != before


@pytest.mark.parametrize("path", ["/workouts/999999", "/sets/999999/edit", "/sets/999999/delete"])
def test_missing_rows_are_404(auth_client: Client, path: str) -> None:
    assert auth_client.get(path).status_code == 404


# --- history ----------------------------------------------------------------------------------


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/workouts/\d+">([^<]+)</a></h3>', html)


def test_history_is_newest_first_twenty_a_page(
    app: Flask, auth_client: Client, user: User, other_user: User
) -> None:
    for n in range(25):
        make_workout(app, user, PAST + dt.timedelta(days=n), title=f"Session {n:02d}")
    make_workout(app, other_user, PAST, title="Not mine")
    first = auth_client.get("/workouts").get_data(as_text=True)
    assert _titles(first) == [f"Session {n:02d}" for n in range(24, 4, -1)]
    assert "Page 1 of 2" in first and 'href="/workouts?page=2"' in first
    second = auth_client.get("/workouts?page=2").get_data(as_text=True)
    assert _titles(second) == [f"Session {n:02d}" for n in range(4, -1, -1)]
    assert "Not mine" not in first + second
    beyond = auth_client.get("/workouts?page=9")
    assert beyond.status_code == 200 and _titles(beyond.get_data(as_text=True)) == []


def test_history_filters(app: Flask, auth_client: Client, user: User, other_user: User) -> None:
    bench, squat = ex(app, "bench_press_barbell"), ex(app, "squat_barbell")
    for n in range(6):
        make_workout(
            app,
            user,
            PAST + dt.timedelta(days=n),
            title=f"Day {n}",
            sets=[{"exercise_id": (bench if n % 2 else squat).id, "reps": 5, "weight_kg": 60}],
        )
    theirs = custom_exercise(app, other_user)
    make_workout(app, other_user, PAST, sets=[{"exercise_id": theirs.id, "reps": 1}])
    html = auth_client.get(f"/workouts?exercise={bench.id}").get_data(as_text=True)
    assert _titles(html) == ["Day 5", "Day 3", "Day 1"]
    # Only exercises the user has logged are offered.
    options = re.findall(r'<option[^>]*value="(\d*)"', html)
    assert set(options) == {"", str(bench.id), str(squat.id)}
    ranged = auth_client.get("/workouts?start=2026-03-03&end=2026-03-05").get_data(as_text=True)
    assert _titles(ranged) == ["Day 3", "Day 2", "Day 1"]
    both = auth_client.get(f"/workouts?exercise={squat.id}&start=2026-03-03&end=2026-03-07")
    assert _titles(both.get_data(as_text=True)) == ["Day 4", "Day 2"]
    single = auth_client.get("/workouts?start=2026-03-04&end=2026-03-04").get_data(as_text=True)
    assert _titles(single) == ["Day 2"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("start=2026-02-30", "start", "Enter a date as YYYY-MM-DD"),
        ("end=yesterday", "end", "Enter a date as YYYY-MM-DD"),
        ("start=1850-01-01", "start", "Enter a date from 1900 on."),
        ("start=2026-03-05&end=2026-03-01", "end", "The end date is before the start date."),
        ("exercise=abc", "exercise", "Pick an exercise from the list."),
        ("exercise=99999", "exercise", "Pick an exercise from the list."),
        ("page=two", "page", "The page must be a whole number."),
        ("page=0", "page", "Pages start at 1."),
        ("start=" + "9" * 300, "start", "Enter a date as YYYY-MM-DD"),
    ],
)
def test_history_bad_filters_give_a_message(
    app: Flask, auth_client: Client, user: User, query: str, field: str, message: str
) -> None:
    make_workout(app, user, PAST, title="Still listed")
    response = auth_client.get(f"/workouts?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and f'id="{field}-error"' in html
    assert "Still listed" in html


def test_history_shows_weekly_hard_sets(app: Flask, auth_client: Client, user: User) -> None:
    bench, squat = ex(app, "bench_press_barbell"), ex(app, "squat_barbell")
    today = local_today()
    monday = today - dt.timedelta(days=today.weekday())
    last_monday = monday - dt.timedelta(days=7)
    make_workout(
        app,
        user,
        dt.datetime.combine(monday, dt.time(0, 30)),
        sets=[
            {"exercise_id": bench.id, "reps": 10, "weight_kg": 40.0, "kind": "warmup"},
            *[{"exercise_id": bench.id, "reps": 8, "weight_kg": 80.0}] * 3,
        ],
    )
    make_workout(
        app,
        user,
        dt.datetime.combine(last_monday, dt.time(18)),
        sets=[{"exercise_id": squat.id, "reps": 5, "weight_kg": 100.0}] * 4,
    )
    html = auth_client.get("/workouts").get_data(as_text=True)

    def cell(muscle: str, week: dt.date) -> str:
        match = re.search(
            rf'data-muscle="{muscle}" data-week="{week.isoformat()}">([^<]*)</td>', html
        )
        assert match is not None, (muscle, week)
        return match.group(1)

    def number(value: float) -> str:
        return f"{value:g}"

    for muscle in BY_KEY["bench_press_barbell"].primary:
        assert cell(muscle, monday) == number(3)
    for muscle in BY_KEY["bench_press_barbell"].secondary:
        assert cell(muscle, monday) == number(1.5)
    for muscle in BY_KEY["squat_barbell"].primary:
        assert cell(muscle, last_monday) == number(4)
    for muscle in BY_KEY["squat_barbell"].secondary:
        assert cell(muscle, last_monday) == number(2)
    assert cell("calves", monday) == "0"
    assert "warm-ups" in html


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "٣x", "-1"])
def test_odd_ids_in_the_url_or_form_are_refused_not_a_500(
    app: Flask, auth_client: Client, user: User, value: str
) -> None:
    workout = make_workout(app, user, dt.datetime(2026, 1, 5, 18))
    page = auth_client.get(f"/workouts/{workout.id}", query_string={"focus": value, "add": value})
    assert page.status_code == 200
    posted = auth_client.post(
        f"/workouts/{workout.id}/sets", data={"exercise_id": value, "reps": "5", "weight": "50"}
    )
    assert posted.status_code == 400
    assert count(app, WorkoutSet) == 0
    assert auth_client.get("/exercises/new", query_string={"workout": value}).status_code == 200
    bench = catalogue_exercise(app, "bench_press_barbell")
    assert (
        auth_client.get(f"/exercises/{bench.id}", query_string={"page": value}).status_code == 200
    )


def test_the_account_limits_hold_for_workouts_sets_and_exercises(
    app: Flask, auth_client: Client, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past an account's limits (``tracker.limits``) a page says so and writes nothing."""
    from tracker import limits
    from tracker.crud import workouts as workouts_crud

    bench = catalogue_exercise(app, "bench_press_barbell")
    workout = make_workout(
        app, user, dt.datetime(2026, 11, 2, 18), sets=[{"exercise_id": bench.id, "reps": 5}] * 2
    )
    monkeypatch.setattr(workouts_crud, "SETS_PER_WORKOUT", limits.Count("sets in one workout", 2))
    assert workout.id is not None
    response = add(auth_client, workout.id, bench, reps="5", weight="60")
    assert response.status_code == 409
    assert "at most 2 sets in one workout" in response.get_data(as_text=True)
    assert count(app, WorkoutSet) == 2
    monkeypatch.setattr(limits, "WORKOUTS", limits.Count("workouts", 1))
    response = auth_client.post(
        "/workouts/new", data={"date": "2026-11-03", "time": "18:30", "title": "", "notes": ""}
    )
    assert response.status_code == 409
    assert count(app, Workout) == 1
    monkeypatch.setattr(limits, "CUSTOM_EXERCISES", limits.Count("custom exercises", 0))
    response = auth_client.post(
        "/exercises/new", data={"name": "Zercher Walk", "kind": "weighted", "primary": ["quads"]}
    )
    assert response.status_code == 409
    assert "at most 0 custom exercises" in response.get_data(as_text=True)
