"""The routine editor's form: a name and sets, read from a plain POST (no JavaScript needed).

The sets come as ``sets-<n>-exercise_id``, ``sets-<n>-kind``, ``sets-<n>-reps``,
``sets-<n>-weight``, ``sets-<n>-time``, ``sets-<n>-distance`` and ``sets-<n>-remove``, in the
order of ``n``. Targets are optional (empty: the workout pre-fills last time's values); what is
typed is checked by the set form's own rules for the exercise (``SetForm.validate_for`` with
``complete=False``), in the user's unit. Adding a set or an exercise, or searching for one,
posts the form too and shows it again, nothing saved until "Save routine".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from tracker.crud.routines import MAX_ROUTINE_SETS
from tracker.forms.workouts import SetForm, row_values
from tracker.models import SET_KINDS, Exercise, PlannedValues

MAX_NAME = 80
VALUE_NAMES = ("reps", "weight", "time", "distance")
_KEY = re.compile(r"sets-(\d{1,4})-(exercise_id|kind|reps|weight|time|distance|remove)")


@dataclass
class EditorRow:
    exercise: Exercise
    kind: str = "normal"
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class RoutineEditor:
    name: str = ""
    rows: list[EditorRow] = field(default_factory=list)
    name_error: str | None = None
    #: About the sets as a whole (too many, an exercise that is not the user's).
    error: str | None = None

    def exercise_groups(self) -> list[tuple[Exercise, list[tuple[int, EditorRow]]]]:
        """The rows by exercise, in order of first appearance, each with its index."""
        groups: dict[int, tuple[Exercise, list[tuple[int, EditorRow]]]] = {}
        for index, row in enumerate(self.rows):
            groups.setdefault(row.exercise.id or 0, (row.exercise, []))[1].append((index, row))
        return list(groups.values())


def posted(form: MultiDict[str, str]) -> dict[int, dict[str, str]]:
    """The posted sets by index (fields not of a set are left out)."""
    found: dict[int, dict[str, str]] = {}
    for key in form:
        match = _KEY.fullmatch(key)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = form.get(key, "")
    return dict(sorted(found.items()))


def exercise_ids(sets: Mapping[int, dict[str, str]]) -> set[int]:
    ids = set()
    for values in sets.values():
        text = values.get("exercise_id", "").strip()
        if text.isdecimal() and len(text) < 10:
            ids.add(int(text))
    return ids


def read(
    form: MultiDict[str, str],
    sets: Mapping[int, dict[str, str]],
    *,
    exercises: Mapping[int, Exercise],
    unit: str,
) -> RoutineEditor:
    """The editor as posted (removed sets left out), checked: ``valid(editor)`` says whether
    it can be saved. ``exercises``: those of the posted ids the user may use."""
    editor = RoutineEditor(name=(form.get("name") or "").strip())
    if not editor.name:
        editor.name_error = "Give the routine a name."
    elif len(editor.name) > MAX_NAME:
        editor.name_error = f"Keep the name under {MAX_NAME} characters."
    elif "\x00" in editor.name or not editor.name.isprintable():
        editor.name_error = "Use letters, digits and punctuation only."
    unknown = 0
    for values in sets.values():
        text = values.get("exercise_id", "").strip()
        exercise = exercises.get(int(text)) if text.isdecimal() and len(text) < 10 else None
        if exercise is None:
            unknown += 1
            continue
        if values.get("remove"):
            continue
        kind = values.get("kind", "normal")
        row = EditorRow(
            exercise,
            kind if kind in SET_KINDS else "normal",
            {n: values[n].strip()[:40] for n in VALUE_NAMES if values.get(n, "").strip()},
        )
        if kind not in SET_KINDS:
            row.errors["kind"] = "Pick a set type from the list."
        _check(row, unit)
        editor.rows.append(row)
    if unknown:
        sets_were = f"{unknown} sets were" if unknown != 1 else "1 set was"
        editor.error = (
            f"{sets_were} of an exercise that is not in your list, and left out: check the "
            "routine and save it again."
        )
    if len(editor.rows) > MAX_ROUTINE_SETS:
        editor.error = f"A routine holds at most {MAX_ROUTINE_SETS} sets."
    return editor


def _check(row: EditorRow, unit: str) -> None:
    form = SetForm(
        formdata=MultiDict({**row.values, "exercise_id": str(row.exercise.id), "kind": row.kind}),
        meta={"csrf": False},
    )
    if not form.validate_for(row.exercise, unit, complete=False):
        for item in form:
            if item.errors and item.name in VALUE_NAMES:
                row.errors[item.name] = " ".join(str(e) for e in item.errors)


def valid(editor: RoutineEditor) -> bool:
    return (
        editor.name_error is None
        and editor.error is None
        and bool(editor.rows)
        and not any(row.errors for row in editor.rows)
    )


def values(editor: RoutineEditor, unit: str) -> list[PlannedValues]:
    """The checked sets in kilograms etc. (call after ``valid``)."""
    found = []
    for row in editor.rows:
        form = SetForm(
            formdata=MultiDict(
                {**row.values, "exercise_id": str(row.exercise.id), "kind": row.kind}
            ),
            meta={"csrf": False},
        )
        form.validate_for(row.exercise, unit, complete=False)
        data = form.values(row.exercise, unit)
        found.append(
            PlannedValues(
                exercise_id=data.exercise_id,
                reps=data.reps,
                weight_kg=data.weight_kg,
                kind=row.kind,
                distance_m=data.distance_m,
                seconds=data.seconds,
            )
        )
    return found


def from_sets(name: str, sets: list[tuple[PlannedValues, Exercise]], unit: str) -> RoutineEditor:
    """An editor showing saved values (a routine's, or a workout's to save as one)."""
    return RoutineEditor(
        name=name,
        rows=[
            EditorRow(exercise, item.kind, row_values(item, exercise.kind, unit))
            for item, exercise in sets
        ],
    )
