"""Recognising an export from its header line: which app, which layout, which delimiter.

Strong writes its column names in the phone's language ("Datum", "Gewicht", "日期", "重量"...).
A header is read in three steps: the English names; the localised names Regain knows
(``STRONG_NAMES``); and, for a language it does not know, the order of the columns, which is the
same in every language: a header of the right width whose first rows hold a date, a set order,
reps and weights where Strong puts them is read by position (``Format.columns`` then gives the
English names, and ``Format.note`` says so).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from tracker.importers.dates import read as read_date
from tracker.importers.records import ImportFormatError

SOURCES = ("strong", "hevy", "fitnotes")
SOURCE_NAMES = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes"}

# Variants, as listed in docs (../shared/samples/README.md):
#   strong:   S0 (2015: units as column names, "kg" and "km"), S1 ("Workout #", units in the
#             header), S2 (no unit, no duration), S3 (unit per row), S4 (S3 + "Workout
#             Duration"), S5 ("Duration", no unit)
#   hevy:     metric (weight_kg), imperial (weight_lbs)
#   fitnotes: old ("Weight (lbs)" / "Weight (kgs)"), new ("Weight" + "Weight Unit")
VARIANTS: dict[str, tuple[str, ...]] = {
    "strong": ("S0", "S1", "S2", "S3", "S4", "S5"),
    "hevy": ("metric", "imperial"),
    "fitnotes": ("old", "new"),
}

_STRONG_CORE = {"date", "workout name", "exercise name", "set order", "reps"}
_HEVY_CORE = {"title", "start_time", "end_time", "exercise_title", "set_type", "reps"}
_FITNOTES_CORE = {"date", "exercise", "category", "reps"}
_FITNOTES_BODY = {"date", "time", "measurement", "value", "unit"}

#: Column names of the 2015 layout, where the unit is the name.
WEIGHT_UNIT_COLUMNS = ("kg", "kgs", "lb", "lbs")
DISTANCE_UNIT_COLUMNS = ("km", "m", "meters", "metres", "mi", "miles", "mile")

#: Strong's layouts in column order, in English (lower case), for reading a header by position.
STRONG_LAYOUTS: dict[str, tuple[str, ...]] = {
    "S0": ("date", "workout name", "exercise name", "set order", "kg", "reps", "km", "seconds",
           "notes"),
    "S1": ("workout #", "date", "workout name", "duration (sec)", "exercise name", "set order",
           "weight (kg)", "reps", "rpe", "distance (meters)", "seconds", "notes",
           "workout notes"),
    "S2": ("date", "workout name", "exercise name", "set order", "weight", "reps", "distance",
           "seconds", "notes", "workout notes", "rpe"),
    "S3": ("date", "workout name", "exercise name", "set order", "weight", "weight unit", "reps",
           "rpe", "distance", "distance unit", "seconds", "notes", "workout notes"),
    "S4": ("date", "workout name", "exercise name", "set order", "weight", "weight unit", "reps",
           "rpe", "distance", "distance unit", "seconds", "notes", "workout notes",
           "workout duration"),
    "S5": ("date", "workout name", "duration", "exercise name", "set order", "weight", "reps",
           "distance", "seconds", "notes", "workout notes", "rpe"),
}  # fmt: skip

#: Strong's column names in other languages, folded (lower case, no accents) -> English. The
#: German and Chinese ones are from real exports; a language missing here is read by position.
STRONG_NAMES: dict[str, str] = {
    # German
    "datum": "date", "workout-name": "workout name", "dauer": "duration",
    "name der ubung": "exercise name", "reihenfolge festlegen": "set order",
    "gewicht": "weight", "wiederh.": "reps", "wiederholungen": "reps",
    "entfernung": "distance", "sekunden": "seconds", "notizen": "notes",
    "workout-notizen": "workout notes", "gewichtseinheit": "weight unit",
    "entfernungseinheit": "distance unit", "workout-dauer": "workout duration",
    # Chinese (simplified and traditional)
    "日期": "date", "锻炼名称": "workout name", "鍛鍊名稱": "workout name", "时长": "duration",
    "時長": "duration", "运动名称": "exercise name", "運動名稱": "exercise name",
    "设置顺序": "set order", "設定順序": "set order", "重量": "weight", "次": "reps",
    "距离": "distance", "距離": "distance", "秒": "seconds", "备注": "notes", "備註": "notes",
    "锻炼备注": "workout notes", "鍛鍊備註": "workout notes", "重量单位": "weight unit",
    "距离单位": "distance unit", "锻炼时长": "workout duration",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Format:
    """What the header says about the file."""

    source: str
    variant: str
    delimiter: str
    #: The English column names to read the file with, when its header is in another
    #: language; None when the header's own names are English.
    columns: tuple[str, ...] | None = None
    #: A sentence for the user about how the header was read, if not plainly.
    note: str | None = None


def first_line(text: str) -> str:
    """The text up to the first line break."""
    end = len(text)
    for mark in ("\n", "\r"):
        found = text.find(mark, 0, end)
        if found != -1:
            end = found
    return text[:end]


def fold(name: str) -> str:
    """A column name as compared: stripped, lower case, accents removed."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sniff(text: str) -> Format:
    """Recognise the export from its first line (text already decoded, BOM removed)."""
    if not text.strip():
        raise ImportFormatError("the file is empty")
    line = first_line(text)
    candidates: list[tuple[str, list[str]]] = []
    for delimiter in (",", ";", "\t"):
        try:
            fields = next(csv.reader([line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            fields = []
        names = {field.strip().casefold() for field in fields}
        match = _match(names)
        if match is not None:
            return Format(match[0], match[1], delimiter)
        candidates.append((delimiter, fields))
    for delimiter, fields in candidates:
        found = _localised(text, delimiter, fields)
        if found is not None:
            return found
    fields = max((fields for _, fields in candidates), key=len)
    shown = ", ".join(repr(field.strip()[:40]) for field in fields[:15])
    if len(fields) > 15:
        shown += f", ... ({len(fields)} columns)"
    raise ImportFormatError(
        "the first line is not the header of a Strong, Hevy or FitNotes workout export; "
        f"found: {shown or 'nothing'}",
        1,
    )


def _match(names: set[str]) -> tuple[str, str] | None:
    if names >= _STRONG_CORE:
        return "strong", _strong_variant(names)
    if names >= _HEVY_CORE:
        if "weight_kg" in names:
            return "hevy", "metric"
        if "weight_lbs" in names:
            return "hevy", "imperial"
        raise ImportFormatError(
            "this looks like a Hevy export, but it has neither a 'weight_kg' nor a "
            "'weight_lbs' column",
            1,
        )
    if names >= _FITNOTES_CORE:
        if "weight unit" in names and "weight" in names:
            return "fitnotes", "new"
        if "weight (lbs)" in names or "weight (kgs)" in names:
            return "fitnotes", "old"
        raise ImportFormatError(
            "this looks like a FitNotes export, but its weight column is none of 'Weight' + "
            "'Weight Unit', 'Weight (lbs)' or 'Weight (kgs)'",
            1,
        )
    if names >= _FITNOTES_BODY:
        raise ImportFormatError(
            "this is a FitNotes body-weight export, not a workout export: in FitNotes, "
            "export the workout log instead",
            1,
        )
    return None


def _strong_variant(names: set[str]) -> str:
    if "workout #" in names:
        if not any(name.startswith("weight (") for name in names):
            raise ImportFormatError(
                "this looks like a Strong export (S1 layout) but has no 'Weight (kg)' column", 1
            )
        return "S1"
    if any(name in names for name in WEIGHT_UNIT_COLUMNS):
        return "S0"
    if "weight" not in names:
        if any(name.startswith("weight (") for name in names):
            return "S1"
        raise ImportFormatError("this looks like a Strong export but has no weight column", 1)
    if "weight unit" in names:
        return "S4" if "workout duration" in names else "S3"
    return "S5" if "duration" in names else "S2"


def _localised(text: str, delimiter: str, fields: list[str]) -> Format | None:
    """A Strong header in another language: by the names Regain knows, else by position."""
    if len(fields) < 5:
        return None
    translated = [_translate(field) for field in fields]
    if all(name is not None for name in translated):
        names = [name for name in translated if name is not None]
        match = _match(set(names))
        if match is not None and match[0] == "strong":
            return Format("strong", match[1], delimiter, tuple(names), _language_note(fields))
    for variant, layout in STRONG_LAYOUTS.items():
        if len(layout) != len(fields) or not _rows_fit(text, delimiter, layout):
            continue
        columns = list(layout)
        for i, (name, field) in enumerate(zip(layout, fields, strict=True)):
            unit = _bracketed_unit(field)
            if name.endswith(")") and unit:  # S1 keeps "(kg)" / "(lbs)" in any language
                columns[i] = f"{name.split(' (')[0]} ({unit})"
            elif name in ("kg", "km"):  # S0's units are its column names
                columns[i] = fold(field)
        if variant == "S0" and not (
            columns[4] in WEIGHT_UNIT_COLUMNS and columns[6] in DISTANCE_UNIT_COLUMNS
        ):
            continue
        shown = ", ".join(field.strip() for field in fields[:4])
        note = (
            f"the column names ({shown}, ...) are not ones Regain knows; they were read in "
            "the order Strong writes them, as its first rows fit that order"
        )
        return Format("strong", variant, delimiter, tuple(columns), note)
    return None


def _translate(field: str) -> str | None:
    name = fold(field)
    if name in _ENGLISH:
        return name
    if name in STRONG_NAMES:
        return STRONG_NAMES[name]
    unit = _bracketed_unit(field)
    base = fold(field.split("(")[0])
    if unit and base in STRONG_NAMES:
        return f"{STRONG_NAMES[base]} ({unit})"
    return None


_ENGLISH = {name for layout in STRONG_LAYOUTS.values() for name in layout} | {
    *WEIGHT_UNIT_COLUMNS,
    *DISTANCE_UNIT_COLUMNS,
    "weight (lbs)",
    "distance (km)",
    "distance (miles)",
    "distance (mi)",
}


def _bracketed_unit(field: str) -> str | None:
    found = re.search(r"\(([^)]+)\)\s*$", field)
    return found.group(1).strip().casefold() if found else None


def _language_note(fields: list[str]) -> str | None:
    if all(fold(field) in _ENGLISH for field in fields):
        return None
    return "the column names are in the phone's language; they were read as Strong's"


def _rows_fit(text: str, delimiter: str, layout: tuple[str, ...]) -> bool:
    """Whether the first rows (up to 30) hold what Strong writes in those columns."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        next(reader)
        rows = []
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) == 30:
                break
    except csv.Error:
        return False
    if not rows:
        return False
    at = {name: i for i, name in enumerate(layout)}
    weight_at = next(i for i, name in enumerate(layout) if name in ("weight", "kg", "weight (kg)"))
    fitting = 0
    for row in rows:
        if len(row) != len(layout):
            continue
        order = row[at["set order"]].strip()
        checks = (
            read_date(row[at["date"]]) is not None,
            order.isdecimal() or (0 < len(order) <= 12 and not _is_number(order)),
            _is_number(row[at["reps"]], empty=True),
            _is_number(row[weight_at], empty=True),
            bool(row[at["exercise name"]].strip()),
        )
        fitting += all(checks)
    return fitting >= max(1, 0.9 * len(rows))


def _is_number(text: str, *, empty: bool = False) -> bool:
    stripped = text.strip()
    if not stripped:
        return empty
    try:
        float(stripped.replace(",", "."))
    except ValueError:
        return False
    return True


def needs_unit(source: str, variant: str) -> bool:
    """Whether the file carries no weight unit, so the user must say kg or lb."""
    return source == "strong" and variant in ("S2", "S5")
