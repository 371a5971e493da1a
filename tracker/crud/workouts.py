"""Workouts and their sets: log, change, delete, and read back for history and the model.

Every write bumps the owner's ``data_version`` in the same transaction. Ownership is checked
here (``get_own``/``get_own_set`` return ``None`` for someone else's rows), so views can answer
404 for missing and foreign rows alike.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tracker import limits, records, volume
from tracker.crud.breaks import default_set_side
from tracker.crud.exercises import muscles as exercise_muscles
from tracker.crud.users import bump_data_version
from tracker.models import (
    Exercise,
    PlannedSet,
    Workout,
    WorkoutBase,
    WorkoutSet,
    WorkoutSetBase,
)

PER_PAGE = 20


#: The sets of one workout, for the limit's message.
SETS_PER_WORKOUT = limits.Count("sets in one workout", limits.MAX_SETS_PER_WORKOUT)


# --- workouts -------------------------------------------------------------------------------


def create(*, session: Session, user_id: int, data: WorkoutBase) -> Workout:
    """Add a workout; ``limits.LimitReached`` (nothing written) when the account is full."""
    workout = add(session=session, user_id=user_id, data=data)
    session.commit()
    session.refresh(workout)
    return workout


def add(*, session: Session, user_id: int, data: WorkoutBase) -> Workout:
    """:func:`create` without the commit (the caller adds more to the same transaction)."""
    have = session.exec(
        select(func.count()).select_from(Workout).where(Workout.user_id == user_id)
    ).one()
    limits.check_room(limits.WORKOUTS, int(have))
    logged = session.exec(
        select(func.count())
        .select_from(WorkoutSet)
        .join(Workout, col(Workout.id) == WorkoutSet.workout_id)
        .where(Workout.user_id == user_id)
    ).one()
    limits.check_room(limits.SETS, int(logged), 0)
    workout = Workout.model_validate({**data.model_dump(), "user_id": user_id})
    session.add(workout)
    bump_data_version(session=session, user_id=user_id)
    session.flush()
    return workout


def get_own(*, session: Session, user_id: int, workout_id: int) -> Workout | None:
    workout = session.get(Workout, workout_id)
    if workout is None or workout.user_id != user_id:
        return None
    return workout


def update(*, session: Session, workout: Workout, data: WorkoutBase) -> Workout:
    for name, value in data.model_dump().items():
        setattr(workout, name, value)
    session.add(workout)
    bump_data_version(session=session, user_id=workout.user_id)
    session.commit()
    session.refresh(workout)
    return workout


def delete(*, session: Session, workout: Workout) -> None:
    """Delete a workout; the database cascades to its sets."""
    user_id = workout.user_id
    session.delete(workout)
    bump_data_version(session=session, user_id=user_id)
    session.commit()


# --- sets -----------------------------------------------------------------------------------


def sets(*, session: Session, workout_id: int) -> list[WorkoutSet]:
    """A workout's sets in logged order."""
    statement = (
        select(WorkoutSet)
        .where(WorkoutSet.workout_id == workout_id)
        .order_by(col(WorkoutSet.position), col(WorkoutSet.id))
    )
    return list(session.exec(statement))


def add_set(*, session: Session, workout: Workout, data: WorkoutSetBase) -> WorkoutSet:
    """Append a set to the workout (its position is the next free one); a workout holds at
    most ``limits.MAX_SETS_PER_WORKOUT`` (``LimitReached``, nothing written)."""
    assert workout.id is not None
    last, number = session.exec(
        select(func.max(WorkoutSet.position), func.count()).where(
            WorkoutSet.workout_id == workout.id
        )
    ).one()
    limits.check_room(SETS_PER_WORKOUT, int(number))
    values = {**data.model_dump(), "workout_id": workout.id, "position": (last or 0) + 1}
    if values.get("side") is None:  # one-arm sets: the side the name says (issue 17)
        values["side"] = default_set_side(
            session=session,
            user_id=workout.user_id,
            exercise_id=data.exercise_id,
            day=workout.started_at.date(),
        )
    item = WorkoutSet.model_validate(values)
    session.add(item)
    bump_data_version(session=session, user_id=workout.user_id)
    session.commit()
    session.refresh(item)
    return item


