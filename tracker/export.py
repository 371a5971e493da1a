"""Regain's own export: everything a user has, as a JSON document or their sets as CSV.

Pure: the functions here take plain rows (``ExportRows``, loaded by
``tracker.crud.exports.export_rows``) and return text, or read a document back
(``read_document``) for the import. No Flask, no database.

The JSON document (``format_version`` 1)::

    {
      "format": "regain", "format_version": 1, "exported_at": "2026-11-24T22:10:00Z",
      "profile": {"email", "display_name", "unit", "birth_year", "sex", "training_years",
                  "training_years_set", "timezone", "gap_days", "personal_calibration",
                  "created_at"},
      "custom_exercises": [{"name", "equipment", "kind", "primary": [...], "secondary": [...]}],
      "workouts": [{"started_at": "2024-04-07T16:34:00", "title", "duration_minutes", "notes",
                    "source", "source_key",
                    "sets": [{"exercise": "<catalogue key>" or "custom_exercise": "<its name>",
                              "position", "kind", and when not empty: "reps", "weight_kg",
                              "rpe", "distance_m", "seconds", "notes", "side"}]}],
      "breaks": [{"ref", "start_date", "end_date", "reason", "mode", "sessions_per_week",
                  "body_region", "notes", "muscles": [...], and for a one-sided cast
                  "side": "left" | "right"}],
      "training_gaps": [{"start_date", "end_date"}],
      "plans": [{"name", "start_date", "days", "mode", "sessions_per_week", "muscles": [...],
                 "dose_after", "break": <a break's ref> | null}],
      "routines": [{"name", "used_at": "2026-11-20T18:02:11Z" | null,
                    "sets": [{"exercise": "<catalogue key>" or "custom_exercise": "<its name>",
                              "kind", "reps", "weight_kg", "distance_m", "seconds"}]}],
      "exercise_mappings": [{"name": "<normalised name>", "exercise" | "custom_exercise"}]
    }

``training_years_set`` says whether the training years are the user's own (else read from the
log), ``personal_calibration`` whether the estimates use the user's calibration; a document
without them (written before they existed) reads as the migrations read existing accounts:
years above 0 the user's own, the calibration on.

A set leaves out the fields it has no value for (read back as empty). A routine's sets are in
their order and write every target, null for none (a workout started from the routine pre-fills
last time's value); ``used_at`` is when a workout was last started from it, in UTC. A document
without ``routines`` (written before they were exported) reads as one with none. The text has
one line per list item (``to_json``): a workout with all its sets is one line.

Weights are kilograms, distances metres, dates ISO 8601 (naive local wall-clock time, as
stored). Exercises are named by catalogue key or by the custom exercise's name, never by
database id, and a plan names its break by the break's ``ref`` in the same document, so the
document means the same thing in any Regain installation. Lists are sorted (workouts by
start, sets in the order they were logged, routines in the order they were made), so
exporting the same data twice gives the same document apart from ``exported_at``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from tracker import limits
from tracker.catalogue import EQUIPMENT, EXERCISE_KINDS
from tracker.importers.records import (
    ImportFormatError,
    ParsedImport,
    ParsedSet,
    ParsedWorkout,
    SetKind,
)
from tracker.models import BREAK_MODES, BREAK_REASONS, SET_KINDS, WORKOUT_SOURCES
from tracker.physiology.muscles import BODY_REGIONS, MUSCLE_KEYS
from tracker.sides import SIDES, side_problem
from tracker.units import from_kg

FORMAT = "regain"
FORMAT_VERSION = 1

#: How an exercise of a set is named inside an import built from a document: these prefixes
#: keep catalogue keys and custom names apart (a custom exercise may be called "squat").
CATALOGUE_REF = "catalogue:"
CUSTOM_REF = "custom:"

PROFILE_FIELDS = (
    "display_name",
    "unit",
    "birth_year",
    "sex",
    "training_years",
    "training_years_set",
    "timezone",
    "gap_days",
    "personal_calibration",
)

CSV_HEADER = (
    "Date",
    "Time",
    "Workout",
    "Exercise",
    "Set Order",
    "Kind",
    "Weight",
    "Unit",
    "Reps",
    "RPE",
    "Distance (m)",
    "Seconds",
    "Notes",
)

Row = Mapping[Any, Any]
T = TypeVar("T")


@dataclass(frozen=True)
class ExportRows:
    """A user's data as plain rows (column name -> value), in the order they are exported.

    ``exercises`` maps the id of every exercise a set or mapping refers to (catalogue or the
    user's own) to a row with ``key`` (None for a custom one), ``name``, ``equipment``, ``kind``.
    ``workouts`` are sorted by start, ``sets`` by workout then by the order they were logged.
    """

    profile: Row
    exercises: Mapping[int, Row]
    custom_exercise_ids: Sequence[int]
    exercise_muscles: Mapping[int, Sequence[tuple[str, str]]]
    workouts: Sequence[Row]
    sets: Sequence[Row]
    breaks: Sequence[Row]
    break_muscles: Mapping[int, Sequence[str]]
    training_gaps: Sequence[Row]
    plans: Sequence[Row]
    mappings: Sequence[Row]
    #: For a streamed export: the workouts and their sets as one ordered iterable of
    #: ``LOGGED_COLUMNS`` rows (read from the database as they are written out); ``workouts``
    #: and ``sets`` are then empty.
    logged: Iterable[Row] | None = None
    #: The user's routines in the order they were made, and their sets by routine (in that
    #: order) then position; each set's ``exercise_id`` is in ``exercises``.
    routines: Sequence[Row] = ()
    routine_sets: Sequence[Row] = ()


#: A row of ``ExportRows.logged``: a workout's columns and one of its sets' (``set_id`` None
#: for a workout without sets), ordered by workout (start, title, id), then by set id.
LOGGED_COLUMNS = (
    "workout_id",
    "started_at",
    "title",
    "duration_minutes",
    "workout_notes",
    "source",
    "source_key",
    "set_id",
    "exercise_id",
    "position",
    "kind",
    "reps",
    "weight_kg",
    "rpe",
    "distance_m",
    "seconds",
    "notes",
    "side",
)


def logged_rows(rows: ExportRows) -> Iterator[Row]:
    """``rows.logged``, or the same rows made from ``rows.workouts`` and ``rows.sets``."""
    if rows.logged is not None:
        yield from rows.logged
        return
    sets_by_workout: dict[int, list[Row]] = {}
    for item in rows.sets:
        sets_by_workout.setdefault(item["workout_id"], []).append(item)
    for workout in rows.workouts:
        head = {
            "workout_id": workout["id"],
            "started_at": workout["started_at"],
            "title": workout["title"],
            "duration_minutes": workout["duration_minutes"],
            "workout_notes": workout["notes"],
            "source": workout["source"],
            "source_key": workout["source_key"],
        }
        items = sets_by_workout.get(workout["id"])
        if not items:
            yield {**head, "set_id": None}
            continue
        for item in items:
            yield {
                **head,
                "set_id": item["id"],
                **{name: item[name] for name in LOGGED_COLUMNS[8:]},
            }


def _workout_entries(rows: ExportRows) -> Iterator[dict[str, Any]]:
    """The document's workouts, one at a time (each with its sets)."""
    current: dict[str, Any] | None = None
    current_id = None
    for item in logged_rows(rows):
        if item["workout_id"] != current_id:
            if current is not None:
                yield current
            current_id = item["workout_id"]
            current = {
                "started_at": _iso(item["started_at"]),
                "title": item["title"],
                "duration_minutes": item["duration_minutes"],
                "notes": item["workout_notes"],
                "source": item["source"],
                "source_key": item["source_key"],
                "sets": [],
            }
        if item["set_id"] is None:
            continue
        assert current is not None
        entry: dict[str, Any] = {
            **_exercise_ref(rows, item["exercise_id"]),
            "position": item["position"],
            "kind": item["kind"],
        }
        for name in _SET_OPTIONAL:
            if item[name] is not None and item[name] != "":
                entry[name] = item[name]
        current["sets"].append(entry)
    if current is not None:
        yield current


# --- writing ----------------------------------------------------------------------------------


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _utc(value: dt.datetime | None) -> str | None:
    """A timestamp column's value (naive UTC) as ``2026-11-24T22:10:00Z``."""
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _exercise_ref(rows: ExportRows, exercise_id: int) -> dict[str, str]:
    exercise = rows.exercises[exercise_id]
    if exercise["key"] is not None:
        return {"exercise": exercise["key"]}
    return {"custom_exercise": exercise["name"]}


#: Fields of a set written only when they hold something (most sets leave several empty).
_SET_OPTIONAL = ("reps", "weight_kg", "rpe", "distance_m", "seconds", "notes", "side")

#: Fields of a routine's set besides its exercise, each written (a target may be null).
ROUTINE_SET_FIELDS = ("kind", "reps", "weight_kg", "distance_m", "seconds")


def build_document(rows: ExportRows, exported_at: dt.datetime) -> dict[str, Any]:
    """The JSON document (as Python values) of everything in ``rows``; its ``workouts`` is an
    iterator, read once by ``to_json`` or ``iter_json``."""
    profile = rows.profile
    custom = []
    for exercise_id in rows.custom_exercise_ids:
        exercise = rows.exercises[exercise_id]
        muscles = rows.exercise_muscles.get(exercise_id, ())
        custom.append(
            {
                "name": exercise["name"],
                "equipment": exercise["equipment"],
                "kind": exercise["kind"],
                "primary": sorted(m for m, role in muscles if role == "primary"),
                "secondary": sorted(m for m, role in muscles if role == "secondary"),
            }
        )

    # A generator: a streamed export reads and writes one workout at a time (``iter_json``).
    workouts = _workout_entries(rows)

    refs: dict[int, int] = {}
    breaks = []
    for number, item in enumerate(rows.breaks, start=1):
        refs[item["id"]] = number
        breaks.append(
            {
                "ref": number,
                "start_date": _iso(item["start_date"]),
                "end_date": _iso(item["end_date"]),
                "reason": item["reason"],
                "mode": item["mode"],
                "sessions_per_week": item["sessions_per_week"],
                "body_region": item["body_region"],
                "notes": item["notes"],
                "muscles": sorted(rows.break_muscles.get(item["id"], ())),
                # Only where it says something: older documents and readers never see it.
                **({"side": item["side"]} if item.get("side") else {}),
            }
        )
    plans = [
        {
            "name": plan["name"],
            "start_date": _iso(plan["start_date"]),
            "days": plan["days"],
            "mode": plan["mode"],
            "sessions_per_week": plan["sessions_per_week"],
            "muscles": [m for m in plan["muscles"].split(",") if m],
            "dose_after": plan["dose_after"],
            "break": refs.get(plan["break_id"]) if plan["break_id"] is not None else None,
        }
        for plan in rows.plans
    ]
    mappings = [
        {"name": item["normalized"], **_exercise_ref(rows, item["exercise_id"])}
        for item in rows.mappings
    ]
    routine_sets: dict[int, list[dict[str, Any]]] = {}
    for item in rows.routine_sets:
        routine_sets.setdefault(item["routine_id"], []).append(
            {
                **_exercise_ref(rows, item["exercise_id"]),
                **{name: item[name] for name in ROUTINE_SET_FIELDS},
            }
        )
    routines = [
        {
            "name": routine["name"],
            "used_at": _utc(routine["used_at"]),
            "sets": routine_sets.get(routine["id"], []),
        }
        for routine in rows.routines
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _utc(exported_at),
        "profile": {
            "email": profile["email"],
            **{name: profile[name] for name in PROFILE_FIELDS},
            "created_at": _iso(profile["created_at"]),
        },
        "custom_exercises": custom,
        "workouts": workouts,
        "breaks": breaks,
        "training_gaps": [
            {"start_date": _iso(gap["start_date"]), "end_date": _iso(gap["end_date"])}
            for gap in rows.training_gaps
        ],
        "plans": plans,
        "routines": routines,
        "exercise_mappings": mappings,
    }


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def to_json(document: Mapping[str, Any]) -> str:
    """The document as JSON text: one line per top-level value and per list item (a workout
    with its sets is one line), compact inside, so that a big history stays small and diffs
    and greps line by line."""
    return "".join(iter_json(document))


#: Text is sent in pieces of about this many characters (a streamed export).
CHUNK = 64 * 1024


def _chunked(pieces: Iterable[str]) -> Iterator[str]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def _json_pieces(document: Mapping[str, Any]) -> Iterator[str]:
    yield "{\n"
    for n, (key, value) in enumerate(document.items()):
        if n:
            yield ",\n"
        if isinstance(value, Iterator):
            value = _peeked(value)
        if isinstance(value, list | _Peeked) and value:
            yield f"{_compact(key)}: [\n"
            for i, item in enumerate(value):
                yield (",\n" if i else "") + _compact(item)
            yield "\n]"
        else:
            yield f"{_compact(key)}: {_compact([] if isinstance(value, _Peeked) else value)}"
    yield "\n}\n"


class _Peeked:
    """An iterator with its first item read, so that an empty one can be written as []."""

    def __init__(self, first: list[Any], rest: Iterator[Any]) -> None:
        self.first, self.rest = first, rest

    def __bool__(self) -> bool:
        return bool(self.first)

    def __iter__(self) -> Iterator[Any]:
        yield from self.first
        yield from self.rest


def _peeked(values: Iterator[Any]) -> _Peeked:
    first = next(values, _END)
    return _Peeked([] if first is _END else [first], values)


_END = object()


def iter_json(document: Mapping[str, Any]) -> Iterator[str]:
    """``to_json``'s text in pieces of about ``CHUNK`` characters, reading the document's
    iterators (the workouts) as it goes: memory stays bounded however long the history."""
    return _chunked(_json_pieces(document))


#: A cell starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _number_cell(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".")
        return text
    return str(value)


def build_csv(rows: ExportRows, unit: str) -> str:
    """One line per set: the day, the workout, the exercise and the set in ``unit``.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe.
    """
    return "".join(iter_csv(rows, unit))


def iter_csv(rows: ExportRows, unit: str) -> Iterator[str]:
    """``build_csv``'s text in pieces of about ``CHUNK`` characters, read as it goes."""
    return _chunked(_csv_lines(rows, unit))


def _csv_lines(rows: ExportRows, unit: str) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def line(values: Sequence[Any]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(values)
        return out.getvalue()

    yield line(CSV_HEADER)
    for item in logged_rows(rows):
        if item["set_id"] is None:
            continue
        started: dt.datetime = item["started_at"]
        exercise = rows.exercises[item["exercise_id"]]
        weight = item["weight_kg"]
        yield line(
            (
                started.date().isoformat(),
                started.strftime("%H:%M"),
                _text_cell(item["title"]),
                _text_cell(exercise["name"]),
                item["position"],
                item["kind"],
                "" if weight is None else _number_cell(from_kg(weight, unit)),
                "" if weight is None else unit,
                _number_cell(item["reps"]),
                _number_cell(item["rpe"]),
                _number_cell(item["distance_m"]),
                _number_cell(item["seconds"]),
                _text_cell(item["notes"]),
            )
        )


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomExercise:
    name: str
    equipment: str
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]


@dataclass(frozen=True)
class DocumentBreak:
    ref: int
    start_date: dt.date
    end_date: dt.date | None
    reason: str
    mode: str
    sessions_per_week: int | None
    body_region: str | None
    notes: str
    muscles: tuple[str, ...]
    #: A one-sided cast's side (``tracker.sides``), None for both sides.
    side: str | None = None


@dataclass(frozen=True)
class DocumentPlan:
    name: str
    start_date: dt.date
    days: int
    mode: str
    sessions_per_week: int | None
    muscles: tuple[str, ...]
    dose_after: float
    break_ref: int | None


@dataclass(frozen=True)
class DocumentRoutineSet:
    #: The exercise, named as in the sets of workouts (``"catalogue:<key>"``, ``"custom:<name>"``).
    exercise: str
    kind: str
    reps: int | None
    weight_kg: float | None
    distance_m: float | None
    seconds: int | None


@dataclass(frozen=True)
class DocumentRoutine:
    name: str
    #: When a workout was last started from it (naive UTC, as stored).
    used_at: dt.datetime | None
    sets: tuple[DocumentRoutineSet, ...]


#: A routine's targets are held to the ranges the routine editor and the API hold them to
#: (``tracker.forms.workouts``, ``tracker.api.schemas.RoutineSetIn``): low, high of each.
ROUTINE_TARGETS: Mapping[str, tuple[int, int]] = {
    "reps": (1, 1000),
    "weight_kg": (0, 1000),
    "distance_m": (1, 1_000_000),
    "seconds": (1, 24 * 3600),
}
#: And its name as the editor's (``tracker.forms.routines.MAX_NAME``).
ROUTINE_NAME_LENGTH = 80


@dataclass(frozen=True)
class RegainDocument:
    """A Regain export read back. Its workouts are a ``ParsedImport`` (source "regain") whose
    sets name exercises as ``"catalogue:<key>"`` or ``"custom:<name>"``; ``workout_sources``
    holds each workout's original source (strong, manual...) in the same order, and a workout
    without a ``source_key`` (logged by hand) has ``source_key`` "" there."""

    parsed: ParsedImport
    workout_sources: tuple[str, ...]
    profile: Mapping[str, Any]
    custom_exercises: tuple[CustomExercise, ...]
    breaks: tuple[DocumentBreak, ...]
    training_gaps: tuple[tuple[dt.date, dt.date], ...]
    plans: tuple[DocumentPlan, ...]
    #: (normalised name, exercise reference as in the sets)
    mappings: tuple[tuple[str, str], ...] = field(default=())
    routines: tuple[DocumentRoutine, ...] = field(default=())


def looks_like_document(data: bytes | str) -> bool:
    """Whether an upload is JSON (it starts with "{" after blanks and a byte-order mark)."""
    head = data[:64]
    if isinstance(head, bytes):
        head = head.decode("utf-8", errors="replace")
    return head.lstrip("\ufeff \t\r\n").startswith("{")


def _default(value: T | None, default: T) -> T:
    return default if value is None else value


class _Reader:
    """Typed access to the JSON values, with errors naming where they are ("workouts[3].title")."""

    def fail(self, path: str, message: str) -> ImportFormatError:
        return ImportFormatError(f"{path}: {message}")

    def obj(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "expected an object")
        return value

    def items(
        self, parent: Mapping[str, Any], name: str, path: str, most: limits.Count | None = None
    ) -> list[Any]:
        value = parent.get(name, [])
        if not isinstance(value, list):
            raise self.fail(f"{path}{name}", "expected a list")
        if most is not None and len(value) > most.limit:
            raise self.fail(f"{path}{name}", f"{len(value):,} items; {most.message()}")
        return value

    def text(
        self, parent: Mapping[str, Any], name: str, path: str, limit: int, *, required: bool = False
    ) -> str:
        value = parent.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{path}.{name}", "expected text")
        if required and not value.strip():
            raise self.fail(f"{path}.{name}", "must not be empty")
        if len(value) > limit:
            raise self.fail(f"{path}.{name}", f"longer than {limit} characters")
        if "\x00" in value:
            raise self.fail(f"{path}.{name}", "contains a NUL character")
        return value

    def optional_text(
        self, parent: Mapping[str, Any], name: str, path: str, limit: int
    ) -> str | None:
        if parent.get(name) is None:
            return None
        return self.text(parent, name, path, limit)

    def choice(
        self,
        parent: Mapping[str, Any],
        name: str,
        path: str,
        allowed: Sequence[str],
        default: str | None = None,
    ) -> str:
        value = parent.get(name, default)
        if value not in allowed:
            raise self.fail(f"{path}.{name}", f"{value!r} is not one of {', '.join(allowed)}")
        return cast(str, value)

    def optional_choice(
        self, parent: Mapping[str, Any], name: str, path: str, allowed: Sequence[str]
    ) -> str | None:
        """One of ``allowed``, or None when the field is missing or null."""
        if parent.get(name) is None:
            return None
        return self.choice(parent, name, path, allowed)

    def integer(
        self,
        parent: Mapping[str, Any],
        name: str,
        path: str,
        low: int,
        high: int,
        *,
        required: bool = False,
    ) -> int | None:
        value = parent.get(name)
        if value is None:
            if required:
                raise self.fail(f"{path}.{name}", "a whole number is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{path}.{name}", f"{value!r} is not a whole number")
        if not low <= value <= high:
            raise self.fail(f"{path}.{name}", f"{value} is not between {low} and {high}")
        return value

    def number(
        self,
        parent: Mapping[str, Any],
        name: str,
        path: str,
        low: float,
        high: float,
        *,
        required: bool = False,
    ) -> float | None:
        value = parent.get(name)
        if value is None:
            if required:
                raise self.fail(f"{path}.{name}", "a number is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{path}.{name}", f"{value!r} is not a number")
        number = float(value)
        if not math.isfinite(number) or not low <= number <= high:
            raise self.fail(f"{path}.{name}", f"{value} is not between {low:g} and {high:g}")
        return number

    def boolean(self, parent: Mapping[str, Any], name: str, path: str) -> bool | None:
        """``true`` or ``false``; ``None`` when the document leaves it out."""
        if name not in parent:
            return None
        value = parent[name]
        if not isinstance(value, bool):
            raise self.fail(f"{path}.{name}", f"{value!r} is not true or false")
        return value

    def date(
        self,
        parent: Mapping[str, Any],
        name: str,
        path: str,
        latest: dt.date,
        *,
        required: bool = True,
    ) -> dt.date | None:
        """A date from ``limits.EARLIEST_DATE`` to ``latest``, as the forms accept."""
        value = parent.get(name)
        if value is None and not required:
            return None
        try:
            if not isinstance(value, str):
                raise TypeError(value)
            day = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(f"{path}.{name}", f"{value!r} is not a date like 2024-04-07") from None
        self._in_range(day, latest, f"{path}.{name}")
        return day

    def datetime(
        self, parent: Mapping[str, Any], name: str, path: str, latest: dt.date
    ) -> dt.datetime:
        value = parent.get(name)
        try:
            if not isinstance(value, str):
                raise TypeError(value)
            moment = dt.datetime.fromisoformat(value).replace(tzinfo=None)
        except (TypeError, ValueError):
            raise self.fail(
                f"{path}.{name}", f"{value!r} is not a date and time like 2024-04-07T16:34:00"
            ) from None
        self._in_range(moment.date(), latest, f"{path}.{name}")
        return moment

    def utc_datetime(
        self, parent: Mapping[str, Any], name: str, path: str, latest: dt.date
    ) -> dt.datetime | None:
        """A moment like ``2026-11-24T22:10:00Z`` as naive UTC (one without an offset is
        read as UTC); ``None`` when the document leaves it out or null."""
        value = parent.get(name)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise TypeError(value)
            moment = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(
                f"{path}.{name}", f"{value!r} is not a date and time like 2024-04-07T16:34:00Z"
            ) from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        self._in_range(moment.date(), latest, f"{path}.{name}")
        return moment

    def _in_range(self, day: dt.date, latest: dt.date, where: str) -> None:
        if not limits.in_date_range(day, latest):
            raise self.fail(
                where,
                f"{day.isoformat()} is not between {limits.EARLIEST_DATE.isoformat()} and "
                f"{latest.isoformat()}",
            )

    def muscles(self, parent: Mapping[str, Any], name: str, path: str) -> tuple[str, ...]:
        values = self.items(parent, name, path + ".")
        for value in values:
            if value not in MUSCLE_KEYS:
                raise self.fail(f"{path}.{name}", f"{value!r} is not a muscle group")
        return tuple(dict.fromkeys(values))


def _whole_number(text: str) -> int:
    """JSON integers, refused past ``limits.MAX_JSON_DIGITS`` digits (Python's ``int`` itself
    refuses 4,300 with a ValueError, and no value Regain reads has more than ten)."""
    if len(text.lstrip("-")) > limits.MAX_JSON_DIGITS:
        raise ImportFormatError(
            f"this file has a number of {len(text.lstrip('-')):,} digits; Regain reads numbers "
            f"of at most {limits.MAX_JSON_DIGITS} digits"
        )
    return int(text)


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"this is not valid JSON ({exc.msg}; perhaps the file was cut off)", exc.lineno
        ) from None
    except RecursionError:
        raise ImportFormatError(
            "this JSON file is nested too deeply (lists inside lists thousands of levels "
            "down): it is not a Regain export"
        ) from None


