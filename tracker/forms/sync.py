"""A device's batch of operations on a workout (``POST /workouts/<id>/sync``), read and checked.

The workout page sends what happened on it, in order, each operation with an id made on the
device (``crud.planned.UID``)::

    {"ops": [
      {"id": "k3J...", "op": "plan", "row": "r8f...", "exercise_id": 12, "kind": "normal",
       "values": {"reps": "8", "weight": "60"}},
      {"id": "p0Q...", "op": "done", "row": "r8f...", "exercise_id": 12, "kind": "normal",
       "values": {"reps": "8", "weight": "62.5"}},
      {"id": "x1W...", "op": "edit", "set": 4411, "exercise_id": 12, "values": {"reps": "7"}},
      {"id": "u7Y...", "op": "undo", "row": "r8f..."},
      {"id": "t2E...", "op": "rest", "exercise_id": 12, "seconds": 150},
      {"id": "f9R...", "op": "finish", "minutes": 64}
    ]}

Values are what was typed, in the user's unit, checked by the set form's own rules
(``SetForm.validate_for``): a planned row's may be empty, a set done needs what its exercise
needs. Anything else (an unknown key, an id that is no id, an exercise that is not the user's,
more than ``MAX_OPS`` operations) refuses the batch with the operation and the field named.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from tracker.crud.planned import MAX_REST, OP_KINDS, UID, Op
from tracker.forms.workouts import MAX_MINUTES, SetForm
from tracker.models import SET_KINDS, Exercise, WorkoutSetBase

#: The most operations in one batch (the page sends fewer at a time), and the largest body.
MAX_OPS = 100
MAX_BYTES = 128 * 1024
#: The values an operation may carry, and the longest text of each.
VALUE_NAMES = ("reps", "weight", "time", "distance", "side")
MAX_VALUE_CHARS = 24
ALLOWED = {
    "plan": {"id", "op", "row", "exercise_id", "kind", "values"},
    "done": {"id", "op", "row", "exercise_id", "kind", "values"},
    "edit": {"id", "op", "row", "set", "exercise_id", "kind", "values"},
    "undo": {"id", "op", "row", "exercise_id"},
    "rest": {"id", "op", "exercise_id", "seconds"},
    "finish": {"id", "op", "minutes"},
}


class BatchError(Exception):
    """The batch cannot be read: ``index`` and ``op_id`` name the operation (None: the batch
    itself), ``field`` its field."""

    def __init__(
        self, message: str, index: int | None = None, op_id: str | None = None, field: str = ""
    ) -> None:
        super().__init__(message)
        self.message, self.index, self.op_id, self.field = message, index, op_id, field


class TooLarge(BatchError):
    """More operations than a batch may hold."""


def operations(payload: Any) -> list[dict[str, Any]]:
    """The batch's operations as objects (``BatchError``/``TooLarge`` when it has none)."""
    if not isinstance(payload, dict) or set(payload) != {"ops"}:
        raise BatchError('Send {"ops": [...]}.')
    ops = payload["ops"]
    if not isinstance(ops, list):
        raise BatchError('"ops" must be a list.')
    if len(ops) > MAX_OPS:
        raise TooLarge(f"At most {MAX_OPS} operations in one batch.")
    for index, op in enumerate(ops):
        if not isinstance(op, dict):
            raise BatchError("Each operation is an object.", index)
    return ops