def get_own_set(
    *, session: Session, user_id: int, set_id: int
) -> tuple[WorkoutSet, Workout] | None:
    """A set and its workout, if the workout is the user's."""
    row = session.exec(
        select(WorkoutSet, Workout)
        .join(Workout, col(Workout.id) == WorkoutSet.workout_id)
        .where(WorkoutSet.id == set_id, Workout.user_id == user_id)
    ).first()
    return (row[0], row[1]) if row is not None else None


def update_set(
    *, session: Session, item: WorkoutSet, workout: Workout, data: WorkoutSetBase
) -> WorkoutSet:
    """Change a set's values; it keeps its place in the workout."""
    for name, value in data.model_dump(exclude={"position"}).items():
        setattr(item, name, value)
    session.add(item)
    bump_data_version(session=session, user_id=workout.user_id)
    session.commit()
    session.refresh(item)
    return item


def delete_set(*, session: Session, item: WorkoutSet, workout: Workout) -> None:
    """Delete a set and close the gap in the positions after it. A planned set it was logged
    from goes too (deleting is not undoing: the row is not planned again)."""
    assert workout.id is not None
    for planned in session.exec(select(PlannedSet).where(PlannedSet.set_id == item.id)):
        session.delete(planned)
    session.delete(item)
    session.flush()
    for position, other in enumerate(sets(session=session, workout_id=workout.id), start=1):
        if other.position != position:
            other.position = position
            session.add(other)
    bump_data_version(session=session, user_id=workout.user_id)
    session.commit()


@dataclass(frozen=True)
class PreviousSets:
    """The sets of an exercise in the latest workout before another one."""

    workout: Workout
    sets: list[WorkoutSet]


def previous_sets(
    *, session: Session, user_id: int, exercise_id: int, before: Workout
) -> PreviousSets | None:
    """The sets of ``exercise_id`` in the user's latest workout that started before ``before``.

    Workouts starting at the same minute are ordered by id.
    """
    earlier = (col(Workout.started_at) < before.started_at) | (
        (col(Workout.started_at) == before.started_at) & (col(Workout.id) < (before.id or 0))
    )
    has_exercise = _has_exercise(exercise_id)
    workout = session.exec(
        select(Workout)
        .where(Workout.user_id == user_id, earlier, has_exercise)
        .order_by(col(Workout.started_at).desc(), col(Workout.id).desc())
        .limit(1)
    ).first()
    if workout is None or workout.id is None:
        return None
    found = session.exec(
        select(WorkoutSet)
        .where(WorkoutSet.workout_id == workout.id, WorkoutSet.exercise_id == exercise_id)
        .order_by(col(WorkoutSet.position))
    ).all()
    return PreviousSets(workout, list(found))


def previous_sets_for(
    *, session: Session, user_id: int, exercise_ids: Iterable[int], before: Workout
) -> dict[int, PreviousSets]:
    """For each of ``exercise_ids``, its sets in the user's latest workout that started before
    ``before`` and has it (exercises never done before are absent). One query for them all.

    Workouts starting at the same minute are ordered by id.
    """
    ids = sorted(set(exercise_ids))
    if not ids:
        return {}
    earlier = (col(Workout.started_at) < before.started_at) | (
        (col(Workout.started_at) == before.started_at) & (col(Workout.id) < (before.id or 0))
    )
    # One row per exercise and workout that has it, ranked newest first per exercise.
    ranked = (
        select(
            col(WorkoutSet.exercise_id).label("exercise_id"),
            col(Workout.id).label("workout_id"),
            func.row_number()
            .over(
                partition_by=col(WorkoutSet.exercise_id),
                order_by=(col(Workout.started_at).desc(), col(Workout.id).desc()),
            )
            .label("newest"),
        )
        .join(Workout, col(Workout.id) == col(WorkoutSet.workout_id))
        .where(col(Workout.user_id) == user_id, col(WorkoutSet.exercise_id).in_(ids), earlier)
        .group_by(col(WorkoutSet.exercise_id), col(Workout.id), col(Workout.started_at))
        .subquery()
    )
    rows = session.exec(
        select(Workout, WorkoutSet)
        .join(ranked, ranked.c.workout_id == col(Workout.id))
        .join(
            WorkoutSet,
            (col(WorkoutSet.workout_id) == col(Workout.id))
            & (col(WorkoutSet.exercise_id) == ranked.c.exercise_id),
        )
        .where(ranked.c.newest == 1)
        .order_by(col(WorkoutSet.exercise_id), col(WorkoutSet.position))
    )
    found: dict[int, PreviousSets] = {}
    for workout, item in rows:
        found.setdefault(item.exercise_id, PreviousSets(workout, [])).sets.append(item)
    return found


