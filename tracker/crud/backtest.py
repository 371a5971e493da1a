"""What the backtest reads: a user's whole log as plain values (``tracker.projections.backtest``).

Every set with its day, exercise, kind, load and reps; what each exercise trains; the names it
was imported under (the names each import's report kept, as the file wrote them, and the user's
remembered answers in ``exercise_mappings``, normalised as stored); breaks and "training, not
logging" gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from tracker.crud import breaks as breaks_crud
from tracker.crud import import_records
from tracker.models import Exercise, ExerciseMapping, ExerciseMuscle, User, Workout, WorkoutSet
from tracker.projections.backtest import BacktestLog, ExerciseInfo, WorkSet


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def work_sets(*, session: Session, user_id: int) -> list[WorkSet]:
    """Every set the user logged: (day, exercise id, set kind, weight in kg, reps)."""
    statement = (
        sa_select(
            col(Workout.started_at),
            col(WorkoutSet.exercise_id),
            col(WorkoutSet.kind),
            col(WorkoutSet.weight_kg),
            col(WorkoutSet.reps),
        )
        .join(Workout, col(Workout.id) == col(WorkoutSet.workout_id))
        .where(col(Workout.user_id) == user_id)
    )
    return [
        WorkSet(
            _as_date(started),
            int(exercise_id),
            str(kind),
            None if weight is None else float(weight),
            None if reps is None else int(reps),
        )
        for started, exercise_id, kind, weight, reps in session.execute(statement)
    ]


def exercise_infos(
    *, session: Session, user_id: int, exercise_ids: set[int]
) -> dict[int, ExerciseInfo]:
    """Name, kind, muscles by role and mapped source names of the exercises used."""
    if not exercise_ids:
        return {}
    ids = sorted(exercise_ids)
    names: dict[int, tuple[str, str, str | None]] = {
        int(i or 0): (name, kind, key)
        for i, name, kind, key in session.execute(
            sa_select(
                col(Exercise.id), col(Exercise.name), col(Exercise.kind), col(Exercise.key)
            ).where(col(Exercise.id).in_(ids))
        )
    }
    roles: dict[int, tuple[list[str], list[str]]] = {}
    for exercise_id, muscle, role in session.execute(
        sa_select(
            col(ExerciseMuscle.exercise_id), col(ExerciseMuscle.muscle), col(ExerciseMuscle.role)
        ).where(col(ExerciseMuscle.exercise_id).in_(ids))
    ):
        primary, secondary = roles.setdefault(int(exercise_id), ([], []))
        (primary if role == "primary" else secondary).append(str(muscle))
    sources: dict[int, list[str]] = {}
    # The names as the imported files wrote them (each import's report), then the user's
    # remembered answers (normalised) for names no report kept.
    for record in import_records.records(session=session, user_id=user_id, limit=10_000):
        for entry in import_records.record_report(record):
            if entry.exercise_id in exercise_ids:
                sources.setdefault(int(entry.exercise_id), []).append(entry.name)
    for normalized, exercise_id in session.execute(
        sa_select(col(ExerciseMapping.normalized), col(ExerciseMapping.exercise_id)).where(
            col(ExerciseMapping.user_id) == user_id, col(ExerciseMapping.exercise_id).in_(ids)
        )
    ):
        known = {n.casefold() for n in sources.get(int(exercise_id), [])}
        if str(normalized).casefold() not in known:
            sources.setdefault(int(exercise_id), []).append(str(normalized))
    result = {}
    for i, (name, kind, key) in names.items():
        primary, secondary = roles.get(i, ([], []))
        result[i] = ExerciseInfo(
            name=name,
            kind=kind,
            primary=tuple(sorted(primary)),
            secondary=tuple(sorted(secondary)),
            source_names=tuple(sorted(set(sources.get(i, ())))),
            key=key,
        )
    return result


def backtest_log(*, session: Session, user: User, inferred: bool = False) -> BacktestLog:
    """The user's log for the backtest. ``inferred``: the user has not set their training
    years, so the backtest infers them from the log."""
    assert user.id is not None
    sets = work_sets(session=session, user_id=user.id)
    exercises = exercise_infos(
        session=session, user_id=user.id, exercise_ids={s.exercise_id for s in sets}
    )
    return BacktestLog(
        sets=tuple(sets),
        exercises=exercises,
        breaks=tuple(breaks_crud.spans(session=session, user_id=user.id)),
        training_gaps=tuple(breaks_crud.training_gap_spans(session=session, user_id=user.id)),
        birth_year=user.birth_year,
        sex=user.sex,
        training_years=None if inferred else float(user.training_years or 0.0),
    )


def start_sets(
    *, session: Session, user_id: int, days: int, keys: Iterable[str]
) -> list[tuple[dt.date, str | None, str, str, float | None, int | None]]:
    """The sets of the catalogue exercises ``keys`` in the first ``days`` days of the user's
    log, as ``tracker.projections.training_status`` reads them: (day, key, exercise kind, set
    kind, weight in kg, reps)."""
    first = session.execute(
        sa_select(func.min(col(Workout.started_at))).where(col(Workout.user_id) == user_id)
    ).scalar_one_or_none()
    if first is None:
        return []
    start = dt.datetime.combine(_as_date(first), dt.time())
    # The user's workouts of those days first, then their sets: left to itself, SQLite may
    # start from the exercises and read every account's sets of them.
    workout_ids = list(
        session.execute(
            sa_select(col(Workout.id)).where(
                col(Workout.user_id) == user_id,
                col(Workout.started_at) < start + dt.timedelta(days=days),
            )
        ).scalars()
    )
    if not workout_ids:
        return []
    statement = (
        sa_select(
            col(Workout.started_at),
            col(Exercise.key),
            col(Exercise.kind),
            col(WorkoutSet.kind),
            col(WorkoutSet.weight_kg),
            col(WorkoutSet.reps),
        )
        .join(WorkoutSet, col(WorkoutSet.workout_id) == col(Workout.id))
        .join(Exercise, col(Exercise.id) == col(WorkoutSet.exercise_id))
        .where(
            col(WorkoutSet.workout_id).in_(workout_ids),
            col(Exercise.key).in_(sorted(set(keys))),
        )
    )
    return [
        (
            _as_date(started),
            key,
            str(exercise_kind),
            str(set_kind),
            None if weight is None else float(weight),
            None if reps is None else int(reps),
        )
        for started, key, exercise_kind, set_kind, weight, reps in session.execute(statement)
    ]
