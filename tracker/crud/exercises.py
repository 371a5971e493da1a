"""Exercises: the shared catalogue (``owner_id`` empty) and each user's private custom ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, delete, func, or_
from sqlmodel import Session, col, select

from tracker import limits
from tracker.catalogue import normalise_name
from tracker.crud.users import bump_data_version
from tracker.models import (
    Exercise,
    ExerciseAlias,
    ExerciseBase,
    ExerciseMuscle,
    Workout,
    WorkoutSet,
)


@dataclass(frozen=True)
class Muscles:
    """An exercise's muscle groups by role."""

    primary: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()


def visible_to(user_id: int) -> ColumnElement[bool]:
    """The catalogue plus the user's own custom exercises."""
    return or_(col(Exercise.owner_id).is_(None), col(Exercise.owner_id) == user_id)


def get_visible(*, session: Session, user_id: int, exercise_id: int) -> Exercise | None:
    """A catalogue exercise or one of the user's own; ``None`` for anything else."""
    exercise = session.get(Exercise, exercise_id)
    if exercise is None or exercise.owner_id not in (None, user_id):
        return None
    return exercise


def get_own(*, session: Session, user_id: int, exercise_id: int) -> Exercise | None:
    """One of the user's custom exercises (catalogue exercises are nobody's to edit)."""
    exercise = session.get(Exercise, exercise_id)
    if exercise is None or exercise.owner_id is None or exercise.owner_id != user_id:
        return None
    return exercise


def muscles(*, session: Session, exercise_ids: Iterable[int]) -> dict[int, Muscles]:
    """The muscle groups of each exercise, primary and secondary, in a stable order."""
    ids = sorted(set(exercise_ids))
    found: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
    if not ids:
        return {}
    statement = (
        select(ExerciseMuscle)
        .where(col(ExerciseMuscle.exercise_id).in_(ids))
        .order_by(col(ExerciseMuscle.exercise_id), col(ExerciseMuscle.muscle))
    )
    for row in session.exec(statement):
        primary, secondary = found[row.exercise_id]
        (primary if row.role == "primary" else secondary).append(row.muscle)
    return {i: Muscles(tuple(p), tuple(s)) for i, (p, s) in found.items()}


def aliases(*, session: Session, exercise_id: int) -> list[str]:
    """Other names of a catalogue exercise (its own name left out)."""
    exercise = session.get(Exercise, exercise_id)
    statement = (
        select(ExerciseAlias.name)
        .where(ExerciseAlias.exercise_id == exercise_id)
        .order_by(col(ExerciseAlias.name))
    )
    own = exercise.name if exercise is not None else None
    return [name for name in session.exec(statement) if name != own]


def all_visible(*, session: Session, user_id: int) -> list[Exercise]:
    """Every exercise the user can log, their own first, then by name."""
    statement = select(Exercise).where(visible_to(user_id))
    return sorted(session.exec(statement), key=_display_order)


def search(*, session: Session, user_id: int, query: str, limit: int = 30) -> list[Exercise]:
    """Exercises whose name (or, in the catalogue, an alias) contains every word of ``query``.

    Names are compared normalised (``tracker.catalogue.normalise_name``: "db" finds
    "Dumbbell", "pullups" finds "Pull Up"). Exact names first, then names starting with the
    query, then the rest; the user's own exercises before the catalogue's on a tie.
    """
    wanted = normalise_name(query)
    words = wanted.split()
    if not words:
        return []
    ranked: dict[int, tuple[int, Exercise]] = {}
    for exercise in own(session=session, user_id=user_id):
        normalised = normalise_name(exercise.name)
        if all(word in normalised for word in words):
            assert exercise.id is not None
            ranked[exercise.id] = (_rank(normalised, wanted), exercise)
    statement = (
        select(ExerciseAlias.normalized, Exercise)
        .join(Exercise, col(Exercise.id) == ExerciseAlias.exercise_id)
        .where(col(Exercise.owner_id).is_(None))
        .where(and_(*(col(ExerciseAlias.normalized).contains(word) for word in words)))
    )
    for normalised, exercise in session.exec(statement):
        assert exercise.id is not None
        rank = _rank(normalised, wanted)
        if exercise.id not in ranked or rank < ranked[exercise.id][0]:
            ranked[exercise.id] = (rank, exercise)
    ordered = sorted(ranked.values(), key=lambda pair: (pair[0], *_display_order(pair[1])))
    return [exercise for _, exercise in ordered[:limit]]