def sets_with_exercises(*, session: Session, workout_id: int) -> list[tuple[WorkoutSet, Exercise]]:
    """A workout's sets in order, each with its exercise (one query)."""
    return list(
        session.exec(
            select(WorkoutSet, Exercise)
            .join(Exercise, col(Exercise.id) == col(WorkoutSet.exercise_id))
            .where(WorkoutSet.workout_id == workout_id)
            .order_by(col(WorkoutSet.position))
        )
    )


def exercise_of(*, session: Session, item: WorkoutSet) -> Exercise:
    """The exercise of a set (sets always have one: the foreign key)."""
    found = session.get(Exercise, item.exercise_id)
    assert found is not None
    return found


# --- history --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkoutSummary:
    workout: Workout
    set_count: int
    #: The exercises in the order they were first logged.
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True)
class HistoryPage:
    items: list[WorkoutSummary]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def history(
    *,
    session: Session,
    user_id: int,
    page: int = 1,
    per_page: int = PER_PAGE,
    exercise_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> HistoryPage:
    """The user's workouts, newest first, one page of them; ``end`` is inclusive."""
    conditions: list[ColumnElement[bool]] = [col(Workout.user_id) == user_id]
    if exercise_id is not None:
        conditions.append(_has_exercise(exercise_id))
    if start is not None:
        conditions.append(col(Workout.started_at) >= _midnight(start))
    if end is not None:
        conditions.append(col(Workout.started_at) < _midnight(end + dt.timedelta(days=1)))
    total = session.exec(select(func.count()).select_from(Workout).where(*conditions)).one()
    page = max(1, page)
    workouts = list(
        session.exec(
            select(Workout)
            .where(*conditions)
            .order_by(col(Workout.started_at).desc(), col(Workout.id).desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    counts: dict[int, int] = defaultdict(int)
    names: dict[int, dict[int, Exercise]] = defaultdict(dict)
    ids = [w.id for w in workouts if w.id is not None]
    if ids:
        rows = session.exec(
            select(WorkoutSet.workout_id, Exercise)
            .join(Exercise, col(Exercise.id) == WorkoutSet.exercise_id)
            .where(col(WorkoutSet.workout_id).in_(ids))
            .order_by(col(WorkoutSet.workout_id), col(WorkoutSet.position))
        )
        for workout_id, exercise in rows:
            counts[workout_id] += 1
            names[workout_id].setdefault(exercise.id or 0, exercise)
    items = [
        WorkoutSummary(w, counts[w.id or 0], tuple(names[w.id or 0].values())) for w in workouts
    ]
    return HistoryPage(items, page, per_page, int(total))


def exercise_sets(
    *, session: Session, user_id: int, exercise_id: int
) -> list[tuple[Workout, list[WorkoutSet]]]:
    """The user's sets of one exercise grouped by workout, newest workout first."""
    rows = session.exec(
        select(Workout, WorkoutSet)
        .join(WorkoutSet, col(WorkoutSet.workout_id) == Workout.id)
        .where(Workout.user_id == user_id, WorkoutSet.exercise_id == exercise_id)
        .order_by(col(Workout.started_at).desc(), col(Workout.id).desc(), col(WorkoutSet.position))
    )
    grouped: dict[int, tuple[Workout, list[WorkoutSet]]] = {}
    for workout, item in rows:
        grouped.setdefault(workout.id or 0, (workout, []))[1].append(item)
    return list(grouped.values())


# --- personal records -----------------------------------------------------------------------


def logged_sets(
    *,
    session: Session,
    user_id: int,
    exercise_ids: Iterable[int],
    until: Workout | None = None,
) -> list[records.LoggedSet]:
    """Every set of these exercises the user logged, workout by workout in the order they
    happened (``until``: up to that workout, included), for ``tracker.records.find``."""
    ids = sorted(set(exercise_ids))
    if not ids:
        return []
    statement = (
        sa_select(
            col(WorkoutSet.workout_id),
            col(WorkoutSet.id),
            col(WorkoutSet.exercise_id),
            col(Exercise.kind),
            col(WorkoutSet.kind),
            col(WorkoutSet.reps),
            col(WorkoutSet.weight_kg),
        )
        .join(Workout, col(Workout.id) == col(WorkoutSet.workout_id))
        .join(Exercise, col(Exercise.id) == col(WorkoutSet.exercise_id))
        .where(col(Workout.user_id) == user_id, col(WorkoutSet.exercise_id).in_(ids))
        .order_by(col(Workout.started_at), col(Workout.id), col(WorkoutSet.position))
    )
    if until is not None:
        statement = statement.where(
            (col(Workout.started_at) < until.started_at)
            | ((col(Workout.started_at) == until.started_at) & (col(Workout.id) <= (until.id or 0)))
        )
    return [records.LoggedSet(*row) for row in session.execute(statement)]


def exercises_of(*, session: Session, workout_ids: Iterable[int]) -> list[int]:
    """The exercises logged in these workouts."""
    ids = list(workout_ids)
    if not ids:
        return []
    return list(
        session.exec(
            select(WorkoutSet.exercise_id).where(col(WorkoutSet.workout_id).in_(ids)).distinct()
        )
    )


# --- what the model is fed ------------------------------------------------------------------


def hard_set_rows(
    *,
    session: Session,
    user_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[volume.SetRow]:
    """Every set the user logged (warm-ups included) as ``volume.SetRow``, oldest first.

    ``start`` and ``end`` (inclusive) limit it to those days; the day is the workout's local
    date. ``volume`` decides what counts: feed the rows to ``volume.daily_hard_sets`` or
    ``volume.weekly_hard_sets``.
    """
    statement = (
        select(Workout.started_at, WorkoutSet.kind, Exercise.id, Exercise.kind)
        .join(WorkoutSet, col(WorkoutSet.workout_id) == Workout.id)
        .join(Exercise, col(Exercise.id) == WorkoutSet.exercise_id)
        .where(Workout.user_id == user_id)
        .order_by(col(Workout.started_at), col(Workout.id), col(WorkoutSet.position))
    )
    if start is not None:
        statement = statement.where(col(Workout.started_at) >= _midnight(start))
    if end is not None:
        statement = statement.where(col(Workout.started_at) < _midnight(end + dt.timedelta(days=1)))
    rows = list(session.exec(statement))
    by_exercise = exercise_muscles(session=session, exercise_ids={r[2] for r in rows if r[2]})
    result = []
    for started_at, set_kind, exercise_id, exercise_kind in rows:
        found = by_exercise.get(exercise_id or 0)
        primary, secondary = (found.primary, found.secondary) if found else ((), ())
        result.append(volume.SetRow(started_at.date(), set_kind, primary, secondary, exercise_kind))
    return result


def daily_hard_sets(
    *,
    session: Session,
    user_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[dt.date, dict[str, float]]:
    """Hard sets per muscle group per local day for the user (days without any are absent)."""
    rows = hard_set_rows(session=session, user_id=user_id, start=start, end=end)
    return volume.daily_hard_sets(rows)


def weekly_hard_sets(
    *,
    session: Session,
    user_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[dt.date, dict[str, float]]:
    """Hard sets per muscle group per week (keyed by Monday) for the user."""
    rows = hard_set_rows(session=session, user_id=user_id, start=start, end=end)
    return volume.weekly_hard_sets(rows)


def _has_exercise(exercise_id: int) -> ColumnElement[bool]:
    """The workout has a set of this exercise."""
    return exists().where(
        col(WorkoutSet.workout_id) == col(Workout.id), col(WorkoutSet.exercise_id) == exercise_id
    )


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())
