"""Routines (workouts to repeat) and the ways to start a workout in one tap.

A routine is a name and sets (``RoutineSet``: an exercise, a kind and target values). It is the
user's alone: ``get_own`` returns ``None`` for someone else's, so views answer 404 for missing
and foreign routines alike. Routines are no training data, but writing one bumps the data
version all the same: the dashboard keeps what it offers to start (:func:`start_candidates`)
by that version, and a routine made or changed must show at once. The model finds its inputs
unchanged and simulates nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tracker import limits
from tracker.crud.users import bump_data_version
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
    bump_data_version(session=session, user_id=user_id)
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
    bump_data_version(session=session, user_id=routine.user_id)
    session.commit()
    session.refresh(routine)
    return routine


def delete(*, session: Session, routine: Routine) -> None:
    """Delete a routine and its sets (workouts started from it stay)."""
    session.delete(routine)
    bump_data_version(session=session, user_id=routine.user_id)
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
class Brief:
    """A workout as the start card shows it (plain values: kept across requests)."""

    id: int
    title: str
    started_at: dt.datetime
    duration_minutes: int | None


@dataclass(frozen=True)
class Recent:
    workout: Brief
    sets: int


@dataclass(frozen=True)
class RoutineStart:
    id: int
    name: str
    sets: int


@dataclass(frozen=True)
class Candidates:
    """What the start card is made of: the latest workouts (each with its number of sets) and
    the routines used last. Depends on the user's data and the day only, so the dashboard
    keeps it by the data version (:func:`starts` decides what "now" makes of it)."""

    latest: tuple[Recent, ...]
    routines: tuple[RoutineStart, ...]


@dataclass(frozen=True)
class Starts:
    """What the dashboard and the workouts page offer to start."""

    #: A workout started in the last hours and not finished: continue it.
    current: Brief | None
    #: The latest workout of each of the last few titles: repeat it.
    repeats: list[Recent]
    routines: tuple[RoutineStart, ...]


#: How recent an unfinished workout must be to be offered to continue.
CURRENT_HOURS = 12
#: Recent workouts looked at for titles to repeat, and how many are offered.
LOOKED_AT, REPEATS = 30, 3


# The start card's statements, built once and bound per call (building one costs more than
# running it on the few rows they read; the dashboard runs them after each new set).
#: The user's latest workouts before ``until``, their columns only, each with how many sets
#: it has (counted from the sets' index for these workouts only: one statement, not two).
_LATEST = (
    sa_select(
        col(Workout.id),
        col(Workout.title),
        col(Workout.started_at),
        col(Workout.duration_minutes),
        select(func.count())
        .select_from(WorkoutSet)
        .where(col(WorkoutSet.workout_id) == col(Workout.id))
        .scalar_subquery(),
    )
    .where(
        col(Workout.user_id) == bindparam("user_id"), col(Workout.started_at) < bindparam("until")
    )
    .order_by(col(Workout.started_at).desc(), col(Workout.id).desc())
    .limit(LOOKED_AT)
)
#: The routines to offer, in :func:`own`'s order, with how many sets each holds (as ``own``
#: counts them: the sets of exercises that exist).
_ROUTINE_STARTS = (
    sa_select(
        col(Routine.id),
        col(Routine.name),
        select(func.count())
        .select_from(RoutineSet)
        .join(Exercise, col(Exercise.id) == col(RoutineSet.exercise_id))
        .where(col(RoutineSet.routine_id) == col(Routine.id))
        .scalar_subquery(),
    )
    .where(col(Routine.user_id) == bindparam("user_id"))
    .order_by(
        col(Routine.used_at).is_(None),
        col(Routine.used_at).desc(),
        col(Routine.created_at).desc(),
        col(Routine.id).desc(),
    )
    .limit(SHOWN)
)


def start_candidates(*, session: Session, user_id: int, day: dt.date) -> Candidates:
    """The latest workouts up to the end of the day after ``day`` (the user's today), and the
    routines to offer. Two small queries, each reading only the latest workouts (with their
    sets counted) or the routines offered: counting the sets of every workout before picking
    the latest cost a five-year log 6 ms."""
    until = dt.datetime.combine(day + dt.timedelta(days=2), dt.time())
    # Their columns, not ORM objects: this runs on the dashboard's first view after each set.
    latest = tuple(
        Recent(Brief(ident or 0, title, started_at, minutes), int(sets or 0))
        for ident, title, started_at, minutes, sets in session.execute(
            _LATEST, {"user_id": user_id, "until": until}
        )
    )
    routines = tuple(
        RoutineStart(int(ident), name, int(n))
        for ident, name, n in session.execute(_ROUTINE_STARTS, {"user_id": user_id})
    )
    return Candidates(latest, routines)


def starts(candidates: Candidates, now: dt.datetime) -> Starts:
    """``now`` is the user's local wall-clock time (workouts start on it): an unfinished workout
    of the last hours to continue, the latest of each recent title to repeat, the routines."""
    until = now + dt.timedelta(days=1)
    rows = [r for r in candidates.latest if r.workout.started_at <= until]
    current = None
    if rows:
        latest = rows[0].workout
        recent = now - dt.timedelta(hours=CURRENT_HOURS) <= latest.started_at
        if recent and latest.duration_minutes is None:
            current = latest
    repeats: list[Recent] = []
    titles: set[str] = set()
    for item in rows:
        title = " ".join(item.workout.title.lower().split())
        if not item.sets or title in titles or item.workout is current:
            continue
        titles.add(title)
        repeats.append(item)
        if len(repeats) == REPEATS:
            break
    return Starts(current, repeats, candidates.routines)
