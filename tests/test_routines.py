"""Routines: saved from a workout, written and changed in the editor (no JavaScript needed),
deleted, started in one tap with their sets planned and pre-filled; bad input at its field;
each user's own."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from tests.conftest import Client, form_values, new_client
from tests.factories import catalogue_exercise, count, make_workout, session_for
from tracker import crud
from tracker.clock import local_now
from tracker.models import Exercise, PlannedSet, Routine, RoutineSet, User, Workout, WorkoutSet

PAST = dt.datetime(2026, 3, 2, 18, 30)


def routine_sets(app: Flask, routine_id: int) -> list[tuple[int, str, int | None, float | None]]:
    with session_for(app) as session:
        found = session.exec(select(RoutineSet).where(RoutineSet.routine_id == routine_id))
        return [
            (s.exercise_id, s.kind, s.reps, s.weight_kg)
            for s in sorted(found, key=lambda s: s.position)
        ]


def routines(app: Flask) -> list[Routine]:
    with session_for(app) as session:
        return list(session.exec(select(Routine)))


def editor(rows: list[tuple[Exercise, str, str, str]], **fields: str) -> dict[str, str]:
    """The editor's form: rows of (exercise, kind, reps, weight)."""
    data = {"name": "Push day", "action": "save", **fields}
    for n, (exercise, kind, reps, weight) in enumerate(rows):
        data |= {
            f"sets-{n}-exercise_id": str(exercise.id),
            f"sets-{n}-kind": kind,
            f"sets-{n}-reps": reps,
            f"sets-{n}-weight": weight,
        }
    return data


@pytest.fixture
def bench(app: Flask) -> Exercise:
    return catalogue_exercise(app, "bench_press_barbell")


@pytest.fixture
def press(app: Flask) -> Exercise:
    return catalogue_exercise(app, "overhead_press_barbell")


@pytest.fixture
def saved(app: Flask, user: User, bench: Exercise, press: Exercise) -> Routine:
    with session_for(app) as session:
        return crud.routines.create(
            session=session,
            user_id=user.id or 0,
            name="Push day",
            values=[
                crud.planned.PlannedValues(exercise_id=bench.id or 0, reps=8, weight_kg=60.0),
                crud.planned.PlannedValues(exercise_id=bench.id or 0, reps=8, weight_kg=60.0),
                crud.planned.PlannedValues(exercise_id=press.id or 0, reps=6, weight_kg=None),
            ],
        )


def test_save_a_workout_as_a_routine(
    app: Flask, auth_client: Client, user: User, bench: Exercise, press: Exercise
) -> None:
    workout = make_workout(
        app,
        user,
        PAST,
        title="Push day",
        sets=[
            {"exercise_id": bench.id, "reps": 10, "weight_kg": 40.0, "kind": "warmup"},
            {"exercise_id": bench.id, "reps": 8, "weight_kg": 60.0},
            {"exercise_id": press.id, "reps": 6, "weight_kg": 40.0},
        ],
    )
    page = auth_client.get(f"/routines/new?workout={workout.id}").get_data(as_text=True)
    assert form_values(page, "name") == ["Push day"]
    assert form_values(page, "sets-0-reps") == ["10"] and form_values(page, "sets-2-weight") == [
        "40"
    ]
    data = editor(
        [
            (bench, "warmup", "10", "40"),
            (bench, "normal", "8", "60"),
            (press, "normal", "6", "40"),
        ]
    )
    version = _version(app, user)
    response = auth_client.post("/routines/new", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/routines"
    (routine,) = routines(app)
    assert (routine.name, routine.user_id) == ("Push day", user.id)
    assert routine_sets(app, routine.id or 0) == [
        (bench.id, "warmup", 10, 40.0),
        (bench.id, "normal", 8, 60.0),
        (press.id, "normal", 6, 40.0),
    ]
    # No training, but a new version: the dashboard keeps its start card by it.
    assert _version(app, user) == version + 1
    assert "Start Push day" in auth_client.get("/").get_data(as_text=True)


def test_the_dashboards_start_card_follows_routines_at_once(
    app: Flask, auth_client: Client, user: User, bench: Exercise
) -> None:
    make_workout(
        app, user, local_now(user.timezone) - dt.timedelta(days=2), title="Legs",
        sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 100.0}],
    )  # fmt: skip
    page = auth_client.get("/").get_data(as_text=True)  # the card is kept from here on
    assert "Repeat last Legs" in page and "Start Push" not in page
    data = editor([(bench, "normal", "8", "60")], name="Push")
    assert auth_client.post("/routines/new", data=data).status_code == 302
    assert "Start Push" in auth_client.get("/").get_data(as_text=True)
    (routine,) = routines(app)
    assert auth_client.post(f"/routines/{routine.id}/delete").status_code == 302
    page = auth_client.get("/").get_data(as_text=True)
    assert "Start Push" not in page and "Repeat last Legs" in page


