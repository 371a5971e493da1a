"""Routines (workouts to repeat) and the ways to start a workout in one tap.

A routine is a name and sets (``RoutineSet``: an exercise, a kind and target values). It is the
user's alone: ``get_own`` returns ``None`` for someone else's, so views answer 404 for missing
and foreign routines alike. Routines are no training data: writing them does not bump the
data version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker import limits
from tracker.models import Exercise, PlannedValues, Routine, RoutineSet, Workout, WorkoutSet, utcnow

MAX_ROUTINES = 200
MAX_ROUTINE_SETS = 100
ROUTINES = limits.Count("routines", MAX_ROUTINES)
ROUTINE_SETS = limits.Count("sets in one routine", MAX_ROUTINE_SETS)
#: Routines offered on the dashboard and the workouts page.
SHOWN = 4


@dataclass(frozen=True)
class RoutineSets:
    routine: Routine
    sets: list[tuple[RoutineSet, Exercise]]

    @property
    def exercises(self) -> list[Exercise]:
        """Its exercises in order, each once."""
        found: dict[int, Exercise] = {}
        for _, exercise in self.sets:
            found.setdefault(exercise.id or 0, exercise)
        return list(found.values())


def own(*, session: Session, user_id: int, limit: int | None = None) -> list[RoutineSets]:
    """The user's routines, the one used last first (never used: newest first), with their
    sets (two queries)."""
    statement = (
        select(Routine)
        .where(Routine.user_id == user_id)
        .order_by(
            col(Routine.used_at).is_(None),
            col(Routine.used_at).desc(),
            col(Routine.created_at).desc(),
            col(Routine.id).desc(),
        )
    )
    if limit is not None:
        statement = statement.limit(limit)
    routines = list(session.exec(statement))
    by_routine: dict[int, list[tuple[RoutineSet, Exercise]]] = {r.id or 0: [] for r in routines}
    if routines:
        for item, exercise in session.exec(
            select(RoutineSet, Exercise)
            .join(Exercise, col(Exercise.id) == col(RoutineSet.exercise_id))
            .where(col(RoutineSet.routine_id).in_(list(by_routine)))
            .order_by(col(RoutineSet.routine_id), col(RoutineSet.position), col(RoutineSet.id))
        ):
            by_routine[item.routine_id].append((item, exercise))
    return [RoutineSets(r, by_routine[r.id or 0]) for r in routines]


def get_own(*, session: Session, user_id: int, routine_id: int) -> Routine | None:
    routine = session.get(Routine, routine_id)
    if routine is None or routine.user_id != user_id:
        return None
    return routine


def sets(*, session: Session, routine_id: int) -> list[tuple[RoutineSet, Exercise]]:
    return list(
        session.exec(
            select(RoutineSet, Exercise)
            .join(Exercise, col(Exercise.id) == col(RoutineSet.exercise_id))
            .where(RoutineSet.routine_id == routine_id)
            .order_by(col(RoutineSet.position), col(RoutineSet.id))
        )
    )


def exercise_ids(*, session: Session, user_id: int) -> list[int]:
    """The exercises of the user's routines (the search offers them first)."""
    return list(
        session.exec(
            select(RoutineSet.exercise_id)
            .join(Routine, col(Routine.id) == col(RoutineSet.routine_id))
            .where(Routine.user_id == user_id)
            .distinct()
        )
    )


def create(
    *, session: Session, user_id: int, name: str, values: Sequence[PlannedValues]
) -> Routine:
    """A new routine; ``LimitReached`` (nothing written) when the account holds as many as it
    can, or the routine would have too many sets."""
    have = session.exec(
        select(func.count()).select_from(Routine).where(Routine.user_id == user_id)
    ).one()
    limits.check_room(ROUTINES, int(have))
    limits.check_room(ROUTINE_SETS, 0, len(values))
    routine = Routine(user_id=user_id, name=name)
    session.add(routine)
    session.flush()
    _add_sets(session, routine, values)
    session.commit()
    session.refresh(routine)
    return routine


def update(
    *, session: Session, routine: Routine, name: str, values: Sequence[PlannedValues]
) -> Routine:
    """Rename a routine and replace its sets."""
    limits.check_room(ROUTINE_SETS, 0, len(values))
    routine.name = name
    session.add(routine)
    for item in session.exec(select(RoutineSet).where(RoutineSet.routine_id == routine.id)):
        session.delete(item)
    session.flush()
    _add_sets(session, routine, values)
    session.commit()
    session.refresh(routine)
    return routine


def delete(*, session: Session, routine: Routine) -> None:
    """Delete a routine and its sets (workouts started from it stay)."""
    session.delete(routine)
    session.commit()


def mark_used(*, session: Session, routine: Routine) -> None:
    """Note that a workout was started from it (written with the caller's commit)."""
    routine.used_at = utcnow()
    session.add(routine)


def _add_sets(session: Session, routine: Routine, values: Sequence[PlannedValues]) -> None:
    for position, item in enumerate(values, start=1):
        session.add(
            RoutineSet.model_validate(
                {**item.model_dump(), "position": position, "routine_id": routine.id}
            )
        )


# --- one tap to start ------------------------------------------------------------------------


@dataclass(frozen=True)
class Recent:
    workout: Workout
    sets: int


@dataclass(frozen=True)
class Starts:
    """What the dashboard and the workouts page offer to start."""

    #: A workout started in the last hours and not finished: continue it.
    current: Workout | None
    #: The latest workout of each of the last few titles: repeat it.
    repeats: list[Recent]
    routines: list[RoutineSets]


#: How recent an unfinished workout must be to be offered to continue.
CURRENT_HOURS = 12
#: Recent workouts looked at for titles to repeat, and how many are offered.
LOOKED_AT, REPEATS = 30, 3


def starts(*, session: Session, user_id: int, now: dt.datetime) -> Starts:
    """``now`` is the user's local wall-clock time (workouts start on it). Three queries."""
    rows = session.exec(
        select(Workout, func.count(col(WorkoutSet.id)))
        .outerjoin(WorkoutSet, col(WorkoutSet.workout_id) == col(Workout.id))
        .where(Workout.user_id == user_id, col(Workout.started_at) <= now + dt.timedelta(days=1))
        .group_by(col(Workout.id))
        .order_by(col(Workout.started_at).desc(), col(Workout.id).desc())
        .limit(LOOKED_AT)
    ).all()
    current = None
    if rows:
        latest = rows[0][0]
        recent = now - dt.timedelta(hours=CURRENT_HOURS) <= latest.started_at
        if recent and latest.duration_minutes is None:
            current = latest
    repeats: list[Recent] = []
    titles: set[str] = set()
    for workout, count in rows:
        title = " ".join(workout.title.lower().split())
        if not count or title in titles or workout is current:
            continue
        titles.add(title)
        repeats.append(Recent(workout, int(count)))
        if len(repeats) == REPEATS:
            break
    return Starts(current, repeats, own(session=session, user_id=user_id, limit=SHOWN))
