"""Routines in Regain's own JSON export and import: exported exactly (values, order, exercises
by reference, a custom exercise's), streamed or not; brought back into another account the
same, once (a routine with the same name and sets is not added again), in the import's one
transaction; documents from before routines were exported still import; bad values are refused
at their place and the limits before anything stays written; another user's routines never
appear; the API and the export say the same of a routine."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import insert
from sqlmodel import col, select

from tests.api_helpers import Api, make_token
from tests.conftest import Client, new_client
from tests.factories import catalogue_exercise, count, make_user, make_workout, session_for
from tests.importing import token_of, upload
from tracker import crud, limits
from tracker.crud import imports, matching
from tracker.crud.exercises import Muscles
from tracker.crud.routines import MAX_ROUTINE_SETS, MAX_ROUTINES
from tracker.export import (
    ROUTINE_NAME_LENGTH,
    ROUTINE_TARGETS,
    build_document,
    read_document,
    to_json,
)
from tracker.importers.incoming import read_file
from tracker.importers.records import ImportFormatError
from tracker.models import (
    Break,
    Exercise,
    ExerciseBase,
    PlannedValues,
    Routine,
    RoutineSet,
    User,
    Workout,
    WorkoutSet,
    utcnow,
)

TODAY = dt.date(2026, 3, 1)
USED = dt.datetime(2026, 2, 20, 18, 2, 11)


def _custom(app: Flask, user: User, name: str) -> Exercise:
    with session_for(app) as session:
        return crud.exercises.create_custom(
            session=session,
            user_id=user.id or 0,
            data=ExerciseBase(name=name, kind="weighted", equipment="cable"),
            muscles=Muscles(("biceps",), ()),
        )


def _routine(app: Flask, user: User, name: str, *values: PlannedValues) -> Routine:
    with session_for(app) as session:
        return crud.routines.create(
            session=session, user_id=user.id or 0, name=name, values=list(values)
        )


def _id(app: Flask, key: str) -> int:
    return catalogue_exercise(app, key).id or 0


def _use(app: Flask, routine: Routine, when: dt.datetime) -> None:
    with session_for(app) as session:
        row = session.get(Routine, routine.id)
        assert row is not None
        row.used_at = when
        session.add(row)
        session.commit()


@pytest.fixture
def routines(app: Flask, user: User) -> list[Routine]:
    """Three routines of ``user``: catalogue lifts (one set a warm-up, targets left out), a
    custom exercise with a timed one, and cardio; the second used once."""
    curl = _custom(app, user, "Cable curl")
    bench, press = _id(app, "bench_press_barbell"), _id(app, "overhead_press_barbell")
    made = [
        _routine(
            app,
            user,
            "Push day",
            PlannedValues(exercise_id=bench, kind="warmup", reps=10, weight_kg=20.0),
            PlannedValues(exercise_id=bench, reps=8, weight_kg=62.5),
            PlannedValues(exercise_id=press),
        ),
        _routine(
            app,
            user,
            "Arms",
            PlannedValues(exercise_id=curl.id or 0, kind="failure", reps=12, weight_kg=17.5),
            PlannedValues(exercise_id=_id(app, "plank"), seconds=60),
        ),
        _routine(
            app,
            user,
            "Run",
            PlannedValues(exercise_id=_id(app, "running"), distance_m=5000.0, seconds=1500),
        ),
    ]
    _use(app, made[1], USED)
    return made


EXPECTED = [
    {
        "name": "Push day",
        "used_at": None,
        "sets": [
            {
                "exercise": "bench_press_barbell",
                "kind": "warmup",
                "reps": 10,
                "weight_kg": 20.0,
                "distance_m": None,
                "seconds": None,
            },
            {
                "exercise": "bench_press_barbell",
                "kind": "normal",
                "reps": 8,
                "weight_kg": 62.5,
                "distance_m": None,
                "seconds": None,
            },
            {
                "exercise": "overhead_press_barbell",
                "kind": "normal",
                "reps": None,
                "weight_kg": None,
                "distance_m": None,
                "seconds": None,
            },
        ],
    },
    {
        "name": "Arms",
        "used_at": "2026-02-20T18:02:11Z",
        "sets": [
            {
                "custom_exercise": "Cable curl",
                "kind": "failure",
                "reps": 12,
                "weight_kg": 17.5,
                "distance_m": None,
                "seconds": None,
            },
            {
                "exercise": "plank",
                "kind": "normal",
                "reps": None,
                "weight_kg": None,
                "distance_m": None,
                "seconds": 60,
            },
        ],
    },
    {
        "name": "Run",
        "used_at": None,
        "sets": [
            {
                "exercise": "running",
                "kind": "normal",
                "reps": None,
                "weight_kg": None,
                "distance_m": 5000.0,
                "seconds": 1500,
            }
        ],
    },
]


def streamed(client: Client) -> dict[str, Any]:
    response = client.get("/export.json")
    assert response.status_code == 200
    return dict(json.loads(response.get_data()))


def built(app: Flask, user: User) -> dict[str, Any]:
    """The export as the CLI writes it (every row loaded first, not streamed)."""
    with session_for(app) as session:
        rows = crud.exports.export_rows(session=session, user_id=user.id or 0)
        return dict(json.loads(to_json(build_document(rows, utcnow()))))


def stored_routines(app: Flask, user: User) -> list[tuple[Any, ...]]:
    """(name, used_at, [(exercise key or custom name, owner, kind, targets...)]) of each of
    the user's routines, as the app lists them (used last first, then the newest)."""
    with session_for(app) as session:
        found = []
        for item in crud.routines.own(session=session, user_id=user.id or 0):
            sets = [
                (
                    exercise.key or exercise.name,
                    exercise.owner_id,
                    s.position,
                    s.kind,
                    s.reps,
                    s.weight_kg,
                    s.distance_m,
                    s.seconds,
                )
                for s, exercise in item.sets
            ]
            found.append((item.routine.name, item.routine.used_at, sets))
        return found