def _version(app: Flask, user: User) -> int:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found.data_version


def test_start_a_routine_plans_its_sets_with_last_times_values(
    app: Flask, auth_client: Client, user: User, saved: Routine, bench: Exercise, press: Exercise
) -> None:
    # Last time's bench press: 3 x 5 at 70 kg; the press was never done.
    make_workout(
        app, user, PAST, sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 70.0}] * 3
    )
    response = auth_client.post(f"/routines/{saved.id}/start")
    assert response.status_code == 302
    workout_id = int(re.search(r"/workouts/(\d+)", response.headers["Location"]).group(1))  # type: ignore[union-attr]
    with session_for(app) as session:
        workout = session.get(Workout, workout_id)
        found = session.exec(select(PlannedSet).where(PlannedSet.workout_id == workout_id))
        rows = sorted(found, key=lambda r: r.position)
        routine = session.get(Routine, saved.id)
    assert workout is not None and workout.title == "Push day"
    assert [(r.exercise_id, r.reps, r.weight_kg, r.set_id) for r in rows] == [
        (bench.id, 5, 70.0, None),  # last time's, not the routine's 8 x 60
        (bench.id, 5, 70.0, None),
        (press.id, 6, None, None),  # never done: the routine's target
    ]
    assert routine is not None and routine.used_at is not None
    assert count(app, WorkoutSet) == 3  # the earlier workout's only: planned is not training
    html = auth_client.get(f"/workouts/{workout_id}").get_data(as_text=True)
    assert "Mark set 2 of Bench Press (Barbell) done" in html


def test_edit_a_routine_add_and_remove_sets_and_exercises(
    app: Flask, auth_client: Client, saved: Routine, bench: Exercise, press: Exercise
) -> None:
    path = f"/routines/{saved.id}/edit"
    page = auth_client.get(path).get_data(as_text=True)
    assert form_values(page, "sets-1-reps") == ["8"]
    rows = [(bench, "normal", "8", "60"), (bench, "normal", "8", "60"), (press, "normal", "6", "")]
    # One more set of the bench press: the editor comes back with it, nothing saved yet.
    more = auth_client.post(path, data=editor(rows, action=f"more:{bench.id}"))
    assert more.status_code == 200
    html = more.get_data(as_text=True)
    assert form_values(html, "sets-2-reps") == ["8"] and form_values(html, "sets-3-reps") == ["6"]
    assert len(routine_sets(app, saved.id or 0)) == 3
    # A search, then an exercise added from it.
    found = auth_client.post(path, data=editor(rows, action="find", q="squat"))
    squat = catalogue_exercise(app, "squat_barbell")
    assert f'value="add:{squat.id}"' in found.get_data(as_text=True)
    added = auth_client.post(path, data=editor(rows, action=f"add:{squat.id}"))
    assert (
        len(
            re.findall(
                r'name="sets-\d+-exercise_id" value="' + str(squat.id), added.get_data(as_text=True)
            )
        )
        == 3
    )
    # Saved: the press removed, a set removed, renamed.
    data = editor(rows, name="Bench only")
    data |= {"sets-2-remove": "1", "sets-1-remove": "1", "sets-0-reps": "5", "sets-0-weight": "70"}
    assert auth_client.post(path, data=data).status_code == 302
    assert routine_sets(app, saved.id or 0) == [(bench.id, "normal", 5, 70.0)]
    assert routines(app)[0].name == "Bench only"


