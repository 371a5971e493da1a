"""The bulk writes of an import, in the caller's transaction: workouts and their sets in
batches (COPY on PostgreSQL), custom exercises, and a Regain export's breaks, gaps, plans and
routines.

``tracker.crud.imports`` decides what to write; these only write it, counting what they did in
a ``Counts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlmodel import Session

from tracker import limits
from tracker.catalogue import normalise_name
from tracker.crud.matching import NAME_LENGTH, CreateCustom
from tracker.crud.routines import ROUTINES
from tracker.export import RegainDocument
from tracker.importers import ParsedWorkout
from tracker.importers.incoming import Incoming, merged_workouts, stored_key
from tracker.models import (
    Break,
    BreakMuscle,
    Exercise,
    ExerciseMuscle,
    Plan,
    Routine,
    RoutineSet,
    TrainingGap,
    Workout,
    utcnow,
)

#: Sets are inserted in batches of whole workouts, of at least this many sets (the progress
#: callback runs between batches).
BATCH = 20_000

# Column sizes of the tables (models.py); longer text from a file is shortened.
_TITLE, _WORKOUT_NOTES, _SET_NOTES = 120, 2000, 500
_MAX_MINUTES = 10_000_000

_workouts = Workout.__table__  # type: ignore[attr-defined]
_exercises = Exercise.__table__  # type: ignore[attr-defined]
_muscles = ExerciseMuscle.__table__  # type: ignore[attr-defined]
_breaks = Break.__table__  # type: ignore[attr-defined]
_break_muscles = BreakMuscle.__table__  # type: ignore[attr-defined]
_gaps = TrainingGap.__table__  # type: ignore[attr-defined]
_plans = Plan.__table__  # type: ignore[attr-defined]
_routines = Routine.__table__  # type: ignore[attr-defined]
_routine_sets = RoutineSet.__table__  # type: ignore[attr-defined]


@dataclass
class Counts:
    """What the writes added or left out."""

    workouts_added: int = 0
    sets_added: int = 0
    duplicate_workouts: int = 0
    duplicate_sets: int = 0
    #: Sets left out because their exercise was skipped.
    skipped_sets: int = 0
    breaks_added: int = 0
    training_gaps_added: int = 0
    plans_added: int = 0
    routines_added: int = 0
    #: Routines the user has already (same name and sets), not added again.
    duplicate_routines: int = 0
    #: Sets of routines left out because their exercise was skipped (or is not known here);
    #: a routine left with none is not added.
    skipped_routine_sets: int = 0
    #: Texts longer than Regain keeps, shortened.
    shortened: int = 0


def duplicates(
    session: Session, user_id: int, workouts: Sequence[tuple[ParsedWorkout, str]]
) -> list[bool]:
    """For each workout, whether the user already has it."""
    keys = {
        key
        for (key,) in session.execute(
            select(_workouts.c.source_key).where(
                _workouts.c.user_id == user_id, _workouts.c.source_key.is_not(None)
            )
        ).all()
    }
    unkeyed: set[tuple[dt.datetime, str]] = set()
    if any(not workout.source_key for workout, _ in workouts):
        unkeyed = {
            (row.started_at, row.title)
            for row in session.execute(
                select(_workouts.c.started_at, _workouts.c.title).where(
                    _workouts.c.user_id == user_id
                )
            ).all()
        }
    flags = []
    for workout, _ in workouts:
        if workout.source_key:
            flags.append(stored_key(workout.source_key) in keys)
        else:
            flags.append((workout.started_at, workout.title[:_TITLE]) in unkeyed)
    return flags


@dataclass(frozen=True)
class Existing:
    breaks: dict[tuple[dt.date, dt.date | None], int]
    gaps: set[tuple[dt.date, dt.date]]
    plans: set[tuple[str, dt.date, int]]


def existing_extras(session: Session, user_id: int) -> Existing:
    breaks = {
        (row.start_date, row.end_date): row.id
        for row in session.execute(
            select(_breaks.c.id, _breaks.c.start_date, _breaks.c.end_date)
            .where(_breaks.c.user_id == user_id)
            .order_by(_breaks.c.id.desc())
        ).all()
    }
    gaps = {
        (row.start_date, row.end_date)
        for row in session.execute(
            select(_gaps.c.start_date, _gaps.c.end_date).where(_gaps.c.user_id == user_id)
        ).all()
    }
    plans = {
        (row.name, row.start_date, row.days)
        for row in session.execute(
            select(_plans.c.name, _plans.c.start_date, _plans.c.days).where(
                _plans.c.user_id == user_id
            )
        ).all()
    }
    return Existing(breaks, gaps, plans)


def create_custom(
    session: Session, user_id: int, index: dict[str, int], item: CreateCustom
) -> tuple[int, bool]:
    """The id of the user's custom exercise called ``item.name`` (normalised), created with
    its muscles when there is none; and whether it was created."""
    name = item.name.strip()[:NAME_LENGTH]
    normalized = normalise_name(name)
    if normalized in index:
        return index[normalized], False
    exercise_id = session.execute(
        insert(_exercises)
        .values(name=name, equipment=item.equipment, kind=item.kind, owner_id=user_id)
        .returning(_exercises.c.id)
    ).scalar_one()
    rows = [{"exercise_id": exercise_id, "muscle": m, "role": "primary"} for m in item.primary]
    rows += [{"exercise_id": exercise_id, "muscle": m, "role": "secondary"} for m in item.secondary]
    if rows:
        session.execute(insert(_muscles), rows)
    index[normalized] = exercise_id
    return exercise_id, True


def allowed_ids(session: Session, user_id: int, ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    if not wanted:
        return set()
    return {
        exercise_id
        for (exercise_id,) in session.execute(
            select(_exercises.c.id).where(
                _exercises.c.id.in_(wanted),
                (_exercises.c.owner_id.is_(None)) | (_exercises.c.owner_id == user_id),
            )
        ).all()
    }


#: The sets' version of a workout this import creates, while it writes their sets: the
#: database's triggers leave it alone (a workout no reader has seen yet needs no version raised
#: per set: that would cost an import of 100,000 sets about 0.2 s on SQLite). Set to 0 in the
#: same transaction, so never seen committed (and never trusted by the log reader if it were).
FRESH = -1


def insert_workouts(
    session: Session,
    user_id: int,
    incoming: Incoming,
    exercise_of: Mapping[str, int | None],
    result: Counts,
    progress: Callable[[int], None] | None,
) -> None:
    workouts = merged_workouts(incoming)
    duplicate = duplicates(session, user_id, workouts)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    kept: list[ParsedWorkout] = []
    for (workout, source), dup in zip(workouts, duplicate, strict=True):
        if dup:
            result.duplicate_workouts += 1
            result.duplicate_sets += len(workout.sets)
            continue
        wanted = sum(exercise_of[item.exercise_name] is not None for item in workout.sets)
        if workout.sets and not wanted:
            # Every set of it was skipped: an empty workout would only be noise.
            result.skipped_sets += len(workout.sets)
            continue
        title, notes = workout.title, workout.notes
        if len(title) > _TITLE or len(notes) > _WORKOUT_NOTES:
            result.shortened += 1
            title, notes = title[:_TITLE], notes[:_WORKOUT_NOTES]
        minutes = workout.duration_minutes
        if minutes is not None and not 0 <= minutes <= _MAX_MINUTES:
            minutes = None
        rows.append(
            {
                "user_id": user_id,
                "started_at": workout.started_at,
                "title": title,
                "duration_minutes": minutes,
                "notes": notes,
                "source": source,
                "source_key": stored_key(workout.source_key) or None,
                "created_at": now,
                "sets_version": FRESH,
            }
        )
        kept.append(workout)
    if not rows:
        return
    ids = (
        session.execute(
            insert(_workouts).returning(_workouts.c.id, sort_by_parameter_order=True), rows
        )
        .scalars()
        .all()
    )
    result.workouts_added = len(ids)

    # The rows go to the driver as tuples in batches; the common case (every name resolved,
    # no note too long) is one list comprehension per workout.
    some_skipped = None in exercise_of.values()
    write = _set_writer(session)
    batch: list[tuple[Any, ...]] = []
    written = 0
    for workout_id, workout in zip(ids, kept, strict=True):
        sets = workout.sets
        if some_skipped:
            kept_sets = tuple(item for item in sets if exercise_of[item.exercise_name] is not None)
            result.skipped_sets += len(sets) - len(kept_sets)
            sets = kept_sets
        long_notes = sum(len(item.notes) > _SET_NOTES for item in sets)
        if long_notes:
            result.shortened += long_notes
            sets = tuple(item._replace(notes=item.notes[:_SET_NOTES]) for item in sets)
        batch += [
            (
                workout_id,
                exercise_of[item.exercise_name],
                item.position,
                item.reps,
                item.weight_kg,
                item.rpe,
                item.kind,
                item.distance_m,
                item.seconds,
                item.notes,
                item.side,
            )
            for item in sets
        ]
        if len(batch) >= BATCH:
            write(batch)
            written += len(batch)
            batch = []
            if progress is not None:
                progress(written)
    if batch:
        write(batch)
        written += len(batch)
        if progress is not None:
            progress(written)
    result.sets_added = written
    # Before the commit: from now on every write to their sets raises their versions.
    session.execute(
        update(_workouts)
        .where(_workouts.c.user_id == user_id, _workouts.c.sets_version == FRESH)
        .values(sets_version=0)
    )


_SET_COLUMNS = (
    "workout_id",
    "exercise_id",
    "position",
    "reps",
    "weight_kg",
    "rpe",
    "kind",
    "distance_m",
    "seconds",
    "notes",
    "side",
)


def _set_writer(session: Session) -> Callable[[list[tuple[Any, ...]]], None]:
    """A function that writes rows of ``_SET_COLUMNS`` in the session's transaction.

    The sets are the bulk of an import, so they skip per-row ORM and Core work: PostgreSQL
    (psycopg) gets them through COPY, other databases through the driver's executemany of a
    plain INSERT in its parameter style. (For 100,000 sets, Core's executemany took about twice
    as long on SQLite, and about twice as long as COPY on PostgreSQL.)
    """
    connection = session.connection()
    columns = ", ".join(_SET_COLUMNS)
    dialect = connection.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        raw = connection.connection.driver_connection
        assert raw is not None
        statement = f"COPY workout_sets ({columns}) FROM STDIN"

        def copy_rows(rows: list[tuple[Any, ...]]) -> None:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)

        return copy_rows

    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO workout_sets ({columns}) VALUES ({', '.join([marker] * len(_SET_COLUMNS))})"

    def insert_rows(rows: list[tuple[Any, ...]]) -> None:
        connection.exec_driver_sql(sql, rows)  # type: ignore[arg-type]

    return insert_rows


def insert_extras(session: Session, user_id: int, document: RegainDocument, result: Counts) -> None:
    """Breaks, training gaps and plans of a Regain export; those the user has already
    (same dates; plans: same name, start and length) are not added again."""
    existing = existing_extras(session, user_id)
    now = utcnow()
    break_ids: dict[int, int] = {}
    for item in document.breaks:
        found = existing.breaks.get((item.start_date, item.end_date))
        if found is not None:
            break_ids[item.ref] = found
            continue
        break_id = session.execute(
            insert(_breaks)
            .values(
                user_id=user_id,
                start_date=item.start_date,
                end_date=item.end_date,
                reason=item.reason,
                mode=item.mode,
                sessions_per_week=item.sessions_per_week,
                body_region=item.body_region,
                notes=item.notes,
                side=item.side,
                created_at=now,
            )
            .returning(_breaks.c.id)
        ).scalar_one()
        existing.breaks[(item.start_date, item.end_date)] = break_id
        break_ids[item.ref] = break_id
        if item.muscles:
            session.execute(
                insert(_break_muscles), [{"break_id": break_id, "muscle": m} for m in item.muscles]
            )
        result.breaks_added += 1
    gap_rows = []
    for start, end in document.training_gaps:
        if (start, end) not in existing.gaps:
            existing.gaps.add((start, end))
            gap_rows.append(
                {"user_id": user_id, "start_date": start, "end_date": end, "created_at": now}
            )
    if gap_rows:
        session.execute(insert(_gaps), gap_rows)
        result.training_gaps_added = len(gap_rows)
    plan_rows = []
    for plan in document.plans:
        identity = (plan.name, plan.start_date, plan.days)
        if identity in existing.plans:
            continue
        existing.plans.add(identity)
        plan_rows.append(
            {
                "user_id": user_id,
                "name": plan.name,
                "start_date": plan.start_date,
                "days": plan.days,
                "mode": plan.mode,
                "sessions_per_week": plan.sessions_per_week,
                "muscles": ",".join(plan.muscles),
                "dose_after": plan.dose_after,
                "break_id": None if plan.break_ref is None else break_ids[plan.break_ref],
                "created_at": now,
            }
        )
    if plan_rows:
        session.execute(insert(_plans), plan_rows)
        result.plans_added = len(plan_rows)


#: What makes two routines the same: the name and each set's exercise, kind and targets, in
#: order.
RoutineIdentity = tuple[str, tuple[tuple[int, str, Any, Any, Any, Any], ...]]


def existing_routines(session: Session, user_id: int) -> set[RoutineIdentity]:
    sets: dict[int, list[tuple[int, str, Any, Any, Any, Any]]] = {}
    names: dict[int, str] = {}
    for row in session.execute(
        select(_routines.c.id, _routines.c.name).where(_routines.c.user_id == user_id)
    ).all():
        names[row.id] = row.name
        sets[row.id] = []
    if names:
        s = _routine_sets.c
        for row in session.execute(
            select(
                s.routine_id, s.exercise_id, s.kind, s.reps, s.weight_kg, s.distance_m, s.seconds
            )
            .where(s.routine_id.in_(list(names)))
            .order_by(s.routine_id, s.position, s.id)
        ).all():
            sets[row.routine_id].append(tuple(row)[1:])  # type: ignore[arg-type]
    return {(names[i], tuple(sets[i])) for i in names}


def insert_routines(
    session: Session,
    user_id: int,
    document: RegainDocument,
    exercise_of: Mapping[str, int | None],
    result: Counts,
) -> None:
    """The routines of a Regain export, each set's exercise by ``exercise_of`` (its reference
    -> the exercise, None for one skipped); those the user has already (same name and sets)
    are not added again. ``LimitReached`` before any routine is written when the account
    would hold more than it can."""
    existing = existing_routines(session, user_id)
    new: list[RoutineIdentity] = []
    used_at: list[dt.datetime | None] = []
    for routine in document.routines:
        kept = tuple(
            (exercise_id, item.kind, item.reps, item.weight_kg, item.distance_m, item.seconds)
            for item in routine.sets
            if (exercise_id := exercise_of[item.exercise]) is not None
        )
        result.skipped_routine_sets += len(routine.sets) - len(kept)
        if not kept:
            continue
        identity = (routine.name, kept)
        if identity in existing:
            result.duplicate_routines += 1
            continue
        existing.add(identity)
        new.append(identity)
        used_at.append(routine.used_at)
    if not new:
        return
    have = session.execute(
        select(func.count()).select_from(_routines).where(_routines.c.user_id == user_id)
    ).scalar_one()
    limits.check_room(ROUTINES, int(have), len(new))
    now = utcnow()
    ids = (
        session.execute(
            insert(_routines).returning(_routines.c.id, sort_by_parameter_order=True),
            [
                {"user_id": user_id, "name": name, "created_at": now, "used_at": used}
                for (name, _), used in zip(new, used_at, strict=True)
            ],
        )
        .scalars()
        .all()
    )
    columns = ("exercise_id", "kind", "reps", "weight_kg", "distance_m", "seconds")
    session.execute(
        insert(_routine_sets),
        [
            {
                "routine_id": routine_id,
                "position": position,
                **dict(zip(columns, item, strict=True)),
            }
            for routine_id, (_, sets) in zip(ids, new, strict=True)
            for position, item in enumerate(sets, start=1)
        ],
    )
    result.routines_added = len(ids)
