"""Planned sets (the rows of the workout page) and the batches a device sends about them.

A planned set (``PlannedSet``) is not training: the model reads ``workout_sets`` only. Marking
one done logs a ``WorkoutSet`` and links it; undoing deletes that set and leaves the row
planned. Planning writes no training data, so it does not bump the data version; logging,
changing or deleting a set, or finishing the workout, does.

A device sends what happened on the page as operations (:class:`Op`), each with an id it made.
:func:`apply` writes a batch in one transaction and records a receipt per operation
(``SyncReceipt``, unique per user): an operation already received is skipped, so a batch sent
twice (the answer to the first was lost with the connection) stores nothing twice, and two
batches racing each other make one of them fail on the receipt's unique key (:class:`Busy`,
nothing written) rather than both write. Any refused operation refuses the whole batch.

Conflicts (the workout changed elsewhere meanwhile) keep both sides' sets:

- a set done on a row that is gone (finished or deleted elsewhere) is logged anyway, on a row
  made again;
- a set done on a row already done elsewhere with other values is logged too, on a new row
  (with the same values, it is the same set: nothing is added);
- a change to a row or set deleted elsewhere is dropped (deleting was meant).
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tracker import limits
from tracker.crud import workouts as workouts_crud
from tracker.crud.breaks import default_set_side
from tracker.crud.exercises import visible_to
from tracker.crud.users import bump_data_version
from tracker.models import (
    Exercise,
    PlannedSet,
    PlannedValues,
    RestTime,
    SyncReceipt,
    Workout,
    WorkoutBase,
    WorkoutSet,
    WorkoutSetBase,
)

#: Rows planned for an exercise never done before.
DEFAULT_SETS = 3
PLANNED_PER_WORKOUT = limits.Count("planned sets in one workout", limits.MAX_SETS_PER_WORKOUT)
#: What an id made on a device (or here) looks like.
UID = re.compile(r"[A-Za-z0-9_-]{8,40}")
#: The rest timer: its bounds, and where it starts for each kind of exercise.
MIN_REST, MAX_REST = 15, 900
DEFAULT_REST = {"weighted": 120, "bodyweight": 90, "assisted": 90, "timed": 60, "cardio": 0}


def new_uid() -> str:
    return secrets.token_urlsafe(12)


def default_rest(exercise: Exercise) -> int:
    return DEFAULT_REST.get(exercise.kind, 90)


# --- reading ---------------------------------------------------------------------------------


def rows(*, session: Session, workout_id: int) -> list[tuple[PlannedSet, Exercise]]:
    """A workout's planned sets in order, each with its exercise (one query)."""
    return list(
        session.exec(
            select(PlannedSet, Exercise)
            .join(Exercise, col(Exercise.id) == col(PlannedSet.exercise_id))
            .where(PlannedSet.workout_id == workout_id)
            .order_by(col(PlannedSet.position), col(PlannedSet.id))
        )
    )


@dataclass
class Item:
    """A row of the workout page: a planned set (done when it has a set), or a set logged
    without a plan (by the set form, an import, the API)."""

    row: PlannedSet | None
    set: WorkoutSet | None

    @property
    def values(self) -> PlannedValues | WorkoutSet:
        found = self.set if self.set is not None else self.row
        assert found is not None
        return found


@dataclass
class Block:
    exercise: Exercise
    items: list[Item]


def layout(*, session: Session, workout_id: int) -> list[Block]:
    """A workout as its page shows it: one block per exercise, in the order the exercises
    first appear (sets logged without a plan first, then the planned rows); in a block, those
    sets, then the planned rows in order (two queries)."""
    planned = rows(session=session, workout_id=workout_id)
    linked = {row.set_id for row, _ in planned if row.set_id is not None}
    blocks: dict[int, Block] = {}
    logged: dict[int, WorkoutSet] = {}
    for item, exercise in workouts_crud.sets_with_exercises(session=session, workout_id=workout_id):
        if item.id in linked:
            logged[item.id or 0] = item
            continue
        blocks.setdefault(item.exercise_id, Block(exercise, [])).items.append(Item(None, item))
    for row, exercise in planned:
        done = logged.get(row.set_id) if row.set_id is not None else None
        blocks.setdefault(row.exercise_id, Block(exercise, [])).items.append(Item(row, done))
    return list(blocks.values())