def own(*, session: Session, user_id: int) -> list[Exercise]:
    """The user's custom exercises, by name."""
    statement = select(Exercise).where(Exercise.owner_id == user_id)
    return sorted(session.exec(statement), key=_display_order)


def recently_used(*, session: Session, user_id: int, limit: int = 8) -> list[Exercise]:
    """The exercises of the user's latest sets, most recent first, each once."""
    statement = (
        select(WorkoutSet.exercise_id, func.max(Workout.started_at).label("last"))
        .join(Workout, col(Workout.id) == WorkoutSet.workout_id)
        .where(Workout.user_id == user_id)
        .group_by(col(WorkoutSet.exercise_id))
        .order_by(func.max(Workout.started_at).desc(), col(WorkoutSet.exercise_id))
        .limit(limit)
    )
    ids = [exercise_id for exercise_id, _ in session.exec(statement)]
    by_id = _by_id(session, ids)
    return [by_id[i] for i in ids if i in by_id]


def used(*, session: Session, user_id: int) -> list[Exercise]:
    """Every exercise the user has logged a set of, by name."""
    statement = (
        select(Exercise)
        .where(
            col(Exercise.id).in_(
                select(WorkoutSet.exercise_id)
                .join(Workout, col(Workout.id) == WorkoutSet.workout_id)
                .where(Workout.user_id == user_id)
            )
        )
        .order_by(col(Exercise.name))
    )
    return list(session.exec(statement))


def name_taken(*, session: Session, user_id: int, name: str, exclude_id: int | None = None) -> bool:
    """True when another of the user's custom exercises has this name (compared normalised)."""
    wanted = normalise_name(name)
    return any(
        normalise_name(e.name) == wanted and e.id != exclude_id
        for e in own(session=session, user_id=user_id)
    )


def create_custom(
    *, session: Session, user_id: int, data: ExerciseBase, muscles: Muscles
) -> Exercise:
    """Add a private exercise for the user; the caller has validated ``data`` and muscles.
    ``limits.LimitReached`` (nothing written) when the account holds its most already."""
    have = session.exec(
        select(func.count()).select_from(Exercise).where(Exercise.owner_id == user_id)
    ).one()
    limits.check_room(limits.CUSTOM_EXERCISES, int(have))
    exercise = Exercise.model_validate({**data.model_dump(), "owner_id": user_id})
    session.add(exercise)
    session.flush()
    assert exercise.id is not None
    _set_muscles(session, exercise.id, muscles)
    bump_data_version(session=session, user_id=user_id)
    session.commit()
    session.refresh(exercise)
    return exercise


def update_custom(
    *, session: Session, exercise: Exercise, data: ExerciseBase, muscles: Muscles
) -> Exercise:
    """Change a custom exercise; its muscles change the volume of every set already logged."""
    assert exercise.id is not None and exercise.owner_id is not None
    for name, value in data.model_dump().items():
        setattr(exercise, name, value)
    session.add(exercise)
    session.exec(delete(ExerciseMuscle).where(col(ExerciseMuscle.exercise_id) == exercise.id))
    _set_muscles(session, exercise.id, muscles)
    bump_data_version(session=session, user_id=exercise.owner_id)
    session.commit()
    session.refresh(exercise)
    return exercise


def count_sets(*, session: Session, user_id: int, exercise_id: int) -> int:
    """How many of the user's sets are of this exercise."""
    statement = (
        select(func.count())
        .select_from(WorkoutSet)
        .join(Workout, col(Workout.id) == WorkoutSet.workout_id)
        .where(Workout.user_id == user_id, WorkoutSet.exercise_id == exercise_id)
    )
    return int(session.exec(statement).one())


def delete_custom(*, session: Session, exercise: Exercise) -> None:
    """Delete a custom exercise; the database cascades to its muscles and its logged sets.

    The sets left in the workouts it was in are renumbered 1, 2, 3... again.
    """
    assert exercise.owner_id is not None
    owner_id = exercise.owner_id
    touched = list(
        session.exec(
            select(WorkoutSet.workout_id).where(WorkoutSet.exercise_id == exercise.id).distinct()
        )
    )
    session.delete(exercise)
    session.flush()
    if touched:
        remaining = session.exec(
            select(WorkoutSet)
            .where(col(WorkoutSet.workout_id).in_(touched))
            .order_by(col(WorkoutSet.workout_id), col(WorkoutSet.position), col(WorkoutSet.id))
        )
        positions: dict[int, int] = {}
        for item in remaining:
            positions[item.workout_id] = positions.get(item.workout_id, 0) + 1
            if item.position != positions[item.workout_id]:
                item.position = positions[item.workout_id]
                session.add(item)
    bump_data_version(session=session, user_id=owner_id)
    session.commit()