def read_document(data: bytes | str, today: dt.date | None = None) -> RegainDocument:
    """Read and check a Regain JSON export; every problem raises ``ImportFormatError`` naming
    where it is (``workouts[3].sets[0].reps: ...``).

    ``today`` is the importing user's today (``tracker.clock.today_in``): dates are checked
    against the ranges the forms use (``tracker.limits``). Without it, the latest date it is
    anywhere on Earth stands in for it.
    """
    today = today if today is not None else limits.today_anywhere()
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFormatError("this JSON file is not UTF-8 text") from None
    else:
        text = data.removeprefix("\ufeff")
    raw = _parse_json(text)
    read = _Reader()
    workout_latest = limits.latest_day(today)
    break_latest = limits.latest_break_end(today)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ImportFormatError(
            'this JSON file is not a Regain export (it has no "format": "regain")'
        )
    version = raw.get("format_version")
    if version != FORMAT_VERSION:
        raise ImportFormatError(
            f"this Regain export has format version {version!r}; this Regain reads version "
            f"{FORMAT_VERSION}"
        )

    profile_raw = read.obj(raw.get("profile", {}), "profile")
    profile: dict[str, Any] = {}
    if profile_raw:
        from zoneinfo import available_timezones

        profile = {
            "display_name": read.text(profile_raw, "display_name", "profile", 80),
            "unit": read.choice(profile_raw, "unit", "profile", ("kg", "lb"), "kg"),
            "birth_year": read.integer(
                profile_raw, "birth_year", "profile", today.year - 100, today.year - 14
            ),
            "sex": None
            if profile_raw.get("sex") is None
            else read.choice(profile_raw, "sex", "profile", ("male", "female")),
            "training_years": _default(
                read.number(profile_raw, "training_years", "profile", 0, 80), 0.0
            ),
            "training_years_set": read.boolean(profile_raw, "training_years_set", "profile"),
            "personal_calibration": _default(
                read.boolean(profile_raw, "personal_calibration", "profile"), True
            ),
            "timezone": read.text(profile_raw, "timezone", "profile", 64) or "UTC",
            "gap_days": _default(read.integer(profile_raw, "gap_days", "profile", 7, 90), 14),
        }
        if profile["training_years_set"] is None:  # before it existed: as migration 0007
            profile["training_years_set"] = profile["training_years"] > 0
        if profile["timezone"] != "UTC" and profile["timezone"] not in available_timezones():
            raise read.fail("profile.timezone", f"{profile['timezone']!r} is not a time zone")

    custom: list[CustomExercise] = []
    custom_names: set[str] = set()
    for i, item in enumerate(read.items(raw, "custom_exercises", "", limits.CUSTOM_EXERCISES)):
        path = f"custom_exercises[{i}]"
        item = read.obj(item, path)
        kind = read.choice(item, "kind", path, EXERCISE_KINDS, "weighted")
        exercise = CustomExercise(
            name=read.text(item, "name", path, 120, required=True).strip(),
            equipment=read.choice(item, "equipment", path, EQUIPMENT, "other"),
            kind=kind,
            primary=read.muscles(item, "primary", path),
            secondary=read.muscles(item, "secondary", path),
        )
        if not exercise.primary and kind != "cardio":
            raise read.fail(f"{path}.primary", "a custom exercise needs a primary muscle group")
        custom.append(exercise)
        custom_names.add(exercise.name)

    def exercise_ref(item: Mapping[str, Any], path: str) -> str:
        key, name = item.get("exercise"), item.get("custom_exercise")
        if isinstance(key, str) and key and name is None:
            return CATALOGUE_REF + key
        if isinstance(name, str) and key is None:
            if name.strip() not in custom_names:
                raise read.fail(f"{path}.custom_exercise", f"{name!r} is not in custom_exercises")
            return CUSTOM_REF + name.strip()
        raise read.fail(path, 'name either "exercise" (a catalogue key) or "custom_exercise"')

    workouts: list[tuple[ParsedWorkout, str]] = []
    total_sets = 0
    for i, item in enumerate(read.items(raw, "workouts", "", limits.WORKOUTS)):
        path = f"workouts[{i}]"
        item = read.obj(item, path)
        sets = []
        listed = read.items(
            item,
            "sets",
            path + ".",
            limits.Count("sets in one workout", limits.MAX_SETS_PER_WORKOUT),
        )
        total_sets += len(listed)
        if total_sets > limits.MAX_SETS:
            raise read.fail(path, limits.SETS.message())
        for j, entry in enumerate(listed):
            set_path = f"{path}.sets[{j}]"
            entry = read.obj(entry, set_path)
            sets.append(
                ParsedSet(
                    exercise_name=exercise_ref(entry, set_path),
                    position=_default(read.integer(entry, "position", set_path, 0, 100_000), 1),
                    reps=read.integer(entry, "reps", set_path, 0, 100_000),
                    weight_kg=read.number(entry, "weight_kg", set_path, 0, 10_000),
                    rpe=read.number(entry, "rpe", set_path, 0, 10),
                    kind=cast(SetKind, read.choice(entry, "kind", set_path, SET_KINDS, "normal")),
                    distance_m=read.number(entry, "distance_m", set_path, 0, 10_000_000),
                    seconds=read.integer(entry, "seconds", set_path, 0, 100_000_000),
                    notes=read.text(entry, "notes", set_path, 500),
                    row=i + 1,
                    side=read.optional_choice(entry, "side", set_path, SIDES),
                )
            )
        source = read.choice(item, "source", path, WORKOUT_SOURCES, "manual")
        workouts.append(
            (
                ParsedWorkout(
                    source_key=read.optional_text(item, "source_key", path, 200) or "",
                    started_at=read.datetime(item, "started_at", path, workout_latest),
                    title=read.text(item, "title", path, 120),
                    duration_minutes=read.integer(item, "duration_minutes", path, 0, 10_000_000),
                    notes=read.text(item, "notes", path, 2000),
                    sets=tuple(sets),
                ),
                source,
            )
        )
    # Sorted like every import (oldest first); Python's sort is stable for equal starts.
    workouts.sort(key=lambda pair: pair[0].started_at)

    breaks: list[DocumentBreak] = []
    refs: set[int] = set()
    for i, item in enumerate(read.items(raw, "breaks", "", limits.BREAKS)):
        path = f"breaks[{i}]"
        item = read.obj(item, path)
        ref = read.integer(item, "ref", path, 1, 10**9) or i + 1
        if ref in refs:
            raise read.fail(f"{path}.ref", f"{ref} is used by another break")
        refs.add(ref)
        # A break has started by the user's today (a day's leeway, as for workouts).
        start = read.date(item, "start_date", path, workout_latest)
        end = read.date(item, "end_date", path, break_latest, required=False)
        assert start is not None
        if end is not None and end < start:
            raise read.fail(f"{path}.end_date", "ends before it starts")
        region = read.optional_text(item, "body_region", path, 20)
        if region is not None and region not in BODY_REGIONS:
            raise read.fail(f"{path}.body_region", f"{region!r} is not a body region")
        mode = read.choice(item, "mode", path, BREAK_MODES, "rest")
        muscles = read.muscles(item, "muscles", path)
        side = read.optional_choice(item, "side", path, SIDES)
        if side is not None:
            # What the break form refuses: a side where the body has none.
            problem = side_problem(side, muscles) if mode == "immobilized" else ""
            if mode != "immobilized":
                problem = "only an immobilised break has a side"
            if problem:
                raise read.fail(f"{path}.side", problem)
        breaks.append(
            DocumentBreak(
                ref=ref,
                start_date=start,
                end_date=end,
                reason=read.choice(item, "reason", path, BREAK_REASONS, "other"),
                mode=mode,
                sessions_per_week=read.integer(item, "sessions_per_week", path, 1, 7),
                body_region=region,
                notes=read.text(item, "notes", path, 2000),
                muscles=muscles,
                side=side,
            )
        )

    gaps: list[tuple[dt.date, dt.date]] = []
    for i, item in enumerate(read.items(raw, "training_gaps", "", limits.TRAINING_GAPS)):
        path = f"training_gaps[{i}]"
        item = read.obj(item, path)
        start = read.date(item, "start_date", path, workout_latest)
        end = read.date(item, "end_date", path, workout_latest)
        assert start is not None and end is not None
        if end < start:
            raise read.fail(f"{path}.end_date", "ends before it starts")
        gaps.append((start, end))

    plans: list[DocumentPlan] = []
    for i, item in enumerate(read.items(raw, "plans", "", limits.PLANS)):
        path = f"plans[{i}]"
        item = read.obj(item, path)
        break_ref = read.integer(item, "break", path, 1, 10**9)
        if break_ref is not None and break_ref not in refs:
            raise read.fail(f"{path}.break", f"no break has ref {break_ref}")
        start = read.date(item, "start_date", path, limits.latest_plan_start(today))
        assert start is not None
        days = read.integer(item, "days", path, 1, limits.PLAN_MAX_DAYS, required=True)
        assert days is not None
        plans.append(
            DocumentPlan(
                name=read.text(item, "name", path, 120),
                start_date=start,
                days=days,
                mode=read.choice(item, "mode", path, BREAK_MODES, "rest"),
                sessions_per_week=read.integer(item, "sessions_per_week", path, 1, 7),
                muscles=read.muscles(item, "muscles", path),
                dose_after=_default(read.number(item, "dose_after", path, 0, 100), 1.0),
                break_ref=break_ref,
            )
        )

    # The limits live with the routines' data access, which imports this module (so here,
    # not at the top).
    from tracker.crud.routines import ROUTINE_SETS, ROUTINES

    routines: list[DocumentRoutine] = []
    for i, item in enumerate(read.items(raw, "routines", "", ROUTINES)):
        path = f"routines[{i}]"
        item = read.obj(item, path)
        name = read.text(item, "name", path, ROUTINE_NAME_LENGTH, required=True).strip()
        if not name.isprintable():
            raise read.fail(f"{path}.name", "use letters, digits and punctuation only")
        listed = read.items(item, "sets", path + ".", ROUTINE_SETS)
        if not listed:
            raise read.fail(f"{path}.sets", "a routine needs at least one set")
        routine_sets = []
        for j, entry in enumerate(listed):
            set_path = f"{path}.sets[{j}]"
            entry = read.obj(entry, set_path)
            reps, weight, distance, seconds = (
                read.integer(entry, "reps", set_path, *ROUTINE_TARGETS["reps"]),
                read.number(entry, "weight_kg", set_path, *ROUTINE_TARGETS["weight_kg"]),
                read.number(entry, "distance_m", set_path, *ROUTINE_TARGETS["distance_m"]),
                read.integer(entry, "seconds", set_path, *ROUTINE_TARGETS["seconds"]),
            )
            routine_sets.append(
                DocumentRoutineSet(
                    exercise=exercise_ref(entry, set_path),
                    kind=read.choice(entry, "kind", set_path, SET_KINDS, "normal"),
                    reps=reps,
                    weight_kg=weight,
                    distance_m=distance,
                    seconds=seconds,
                )
            )
        routines.append(
            DocumentRoutine(
                name=name,
                used_at=read.utc_datetime(item, "used_at", path, workout_latest),
                sets=tuple(routine_sets),
            )
        )

    mappings: list[tuple[str, str]] = []
    for i, item in enumerate(read.items(raw, "exercise_mappings", "", limits.EXERCISE_MAPPINGS)):
        path = f"exercise_mappings[{i}]"
        item = read.obj(item, path)
        mappings.append(
            (read.text(item, "name", path, 120, required=True), exercise_ref(item, path))
        )

    parsed = ParsedImport(
        source=FORMAT,
        variant=f"v{FORMAT_VERSION}",
        unit="kg",
        workouts=tuple(workout for workout, _ in workouts),
        skipped_rows=0,
        warnings=(),
    )
    return RegainDocument(
        parsed=parsed,
        workout_sources=tuple(source for _, source in workouts),
        profile=profile,
        custom_exercises=tuple(custom),
        breaks=tuple(breaks),
        training_gaps=tuple(gaps),
        plans=tuple(plans),
        mappings=tuple(mappings),
        routines=tuple(routines),
    )