def targets(blocks: Sequence[Block]) -> list[PlannedValues]:
    """The rows of a layout as planned values (a routine saved from it, a workout repeated)."""
    found = []
    for block in blocks:
        for item in block.items:
            values = item.values
            found.append(
                PlannedValues(
                    exercise_id=block.exercise.id or 0,
                    reps=values.reps,
                    weight_kg=values.weight_kg,
                    kind=values.kind,
                    distance_m=values.distance_m,
                    seconds=values.seconds,
                )
            )
    return found


def get_row(*, session: Session, workout_id: int, uid: str) -> PlannedSet | None:
    if not UID.fullmatch(uid):
        return None
    return session.exec(
        select(PlannedSet).where(PlannedSet.workout_id == workout_id, PlannedSet.uid == uid)
    ).first()


def visible_exercises(*, session: Session, user_id: int, ids: Iterable[int]) -> dict[int, Exercise]:
    """Those of ``ids`` the user may log (the catalogue's and their own), by id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    found = session.exec(select(Exercise).where(col(Exercise.id).in_(wanted), visible_to(user_id)))
    return {e.id: e for e in found if e.id is not None}


#: Offered to someone who has logged nothing yet, so the first exercises take one tap.
COMMON = (
    "bench_press_barbell",
    "squat_barbell",
    "deadlift_barbell",
    "overhead_press_barbell",
    "bent_over_row_barbell",
    "lat_pulldown_cable",
    "pull_up",
    "leg_press_machine",
    "romanian_deadlift_barbell",
    "bicep_curl_dumbbell",
)


def common_exercises(*, session: Session) -> list[Exercise]:
    found = {e.key: e for e in session.exec(select(Exercise).where(col(Exercise.key).in_(COMMON)))}
    return [found[key] for key in COMMON if key in found]


def rest_times(*, session: Session, user_id: int, exercises: Iterable[Exercise]) -> dict[int, int]:
    """Seconds of rest after a set of each exercise: the user's own, or the kind's default."""
    chosen = {e.id: default_rest(e) for e in exercises if e.id is not None}
    if chosen:
        for item in session.exec(
            select(RestTime).where(
                RestTime.user_id == user_id, col(RestTime.exercise_id).in_(list(chosen))
            )
        ):
            chosen[item.exercise_id] = item.seconds
    return chosen


# --- planning --------------------------------------------------------------------------------


def start(
    *,
    session: Session,
    user_id: int,
    data: WorkoutBase,
    plan_for: Callable[[Workout], Sequence[PlannedValues]] | None = None,
) -> Workout:
    """A new workout and its planned sets (``plan_for(workout)``, asked once the workout has an
    id: what it pre-fills depends on the workout), in one transaction."""
    workout = workouts_crud.add(session=session, user_id=user_id, data=data)
    if plan_for is not None:
        _Writer(session, workout).plan(plan_for(workout))
    session.commit()
    session.refresh(workout)
    return workout


def plan(
    *, session: Session, workout: Workout, values: Sequence[PlannedValues]
) -> list[PlannedSet]:
    """Append planned sets to the workout (``LimitReached``, nothing written, past the limit)."""
    made = _Writer(session, workout).plan(values)
    session.commit()
    return made


def log(*, session: Session, workout: Workout, row: PlannedSet, data: WorkoutSetBase) -> None:
    """Mark a planned set done with these values (a set logged), or, when it is done already,
    change its set's values."""
    writer = _Writer(session, workout)
    if row.set_id is None:
        writer.done(row, data)
    else:
        writer.change(row, data)
    writer.commit()


