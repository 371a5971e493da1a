"""Training status from the start of the log (tracker.projections.training_status)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from tests.factories import catalogue_exercise, make_user, make_workout, session_for
from tracker.crud import backtest as crud_backtest
from tracker.models import WorkoutSet
from tracker.projections.cache import ProjectionCache
from tracker.projections.training_status import (
    START_DAYS,
    TrainingStatus,
    effective_training_years,
    infer_training_years,
    user_training_status,
    years_for,
)

DAY = dt.date(2025, 3, 3)


def sets(key: str, weight: float, reps: int, day: dt.date = DAY, kind: str = "normal") -> tuple:
    return (day, key, "weighted", kind, weight, reps)


def test_levels_by_the_standards() -> None:
    # An 80 kg man: the bench standards' levels at 0.72, 0.91, 1.10, 1.52 and 1.91 x body weight.
    assert years_for("bench press", 50.0, "male").years == 0.0  # below untrained
    assert years_for("bench press", 0.91 * 80, "male").years == pytest.approx(0.5)  # novice
    assert years_for("bench press", 1.10 * 80, "male").years == pytest.approx(2.0)
    assert years_for("bench press", 1.31 * 80, "male").years == pytest.approx(3.5)  # halfway
    assert years_for("bench press", 300.0, "male").years == 10.0  # beyond elite
    assert years_for("bench press", 1.10 * 80, "male").level == "intermediate"
    # The same load means more for a woman (65 kg, 0.65 x body weight is intermediate).
    assert years_for("bench press", 0.65 * 65, "female").years == pytest.approx(2.0)
    assert (
        years_for("bench press", 42.25, None).years == years_for("bench press", 42.25, "male").years
    )


def test_a_first_logged_100_kg_bench_is_not_a_novice() -> None:
    status = infer_training_years([sets("bench_press_barbell", 100.0, 1)], None)
    assert status.years is not None and status.years > 2.0
    assert status.first_day == DAY


def test_the_strongest_lift_decides_and_warm_ups_and_long_sets_do_not_count() -> None:
    rows = [
        sets("squat_barbell", 60.0, 5),  # untrained for an 80 kg man
        sets("bench_press_barbell", 88.0, 1),  # intermediate: 2 years
        sets("deadlift_barbell", 250.0, 5, kind="warmup"),  # a warm-up: ignored
        sets("overhead_press_barbell", 80.0, 15),  # 15 reps: no estimate
        sets("bicep_curl_dumbbell", 50.0, 5),  # not a standard lift
    ]
    status = infer_training_years(rows, "male")
    assert status.years == pytest.approx(2.0)
    assert {lift.family for lift in status.lifts} == {"squat", "bench press"}


def test_only_the_start_of_the_log_and_only_before_the_break() -> None:
    late = DAY + dt.timedelta(days=START_DAYS)
    rows = [sets("bench_press_barbell", 40.0, 5), sets("bench_press_barbell", 140.0, 5, late)]
    assert infer_training_years(rows, "male").years == 0.0  # the 140 kg came too late
    assert infer_training_years(rows, "male", before=DAY).years is None  # nothing before
    assert infer_training_years([sets("leg_press_machine", 300.0, 5)], "male").years is None
    assert infer_training_years([], None).years is None


def test_the_users_own_number_wins() -> None:
    status = infer_training_years([sets("bench_press_barbell", 100.0, 5)], None)
    assert effective_training_years(1.0, True, status) == 1.0
    assert effective_training_years(0.0, False, status) == status.years
    none = infer_training_years([], None)
    assert effective_training_years(0.0, False, none) == 0.0


# --- for a user of the app: kept while the start of the log is unchanged --------------------


def test_the_status_is_read_again_only_when_the_start_of_the_log_changes(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(app)
    assert user.id is not None
    bench = catalogue_exercise(app, "bench_press_barbell").id
    first = make_workout(
        app,
        user,
        dt.datetime(2025, 3, 3, 18),
        [{"exercise_id": bench, "reps": 5, "weight_kg": 60.0}],
    )
    late = make_workout(
        app,
        user,
        dt.datetime(2025, 9, 1, 18),
        [{"exercise_id": bench, "reps": 5, "weight_kg": 60.0}],
    )
    cache = ProjectionCache()
    reads: list[int] = []
    original = crud_backtest.start_sets

    def counted(**kwargs: Any) -> Any:
        reads.append(1)
        return original(**kwargs)

    monkeypatch.setattr(crud_backtest, "start_sets", counted)

    def status(version: int) -> TrainingStatus:
        with session_for(app) as session:
            return user_training_status(
                cache, session, user_id=user.id or 0, data_version=version, sex="male"
            )

    before = status(1)
    # A set months later (a new data version): the start of the log is the same, not read again.
    with session_for(app) as session:
        session.add(WorkoutSet(workout_id=late.id, exercise_id=bench, reps=5, weight_kg=200.0))
        session.commit()
    assert status(2) == before and len(reads) == 1
    # A heavier set in the first days, even written behind the app's back, is read.
    with session_for(app) as session:
        session.execute(
            update(WorkoutSet).where(WorkoutSet.workout_id == first.id).values(weight_kg=120.0)
        )  # type: ignore[arg-type]
        session.commit()
    after = status(3)
    assert len(reads) == 2
    assert after.years is not None and before.years is not None and after.years > before.years
    # A workout logged before the first one moves the start of the log: read again.
    make_workout(
        app,
        user,
        dt.datetime(2025, 2, 20, 18),
        [{"exercise_id": bench, "reps": 5, "weight_kg": 40.0}],
    )
    earlier = status(4)
    assert len(reads) == 3 and earlier.first_day == dt.date(2025, 2, 20)
    # The same version of the data asks nothing again.
    assert status(4) == earlier and len(reads) == 3