def import_into(app: Flask, email: str, document: bytes | str) -> User:
    """A new account with ``document`` imported through the pages, every proposal accepted."""
    fresh = make_user(app, email=email)
    client = new_client(app)
    client.login(fresh.email)
    token = token_of(upload(client, document, filename="regain.json"))
    response = client.post(f"/import/{token}", data={"accept_all": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return fresh


def run(app: Flask, user: User, document: str | bytes, **kwargs: Any) -> imports.ImportResult:
    data = document.encode() if isinstance(document, str) else document
    incoming = read_file(data, today=dt.date.today())
    with session_for(app) as session:
        return imports.run_import(
            session=session, user_id=user.id or 0, incoming=incoming, **kwargs
        )


def document(**parts: Any) -> str:
    return json.dumps({"format": "regain", "format_version": 1, **parts})


def one_set(**values: Any) -> dict[str, Any]:
    return {"exercise": "bench_press_barbell", "kind": "normal", "reps": 5, **values}


# --- the export ---------------------------------------------------------------------------------


def test_the_export_has_the_routines_exactly(
    app: Flask, auth_client: Client, user: User, routines: list[Routine]
) -> None:
    exported = streamed(auth_client)
    assert exported["routines"] == EXPECTED
    assert built(app, user)["routines"] == EXPECTED
    # The routines' custom exercise is in the document, though no workout uses it.
    assert [item["name"] for item in exported["custom_exercises"]] == ["Cable curl"]
    assert list(exported).index("routines") == list(exported).index("plans") + 1


def test_each_routine_is_one_line_of_the_text(
    app: Flask, auth_client: Client, routines: list[Routine]
) -> None:
    text = auth_client.get("/export.json").get_data(as_text=True)
    lines = text.splitlines()
    start = lines.index('"routines": [')
    assert [json.loads(line.rstrip(",")) for line in lines[start + 1 : start + 4]] == EXPECTED
    assert lines[start + 4] == "]," and read_document(text, today=TODAY).routines


def test_no_routines_export_as_an_empty_list(auth_client: Client) -> None:
    assert streamed(auth_client)["routines"] == []


def test_another_users_routines_never_appear(
    app: Flask,
    auth_client: Client,
    user: User,
    other_user: User,
    routines: list[Routine],
) -> None:
    theirs = _custom(app, other_user, "bob-secret curl")
    _routine(
        app,
        other_user,
        "bob-secret day",
        PlannedValues(exercise_id=theirs.id or 0, reps=3),
        PlannedValues(exercise_id=_id(app, "deadlift_barbell"), reps=1, weight_kg=250.0),
    )
    text = auth_client.get("/export.json").get_data(as_text=True)
    assert "bob-secret" not in text and "deadlift_barbell" not in text
    assert streamed(auth_client)["routines"] == EXPECTED
    assert built(app, user)["routines"] == EXPECTED
    assert "bob-secret" not in json.dumps(built(app, user))


def test_the_api_and_the_export_agree_on_a_routine(
    app: Flask, client: Client, auth_client: Client, user: User, routines: list[Routine]
) -> None:
    api = Api(client, make_token(app, user, scope="read"))
    response = api.get("/routines")
    assert response.status_code == 200
    listed = {item["name"]: item for item in response.get_json()["items"]}
    exported = {item["name"]: item for item in streamed(auth_client)["routines"]}
    assert set(listed) == set(exported) == {"Push day", "Arms", "Run"}
    with session_for(app) as session:
        refs = {
            exercise.id: (
                {"exercise": exercise.key} if exercise.key else {"custom_exercise": exercise.name}
            )
            for exercise in session.exec(select(Exercise))
        }
    fields = ("kind", "reps", "weight_kg", "distance_m", "seconds")
    for name, item in listed.items():
        used = item["used_at"]
        moment = None if used is None else dt.datetime.fromisoformat(used)
        written = exported[name]["used_at"]
        again = None if written is None else dt.datetime.fromisoformat(written)
        assert moment == again, name
        assert [s["position"] for s in item["sets"]] == list(range(1, len(item["sets"]) + 1))
        assert [
            {**refs[s["exercise_id"]], **{f: s[f] for f in fields}} for s in item["sets"]
        ] == exported[name]["sets"], name


# --- the import ---------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_routines(
    app: Flask, auth_client: Client, user: User, routines: list[Routine]
) -> None:
    before = stored_routines(app, user)
    exported = auth_client.get("/export.json").get_data()
    fresh = import_into(app, "fresh@example.com", exported)
    after = stored_routines(app, fresh)
    # Same names, order, last use and sets; the custom exercise is the new account's own.
    assert [(n, u, [s[:1] + s[2:] for s in sets]) for n, u, sets in after] == [
        (n, u, [s[:1] + s[2:] for s in sets]) for n, u, sets in before
    ]
    owners = {s[1] for _, _, sets in after for s in sets}
    assert owners == {None, fresh.id}
    client = new_client(app)
    client.login(fresh.email)
    assert streamed(client)["routines"] == EXPECTED
    assert stored_routines(app, user) == before  # the original account is untouched


def test_importing_the_same_document_twice_adds_each_routine_once(
    app: Flask, auth_client: Client, user: User, routines: list[Routine]
) -> None:
    exported = auth_client.get("/export.json").get_data(as_text=True)
    fresh = make_user(app, email="fresh@example.com")
    first = run(app, fresh, exported)
    assert (first.routines_added, first.duplicate_routines) == (3, 0)
    again = run(app, fresh, exported)
    assert (again.routines_added, again.duplicate_routines) == (0, 3)
    assert len(stored_routines(app, fresh)) == 3
    # Into the account it came from: nothing new either.
    assert run(app, user, exported).routines_added == 0
    assert count(app, Routine) == 6

    # The same name with other sets is another routine; the same sets under another name too.
    changed = json.loads(exported)
    changed["routines"][0]["sets"][1]["reps"] = 9
    changed["routines"][2]["name"] = "Long run"
    result = run(app, fresh, json.dumps(changed))
    assert (result.routines_added, result.duplicate_routines) == (2, 1)
    names = sorted(name for name, _, _ in stored_routines(app, fresh))
    assert names == ["Arms", "Long run", "Push day", "Push day", "Run"]


def test_the_import_record_counts_the_routines(
    app: Flask, auth_client: Client, user: User, routines: list[Routine]
) -> None:
    exported = auth_client.get("/export.json").get_data(as_text=True)
    fresh = make_user(app, email="fresh@example.com")
    result = run(app, fresh, exported)
    assert result.record_id is not None
    with session_for(app) as session:
        record = crud.import_records.get_record(
            session=session, user_id=fresh.id or 0, record_id=result.record_id
        )
        assert record is not None
        assert crud.import_records.record_extras(record)["routine"] == 3
    client = new_client(app)
    client.login(fresh.email)
    page = client.get(f"/imports/{result.record_id}").get_data(as_text=True)
    assert "3 routines" in page


def test_a_document_without_routines_still_imports(
    app: Flask, auth_client: Client, user: User, routines: list[Routine]
) -> None:
    bench = _id(app, "bench_press_barbell")
    make_workout(
        app, user, dt.datetime(2026, 2, 1, 18), [{"exercise_id": bench, "reps": 5}], title="Push"
    )
    old = json.loads(auth_client.get("/export.json").get_data())
    del old["routines"]
    assert read_document(json.dumps(old), today=TODAY).routines == ()
    fresh = import_into(app, "fresh@example.com", json.dumps(old))
    assert stored_routines(app, fresh) == []
    with session_for(app) as session:
        workouts = session.exec(select(Workout).where(Workout.user_id == fresh.id)).all()
        assert [w.title for w in workouts] == ["Push"]


def test_a_routine_of_a_custom_exercise_of_the_document(app: Flask, user: User) -> None:
    text = document(
        custom_exercises=[{"name": "Landmine press", "equipment": "barbell", "primary": ["chest"]}],
        routines=[
            {"name": "Mine", "sets": [{"custom_exercise": "Landmine press", "reps": 8}, one_set()]}
        ],
    )
    result = run(app, user, text)
    assert result.routines_added == 1 and result.custom_created == ["Landmine press"]
    [(name, used, sets)] = stored_routines(app, user)
    assert (name, used) == ("Mine", None)
    assert [s[:3] for s in sets] == [
        ("Landmine press", user.id, 1),
        ("bench_press_barbell", None, 2),
    ]


def test_a_routine_uses_the_users_own_exercise_of_that_name(app: Flask, user: User) -> None:
    """As a workout's set would: the account's custom exercise called so, not a second one."""
    mine = _custom(app, user, "Cable curl")
    text = document(
        custom_exercises=[{"name": "cable curl", "primary": ["biceps"]}],
        routines=[{"name": "Arms", "sets": [{"custom_exercise": "cable curl"}]}],
    )
    result = run(app, user, text)
    assert result.custom_created == [] and result.routines_added == 1
    with session_for(app) as session:
        [item] = session.exec(select(RoutineSet)).all()
        assert item.exercise_id == mine.id


def test_a_skipped_exercise_leaves_its_sets_out_of_the_routines(app: Flask, user: User) -> None:
    """The answer for an exercise counts for routines as for workouts; a routine left with no
    set is not added, and an exercise this Regain does not know is left out the same way."""
    bench = {"exercise": "bench_press_barbell", "position": 1, "kind": "normal", "reps": 5}
    text = document(
        workouts=[{"started_at": "2026-02-01T18:00:00", "title": "Push", "sets": [bench]}],
        routines=[
            {"name": "Push", "sets": [one_set(), one_set(exercise="plank", reps=None)]},
            {"name": "Only bench", "sets": [one_set()]},
            {"name": "Newer", "sets": [one_set(exercise="a_new_lift"), one_set(exercise="plank")]},
        ],
    )
    result = run(app, user, text, decisions={"catalogue:bench_press_barbell": matching.SkipName()})
    assert result.routines_added == 2 and result.skipped_routine_sets == 3
    assert result.skipped_sets == 1 and result.workouts_added == 0
    found = {name: [s[0] for s in sets] for name, _, sets in stored_routines(app, user)}
    assert found == {"Push": ["plank"], "Newer": ["plank"]}


def test_used_at_with_an_offset_is_kept_in_utc() -> None:
    text = document(
        routines=[
            {"name": "A", "used_at": "2026-02-20T19:02:11+01:00", "sets": [one_set()]},
            {"name": "B", "used_at": "2026-02-20T18:02:11", "sets": [one_set()]},
        ]
    )
    assert [r.used_at for r in read_document(text, today=TODAY).routines] == [USED, USED]


# --- refused ------------------------------------------------------------------------------------


def _doc_with(routine: dict[str, Any]) -> str:
    good = {"name": "Good", "sets": [one_set()]}
    return document(
        custom_exercises=[{"name": "Cable curl", "primary": ["biceps"]}],
        workouts=[{"started_at": "2026-02-01T18:00:00", "title": "Push", "sets": []}],
        routines=[good, good | {"name": "Also good"}, routine],
    )


def _set(**values: Any) -> dict[str, Any]:
    """A routine of one set with ``values``."""
    return {"name": "x", "sets": [one_set(**values)]}


def _named(name: Any = "x", **fields: Any) -> dict[str, Any]:
    return {"name": name, "sets": [one_set()], **fields}


@pytest.mark.parametrize(
    ("routine", "place", "message"),
    [
        (_set(kind="heavy"), "sets[0].kind", "not one of"),
        (_set(reps=0), "sets[0].reps", "between 1 and 1000"),
        (_set(reps=1001), "sets[0].reps", "between"),
        (_set(reps="8"), "sets[0].reps", "whole number"),
        (_set(reps=8.5), "sets[0].reps", "whole number"),
        (_set(weight_kg=-1), "sets[0].weight_kg", "between"),
        (_set(weight_kg=1000.5), "sets[0].weight_kg", "between"),
        (_set(weight_kg=True), "sets[0].weight_kg", "not a number"),
        (_set(distance_m=0.5), "sets[0].distance_m", "between"),
        (_set(seconds=86_401), "sets[0].seconds", "between"),
        (_set(exercise=7), "sets[0]", '"exercise"'),
        ({"name": "x", "sets": [one_set(), {"kind": "normal"}]}, "sets[1]", '"exercise"'),
        (
            {"name": "x", "sets": [{"custom_exercise": "Nobody's curl"}]},
            "sets[0].custom_exercise",
            "not in custom_exercises",
        ),
        ({"name": "x", "sets": ["bench"]}, "sets[0]", "expected an object"),
        ({"name": "x", "sets": []}, "sets", "at least one set"),
        ({"name": "x", "sets": {"0": one_set()}}, "sets", "expected a list"),
        ({"name": "x"}, "sets", "at least one set"),
        (_named(" "), "name", "must not be empty"),
        (_named(None), "name", "expected text"),
        (_named("x" * 81), "name", "longer than 80"),
        (_named("a\x00b"), "name", "NUL"),
        (_named("a\nb"), "name", "letters, digits"),
        (_named(used_at="yesterday"), "used_at", "date"),
        (_named(used_at=1700000000), "used_at", "date"),
        (_named(used_at="1899-12-31T10:00:00Z"), "used_at", "between"),
        (_named(used_at="2155-01-01T10:00:00Z"), "used_at", "between"),
    ],
)
def test_a_bad_value_is_refused_at_its_place(
    app: Flask, auth_client: Client, user: User, routine: dict[str, Any], place: str, message: str
) -> None:
    text = _doc_with(routine)
    place = f"routines[2].{place}"
    with pytest.raises(ImportFormatError) as caught:
        read_document(text, today=TODAY)
    assert str(caught.value).startswith(f"{place}: ") and message in str(caught.value)
    # Uploaded: the page says where, and nothing of the document is written.
    response = upload(auth_client, text, filename="regain.json")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert place in page
    assert count(app, Routine) == count(app, RoutineSet) == count(app, Workout) == 0
    with session_for(app) as session:
        own = session.exec(select(Exercise).where(Exercise.owner_id == user.id)).all()
        assert own == []


@pytest.mark.parametrize("value", [[1], "routines", {"name": "x"}])
def test_routines_that_are_not_a_list_of_objects(value: Any) -> None:
    with pytest.raises(ImportFormatError, match=r"^routines(\[0\])?: expected"):
        read_document(document(routines=value), today=TODAY)


def test_the_ranges_are_the_editors() -> None:
    from tracker.api.schemas import MAX_DISTANCE_M, MIN_DISTANCE_M
    from tracker.forms.routines import MAX_NAME
    from tracker.forms.workouts import MAX_REPS, MAX_SECONDS, MAX_WEIGHT_KG

    assert ROUTINE_TARGETS == {
        "reps": (1, MAX_REPS),
        "weight_kg": (0, MAX_WEIGHT_KG),
        "distance_m": (MIN_DISTANCE_M, MAX_DISTANCE_M),
        "seconds": (1, MAX_SECONDS),
    }
    assert ROUTINE_NAME_LENGTH == MAX_NAME


# --- the limits ---------------------------------------------------------------------------------


def test_a_document_of_too_many_routines_or_sets_is_refused() -> None:
    routine = {"name": "x", "sets": [one_set()]}
    with pytest.raises(ImportFormatError, match=r"^routines: 201 items; .*at most 200 routines"):
        read_document(document(routines=[routine] * (MAX_ROUTINES + 1)), today=TODAY)
    read_document(document(routines=[routine] * MAX_ROUTINES), today=TODAY)
    big = {"name": "x", "sets": [one_set()] * (MAX_ROUTINE_SETS + 1)}
    with pytest.raises(ImportFormatError, match=r"^routines\[1\]\.sets: 101 items; .*100 sets"):
        read_document(document(routines=[routine, big]), today=TODAY)
    read_document(document(routines=[{"name": "x", "sets": [one_set()] * MAX_ROUTINE_SETS}]))


def _fill(app: Flask, user: User, routines: int) -> None:
    """``routines`` routines of one set each, written straight to the database."""
    bench = _id(app, "bench_press_barbell")
    with session_for(app) as session:
        ids = (
            session.execute(
                insert(Routine.__table__).returning(  # type: ignore[attr-defined]
                    Routine.__table__.c.id,  # type: ignore[attr-defined]
                    sort_by_parameter_order=True,
                ),
                [
                    {"user_id": user.id, "name": f"Old {n}", "created_at": utcnow()}
                    for n in range(routines)
                ],
            )
            .scalars()
            .all()
        )
        session.execute(
            insert(RoutineSet.__table__),  # type: ignore[attr-defined]
            [{"routine_id": i, "exercise_id": bench, "position": 1, "kind": "normal"} for i in ids],
        )
        session.commit()


def test_an_import_past_the_routines_an_account_holds_writes_nothing(
    app: Flask, auth_client: Client, user: User
) -> None:
    _fill(app, user, MAX_ROUTINES - 1)
    text = document(
        custom_exercises=[{"name": "Landmine press", "primary": ["chest"]}],
        workouts=[
            {
                "started_at": "2026-02-01T18:00:00",
                "title": "Push",
                "sets": [{"exercise": "bench_press_barbell", "position": 1, "reps": 5}],
            }
        ],
        breaks=[{"start_date": "2025-01-01", "end_date": "2025-01-20"}],
        routines=[
            {"name": "New one", "sets": [{"custom_exercise": "Landmine press"}]},
            {"name": "New two", "sets": [one_set()]},
        ],
    )
    before = stored_routines(app, user)
    with pytest.raises(limits.LimitReached, match="at most 200 routines"):
        run(app, user, text)
    # Through the pages: refused, nothing of it kept.
    token = token_of(upload(auth_client, text, filename="regain.json"))
    response = auth_client.post(f"/import/{token}", data={"accept_all": "1"})
    assert response.status_code == 409
    assert "200 routines" in response.get_data(as_text=True)
    assert stored_routines(app, user) == before
    assert count(app, Workout) == count(app, WorkoutSet) == 0
    with session_for(app) as session:
        assert session.exec(select(Exercise).where(Exercise.owner_id == user.id)).all() == []
        assert session.exec(select(Break).where(Break.user_id == user.id)).all() == []

    # One new routine (and one the account has already) fits exactly.
    fits = json.loads(text)
    fits["routines"] = [
        fits["routines"][0],
        {"name": "Old 0", "sets": [{"exercise": "bench_press_barbell"}]},
    ]
    result = run(app, user, json.dumps(fits))
    assert (result.routines_added, result.duplicate_routines) == (1, 1)
    with session_for(app) as session:
        have = session.exec(select(Routine).where(col(Routine.user_id) == user.id)).all()
        assert len(have) == MAX_ROUTINES


def test_the_preview_counts_the_routines_not_had_yet(
    app: Flask, auth_client: Client, user: User, routines: list[Routine]
) -> None:
    exported = auth_client.get("/export.json").get_data()
    fresh = make_user(app, email="fresh@example.com")
    client = new_client(app)
    client.login(fresh.email)
    token = token_of(upload(client, exported, filename="regain.json"))
    page = " ".join(client.get(f"/import/{token}").get_data(as_text=True).split())
    assert "and 3 routines that you do not have yet" in page
    # Into the account it came from: its names are there already.
    token = token_of(upload(auth_client, exported, filename="regain.json"))
    page = " ".join(auth_client.get(f"/import/{token}").get_data(as_text=True).split())
    assert "and 0 routines that you do not have yet" in page