def undo(*, session: Session, workout: Workout, row: PlannedSet) -> None:
    """A done set back to planned: its set is deleted, the row keeps its values."""
    writer = _Writer(session, workout)
    writer.undo(row)
    writer.commit()


def change(*, session: Session, workout: Workout, row: PlannedSet, data: WorkoutSetBase) -> None:
    """New values for a row (and its set, when done)."""
    writer = _Writer(session, workout)
    writer.change(row, data)
    writer.commit()


def finish(*, session: Session, workout: Workout, minutes: int | None) -> int:
    """End the workout: its duration (``None`` keeps the one it has), and the planned sets not
    done dropped. Returns how many were dropped."""
    writer = _Writer(session, workout)
    dropped = writer.finish(minutes)
    writer.commit()
    return dropped


# --- a device's batch ------------------------------------------------------------------------

OP_KINDS = ("plan", "done", "edit", "undo", "rest", "finish")


@dataclass(frozen=True)
class Op:
    """One operation of a batch, checked (``tracker.forms.sync``): ``id`` is the device's."""

    id: str
    kind: str
    row: str | None = None
    set_id: int | None = None
    exercise_id: int | None = None
    values: WorkoutSetBase | None = None
    #: The values lack something a logged set needs: (field, message). A planned row may lack
    #: it; an operation that would log or change a set with it is refused.
    missing: tuple[str, str] | None = None
    seconds: int | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class Result:
    id: str
    #: saved, duplicate (received before), same (that set was logged already), both_kept (the
    #: row was done elsewhere with other values: this set was added too), gone (deleted
    #: elsewhere: nothing to change).
    status: str
    set_id: int | None = None
    row: str | None = None


class Refused(Exception):
    """An operation of the batch cannot be applied: nothing of the batch was written."""

    def __init__(self, index: int, op_id: str, field: str | None, message: str) -> None:
        super().__init__(message)
        self.index, self.op_id, self.field, self.message = index, op_id, field, message


class Busy(Exception):
    """Another request wrote some of the same operations at the same moment: nothing of this
    batch was written; sending it again finds them received."""


def received(*, session: Session, user_id: int, op_ids: Sequence[str]) -> set[str]:
    """Those of the operations that were applied before."""
    if not op_ids:
        return set()
    return set(
        session.exec(
            select(SyncReceipt.op_id).where(
                SyncReceipt.user_id == user_id, col(SyncReceipt.op_id).in_(list(op_ids))
            )
        )
    )


def apply(*, session: Session, user_id: int, workout: Workout, ops: Sequence[Op]) -> list[Result]:
    """Apply a batch for one of the user's workouts, all or nothing (see the module's doc)."""
    assert workout.id is not None and workout.user_id == user_id
    known = received(session=session, user_id=user_id, op_ids=[op.id for op in ops])
    writer = _Writer(session, workout)
    results: list[Result] = []
    seen: set[str] = set()
    try:
        for index, op in enumerate(ops):
            if op.id in known or op.id in seen:
                results.append(Result(op.id, "duplicate"))
                continue
            seen.add(op.id)
            result = writer.apply(index, op)
            session.add(
                SyncReceipt(
                    user_id=user_id, op_id=op.id, workout_id=workout.id, set_id=result.set_id
                )
            )
            results.append(result)
        writer.commit()
    except IntegrityError as error:
        session.rollback()
        raise Busy from error
    except BaseException:
        session.rollback()
        raise
    return results


# --- the writes ------------------------------------------------------------------------------


def _same(item: WorkoutSet, data: WorkoutSetBase) -> bool:
    def close(a: float | None, b: float | None) -> bool:
        return (a is None) == (b is None) and (a is None or math.isclose(a, b or 0, abs_tol=1e-6))

    return (
        item.reps == data.reps
        and item.seconds == data.seconds
        and close(item.weight_kg, data.weight_kg)
        and close(item.distance_m, data.distance_m)
    )


