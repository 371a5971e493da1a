"""What the projections read: the log for the model, and the sets behind 1RM plots.

Both return plain named tuples (``tracker.timeline.ExerciseSets``, ``tracker.timeline.LiftSet``),
never ORM objects, so that a five-year log becomes the model's input in a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from typing import Any, cast

from sqlalchemy import String, bindparam, func, literal_column, type_coerce
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tracker import volume
from tracker.break_days import BreakSpan
from tracker.crud import breaks as breaks_crud
from tracker.models import Break, Exercise, ExerciseMuscle, Workout, WorkoutMonth, WorkoutSet
from tracker.timeline import (
    ExerciseMuscles,
    ExerciseSets,
    LiftInfo,
    LiftSet,
    LogRows,
    SidedSets,
)

# The log reader's statements, built once and bound per call: building a select with its
# joins costs more than running it (0.7 ms to build the exercises' muscles with their IN list,
# 0.1 ms to run it on SQLite), and a view after a new set runs each of them.

#: The user's hard sets counted per workout and exercise: (workout id, the workout's start and
#: creation as stored, its sets' version, exercise id, ``"normal"``, count); bound with
#: ``user_id``.
#:
#: Every kind but a warm-up counts alike (the volume rule weighs a drop set as any other hard
#: set), so kinds are not told apart. The index on workout_sets (workout_id, exercise_id, kind)
#: covers the sets (migration 0004); the workout's columns come with its row, read once per
#: workout for the join. Grouped by workout (their index gives the order) rather than by day:
#: no date arithmetic per set; the few hundred distinct start times become days here.
SET_COUNTS = (
    # As stored (ISO text on SQLite): no per-row timestamp parsing, the date is its start.
    sa_select(  # seven columns: more than sqlmodel's typed select() takes
        col(Workout.id),
        type_coerce(Workout.started_at, String),
        type_coerce(Workout.created_at, String),
        col(Workout.sets_version),
        col(WorkoutSet.exercise_id),
        literal_column("'normal'", String),
        func.count(),
    )
    .join(Workout, col(Workout.id) == col(WorkoutSet.workout_id))
    .where(
        col(Workout.user_id) == bindparam("user_id"),
        col(WorkoutSet.kind).not_in(sorted(volume.NOT_HARD)),
    )
    # The start first (an id has one): the workouts come in the order of their index on
    # (user_id, started_at), and the groups follow it with no sort (migration 0017).
    .group_by(col(Workout.started_at), col(Workout.id), col(WorkoutSet.exercise_id))
)
#: :data:`SET_COUNTS` of some of the user's workouts (bound with ``ids`` too).
SET_COUNTS_OF = SET_COUNTS.where(col(Workout.id).in_(bindparam("ids", expanding=True)))

#: Per workout of the user: (id, start, creation, sets' version), what tells a workout read
#: before from one that changed since: the database raises the version on every write to its
#: sets (migration 0016), a moved workout has another start, and a new workout that got a
#: deleted one's id (SQLite may reuse it) another creation time. Bound with ``user_id``.
WORKOUT_VERSIONS = sa_select(
    col(Workout.id),
    type_coerce(Workout.started_at, String),
    type_coerce(Workout.created_at, String),
    col(Workout.sets_version),
).where(col(Workout.user_id) == bindparam("user_id"))

#: :data:`WORKOUT_VERSIONS` of the workouts that start from ``start`` to before ``stop``.
WORKOUT_VERSIONS_BETWEEN = WORKOUT_VERSIONS.where(
    col(Workout.started_at) >= bindparam("start"), col(Workout.started_at) < bindparam("stop")
)

#: The versions of the user's months of workouts, (month "YYYY-MM", version): the database
#: raises a month's on every change to one of its workouts (migration 0018). Bound with
#: ``user_id``.
MONTH_VERSIONS = sa_select(col(WorkoutMonth.month), col(WorkoutMonth.version)).where(
    col(WorkoutMonth.user_id) == bindparam("user_id")
)

#: What the exercises ``ids`` train: (exercise id, its kind, a muscle, its role) per muscle.
EXERCISE_MUSCLES = (
    sa_select(
        col(Exercise.id),
        col(Exercise.kind),
        col(ExerciseMuscle.muscle),
        col(ExerciseMuscle.role),
    )
    .join(ExerciseMuscle, col(ExerciseMuscle.exercise_id) == col(Exercise.id))
    .where(col(Exercise.id).in_(bindparam("ids", expanding=True)))
)


#: Below this share of changed workouts, only those are read again (else the whole log is).
REREAD_SHARE = 0.5

#: A workout's counts as read: (its start, creation and version then, its count rows).
WorkoutCounts = tuple[Hashable, tuple[ExerciseSets, ...]]


def _month_start(month: str) -> dt.datetime | None:
    """The first moment of a month "YYYY-MM" (None: not such a month)."""
    year, dash, number = month.partition("-")
    if not (dash and year.isdecimal() and number.isdecimal()):
        return None
    try:
        return dt.datetime(int(year), int(number), 1)
    except ValueError:
        return None


def _months_to_read(
    now: Mapping[str, int], before: Mapping[str, int]
) -> tuple[dt.datetime, dt.datetime] | None:
    """From the months' versions now and as last read: the span of starts to read the
    workouts' versions of (from the first month that moved to the end of the last; empty when
    none moved), or None when the whole log must be read (nothing read before, a month gone or
    not one)."""
    if not before or before.keys() - now.keys():
        return None
    moved = [month for month, version in now.items() if before.get(month) != version]
    if not moved:
        nothing = dt.datetime(1, 1, 1)
        return nothing, nothing
    first, last = _month_start(min(moved)), _month_start(max(moved))
    if first is None or last is None:
        return None
    end = dt.datetime(last.year + last.month // 12, last.month % 12 + 1, 1)
    return first, end


def exercise_sets(
    *, session: Session, user_id: int, previous: LogRows | None = None
) -> tuple[
    dict[int, WorkoutCounts],
    dict[int, ExerciseMuscles],
    dict[int, dt.date],
    frozenset[int],
    dict[str, int],
]:
    """The user's hard sets counted per (workout day, exercise), by workout with the version
    they were read at (see :data:`WORKOUT_VERSIONS`), what each exercise used trains
    (its kind, its muscles by role), each workout's day and the exercises used.

    With ``previous`` (the log as last read for this user), only the workouts whose version
    changed are read again, when they are fewer than ``REREAD_SHARE`` of them: logging a set
    reads one workout, not five years. Their versions are read only in the months whose own
    version moved (:data:`MONTH_VERSIONS`, from the first to the last of them): a set logged
    today reads this month's versions, not every workout's. Last, the months' versions as read
    (for the next read).

    Warm-ups (``volume.NOT_HARD``) are left out in the queries, as the volume rule counts them
    as nothing; the rule weighs the rest per muscle (``tracker.timeline``).

    Four lean queries (the months' versions, the workouts' of the months that moved, the
    counts of the workouts that changed, the muscles) rather than one join: joining every
    count to its muscles in SQL returns three times the rows, and on a five-year log turning
    rows into Python objects costs more than the query itself.
    """
    connection = session.connection()
    known = previous.by_workout if previous is not None else {}
    # The months' versions first, then the workouts' (of the months that moved, or all), then
    # the counts: a change committed in between is read again next time (its version moved
    # after the one kept), never missed. A workout whose hard sets the counts then miss is
    # kept empty at the version read before (lower than its version after any write in
    # between, so read again).
    months = dict(_fetch(connection, MONTH_VERSIONS, {"user_id": user_id}))
    span = None
    # A workout an import has not committed yet (a negative version) changes no month while
    # its sets are written: never trusted, it has the whole log read.
    if previous is not None and known and all(seen[2] >= 0 for seen, _ in known.values()):  # type: ignore[index]
        span = _months_to_read(months, previous.months)
    inside: list[int] = []
    if span is None:
        found = _fetch(connection, WORKOUT_VERSIONS, {"user_id": user_id})
    else:
        assert previous is not None
        start, stop = span
        found = []
        if start < stop:
            found = _fetch(
                connection,
                WORKOUT_VERSIONS_BETWEEN,
                {"user_id": user_id, "start": start, "stop": stop},
            )
            first, last = start.date(), stop.date()
            inside = [i for i, day in previous.workout_dates.items() if first <= day < last]
    outside = 0 if span is None else len(known) - len(inside)
    # (id, start, creation, version): the drivers give ints for the integer columns.
    changed: dict[int, tuple[Any, Any, int]] = {}
    for ident, started, created, version in found:
        kept = known.get(ident)
        # A negative version (an import's workout before its commit) is never trusted.
        if kept is None or kept[0] != (started, created, version) or version < 0:
            changed[ident] = (started, created, version)
    counts, params = SET_COUNTS, dict[str, Any](user_id=user_id)
    incremental = bool(known) and len(changed) <= REREAD_SHARE * (len(found) + outside)
    if span is not None and not incremental:
        # Read all after all: every workout's version.
        found, span = _fetch(connection, WORKOUT_VERSIONS, {"user_id": user_id}), None
    seen_dates = previous.workout_dates if previous is not None and incremental else {}
    gone: set[int] = set()
    if incremental:
        counts, params["ids"] = SET_COUNTS_OF, list(changed)
        # The workouts read before as they were (copied whole: most of them), less the ones
        # gone since (of the months read: a workout that moved is in both its months); the
        # changed ones are read again below.
        gone = (known.keys() if span is None else set(inside)) - {row[0] for row in found}
        by_workout: dict[int, WorkoutCounts] = dict(known)
        dates = dict(seen_dates)
        for i in gone:
            del by_workout[i]
            dates.pop(i, None)
    else:
        changed = {row[0]: row[1:] for row in found}
        by_workout, dates = {}, {}
    if changed:
        # Each workout's version comes with its counts, from the same statement.
        fresh = _by_workout(_fetch(connection, counts, params))
        for i, seen in changed.items():
            by_workout[i] = fresh.get(i) or (seen, ())
            dates[i] = _as_date(seen[0])
    if len(dates) != len(by_workout):  # a day not kept before (not expected): all again
        dates = {i: _as_date(cast(tuple[Any, ...], seen)[0]) for i, (seen, _) in by_workout.items()}
    if incremental and previous is not None and previous.exercise_ids:
        used = _exercises_used(previous, by_workout, changed.keys() | gone)
    else:
        used = frozenset(row[1] for _, rows in by_workout.values() for row in rows)
    return by_workout, _exercise_muscles(connection, used), dates, used, months


def _exercises_used(
    previous: LogRows, by_workout: Mapping[int, WorkoutCounts], moved: Iterable[int]
) -> frozenset[int]:
    """The exercises of ``by_workout``'s counts, from the previous log's and the workouts that
    changed or went (``moved``): all of them are looked through only when an exercise left
    one of those workouts (it may still be in another)."""
    before: set[int] = set()
    after: set[int] = set()
    for i in moved:
        if i in previous.by_workout:
            before.update(row[1] for row in previous.by_workout[i][1])
        if i in by_workout:
            after.update(row[1] for row in by_workout[i][1])
    used = (previous.exercise_ids - before) | after
    left = before - after
    if left:
        used |= {row[1] for _, rows in by_workout.values() for row in rows if row[1] in left}
    return frozenset(used)


def _fetch(connection: Any, statement: Any, params: Mapping[str, Any]) -> list[Any]:
    """Plain DB-API tuples: thousands of rows, no per-row Row objects (the columns need no
    conversion: text, integers)."""
    result = connection.execute(statement, params)
    found = result.cursor.fetchall() if result.cursor is not None else result.all()
    result.close()
    return list(found)


def _by_workout(found: Iterable[Any]) -> dict[int, WorkoutCounts]:
    """Count rows (see :data:`SET_COUNTS`) by workout, each with its version."""
    grouped: dict[int, tuple[Hashable, list[ExerciseSets]]] = {}
    dates: dict[str, dt.date] = {}
    for ident, started, created, version, exercise_id, kind, n in found:
        entry = grouped.get(ident)
        if entry is None:
            entry = grouped[ident] = ((started, created, int(version)), [])
        day = dates.get(started)
        if day is None:
            # started_at is the local wall-clock time: its date is the training day.
            day = dates[started] = _as_date(started)
        entry[1].append(ExerciseSets(day, int(exercise_id), kind, int(n)))
    # In one order whatever the database grouped them in (PostgreSQL hashes its groups).
    return {int(i): (seen, tuple(sorted(rows))) for i, (seen, rows) in grouped.items()}


def _exercise_muscles(connection: Any, used: frozenset[int]) -> dict[int, ExerciseMuscles]:
    """What each exercise of ``used`` trains, read afresh (muscles may change without a set
    changing)."""
    if not used:
        return {}
    kinds: dict[int, str] = {}
    roles: dict[int, tuple[list[str], list[str]]] = {}
    for ident, exercise_kind, muscle, role in _fetch(
        connection, EXERCISE_MUSCLES, {"ids": sorted(used)}
    ):
        exercise_id = int(ident or 0)
        kinds[exercise_id] = exercise_kind
        primary, secondary = roles.setdefault(exercise_id, ([], []))
        (primary if role == "primary" else secondary).append(muscle)
    return {
        i: ExerciseMuscles(kinds[i], tuple(sorted(p)), tuple(sorted(q)))
        for i, (p, q) in roles.items()
    }


def sided_sets(*, session: Session, user_id: int) -> list[SidedSets]:
    """The user's hard sets that say their side, counted per (workout day, exercise, set kind,
    side). Read only for a user with a one-sided break: for everyone else a set's side changes
    nothing, and this query is not made."""
    statement = (
        sa_select(
            type_coerce(Workout.started_at, String),
            col(WorkoutSet.exercise_id),
            col(WorkoutSet.kind),
            col(WorkoutSet.side),
            func.count(),
        )
        .join(Workout, col(Workout.id) == col(WorkoutSet.workout_id))
        .where(
            col(Workout.user_id) == user_id,
            col(WorkoutSet.kind).not_in(sorted(volume.NOT_HARD)),
            col(WorkoutSet.side).is_not(None),
        )
        .group_by(
            col(Workout.id), col(WorkoutSet.exercise_id), col(WorkoutSet.kind), col(WorkoutSet.side)
        )
    )
    found = session.connection().execute(statement).all()
    dates = {d: _as_date(d) for d in {row[0] for row in found}}
    return [
        SidedSets(dates[d], int(exercise_id), kind, str(side), int(n))
        for d, exercise_id, kind, side, n in found
    ]


def log_rows(*, session: Session, user_id: int, previous: LogRows | None = None) -> LogRows:
    """Everything the timeline needs: set aggregates, breaks (oldest first, with their reasons)
    and "training, not logging" gaps; with a one-sided break, the sets that say their side.

    ``previous``: this user's log as last read, whose unchanged workouts are not read again
    (see :func:`exercise_sets`).
    """
    breaks = breaks_crud.spans_with_reasons(session=session, user_id=user_id)
    by_workout, exercises, workout_dates, used, months = exercise_sets(
        session=session, user_id=user_id, previous=previous
    )
    spans = tuple(span for span, _ in breaks)
    sided = sided_sets(session=session, user_id=user_id) if any(b.side for b in spans) else []
    # The timeline's sums per workout (``LogRows.sums``) go on to this version while each
    # exercise trains what it did, and no workout is an import's still being written (its
    # version says nothing of its sets then).
    settled = all(seen[2] >= 0 for seen, _ in by_workout.values())  # type: ignore[index]
    sums = {}
    if previous is not None and previous.exercises == exercises and settled:
        sums = previous.sums
    return LogRows(
        exercises=exercises,
        sided_sets=tuple(sided),
        breaks=spans,
        training_gaps=tuple(breaks_crud.training_gap_spans(session=session, user_id=user_id)),
        break_reasons=tuple(reason for _, reason in breaks),
        by_workout=by_workout,
        workout_days=tuple(sorted(set(workout_dates.values()))),
        workout_dates=workout_dates,
        exercise_ids=used,
        months=months,
        sums=sums,
    )


def break_span(*, session: Session, item: Break) -> BreakSpan:
    """One break as the model sees it (with its immobilised muscle groups)."""
    assert item.id is not None
    picked = (
        breaks_crud.muscles(session=session, break_ids=[item.id])
        if item.mode == "immobilized"
        else {}
    )
    return breaks_crud.to_span(item, picked.get(item.id, ()))


#: The user's latest break started by ``today`` (built once: see the log reader's statements).
_LATEST_BREAK = (
    select(Break)
    .where(col(Break.user_id) == bindparam("user_id"), col(Break.start_date) <= bindparam("today"))
    .order_by(col(Break.start_date).desc(), col(Break.id).desc())
    .limit(1)
)


def recent_break(
    *, session: Session, user_id: int, today: dt.date, within: dt.timedelta
) -> Break | None:
    """The user's latest break, if it ended by ``today`` (its last day may be today) and at
    most ``within`` ago."""
    latest = session.exec(_LATEST_BREAK, params={"user_id": user_id, "today": today}).first()
    if latest is None or latest.end_date is None or latest.end_date > today:
        return None
    return latest if today - latest.end_date <= within else None


def lift_sets(
    *,
    session: Session,
    user_id: int,
    muscles: Iterable[str],
    start: dt.date,
    end: dt.date,
    loaded_only: bool = True,
) -> list[LiftSet]:
    """Sets with a weight and reps of the exercises whose primary muscles include one of
    ``muscles``, logged from ``start`` to ``end`` (inclusive), oldest first; with
    ``loaded_only`` False, sets with reps and no weight too (weight 0)."""
    keys = sorted(set(muscles))
    if not keys:
        return []
    trains = (
        select(ExerciseMuscle.exercise_id)
        .where(col(ExerciseMuscle.muscle).in_(keys), ExerciseMuscle.role == "primary")
        .distinct()
    )
    statement = (
        sa_select(  # eight columns: more than sqlmodel's typed select() takes
            col(Workout.started_at),
            col(Exercise.id),
            col(Exercise.name),
            col(Exercise.kind),
            col(WorkoutSet.kind),
            col(WorkoutSet.weight_kg),
            col(WorkoutSet.reps),
            col(WorkoutSet.rpe),
        )
        .join(WorkoutSet, col(WorkoutSet.workout_id) == col(Workout.id))
        .join(Exercise, col(Exercise.id) == col(WorkoutSet.exercise_id))
        .where(
            col(Workout.user_id) == user_id,
            col(WorkoutSet.exercise_id).in_(trains),
            col(Workout.started_at) >= dt.datetime.combine(start, dt.time()),
            col(Workout.started_at) < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()),
            col(WorkoutSet.reps).is_not(None),
        )
        .order_by(col(Workout.started_at))
    )
    if loaded_only:
        statement = statement.where(col(WorkoutSet.weight_kg).is_not(None))
    return [
        LiftSet(
            started.date(),
            int(ex_id),
            name,
            ex_kind,
            set_kind,
            0.0 if weight is None else float(weight),
            int(reps),
            None if rpe is None else float(rpe),
        )
        for started, ex_id, name, ex_kind, set_kind, weight, reps, rpe in session.execute(statement)
    ]


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def lift_infos(*, session: Session, exercise_ids: Iterable[int]) -> dict[int, LiftInfo]:
    """How each exercise is loaded and what it trains (for comeback plans)."""
    ids = sorted(set(exercise_ids))
    if not ids:
        return {}
    rows = session.exec(select(Exercise).where(col(Exercise.id).in_(ids))).all()
    muscles: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
    for row in session.exec(
        select(ExerciseMuscle)
        .where(col(ExerciseMuscle.exercise_id).in_(ids))
        .order_by(col(ExerciseMuscle.exercise_id), col(ExerciseMuscle.muscle))
    ):
        primary, secondary = muscles[row.exercise_id]
        (primary if row.role == "primary" else secondary).append(row.muscle)
    return {
        row.id: LiftInfo(
            row.id,
            row.name,
            row.equipment,
            row.kind,
            tuple(muscles[row.id][0]),
            tuple(muscles[row.id][1]),
        )
        for row in rows
        if row.id is not None
    }