def test_delete_a_routine_after_confirming(app: Flask, auth_client: Client, saved: Routine) -> None:
    page = auth_client.get(f"/routines/{saved.id}/delete").get_data(as_text=True)
    assert "Delete the routine “Push day”?" in page
    assert count(app, Routine) == 1
    assert auth_client.post(f"/routines/{saved.id}/delete").status_code == 302
    assert count(app, Routine) == 0 and count(app, RoutineSet) == 0


def test_the_routines_page_lists_them_with_start_buttons(
    auth_client: Client, saved: Routine
) -> None:
    html = auth_client.get("/routines").get_data(as_text=True)
    assert "Bench Press (Barbell): 2 sets" in html and "Overhead Press (Barbell): 1 set" in html
    assert f'action="/routines/{saved.id}/start"' in html


def test_the_dashboard_and_the_history_start_a_workout_in_one_tap(
    app: Flask, auth_client: Client, user: User, saved: Routine, bench: Exercise
) -> None:
    make_workout(
        app,
        user,
        PAST,
        title="Legs",
        sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 70.0}],
    )
    for path in ("/", "/workouts"):
        html = auth_client.get(path).get_data(as_text=True)
        assert "Repeat last Legs" in html, path
        assert "Start Push day" in html and f'action="/routines/{saved.id}/start"' in html
        assert 'action="/workouts/start"' in html


def test_the_start_card_counts_each_offered_workouts_and_routines_sets(
    app: Flask, auth_client: Client, user: User, other_user: User, saved: Routine, bench: Exercise
) -> None:
    one = {"exercise_id": bench.id, "reps": 5, "weight_kg": 70.0}
    warmup = {"exercise_id": bench.id, "reps": 10, "weight_kg": 40.0, "kind": "warmup"}
    make_workout(app, user, PAST, title="Legs", sets=[one])
    make_workout(app, user, PAST + dt.timedelta(hours=2), title="Pull", sets=[warmup, one, one])
    # Another user's workout, later and bigger, is neither offered nor counted.
    make_workout(app, other_user, PAST + dt.timedelta(hours=3), title="Pull", sets=[one] * 9)
    html = re.sub(r"\s+", " ", auth_client.get("/").get_data(as_text=True))
    assert re.search(r"Repeat last Pull.{0,400}?· 3 sets", html), html
    assert re.search(r"Repeat last Legs.{0,400}?· 1 set\b", html)
    assert "9 sets" not in html
    assert re.search(r"Start Push day.{0,400}?Routine · 3 sets", html)


# --- bad input ------------------------------------------------------------------------------