def _whole(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def exercise_ids(ops: list[dict[str, Any]]) -> set[int]:
    """The exercises the operations name (to look up whether they are the user's)."""
    return {
        number for op in ops if (number := _whole(op.get("exercise_id"), 1, 2**31 - 1)) is not None
    }


def read(ops: list[dict[str, Any]], *, unit: str, exercises: Mapping[int, Exercise]) -> list[Op]:
    """Check every operation (``exercises``: those of the batch the user may log) and return
    them typed; ``BatchError`` at the first that is wrong."""
    return [_read(index, op, unit, exercises) for index, op in enumerate(ops)]


def _read(index: int, op: dict[str, Any], unit: str, exercises: Mapping[int, Exercise]) -> Op:
    op_id = op.get("id")
    if not isinstance(op_id, str) or not UID.fullmatch(op_id):
        raise BatchError("Each operation needs an id made on the device.", index, None, "id")

    def fail(field: str, message: str) -> BatchError:
        return BatchError(message, index, op_id, field)

    kind = op.get("op")
    if kind not in OP_KINDS:
        raise fail("op", f"The operation is one of {', '.join(OP_KINDS)}.")
    unknown = sorted(set(op) - ALLOWED[kind])
    if unknown:
        raise fail(unknown[0], f"A {kind} operation has no {unknown[0]!r}.")
    if kind == "finish":
        minutes = op.get("minutes")
        if minutes is not None and _whole(minutes, 0, MAX_MINUTES) is None:
            raise fail("minutes", f"Between 0 and {MAX_MINUTES} minutes (24 hours).")
        return Op(op_id, kind, minutes=minutes)
    exercise = None
    if "exercise_id" in op or kind != "undo":
        number = _whole(op.get("exercise_id"), 1, 2**31 - 1)
        exercise = exercises.get(number) if number is not None else None
        if exercise is None:
            raise fail("exercise_id", "Pick an exercise from the list.")
    if kind == "rest":
        seconds = _whole(op.get("seconds"), 0, MAX_REST)
        if seconds is None:
            raise fail("seconds", f"Rest between 0 and {MAX_REST} seconds.")
        return Op(op_id, kind, exercise_id=exercise.id if exercise else None, seconds=seconds)
    row = op.get("row")
    set_id = None
    if kind == "edit" and "set" in op:
        set_id = _whole(op.get("set"), 1, 2**63 - 1)
        if set_id is None or "row" in op:
            raise fail("set", "Name the set by its id (a whole number), or the row.")
    elif not isinstance(row, str) or not UID.fullmatch(row):
        raise fail("row", "Name the row by the id it was given.")
    if kind == "undo":
        return Op(op_id, kind, row=row, exercise_id=exercise.id if exercise else None)
    assert exercise is not None
    set_kind = op.get("kind", "normal")
    if set_kind not in SET_KINDS:
        raise fail("kind", "Pick a set type from the list.")
    values, missing = _values(op.get("values"), exercise, unit, set_kind, fail)
    if kind == "done" and missing is not None:
        raise fail(*missing)
    return Op(
        op_id,
        kind,
        row=row if set_id is None else None,
        set_id=set_id,
        exercise_id=exercise.id,
        values=values,
        missing=missing,
    )


def _values(
    raw: Any, exercise: Exercise, unit: str, set_kind: str, fail: Any
) -> tuple[WorkoutSetBase, tuple[str, str] | None]:
    """The values in kilograms etc., and what a logged set would still need (field, message)."""
    if not isinstance(raw, dict):
        raise fail("values", 'Send the values as an object, like {"reps": "8"}.')
    data: dict[str, str] = {}
    for name, value in raw.items():
        if name not in VALUE_NAMES:
            raise fail(str(name)[:40], f"The values are {', '.join(VALUE_NAMES)}.")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise fail(name, "Send each value as text, as it was typed.")
        text = str(value)
        if len(text) > MAX_VALUE_CHARS:
            raise fail(name, f"Keep it under {MAX_VALUE_CHARS} characters.")
        data[name] = text
    form_data = MultiDict({**data, "exercise_id": str(exercise.id), "kind": set_kind})
    lenient = SetForm(formdata=form_data, meta={"csrf": False})
    if not lenient.validate_for(exercise, unit, complete=False):
        raise fail(*_first_error(lenient))
    complete = SetForm(formdata=form_data, meta={"csrf": False})
    missing = None if complete.validate_for(exercise, unit) else _first_error(complete)
    return lenient.values(exercise, unit), missing


def _first_error(form: SetForm) -> tuple[str, str]:
    for field in form:
        if field.errors:
            return field.name, " ".join(str(e) for e in field.errors)
    return "values", "These values cannot be read."