#: The values a row and its set share.
_VALUES = ("reps", "weight_kg", "distance_m", "seconds")


class _Writer:
    """The writes of one request on one workout, committed together."""

    def __init__(self, session: Session, workout: Workout) -> None:
        assert workout.id is not None
        self.session, self.workout, self.workout_id = session, workout, workout.id
        self.changed = False
        self._sets: tuple[int, int] | None = None  # (last position, count)
        self._planned: tuple[int, int] | None = None

    def commit(self) -> None:
        if self.changed:
            bump_data_version(session=self.session, user_id=self.workout.user_id)
        self.session.commit()

    # planned rows

    def plan(
        self, values: Sequence[PlannedValues], uids: Sequence[str] | None = None
    ) -> list[PlannedSet]:
        if self._planned is None:
            last, number = self.session.exec(
                select(func.max(PlannedSet.position), func.count()).where(
                    PlannedSet.workout_id == self.workout_id
                )
            ).one()
            self._planned = (int(last or 0), int(number))
        last, number = self._planned
        limits.check_room(PLANNED_PER_WORKOUT, number, len(values))
        made = []
        for n, item in enumerate(values):
            row = PlannedSet.model_validate(
                {
                    **item.model_dump(),
                    "position": last + n + 1,
                    "workout_id": self.workout_id,
                    "uid": uids[n] if uids is not None else new_uid(),
                }
            )
            self.session.add(row)
            made.append(row)
        self._planned = (last + len(values), number + len(values))
        self.session.flush()
        return made

    def _row_for(self, uid: str, exercise_id: int, data: WorkoutSetBase | None) -> PlannedSet:
        values = PlannedValues(exercise_id=exercise_id)
        if data is not None:
            values = PlannedValues.model_validate(
                {**data.model_dump(include={*_VALUES, "kind"}), "exercise_id": exercise_id}
            )
        (row,) = self.plan([values], [uid])
        return row

    # sets

    def _log(self, data: WorkoutSetBase) -> WorkoutSet:
        if self._sets is None:
            last, number = self.session.exec(
                select(func.max(WorkoutSet.position), func.count()).where(
                    WorkoutSet.workout_id == self.workout_id
                )
            ).one()
            self._sets = (int(last or 0), int(number))
        last, number = self._sets
        limits.check_room(workouts_crud.SETS_PER_WORKOUT, number)
        values = {**data.model_dump(), "workout_id": self.workout_id, "position": last + 1}
        if values.get("side") is None:  # one-arm sets: the side the name says (issue 17)
            values["side"] = default_set_side(
                session=self.session,
                user_id=self.workout.user_id,
                exercise_id=data.exercise_id,
                day=self.workout.started_at.date(),
            )
        item = WorkoutSet.model_validate(values)
        self.session.add(item)
        self.session.flush()
        self._sets = (last + 1, number + 1)
        self.changed = True
        return item

    def done(self, row: PlannedSet, data: WorkoutSetBase) -> WorkoutSet:
        item = self._log(data)
        for name in (*_VALUES, "kind"):
            setattr(row, name, getattr(item, name))
        row.set_id = item.id
        self.session.add(row)
        return item

    def _set_of(self, row: PlannedSet) -> WorkoutSet | None:
        if row.set_id is None:
            return None
        return self.session.get(WorkoutSet, row.set_id)

    def change(self, row: PlannedSet, data: WorkoutSetBase) -> None:
        for name in _VALUES:
            setattr(row, name, getattr(data, name))
        self.session.add(row)
        item = self._set_of(row)
        if item is not None:
            self._change_set(item, data)

    def _change_set(self, item: WorkoutSet, data: WorkoutSetBase) -> None:
        for name in _VALUES:
            setattr(item, name, getattr(data, name))
        if data.side is not None:
            item.side = data.side
        self.session.add(item)
        self.changed = True

    def undo(self, row: PlannedSet) -> bool:
        item = self._set_of(row)
        row.set_id = None
        self.session.add(row)
        if item is None:
            return False
        self.session.delete(item)
        self.session.flush()
        self.changed = True
        return True

    def finish(self, minutes: int | None) -> int:
        dropped = 0
        for row in self.session.exec(
            select(PlannedSet).where(
                PlannedSet.workout_id == self.workout_id, col(PlannedSet.set_id).is_(None)
            )
        ):
            self.session.delete(row)
            dropped += 1
        if minutes is not None and minutes != self.workout.duration_minutes:
            self.workout.duration_minutes = minutes
            self.session.add(self.workout)
            self.changed = True
        return dropped

    # a device's operations

    def apply(self, index: int, op: Op) -> Result:
        if op.kind == "rest":
            return self._rest(op)
        if op.kind == "finish":
            self.finish(op.minutes)
            return Result(op.id, "saved")
        if op.kind == "edit" and op.set_id is not None:
            return self._edit_set(index, op)
        assert op.row is not None
        row = get_row(session=self.session, workout_id=self.workout_id, uid=op.row)
        if row is not None and op.exercise_id is not None and row.exercise_id != op.exercise_id:
            raise Refused(index, op.id, "exercise_id", "This row is of another exercise.")
        if op.kind == "plan":
            if row is None:
                assert op.exercise_id is not None
                self._row_for(op.row, op.exercise_id, op.values)
            return Result(op.id, "saved", row=op.row)
        if op.kind == "done":
            return self._done(index, op, row)
        if op.kind == "edit":
            if row is None:
                return Result(op.id, "gone")
            assert op.values is not None
            if row.set_id is not None and op.missing is not None:
                raise Refused(index, op.id, *op.missing)
            self.change(row, op.values)
            return Result(op.id, "saved", set_id=row.set_id, row=row.uid)
        assert op.kind == "undo"
        if row is None:
            return Result(op.id, "gone")
        return Result(op.id, "saved" if self.undo(row) else "same", row=row.uid)

    def _done(self, index: int, op: Op, row: PlannedSet | None) -> Result:
        assert op.row is not None and op.exercise_id is not None and op.values is not None
        if op.missing is not None:
            raise Refused(index, op.id, *op.missing)
        if row is None:
            row = self._row_for(op.row, op.exercise_id, op.values)
        existing = self._set_of(row)
        if existing is None:
            item = self.done(row, op.values)
            return Result(op.id, "saved", set_id=item.id, row=row.uid)
        if _same(existing, op.values):
            return Result(op.id, "same", set_id=existing.id, row=row.uid)
        extra = self._row_for(op.id, op.exercise_id, op.values)
        item = self.done(extra, op.values)
        return Result(op.id, "both_kept", set_id=item.id, row=extra.uid)

    def _edit_set(self, index: int, op: Op) -> Result:
        assert op.set_id is not None and op.values is not None
        item = self.session.get(WorkoutSet, op.set_id)
        if item is None or item.workout_id != self.workout_id:
            return Result(op.id, "gone")
        if op.exercise_id is not None and item.exercise_id != op.exercise_id:
            raise Refused(index, op.id, "exercise_id", "This set is of another exercise.")
        if op.missing is not None:
            raise Refused(index, op.id, *op.missing)
        self._change_set(item, op.values)
        return Result(op.id, "saved", set_id=item.id)

    def _rest(self, op: Op) -> Result:
        assert op.exercise_id is not None and op.seconds is not None
        user_id = self.workout.user_id
        found = self.session.get(RestTime, (user_id, op.exercise_id))
        if found is None:
            found = RestTime(user_id=user_id, exercise_id=op.exercise_id, seconds=op.seconds)
        found.seconds = op.seconds
        self.session.add(found)
        return Result(op.id, "saved")
