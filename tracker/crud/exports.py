"""The rows of a user's export: everything of theirs, read in a few queries.

``export_rows`` loads the rows; ``tracker.export`` (pure) turns them into the JSON document or
the CSV of sets. ``export_stream`` loads everything but the workouts and sets, which it reads
in batches while the export is written (a million sets in bounded memory): the database keeps
one read transaction open meanwhile, which writers on PostgreSQL and SQLite (WAL) do not wait
for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from tracker.export import ExportRows
from tracker.models import (
    Break,
    BreakMuscle,
    Exercise,
    ExerciseMapping,
    ExerciseMuscle,
    Plan,
    Routine,
    RoutineSet,
    TrainingGap,
    User,
    Workout,
    WorkoutSet,
)

_users = User.__table__  # type: ignore[attr-defined]
_workouts = Workout.__table__  # type: ignore[attr-defined]
_sets = WorkoutSet.__table__  # type: ignore[attr-defined]
_exercises = Exercise.__table__  # type: ignore[attr-defined]
_muscles = ExerciseMuscle.__table__  # type: ignore[attr-defined]
_mappings = ExerciseMapping.__table__  # type: ignore[attr-defined]
_breaks = Break.__table__  # type: ignore[attr-defined]
_break_muscles = BreakMuscle.__table__  # type: ignore[attr-defined]
_gaps = TrainingGap.__table__  # type: ignore[attr-defined]
_plans = Plan.__table__  # type: ignore[attr-defined]
_routines = Routine.__table__  # type: ignore[attr-defined]
_routine_sets = RoutineSet.__table__  # type: ignore[attr-defined]


#: Rows read from the database at a time by a streamed export.
BATCH = 2_000


def export_stream(*, session: Session, user_id: int) -> ExportRows:
    """Everything of the user, with the workouts and sets read as ``logged`` is iterated
    (keep ``session`` open until then)."""
    rows = _rows(session=session, user_id=user_id, with_logs=False)
    custom = set(rows.custom_exercise_ids)
    exercises = {
        row["id"]: row
        for row in session.execute(
            select(_exercises).where(
                _exercises.c.owner_id.is_(None) | _exercises.c.id.in_(custom or {-1})
            )
        ).mappings()
    }
    return replace(
        rows, exercises={**exercises, **rows.exercises}, logged=_logged(session, user_id)
    )


def _logged(session: Session, user_id: int) -> Iterator[Any]:
    w, s = _workouts.c, _sets.c
    statement = (
        select(
            w.id.label("workout_id"),
            w.started_at,
            w.title,
            w.duration_minutes,
            w.notes.label("workout_notes"),
            w.source,
            w.source_key,
            s.id.label("set_id"),
            s.exercise_id,
            s.position,
            s.kind,
            s.reps,
            s.weight_kg,
            s.rpe,
            s.distance_m,
            s.seconds,
            s.notes,
            s.side,
        )
        .select_from(_workouts.outerjoin(_sets, s.workout_id == w.id))
        .where(w.user_id == user_id)
        .order_by(w.started_at, w.title, w.id, s.id)
        .execution_options(yield_per=BATCH)
    )
    yield from session.execute(statement).mappings()


def export_rows(*, session: Session, user_id: int) -> ExportRows:
    """Everything of the user, as rows for ``tracker.export``."""
    return _rows(session=session, user_id=user_id, with_logs=True)


def _rows(*, session: Session, user_id: int, with_logs: bool) -> ExportRows:
    profile = session.execute(select(_users).where(_users.c.id == user_id)).mappings().one()
    workouts: Any = []
    sets: Any = []
    if with_logs:
        workouts = (
            session.execute(
                select(_workouts)
                .where(_workouts.c.user_id == user_id)
                .order_by(_workouts.c.started_at, _workouts.c.title, _workouts.c.id)
            )
            .mappings()
            .all()
        )
        order = {row["id"]: i for i, row in enumerate(workouts)}
        sets = (
            session.execute(
                select(_sets)
                .join(_workouts, _workouts.c.id == _sets.c.workout_id)
                .where(_workouts.c.user_id == user_id)
                .order_by(_sets.c.id)
            )
            .mappings()
            .all()
        )
        sets = sorted(sets, key=lambda row: order[row["workout_id"]])  # stable: by id
    mappings = (
        session.execute(
            select(_mappings).where(_mappings.c.user_id == user_id).order_by(_mappings.c.normalized)
        )
        .mappings()
        .all()
    )
    custom_ids = list(
        session.execute(
            select(_exercises.c.id)
            .where(_exercises.c.owner_id == user_id)
            .order_by(_exercises.c.name, _exercises.c.id)
        ).scalars()
    )
    routines = (
        session.execute(
            select(_routines)
            .where(_routines.c.user_id == user_id)
            .order_by(_routines.c.created_at, _routines.c.id)
        )
        .mappings()
        .all()
    )
    routine_sets: Any = []
    if routines:
        made = {row["id"]: i for i, row in enumerate(routines)}
        routine_sets = (
            session.execute(
                select(_routine_sets)
                .join(_routines, _routines.c.id == _routine_sets.c.routine_id)
                .where(_routines.c.user_id == user_id)
                .order_by(_routine_sets.c.position, _routine_sets.c.id)
            )
            .mappings()
            .all()
        )
        routine_sets = sorted(routine_sets, key=lambda row: made[row["routine_id"]])  # stable
    wanted = set(custom_ids) | {row["exercise_id"] for row in sets}
    wanted |= {row["exercise_id"] for row in mappings}
    wanted |= {row["exercise_id"] for row in routine_sets}
    exercises = {
        row["id"]: row
        for row in session.execute(select(_exercises).where(_exercises.c.id.in_(wanted)))
        .mappings()
        .all()
    }
    muscles: dict[int, list[tuple[str, str]]] = {}
    if custom_ids:
        for row in session.execute(
            select(_muscles).where(_muscles.c.exercise_id.in_(custom_ids))
        ).mappings():
            muscles.setdefault(row["exercise_id"], []).append((row["muscle"], row["role"]))
    breaks = (
        session.execute(
            select(_breaks)
            .where(_breaks.c.user_id == user_id)
            .order_by(_breaks.c.start_date, _breaks.c.id)
        )
        .mappings()
        .all()
    )
    break_muscles: dict[int, list[str]] = {}
    if breaks:
        for row in session.execute(
            select(_break_muscles).where(
                _break_muscles.c.break_id.in_([row["id"] for row in breaks])
            )
        ).mappings():
            break_muscles.setdefault(row["break_id"], []).append(row["muscle"])
    gaps = (
        session.execute(
            select(_gaps)
            .where(_gaps.c.user_id == user_id)
            .order_by(_gaps.c.start_date, _gaps.c.end_date)
        )
        .mappings()
        .all()
    )
    plans = (
        session.execute(
            select(_plans)
            .where(_plans.c.user_id == user_id)
            .order_by(_plans.c.start_date, _plans.c.name, _plans.c.id)
        )
        .mappings()
        .all()
    )
    return ExportRows(
        profile=profile,
        exercises=exercises,
        custom_exercise_ids=custom_ids,
        exercise_muscles=muscles,
        workouts=workouts,
        sets=sets,
        breaks=breaks,
        break_muscles=break_muscles,
        training_gaps=gaps,
        plans=plans,
        mappings=mappings,
        routines=routines,
        routine_sets=routine_sets,
    )
