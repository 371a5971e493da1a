"""The exercise list and search, custom exercises, and an exercise's history with its 1RM."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from tests.conftest import Client, form_values, new_client
from tests.factories import catalogue_exercise, count, make_user, make_workout, session_for
from tracker.catalogue import BY_KEY, CATALOGUE
from tracker.models import Exercise, ExerciseMuscle, User, Workout, WorkoutSet

PAST = dt.datetime(2026, 3, 2, 18, 30)
GOOD = {
    "name": "Zercher Squat",
    "kind": "weighted",
    "equipment": "barbell",
    "primary": ["quads", "glutes"],
    "secondary": ["abs"],
}


def reload_user(app: Flask, user: User) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


def own_exercises(app: Flask, owner: User) -> list[Exercise]:
    with session_for(app) as session:
        return list(session.exec(select(Exercise).where(Exercise.owner_id == owner.id)))


def muscles_of(app: Flask, exercise_id: int | None) -> dict[str, str]:
    with session_for(app) as session:
        rows = session.exec(select(ExerciseMuscle).where(ExerciseMuscle.exercise_id == exercise_id))
        return {row.muscle: row.role for row in rows}


def create(client: Client, **changes: Any) -> Any:
    return client.post("/exercises/new", data={**GOOD, **changes})


def names_listed(html: str) -> list[str]:
    return [name.strip() for name in re.findall(r'<a href="/exercises/\d+">([^<]+)', html)]


# --- the list and search ----------------------------------------------------------------------


def test_index_lists_the_whole_catalogue(auth_client: Client) -> None:
    html = auth_client.get("/exercises").get_data(as_text=True)
    listed = names_listed(html)
    assert len(CATALOGUE) >= 100
    assert {item.name for item in CATALOGUE} <= {n.replace("&#39;", "'") for n in listed}


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Flat Bench Press", "bench_press_barbell"),  # an alias
        ("db bench", "bench_press_dumbbell"),  # an abbreviation
        ("pullups", "pull_up"),
        ("RDL", "romanian_deadlift_barbell"),
        ("hex bar", "deadlift_trap_bar"),
        ("squat (barbell)", "squat_barbell"),
    ],
)
def test_search_by_name_or_alias(app: Flask, auth_client: Client, query: str, key: str) -> None:
    html = auth_client.get("/exercises", query_string={"q": query}).get_data(as_text=True)
    assert BY_KEY[key].name in names_listed(html)
    exercise = catalogue_exercise(app, key)
    assert f'href="/exercises/{exercise.id}"' in html


def test_exact_names_come_first(auth_client: Client) -> None:
    html = auth_client.get("/exercises", query_string={"q": "bench press"}).get_data(as_text=True)
    assert names_listed(html)[0] == "Bench Press (Barbell)"  # its alias "Bench Press"


def test_custom_exercises_are_found_by_name_and_private(
    app: Flask, auth_client: Client, other_client: Client
) -> None:
    assert create(auth_client).status_code == 302
    mine = auth_client.get("/exercises", query_string={"q": "zercher"}).get_data(as_text=True)
    assert names_listed(mine) == ["Zercher Squat"]
    theirs = other_client.get("/exercises", query_string={"q": "zercher"}).get_data(as_text=True)
    assert names_listed(theirs) == []
    assert "Zercher" not in other_client.get("/exercises").get_data(as_text=True)


def test_filter_by_muscle_group(auth_client: Client) -> None:
    html = auth_client.get("/exercises", query_string={"muscle": "calves"}).get_data(as_text=True)
    expected = {item.name for item in CATALOGUE if "calves" in item.primary}
    assert set(names_listed(html)) == expected


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"muscle": "wings"}, "muscle", "Pick a muscle group from the list."),
        ({"q": "x" * 121}, "q", "Keep the search under 120 characters."),
    ],
)
def test_bad_search(auth_client: Client, query: dict[str, str], field: str, message: str) -> None:
    response = auth_client.get("/exercises", query_string=query)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and f'id="{field}-error"' in html


# --- custom exercises -------------------------------------------------------------------------


def test_create_a_custom_exercise(app: Flask, auth_client: Client, user: User) -> None:
    response = create(auth_client)
    assert response.status_code == 302
    (exercise,) = own_exercises(app, user)
    assert (exercise.name, exercise.kind, exercise.equipment, exercise.key) == (
        "Zercher Squat",
        "weighted",
        "barbell",
        None,
    )
    assert response.headers["Location"] == f"/exercises/{exercise.id}"
    assert muscles_of(app, exercise.id) == {
        "quads": "primary",
        "glutes": "primary",
        "abs": "secondary",
    }
    assert reload_user(app, user).data_version == user.data_version + 1
    html = auth_client.get(f"/exercises/{exercise.id}").get_data(as_text=True)
    assert re.search(r"<dd>(Quadriceps, Glutes|Glutes, Quadriceps)</dd>", html)
    assert "<dd>Abdominals</dd>" in html


def test_create_from_a_workout_goes_back_to_it(app: Flask, auth_client: Client, user: User) -> None:
    workout = make_workout(app, user, PAST)
    response = auth_client.post(f"/exercises/new?workout={workout.id}", data=GOOD)
    (exercise,) = own_exercises(app, user)
    assert response.headers["Location"] == (f"/workouts/{workout.id}?add={exercise.id}")
    html = auth_client.get(f"/workouts/{workout.id}?add={exercise.id}").get_data(as_text=True)
    assert "Zercher Squat" in html


def test_create_from_someone_elses_workout_does_not_go_there(
    app: Flask, auth_client: Client, other_user: User
) -> None:
    theirs = make_workout(app, other_user, PAST)
    response = auth_client.post(f"/exercises/new?workout={theirs.id}", data=GOOD)
    assert response.status_code == 302
    assert not response.headers["Location"].startswith(f"/workouts/{theirs.id}")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Give the exercise a name."),
        ({"name": "   "}, "name", "Give the exercise a name."),
        ({"name": "n" * 121}, "name", "Keep the name under 120 characters."),
        ({"equipment": "spaceship"}, "equipment", "Pick the equipment from the list."),
        ({"kind": "yoga"}, "kind", "Pick a kind from the list."),
        ({"primary": []}, "primary", "Pick at least one main muscle group."),
        ({"primary": ["quads", "wings"]}, "primary", "Unknown muscle group: wings."),
        ({"secondary": ["tail"]}, "secondary", "Unknown muscle group: tail."),
        ({"secondary": ["quads"]}, "secondary", "either main or helping, not both: Quadriceps"),
        ({"kind": "cardio"}, "primary", "Cardio exercises carry no muscle groups"),
    ],
)
def test_bad_custom_exercise(
    app: Flask,
    auth_client: Client,
    user: User,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    before = (count(app, Exercise), count(app, ExerciseMuscle))
    response = create(auth_client, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and f'id="{field}-error"' in html
    assert (count(app, Exercise), count(app, ExerciseMuscle)) == before
    assert own_exercises(app, user) == []
    assert reload_user(app, user).data_version == user.data_version
    data = {**GOOD, **changes}
    if field != "name":
        assert form_values(html, "name") == [data["name"]]
    # The boxes ticked stay ticked.
    for role in ("primary", "secondary"):
        for muscle in data[role]:
            if muscle in ("quads", "glutes", "abs"):
                assert re.search(rf'<input checked[^>]*name="{role}"[^>]*value="{muscle}"', html)


def test_cardio_without_muscles_is_fine(app: Flask, auth_client: Client, user: User) -> None:
    response = create(
        auth_client, name="Rucking", kind="cardio", equipment="other", primary=[], secondary=[]
    )
    assert response.status_code == 302
    (exercise,) = own_exercises(app, user)
    assert muscles_of(app, exercise.id) == {}


def test_the_same_name_twice_is_refused(
    app: Flask, auth_client: Client, other_client: Client
) -> None:
    assert create(auth_client).status_code == 302
    again = create(auth_client, name="zercher  squat")
    assert again.status_code == 400
    assert "You already have an exercise with this name." in again.get_data(as_text=True)
    # Another user may use the name.
    assert create(other_client).status_code == 302
    assert count(app, Exercise) == len(CATALOGUE) + 2


def test_edit_a_custom_exercise(app: Flask, auth_client: Client, user: User) -> None:
    create(auth_client)
    (exercise,) = own_exercises(app, user)
    html = auth_client.get(f"/exercises/{exercise.id}/edit").get_data(as_text=True)
    assert form_values(html, "name") == ["Zercher Squat"]
    assert re.search(r'<input checked[^>]*name="primary"[^>]*value="quads"', html)
    version = reload_user(app, user).data_version
    response = auth_client.post(
        f"/exercises/{exercise.id}/edit",
        data={**GOOD, "name": "Zercher Squat (paused)", "primary": ["quads"], "secondary": []},
    )
    assert response.status_code == 302
    (changed,) = own_exercises(app, user)
    assert changed.name == "Zercher Squat (paused)"
    assert muscles_of(app, exercise.id) == {"quads": "primary"}
    # Its muscles feed the volume of sets already logged: projections must be recomputed.
    assert reload_user(app, user).data_version == version + 1
    # Keeping its own name is not a clash.
    same = auth_client.post(
        f"/exercises/{exercise.id}/edit", data={**GOOD, "name": "Zercher Squat (paused)"}
    )
    assert same.status_code == 302


def test_bad_edit_changes_nothing(app: Flask, auth_client: Client, user: User) -> None:
    create(auth_client)
    (exercise,) = own_exercises(app, user)
    response = auth_client.post(
        f"/exercises/{exercise.id}/edit", data={**GOOD, "name": "New name", "primary": []}
    )
    assert response.status_code == 400
    assert form_values(response.get_data(as_text=True), "name") == ["New name"]
    (same,) = own_exercises(app, user)
    assert same.name == "Zercher Squat" and len(muscles_of(app, exercise.id)) == 3


def test_delete_a_custom_exercise_and_its_sets(app: Flask, auth_client: Client, user: User) -> None:
    create(auth_client)
    (exercise,) = own_exercises(app, user)
    bench = catalogue_exercise(app, "bench_press_barbell")
    workout = make_workout(
        app,
        user,
        PAST,
        sets=[
            {"exercise_id": exercise.id, "reps": 5, "weight_kg": 60},
            {"exercise_id": bench.id, "reps": 5, "weight_kg": 60},
            {"exercise_id": exercise.id, "reps": 5, "weight_kg": 60},
        ],
    )
    html = auth_client.get(f"/exercises/{exercise.id}/delete").get_data(as_text=True)
    assert "2 sets" in html and f'action="/exercises/{exercise.id}/delete"' in html
    assert count(app, WorkoutSet) == 3
    assert auth_client.post(f"/exercises/{exercise.id}/delete").status_code == 302
    assert own_exercises(app, user) == []
    with session_for(app) as session:
        left = list(session.exec(select(WorkoutSet).where(WorkoutSet.workout_id == workout.id)))
    assert [(s.exercise_id, s.position) for s in left] == [(bench.id, 1)]
    assert count(app, ExerciseMuscle) == sum(
        len(item.primary) + len(item.secondary) for item in CATALOGUE
    )


# --- an exercise's page -----------------------------------------------------------------------


def test_exercise_page_shows_the_viewers_sets_and_best_1rm(
    app: Flask, auth_client: Client, user: User, other_user: User
) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    make_workout(
        app,
        user,
        PAST,
        sets=[
            {"exercise_id": bench.id, "reps": 10, "weight_kg": 100.0, "kind": "warmup"},
            {"exercise_id": bench.id, "reps": 5, "weight_kg": 100.0},  # 116.67
            {"exercise_id": bench.id, "reps": 10, "weight_kg": 90.0},  # 120: the best
            {"exercise_id": bench.id, "reps": 20, "weight_kg": 95.0},  # over 12 reps: no estimate
        ],
    )
    make_workout(
        app,
        user,
        PAST + dt.timedelta(days=7),
        sets=[{"exercise_id": bench.id, "reps": 3, "weight_kg": 105.0}],  # 115.5
    )
    make_workout(
        app,
        other_user,
        PAST + dt.timedelta(days=1),
        sets=[{"exercise_id": bench.id, "reps": 1, "weight_kg": 250.0}],
    )
    html = auth_client.get(f"/exercises/{bench.id}").get_data(as_text=True)
    assert "Epley" in html and "1RM = weight × (1 + reps / 30)" in html
    rows = re.findall(
        r"<tr>\s*<td><a href=\"/workouts/\d+\">([\d-]+)</a></td>(.*?)</tr>", html, re.S
    )
    assert [date for date, _ in rows] == ["2026-03-09", "2026-03-02"]
    assert "115.5 kg" in rows[0][1]
    assert "120 kg" in rows[1][1] and "10 @ 90 kg" in rows[1][1]
    assert "(+1 warm-up)" in rows[1][1]
    assert "250" not in html
    assert '<svg class="sparkline"' in html and "<polyline points=" in html
    assert " style=" not in html and "<style" not in html


def test_exercise_page_in_pounds(app: Flask) -> None:
    user = make_user(app, email="lb@example.com", unit="lb")
    client = new_client(app)
    client.login(user.email)
    bench = catalogue_exercise(app, "bench_press_barbell")
    make_workout(
        app, user, PAST, sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 102.05828325}]
    )
    html = client.get(f"/exercises/{bench.id}").get_data(as_text=True)
    assert "5 @ 225 lb" in html and "262.5 lb" in html  # 225 * (1 + 5/30) = 262.5


@pytest.mark.parametrize("key", ["pull_up_assisted", "pull_up", "plank", "running"])
def test_no_1rm_without_a_load(app: Flask, auth_client: Client, user: User, key: str) -> None:
    exercise = catalogue_exercise(app, key)
    make_workout(
        app,
        user,
        PAST,
        sets=[{"exercise_id": exercise.id, "reps": 8, "weight_kg": 20.0, "seconds": 60}],
    )
    html = auth_client.get(f"/exercises/{exercise.id}").get_data(as_text=True)
    assert "No estimated 1RM here" in html and "Best est. 1RM" not in html


def test_exercise_page_without_sets(auth_client: Client, app: Flask) -> None:
    squat = catalogue_exercise(app, "squat_barbell")
    html = auth_client.get(f"/exercises/{squat.id}").get_data(as_text=True)
    assert "You have not logged this exercise yet." in html
    assert "Back Squat" in html or BY_KEY["squat_barbell"].aliases == ()


def test_exercise_history_is_paginated(app: Flask, auth_client: Client, user: User) -> None:
    squat = catalogue_exercise(app, "squat_barbell")
    for n in range(35):
        make_workout(
            app,
            user,
            PAST + dt.timedelta(days=n),
            sets=[{"exercise_id": squat.id, "reps": 5, "weight_kg": 100.0 + n}],
        )
    first = auth_client.get(f"/exercises/{squat.id}").get_data(as_text=True)
    assert "Page 1 of 2" in first and "5 @ 134 kg" in first and "5 @ 104 kg" not in first
    second = auth_client.get(f"/exercises/{squat.id}?page=2").get_data(as_text=True)
    assert "5 @ 104 kg" in second and "5 @ 100 kg" in second
    assert auth_client.get(f"/exercises/{squat.id}?page=abc").status_code == 200


# --- who may see what -------------------------------------------------------------------------


@pytest.fixture
def custom(app: Flask, user: User) -> Exercise:
    with session_for(app) as session:
        item = Exercise(name="Secret Lift", equipment="other", kind="weighted", owner_id=user.id)
        session.add(item)
        session.flush()
        session.add(ExerciseMuscle(exercise_id=item.id, muscle="traps", role="primary"))
        session.commit()
        session.refresh(item)
        return item


OWN_PAGES = ["/exercises/{e}", "/exercises/{e}/edit", "/exercises/{e}/delete"]


@pytest.mark.parametrize("path", ["/exercises", "/exercises/new", *OWN_PAGES])
def test_pages_as_owner(auth_client: Client, custom: Exercise, path: str) -> None:
    assert auth_client.get(path.format(e=custom.id)).status_code == 200


@pytest.mark.parametrize("path", OWN_PAGES)
def test_someone_elses_custom_exercise_is_404(
    other_client: Client, custom: Exercise, path: str
) -> None:
    response = other_client.get(path.format(e=custom.id))
    assert response.status_code == 404 and "Secret Lift" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/exercises", "/exercises/new", *OWN_PAGES])
def test_visitors_go_to_login(client: Client, custom: Exercise, path: str) -> None:
    response = client.get(path.format(e=custom.id))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_catalogue_exercises_are_for_everyone_but_not_editable(
    app: Flask, auth_client: Client, other_client: Client
) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    assert auth_client.get(f"/exercises/{bench.id}").status_code == 200
    assert other_client.get(f"/exercises/{bench.id}").status_code == 200
    assert auth_client.get(f"/exercises/{bench.id}/edit").status_code == 404
    assert auth_client.get(f"/exercises/{bench.id}/delete").status_code == 404
    assert auth_client.post(f"/exercises/{bench.id}/edit", data=GOOD).status_code == 404
    assert auth_client.post(f"/exercises/{bench.id}/delete").status_code == 404
    assert catalogue_exercise(app, "bench_press_barbell").name == "Bench Press (Barbell)"


@pytest.mark.parametrize(
    ("path", "data"),
    [("/exercises/{e}/edit", {**GOOD, "name": "Renamed"}), ("/exercises/{e}/delete", {})],
)
def test_posts_by_others_and_visitors_change_nothing(
    app: Flask,
    client: Client,
    other_client: Client,
    custom: Exercise,
    user: User,
    path: str,
    data: dict[str, Any],
) -> None:
    assert other_client.post(path.format(e=custom.id), data=data).status_code == 404
    visitor = client.post(path.format(e=custom.id), data=data)
    assert visitor.status_code == 302 and visitor.headers["Location"].startswith("/login")
    (same,) = own_exercises(app, user)
    assert same.name == "Secret Lift" and muscles_of(app, custom.id) == {"traps": "primary"}


def test_visitors_cannot_create(app: Flask, client: Client) -> None:
    before = count(app, Exercise)
    response = client.post("/exercises/new", data=GOOD)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert count(app, Exercise) == before
    assert count(app, Workout) == 0


def test_the_dashboards_counts_of_exercises_without_muscles_are_the_listings(
    app: Flask, user: User, other_user: User
) -> None:
    """``unassigned_counts`` (the dashboard's banner) says what ``unassigned`` (the page that
    sets their muscles) lists: only the user's exercises without muscles that have sets,
    cardio aside, every kind of set counted."""
    from tracker import crud
    from tracker.crud.exercises import Muscles
    from tracker.models import ExerciseBase

    def counts(owner: User) -> tuple[tuple[int, int], tuple[int, int]]:
        assert owner.id is not None
        with session_for(app) as session:
            listed = [n for _, n in crud.exercises.unassigned(session=session, user_id=owner.id)]
            told = crud.exercises.unassigned_counts(session=session, user_id=owner.id)
        return told, (sum(1 for n in listed if n), sum(listed))

    assert counts(user) == ((0, 0), (0, 0))

    def custom(
        owner: User, name: str, kind: str = "weighted", muscles: tuple[str, ...] = ()
    ) -> int:
        assert owner.id is not None
        with session_for(app) as session:
            made = crud.exercises.create_custom(
                session=session, user_id=owner.id, data=ExerciseBase(name=name, kind=kind),
                muscles=Muscles(muscles),
            )  # fmt: skip
            assert made.id is not None
            return made.id

    zorblax, quiet = custom(user, "Zorblax"), custom(user, "Never done")
    rowing = custom(user, "Rowing", kind="cardio")
    mine = custom(user, "Mystery press", muscles=("chest",))
    theirs = custom(other_user, "Their zorblax")
    assert quiet
    sets = [
        {"exercise_id": zorblax, "reps": 5, "weight_kg": 50.0},
        {"exercise_id": zorblax, "reps": 10, "weight_kg": 20.0, "kind": "warmup"},
        {"exercise_id": rowing, "reps": 1},
        {"exercise_id": mine, "reps": 5, "weight_kg": 40.0},
    ]
    make_workout(app, user, dt.datetime(2026, 3, 2, 18), sets=sets)
    make_workout(app, other_user, dt.datetime(2026, 3, 2, 18),
                 sets=[{"exercise_id": theirs, "reps": 5, "weight_kg": 9.0}] * 4)  # fmt: skip
    assert counts(user) == ((1, 2), (1, 2))
    assert counts(other_user) == ((1, 4), (1, 4))
    second = custom(user, "Blorb")
    make_workout(app, user, dt.datetime(2026, 3, 4, 18),
                 sets=[{"exercise_id": second, "reps": 3, "weight_kg": 5.0}] * 3)  # fmt: skip
    assert counts(user) == ((2, 5), (2, 5))