BAD = [
    ({"name": ""}, "name", "Give the routine a name."),
    ({"name": "   "}, "name", "Give the routine a name."),
    ({"name": "x" * 81}, "name", "Keep the name under 80 characters."),
    ({"name": "Push\x00day"}, "name", "Use letters, digits and punctuation only."),
    ({"sets-0-reps": "8.5"}, "sets-0-reps", "whole number"),
    ({"sets-0-reps": "0"}, "sets-0-reps", "between 1 and 1000"),
    ({"sets-0-reps": "<b>8</b>"}, "sets-0-reps", "whole number"),
    ({"sets-1-weight": "-5"}, "sets-1-weight", "between 0 and 1000 kg"),
    ({"sets-1-weight": "1e9"}, "sets-1-weight", "Enter the weight as a number"),
    ({"sets-1-weight": "9" * 40}, "sets-1-weight", "Enter the weight as a number"),
    ({"sets-0-kind": "heavy"}, "sets-0-kind", "Pick a set type from the list."),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    app: Flask,
    auth_client: Client,
    saved: Routine,
    bench: Exercise,
    change: dict[str, str],
    field: str,
    message: str,
) -> None:
    before = routine_sets(app, saved.id or 0)
    data = editor([(bench, "normal", "8", "60"), (bench, "normal", "8", "60")]) | change
    for path in ("/routines/new", f"/routines/{saved.id}/edit"):
        response = auth_client.post(path, data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, path
        assert message in html and f'id="{field}-error"' in html, path
        assert f'aria-describedby="{field}-error"' in html
    assert count(app, Routine) == 1 and routine_sets(app, saved.id or 0) == before
    assert routines(app)[0].name == "Push day"


@pytest.mark.parametrize("exercise_id", ["", "abc", "99999999", "-1", "²", "9" * 30, "THEIRS"])
def test_a_set_of_an_exercise_that_is_not_the_users_is_refused(
    app: Flask, auth_client: Client, other_user: User, bench: Exercise, exercise_id: str
) -> None:
    if exercise_id == "THEIRS":
        with session_for(app) as session:
            theirs = Exercise(name="Zercher Carry", kind="weighted", owner_id=other_user.id)
            session.add(theirs)
            session.commit()
            exercise_id = str(theirs.id)
    data = editor([(bench, "normal", "8", "60")]) | {
        "sets-1-exercise_id": exercise_id,
        "sets-1-reps": "5",
    }
    response = auth_client.post("/routines/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "not in your list" in html and "Zercher Carry" not in html
    assert count(app, Routine) == 0


def test_a_routine_needs_sets_and_holds_at_most_a_hundred(
    app: Flask, auth_client: Client, bench: Exercise
) -> None:
    empty = auth_client.post("/routines/new", data={"name": "Nothing", "action": "save"})
    assert empty.status_code == 400 and "Add at least one exercise." in empty.get_data(as_text=True)
    many = editor([(bench, "normal", "5", "50")] * 101)
    response = auth_client.post("/routines/new", data=many)
    assert response.status_code == 400
    assert "A routine holds at most 100 sets." in response.get_data(as_text=True)
    assert count(app, Routine) == 0


@pytest.mark.parametrize("action", ["explode", "more:abc", "add:99999999", "drop:"])
def test_odd_actions_are_refused_or_harmless(
    app: Flask, auth_client: Client, bench: Exercise, action: str
) -> None:
    response = auth_client.post(
        "/routines/new", data=editor([(bench, "normal", "8", "60")], action=action)
    )
    assert response.status_code in (200, 400)
    assert count(app, Routine) == 0


def test_the_account_limit_holds(
    app: Flask, auth_client: Client, bench: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker import limits

    monkeypatch.setattr(crud.routines, "ROUTINES", limits.Count("routines", 0))
    response = auth_client.post("/routines/new", data=editor([(bench, "normal", "8", "60")]))
    assert response.status_code == 409 and "at most 0 routines" in response.get_data(as_text=True)
    assert count(app, Routine) == 0


# --- who may see what -----------------------------------------------------------------------

PAGES = ["/routines/{r}/edit", "/routines/{r}/delete"]
POSTS: list[tuple[str, dict[str, Any]]] = [
    ("/routines/{r}/edit", {"name": "Mine now", "action": "save"}),
    ("/routines/{r}/delete", {}),
    ("/routines/{r}/start", {}),
]


def _snapshot(app: Flask) -> list[Any]:
    with session_for(app) as session:
        return [
            *[(r.id, r.name, r.used_at) for r in session.exec(select(Routine))],
            *[(s.id, s.reps) for s in session.exec(select(RoutineSet))],
            *[w.id for w in session.exec(select(Workout))],
        ]


@pytest.mark.parametrize("path", PAGES)
def test_another_users_routine_is_404(other_client: Client, saved: Routine, path: str) -> None:
    response = other_client.get(path.format(r=saved.id))
    assert response.status_code == 404 and "Push day" not in response.get_data(as_text=True)


def test_a_user_sees_only_their_own_routines(
    app: Flask, other_client: Client, other_user: User, saved: Routine
) -> None:
    html = other_client.get("/routines").get_data(as_text=True)
    assert "Push day" not in html and "No routines yet" in html
    assert "Push day" not in other_client.get("/").get_data(as_text=True)
    assert "Push day" not in other_client.get("/workouts").get_data(as_text=True)


@pytest.mark.parametrize(("path", "data"), POSTS)
def test_posts_to_another_users_routine_are_404_and_change_nothing(
    app: Flask,
    other_client: Client,
    saved: Routine,
    bench: Exercise,
    path: str,
    data: dict[str, Any],
) -> None:
    before = _snapshot(app)
    body = {**data, "sets-0-exercise_id": str(bench.id), "sets-0-reps": "1"}
    assert other_client.post(path.format(r=saved.id), data=body).status_code == 404
    assert _snapshot(app) == before


@pytest.mark.parametrize("path", ["/routines", "/routines/new", *PAGES])
def test_a_visitor_goes_to_login(client: Client, saved: Routine, path: str) -> None:
    response = client.get(path.format(r=saved.id))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(("path", "data"), [*POSTS, ("/routines/new", {"name": "x"})])
def test_a_visitors_posts_change_nothing(
    app: Flask, client: Client, saved: Routine, path: str, data: dict[str, Any]
) -> None:
    before = _snapshot(app)
    response = client.post(path.format(r=saved.id), data=data)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert _snapshot(app) == before


def test_a_post_without_the_csrf_token_is_refused(
    app: Flask, auth_client: Client, saved: Routine
) -> None:
    before = _snapshot(app)
    for path in (f"/routines/{saved.id}/start", f"/routines/{saved.id}/delete", "/routines/new"):
        assert auth_client.post(path, data={"name": "x"}, csrf=False).status_code == 400
    assert _snapshot(app) == before


def test_a_workout_of_another_user_cannot_be_saved_as_a_routine(
    app: Flask, auth_client: Client, other_user: User, bench: Exercise
) -> None:
    theirs = make_workout(
        app, other_user, PAST, title="Secret", sets=[{"exercise_id": bench.id, "reps": 3}]
    )
    html = auth_client.get(f"/routines/new?workout={theirs.id}").get_data(as_text=True)
    assert "Secret" not in html and form_values(html, "sets-0-reps") == []


def test_the_routine_pages_have_no_inline_script_or_style(
    auth_client: Client, saved: Routine
) -> None:
    for path in ("/routines", "/routines/new", f"/routines/{saved.id}/edit"):
        html = auth_client.get(path).get_data(as_text=True)
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path


def test_the_kept_start_card_carries_each_sessions_own_csrf_token(
    app: Flask, auth_client: Client, user: User, bench: Exercise
) -> None:
    """The dashboard keeps its start card rendered; the token in its forms is the request's."""
    make_workout(
        app, user, local_now(user.timezone) - dt.timedelta(days=2), title="Legs",
        sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 100.0}],
    )  # fmt: skip
    second = new_client(app)
    second.login(user.email)

    def card_token(client: Client) -> str:
        page = client.get("/").get_data(as_text=True)
        card = page.split('id="start"', 1)[1].split("</section>", 1)[0]
        tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', card))
        assert len(tokens) == 1 and "\x00" not in card
        return tokens.pop()

    first_token, second_token = card_token(auth_client), card_token(second)
    assert first_token != second_token  # two sessions, two tokens, one kept card
    with session_for(app) as session:
        legs = session.exec(select(Workout)).one()
    # Each session's token from the kept card is accepted for that session only.
    ok = second.post(f"/workouts/{legs.id}/repeat", data={"csrf_token": second_token}, csrf=False)
    assert ok.status_code == 302
    refused = auth_client.post(
        f"/workouts/{legs.id}/repeat", data={"csrf_token": second_token}, csrf=False
    )
    assert refused.status_code == 400