def _set_muscles(session: Session, exercise_id: int, muscles: Muscles) -> None:
    for muscle in muscles.primary:
        session.add(ExerciseMuscle(exercise_id=exercise_id, muscle=muscle, role="primary"))
    for muscle in muscles.secondary:
        session.add(ExerciseMuscle(exercise_id=exercise_id, muscle=muscle, role="secondary"))
    session.flush()


def _by_id(session: Session, ids: Iterable[int]) -> dict[int, Exercise]:
    wanted = list(ids)
    if not wanted:
        return {}
    found = session.exec(select(Exercise).where(col(Exercise.id).in_(wanted)))
    return {e.id: e for e in found if e.id is not None}


def _display_order(exercise: Exercise) -> tuple[int, str, int]:
    return (0 if exercise.owner_id is not None else 1, exercise.name.casefold(), exercise.id or 0)


def _rank(normalised: str, wanted: str) -> int:
    if normalised == wanted:
        return 0
    if normalised.startswith(wanted):
        return 1
    return 2


# --- exercises whose muscles are not set -------------------------------------------------------


def _unassigned_parts() -> tuple[Any, tuple[Any, ...]]:
    """The sets of an exercise (a scalar subquery) and what makes it one of the user's
    exercises without muscles (cardio aside)."""
    has_muscles = select(ExerciseMuscle.exercise_id).where(
        ExerciseMuscle.exercise_id == Exercise.id
    )
    sets = (
        select(func.count())
        .select_from(WorkoutSet)
        .where(WorkoutSet.exercise_id == Exercise.id)
        .scalar_subquery()
    )
    where = (
        Exercise.owner_id == bindparam("user_id"),
        Exercise.kind != "cardio",
        ~has_muscles.exists(),
    )
    return sets, where


def _unassigned_statement() -> Any:
    sets, where = _unassigned_parts()
    return select(Exercise, sets).where(*where).order_by(sets.desc(), col(Exercise.name))


def _unassigned_counts_statement() -> Any:
    sets, where = _unassigned_parts()
    per_exercise = select(sets.label("sets")).where(*where).subquery()
    return select(func.count(), func.coalesce(func.sum(per_exercise.c.sets), 0)).where(
        per_exercise.c.sets > 0
    )


#: Built once: the dashboard asks after every write, and building them cost more than running
#: them.
_UNASSIGNED = _unassigned_statement()
#: What the dashboard's banner says of them: (exercises with sets, their sets).
_UNASSIGNED_COUNTS = _unassigned_counts_statement()


def unassigned_counts(*, session: Session, user_id: int) -> tuple[int, int]:
    """How many of :func:`unassigned`'s exercises have sets, and how many sets they have: two
    numbers, no exercise rows (the dashboard asks after every write)."""
    exercises, sets = session.execute(_UNASSIGNED_COUNTS, {"user_id": user_id}).one()
    return int(exercises), int(sets)


def unassigned(*, session: Session, user_id: int) -> list[tuple[Exercise, int]]:
    """The user's exercises with no muscle group (cardio aside), with how many sets each has,
    most sets first: an import makes them for names it cannot read, and the model leaves
    their sets out until the user says what they train."""
    rows = session.exec(_UNASSIGNED, params={"user_id": user_id}).all()
    return [(exercise, int(count)) for exercise, count in rows]


def assign_muscles(*, session: Session, user_id: int, muscles: Mapping[int, Muscles]) -> int:
    """Give some of the user's exercises without muscles their muscles, in one transaction;
    ids that are not such an exercise of the user are ignored. How many were changed."""
    wanted = {exercise.id: exercise for exercise, _ in unassigned(session=session, user_id=user_id)}
    changed = 0
    for exercise_id, chosen in muscles.items():
        if exercise_id not in wanted or not chosen.primary:
            continue
        _set_muscles(session, exercise_id, chosen)
        changed += 1
    if changed:
        bump_data_version(session=session, user_id=user_id)
    session.commit()
    return changed
