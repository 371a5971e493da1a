"""The model's log reader reads again only the workouts that changed, and always agrees with
reading everything: whatever writes to the sets (any path, even plain SQL), the log it returns
from the previous one is the log read from scratch."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, insert, update
from sqlmodel import Session, select

from tests.factories import make_user, make_workout, session_for
from tracker import crud
from tracker.break_days import BreakSpan
from tracker.crud import exercises as exercises_crud
from tracker.crud import projections
from tracker.crud.exercises import Muscles
from tracker.models import (
    Exercise,
    ExerciseBase,
    User,
    Workout,
    WorkoutMonth,
    WorkoutSet,
    WorkoutSetBase,
)
from tracker.physiology import Profile
from tracker.timeline import ExerciseSets, LogRows, build_timeline

KEYS = (
    "bench_press_barbell",
    "squat_barbell",
    "deadlift_barbell",
    "pull_up",
    "bicep_curl_barbell",
    "lateral_raise_dumbbell",
)


def _exercise_ids(app: Flask) -> list[int]:
    with session_for(app) as session:
        rows = session.exec(select(Exercise.id).where(Exercise.key.in_(KEYS)))  # type: ignore[union-attr]
        return sorted(int(i) for i in rows if i is not None)


def _user_with_custom(app: Flask) -> tuple[User, Exercise]:
    """A user and a custom exercise of theirs (one to change the muscles of)."""
    user = make_user(app)
    assert user.id is not None
    with session_for(app) as session:
        custom = exercises_crud.create_custom(
            session=session, user_id=user.id, data=ExerciseBase(name="Custom"),
            muscles=Muscles(("upper_back",)),
        )  # fmt: skip
    return user, custom


def _read(app: Flask, user_id: int, previous: LogRows | None = None) -> LogRows:
    with session_for(app) as session:
        return projections.log_rows(session=session, user_id=user_id, previous=previous)


def _same_log(incremental: LogRows, full: LogRows) -> None:
    assert sorted(incremental.counted_sets()) == sorted(full.counted_sets())
    assert incremental.exercises == full.exercises
    assert incremental.by_workout == full.by_workout
    assert incremental.exercise_ids == full.exercise_ids
    assert full.exercise_ids == {row.exercise_id for row in full.counted_sets()}
    # And the same model input: summed by workout (with the sums handed on from the log
    # before, for the incremental one) as summed set by set.
    # A cast break over part of the log resolves from the days its groups were trained.
    cast = BreakSpan(dt.date(2026, 1, 5), dt.date(2026, 3, 10), "immobilized",
                     muscles=frozenset({"chest", "quads", "upper_back"}))  # fmt: skip
    today = dt.date(2026, 12, 31)
    for breaks in ((), (cast,)):
        mine = build_timeline(dataclasses.replace(incremental, breaks=breaks), today, Profile())
        set_by_set = dataclasses.replace(
            full, exercise_sets=tuple(full.counted_sets()), by_workout={}, sums={}
        )
        for other in (full, set_by_set):
            theirs = build_timeline(dataclasses.replace(other, breaks=breaks), today, Profile())
            if mine is None or theirs is None:
                assert mine is theirs
                continue
            assert mine.first_day == theirs.first_day
            assert (mine.inputs.hard_sets == theirs.inputs.hard_sets).all()
            assert (mine.inputs.states == theirs.inputs.states).all()


def _sets(session: Session, user_id: int) -> list[WorkoutSet]:
    return list(
        session.exec(
            select(WorkoutSet)
            .join(Workout, Workout.id == WorkoutSet.workout_id)  # type: ignore[arg-type]
            .where(Workout.user_id == user_id)
        )
    )


def _workouts(session: Session, user_id: int) -> list[Workout]:
    return list(session.exec(select(Workout).where(Workout.user_id == user_id)))


def _change(app: Flask, user_id: int, ids: list[int], custom: int, rng: random.Random) -> str:
    """One random write to the user's log, as a plain statement (no write path's help)."""
    with session_for(app) as session:
        sets = _sets(session, user_id)
        workouts = _workouts(session, user_id)
        ops = ("add", "delete", "exercise", "kind", "move", "date", "drop workout", "new workout")
        op = rng.choice([*ops, "muscles"])
        if op == "add" or not sets:
            op = "add"
            session.execute(
                insert(WorkoutSet).values(
                    workout_id=rng.choice(workouts).id,
                    exercise_id=rng.choice([*ids, custom]),
                    position=99,
                    reps=5,
                    kind=rng.choice(["normal", "warmup", "drop"]),
                    notes="",
                )
            )
        elif op == "delete":
            session.execute(delete(WorkoutSet).where(WorkoutSet.id == rng.choice(sets).id))  # type: ignore[arg-type]
        elif op == "exercise":
            item = rng.choice(sets)
            session.execute(
                update(WorkoutSet)
                .where(WorkoutSet.id == item.id)  # type: ignore[arg-type]
                .values(
                    exercise_id=rng.choice([i for i in [*ids, custom] if i != item.exercise_id])
                )
            )
        elif op == "kind":
            item = rng.choice(sets)
            kinds = [k for k in ("normal", "warmup", "drop", "failure") if k != item.kind]
            session.execute(
                update(WorkoutSet).where(WorkoutSet.id == item.id).values(kind=rng.choice(kinds))  # type: ignore[arg-type]
            )
        elif op == "move":
            session.execute(
                update(WorkoutSet)
                .where(WorkoutSet.id == rng.choice(sets).id)  # type: ignore[arg-type]
                .values(workout_id=rng.choice(workouts).id)
            )
        elif op == "date":
            item = rng.choice(workouts)
            session.execute(
                update(Workout)
                .where(Workout.id == item.id)  # type: ignore[arg-type]
                .values(started_at=item.started_at - dt.timedelta(days=rng.randint(1, 40)))
            )
        elif op == "drop workout" and len(workouts) > 2:
            item = rng.choice(workouts)
            # Its sets go by the foreign key's cascade.
            session.execute(delete(Workout).where(Workout.id == item.id))  # type: ignore[arg-type]
        elif op == "muscles":
            exercise = session.get(Exercise, custom)
            assert exercise is not None
            muscles = rng.choice([Muscles(("chest",)), Muscles(("quads",), ("glutes",))])
            exercises_crud.update_custom(
                session=session,
                exercise=exercise,
                data=ExerciseBase(name="Custom"),
                muscles=muscles,
            )
        else:
            op = "new workout"
            workout = Workout(
                user_id=user_id, started_at=dt.datetime(2026, 3, rng.randint(1, 28), 18)
            )
            session.add(workout)
            session.flush()
            for position in range(rng.randint(0, 3)):
                session.add(
                    WorkoutSet(
                        workout_id=workout.id,
                        exercise_id=rng.choice(ids),
                        position=position,
                        reps=8,
                    )
                )
        session.commit()
    return op


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reading_from_the_previous_log_equals_reading_it_all(app: Flask, seed: int) -> None:
    rng = random.Random(seed)
    user, custom = _user_with_custom(app)
    assert user.id is not None and custom.id is not None
    ids = _exercise_ids(app)
    for n in range(12):
        make_workout(  # January to May: some months move, others stay as they were
            app, user, dt.datetime(2026, 1, 1, 18) + dt.timedelta(days=11 * n),
            [{"exercise_id": rng.choice(ids), "reps": 8, "kind": rng.choice(["normal", "warmup"])}
             for _ in range(rng.randint(1, 6))],
        )  # fmt: skip
    previous = _read(app, user.id)
    assert previous.by_workout
    build_timeline(previous, dt.date(2026, 12, 31), Profile())
    done = set()
    carried = 0
    for _ in range(40):
        done.add(_change(app, user.id, ids, custom.id, rng))
        incremental = _read(app, user.id, previous)
        carried += incremental.sums is previous.sums
        _same_log(incremental, _read(app, user.id))
        previous = incremental
    assert len(done) >= 7  # the seeds reach most kinds of write
    assert carried >= 20  # the timeline's sums went on to the next version (not the muscles')


def test_an_exercise_no_set_is_of_any_more_leaves_the_log(app: Flask) -> None:
    """The exercises used are kept from one read to the next: one whose last sets went (or
    whose workout went) is no longer among them, one still in another workout stays."""
    user = make_user(app)
    assert user.id is not None
    ids = _exercise_ids(app)
    one = make_workout(
        app, user, dt.datetime(2026, 1, 5, 18),
        [{"exercise_id": ids[0], "reps": 8}, {"exercise_id": ids[1], "reps": 8}],
    )  # fmt: skip
    two = make_workout(
        app, user, dt.datetime(2026, 1, 7, 18),
        [{"exercise_id": ids[0], "reps": 8}, {"exercise_id": ids[2], "reps": 8}],
    )  # fmt: skip
    log = _read(app, user.id)
    assert log.exercise_ids == {ids[0], ids[1], ids[2]}
    with session_for(app) as session:
        session.execute(delete(WorkoutSet).where(WorkoutSet.workout_id == one.id))  # type: ignore[arg-type]
        session.commit()
    after = _read(app, user.id, log)
    assert after.exercise_ids == {ids[0], ids[2]}  # the first's, still in the second
    assert ids[1] not in after.exercises
    _same_log(after, _read(app, user.id))
    with session_for(app) as session:
        session.execute(delete(Workout).where(Workout.id == two.id))  # type: ignore[arg-type]
        session.commit()
    last = _read(app, user.id, after)
    assert last.exercise_ids == frozenset() and last.exercises == {}
    _same_log(last, _read(app, user.id))


def test_new_muscles_of_an_exercise_count_in_the_next_timeline(app: Flask) -> None:
    """A custom exercise's muscles change without any workout changing: the timeline's sums
    of the log before are not handed on (they counted the old muscles)."""
    user, custom = _user_with_custom(app)
    assert user.id is not None and custom.id is not None
    ids = _exercise_ids(app)
    for n in range(3):
        make_workout(
            app, user, dt.datetime(2026, 1, 1 + 2 * n, 18),
            [{"exercise_id": custom.id, "reps": 8}, {"exercise_id": ids[0], "reps": 8}],
        )  # fmt: skip
    before = _read(app, user.id)
    timeline = build_timeline(before, dt.date(2026, 1, 31), Profile())
    assert timeline is not None and before.sums
    back = timeline.groups.index("upper_back")
    assert timeline.inputs.hard_sets[:, back].sum() == 3
    with session_for(app) as session:
        exercise = session.get(Exercise, custom.id)
        assert exercise is not None
        exercises_crud.update_custom(
            session=session, exercise=exercise, data=ExerciseBase(name="Custom"),
            muscles=Muscles(("quads",)),
        )  # fmt: skip
    after = _read(app, user.id, before)
    _same_log(after, _read(app, user.id))
    moved = build_timeline(after, dt.date(2026, 1, 31), Profile())
    assert moved is not None
    assert moved.inputs.hard_sets[:, back].sum() == 0
    assert moved.inputs.hard_sets[:, moved.groups.index("quads")].sum() == 3


def _write(app: Flask, statement: Any) -> None:
    """One plain statement, committed (no write path's help)."""
    with session_for(app) as session:
        session.execute(statement)
        session.commit()


def _versions(app: Flask, user_id: int) -> dict[int, int]:
    with session_for(app) as session:
        rows = session.exec(
            select(Workout.id, Workout.sets_version).where(Workout.user_id == user_id)
        )
        return {int(i or 0): int(v) for i, v in rows}


def test_the_database_raises_a_workouts_version_on_every_write_to_its_sets(app: Flask) -> None:
    """Whoever writes: the triggers of migration 0016, not the app's paths, keep the versions."""
    user, custom = _user_with_custom(app)
    assert user.id is not None and custom.id is not None
    ids = _exercise_ids(app)
    one = make_workout(app, user, dt.datetime(2026, 2, 3, 7), [{"exercise_id": ids[0], "reps": 5}])
    two = make_workout(
        app, user, dt.datetime(2026, 2, 5, 19),
        [{"exercise_id": ids[1], "reps": 5}, {"exercise_id": custom.id, "reps": 5}],
    )  # fmt: skip
    seen = _versions(app, user.id)
    # Raised by their sets' inserts (a row at a time on SQLite, a statement on PostgreSQL).
    assert seen[one.id or 0] >= 1 and seen[two.id or 0] >= 1

    def raised(statement: Any, *workouts: Workout) -> None:
        nonlocal seen
        _write(app, statement)
        now = _versions(app, user.id)
        for workout in (one, two):
            moved = now.get(workout.id or 0, 0) > seen.get(workout.id or 0, 0)
            assert moved == (workout in workouts), (statement, workout.id)
        seen = now

    first = WorkoutSet.workout_id == one.id  # type: ignore[arg-type]
    raised(
        insert(WorkoutSet).values(workout_id=one.id, exercise_id=ids[2], position=2, notes=""), one
    )
    raised(update(WorkoutSet).where(first).values(kind="warmup"), one)
    raised(update(WorkoutSet).where(first).values(exercise_id=ids[3]), one)
    raised(update(WorkoutSet).where(first).values(workout_id=two.id), one, two)
    raised(update(Workout).where(Workout.id == one.id).values(title="Renamed"))  # type: ignore[arg-type]
    raised(delete(WorkoutSet).where(WorkoutSet.exercise_id == ids[3]), two)  # type: ignore[arg-type]
    # A cascade from a deleted custom exercise is a write to the sets too.
    raised(delete(Exercise).where(Exercise.id == custom.id), two)  # type: ignore[arg-type]


def _months(app: Flask, user_id: int) -> dict[str, int]:
    with session_for(app) as session:
        rows = session.exec(
            select(WorkoutMonth.month, WorkoutMonth.version).where(WorkoutMonth.user_id == user_id)
        )
        return {str(m): int(v) for m, v in rows}


def test_the_database_raises_a_months_version_on_every_change_to_its_workouts(
    app: Flask,
) -> None:
    """Whoever writes: the triggers of migration 0018 raise the version of a workout's month
    (of its start) when it is added, deleted, moved (both months) or its sets change, and of
    no other month; a user's months go with the user."""
    user = make_user(app)
    assert user.id is not None
    ids = _exercise_ids(app)
    feb = make_workout(app, user, dt.datetime(2026, 2, 3, 7), [{"exercise_id": ids[0], "reps": 5}])
    make_workout(app, user, dt.datetime(2026, 3, 31, 23, 30), [{"exercise_id": ids[1], "reps": 5}])
    seen = _months(app, user.id)
    assert set(seen) == {"2026-02", "2026-03"}

    def raised(statement: Any, *months: str) -> None:
        nonlocal seen
        _write(app, statement)
        now = _months(app, user.id)
        moved = {m for m, v in now.items() if v != seen.get(m)}
        assert moved == set(months), statement
        assert all(now[m] > seen.get(m, 0) for m in moved)
        seen = now

    feb_sets = WorkoutSet.workout_id == feb.id  # type: ignore[arg-type]
    raised(
        insert(WorkoutSet).values(workout_id=feb.id, exercise_id=ids[2], position=2, notes=""),
        "2026-02",
    )
    raised(update(WorkoutSet).where(feb_sets).values(reps=6), "2026-02")
    raised(update(Workout).where(Workout.id == feb.id).values(title="Renamed"))  # type: ignore[arg-type]
    moved = dt.datetime(2026, 4, 1, 6)
    raised(
        update(Workout).where(Workout.id == feb.id).values(started_at=moved),  # type: ignore[arg-type]
        "2026-02",
        "2026-04",
    )
    raised(insert(Workout).values(user_id=user.id, started_at=dt.datetime(2025, 12, 31, 20),
                                  title="", notes="", source="manual",
                                  created_at=dt.datetime(2026, 1, 1)), "2025-12")  # fmt: skip
    raised(delete(WorkoutSet).where(feb_sets), "2026-04")  # type: ignore[arg-type]
    raised(delete(Workout).where(Workout.id == feb.id), "2026-04")  # type: ignore[arg-type]
    # Someone else's writes move none of the user's months.
    other = make_user(app, email="other-months@example.com")
    assert other.id is not None
    make_workout(app, other, dt.datetime(2026, 3, 2, 7), [{"exercise_id": ids[0], "reps": 5}])
    assert _months(app, user.id) == seen and set(_months(app, other.id)) == {"2026-03"}
    # Deleting the user deletes their workouts (a cascade) and their months, and fails nothing.
    with session_for(app) as session:
        session.execute(delete(User).where(User.id == user.id))  # type: ignore[arg-type]
        session.commit()
    assert _months(app, user.id) == {}
    assert set(_months(app, other.id)) == {"2026-03"}


def test_a_new_set_reads_the_versions_of_its_month_only(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a write the reader reads the workouts' versions of the months whose version moved
    (from the first to the last of them), none when none moved, and every workout's when it
    has no months read before."""
    user = make_user(app)
    assert user.id is not None
    ids = _exercise_ids(app)
    workouts = [
        make_workout(app, user, day, [{"exercise_id": ids[0], "reps": 8}])
        for day in (dt.datetime(2026, 1 + n // 3, 1 + 9 * (n % 3), 18) for n in range(12))
    ]  # three a month, January to April
    fetched: list[int] = []
    original = projections._fetch

    def spy(connection: Any, statement: Any, params: Any) -> list[Any]:
        rows = original(connection, statement, params)
        if statement is projections.WORKOUT_VERSIONS or (
            statement is projections.WORKOUT_VERSIONS_BETWEEN
        ):
            fetched.append(len(rows))
        return rows

    monkeypatch.setattr(projections, "_fetch", spy)
    log = _read(app, user.id)
    assert fetched == [12] and set(log.months) == {"2026-01", "2026-02", "2026-03", "2026-04"}
    fetched.clear()
    with session_for(app) as session:
        session.add(WorkoutSet(workout_id=workouts[4].id, exercise_id=ids[1], position=2, reps=5))
        session.commit()
    again = _read(app, user.id, log)
    assert fetched == [3]  # February's
    _same_log(again, _read(app, user.id))
    fetched.clear()
    assert _read(app, user.id, again).by_workout == again.by_workout
    assert fetched == []  # no month moved: no workout's version read
    # A workout moved from January to April: the months from January to April are read.
    with session_for(app) as session:
        moved = session.get(Workout, workouts[0].id)
        assert moved is not None
        moved.started_at = dt.datetime(2026, 4, 28, 18)
        session.add(moved)
        session.commit()
    fetched.clear()
    last = _read(app, user.id, again)
    assert fetched == [12]
    assert last.workout_dates[workouts[0].id or 0] == dt.date(2026, 4, 28)
    _same_log(last, _read(app, user.id))


def test_a_new_set_reads_only_its_workout(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    user = make_user(app)
    assert user.id is not None
    ids = _exercise_ids(app)
    workouts = [
        make_workout(
            app, user, dt.datetime(2026, 1, 1 + n, 18), [{"exercise_id": ids[0], "reps": 8}]
        )
        for n in range(6)
    ]
    previous = _read(app, user.id)
    read: list[set[int]] = []
    original = projections._by_workout

    def spy(found: Any) -> Any:
        result = original(found)
        read.append(set(result))
        return result

    monkeypatch.setattr(projections, "_by_workout", spy)
    with session_for(app) as session:
        session.add(WorkoutSet(workout_id=workouts[2].id, exercise_id=ids[1], position=2, reps=5))
        session.commit()
    log = _read(app, user.id, previous)
    assert read == [{workouts[2].id}]
    assert ExerciseSets(dt.date(2026, 1, 3), ids[1], "normal", 1) in log.counted_sets()
    # Unchanged: nothing is read but the signatures.
    read.clear()
    assert sorted(_read(app, user.id, log).counted_sets()) == sorted(log.counted_sets())
    assert read == []
    # Most workouts changed: the whole log is read in one query.
    with session_for(app) as session:
        for workout in workouts[:4]:
            session.add(WorkoutSet(workout_id=workout.id, exercise_id=ids[2], position=3, reps=5))
        session.commit()
    _read(app, user.id, log)
    assert read == [{w.id for w in workouts}]


def test_the_log_holds_every_day_with_a_workout(app: Flask) -> None:
    """The calibration's fingerprint reads them: a workout of warm-ups only, or without a
    set yet, is a day logged as well."""
    user = make_user(app)
    assert user.id is not None
    ids = _exercise_ids(app)
    make_workout(app, user, dt.datetime(2026, 2, 5, 19), [{"exercise_id": ids[0], "reps": 5}])
    make_workout(app, user, dt.datetime(2026, 2, 5, 7), [{"exercise_id": ids[0], "reps": 5}])
    make_workout(app, user, dt.datetime(2026, 2, 1, 9), [{"exercise_id": ids[1], "kind": "warmup"}])
    make_workout(app, user, dt.datetime(2026, 2, 3, 9))
    log = _read(app, user.id)
    assert log.workout_days == (dt.date(2026, 2, 1), dt.date(2026, 2, 3), dt.date(2026, 2, 5))
    assert _read(app, user.id, log).workout_days == log.workout_days


def test_a_view_after_a_new_set_reads_the_log_once(
    app: Flask, user: Any, auth_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The personal calibration (its fingerprint of the breaks) and the history read the same
    log: once per version of the user's data, from the one read before."""
    ids = _exercise_ids(app)
    workouts = [
        make_workout(
            app, user, dt.datetime(2026, 1, 1 + n, 18), [{"exercise_id": ids[0], "reps": 8}]
        )
        for n in range(5)
    ]
    client = auth_client
    assert client.get("/").status_code == 200
    reads: list[LogRows | None] = []
    original = projections.log_rows

    def counted(**kwargs: Any) -> LogRows:
        reads.append(kwargs.get("previous"))
        return original(**kwargs)

    monkeypatch.setattr(projections, "log_rows", counted)
    assert client.get("/").status_code == 200
    assert reads == []  # nothing changed: nothing read
    with session_for(app) as session:
        workout = session.get(Workout, workouts[-1].id)
        assert workout is not None
        crud.workouts.add_set(
            session=session, workout=workout, data=WorkoutSetBase(exercise_id=ids[1], reps=5)
        )
    assert client.get("/").status_code == 200
    assert len(reads) == 1 and reads[0] is not None


def test_an_imports_new_workouts_are_versioned_when_it_commits(
    app: Flask, user: Any, auth_client: Any
) -> None:
    """An import creates its workouts at ``FRESH`` (the triggers then leave them alone while it
    writes their sets) and sets them to 0 before it commits: later writes raise them again."""
    from tests.importing import token_of, upload

    client = auth_client
    csv = (
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2026-01-05 18:00:00,Push,Bench Press (Barbell),1,60,8,,,,,\n"
        "2026-01-05 18:00:00,Push,Bench Press (Barbell),2,60,8,,,,,\n"
        "2026-01-07 18:00:00,Pull,Deadlift (Barbell),1,100,5,,,,,\n"
    )
    token = token_of(upload(client, csv, filename="strong.csv", source="strong", unit="kg"))
    done = client.post(f"/import/{token}", data={"accept_all": "1"})
    assert done.status_code == 302, done.get_data(as_text=True)[:500]
    versions = _versions(app, user.id)
    assert len(versions) == 2 and set(versions.values()) == {0}
    log = _read(app, user.id)
    assert sum(row.number for row in log.counted_sets()) == 3
    bench = next(
        i for i, (_, rows) in log.by_workout.items() if len(rows) == 1 and rows[0].number == 2
    )
    with session_for(app) as session:
        session.execute(
            insert(WorkoutSet).values(
                workout_id=bench,
                exercise_id=log.by_workout[bench][1][0].exercise_id,
                position=3,
                notes="",
            )
        )
        session.commit()
    assert _versions(app, user.id)[bench] == 1
    _same_log(_read(app, user.id, log), _read(app, user.id))


def test_a_fresh_workout_is_left_alone_and_never_trusted(app: Flask) -> None:
    from tracker.crud.import_writes import FRESH

    user = make_user(app)
    assert user.id is not None
    ids = _exercise_ids(app)
    with session_for(app) as session:
        workout = Workout(
            user_id=user.id, started_at=dt.datetime(2026, 1, 1, 18), sets_version=FRESH
        )
        session.add(workout)
        session.flush()
        session.add(WorkoutSet(workout_id=workout.id, exercise_id=ids[0], reps=5))
        session.commit()
        ident = workout.id or 0
    assert _versions(app, user.id)[ident] == FRESH  # the insert left it alone
    log = _read(app, user.id)
    assert build_timeline(log, dt.date(2026, 1, 31), Profile()) is not None  # sums kept
    with session_for(app) as session:
        session.add(WorkoutSet(workout_id=ident, exercise_id=ids[0], reps=5))
        session.commit()
    assert _versions(app, user.id)[ident] == FRESH
    # Were one ever committed so, the reader reads it every time rather than trust it.
    _same_log(_read(app, user.id, log), _read(app, user.id))
