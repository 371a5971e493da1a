"""Reading one field of a row: numbers, reps, units, durations, with errors naming the cell.

All readers follow the conventions in ``records``: empty or 0 means "not recorded" (``None``),
negative values are errors, weights and distances come out metric.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Generic, TypeVar

from tracker.importers.records import ImportFormatError

T = TypeVar("T")

# Exact by definition (international yard and pound agreement, 1959).
KG_PER_LB = 0.45359237
M_PER_MILE = 1609.344
M_PER_KM = 1000.0

# No single lift, machine or sled in a gym log gets near this; beyond it the unit or the
# column is wrong.
MAX_WEIGHT_KG = 1000.0
MAX_RPE = 10.0

WEIGHT_UNITS: dict[str, float] = {
    "kg": 1.0,
    "kgs": 1.0,
    "kilograms": 1.0,
    "lb": KG_PER_LB,
    "lbs": KG_PER_LB,
    "pounds": KG_PER_LB,
}

DISTANCE_UNITS: dict[str, float] = {
    "m": 1.0,
    "meters": 1.0,
    "metres": 1.0,
    "km": M_PER_KM,
    "kms": M_PER_KM,
    "kilometers": M_PER_KM,
    "kilometres": M_PER_KM,
    "mi": M_PER_MILE,
    "mi.": M_PER_MILE,
    "mile": M_PER_MILE,
    "miles": M_PER_MILE,
    "ft": 0.3048,
    "feet": 0.3048,
    "yd": 0.9144,
    "yds": 0.9144,
    "yards": 0.9144,
}


def unit_name(unit: str) -> str:
    """Normalise a unit the user chose ("kg", "kgs", "lb", "lbs"...) to "kg" or "lb"."""
    factor = WEIGHT_UNITS.get(unit.strip().casefold())
    if factor is None:
        raise ImportFormatError(f"the unit must be 'kg' or 'lb', not {unit!r}")
    return "kg" if factor == 1.0 else "lb"


def number(text: str, line: int, column: str, *, decimal_comma: bool = False) -> float | None:
    """A finite number, or None for an empty cell. ``decimal_comma`` accepts "18,5"."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        slow = _number_slow(text, line, column, decimal_comma)
        if slow is None:
            return None
        value = slow
    else:
        if "_" in text:  # float() accepts "1_000"; a CSV export never means that
            raise ImportFormatError(f"{text!r} is not a number", line, column)
    if not math.isfinite(value):
        raise ImportFormatError(f"{text!r} is not a number", line, column)
    return value


def _number_slow(text: str, line: int, column: str, decimal_comma: bool) -> float | None:
    stripped = text.strip()
    if not stripped:
        return None
    if decimal_comma and stripped.count(",") == 1 and "." not in stripped:
        try:
            return float(stripped.replace(",", "."))
        except ValueError:
            pass
    raise ImportFormatError(f"{text!r} is not a number", line, column)


def non_negative(text: str, line: int, column: str, *, decimal_comma: bool = False) -> float | None:
    """A number >= 0; 0 and empty give None."""
    value = number(text, line, column, decimal_comma=decimal_comma)
    if value is None or value == 0:
        return None
    if value < 0:
        raise ImportFormatError(f"{text!r} is negative", line, column)
    return value


def weight_kg(
    text: str, factor: float, line: int, column: str, *, decimal_comma: bool = False
) -> float | None:
    """A weight converted to kg with ``factor`` (kg per file unit); empty or 0 give None."""
    value = non_negative(text, line, column, decimal_comma=decimal_comma)
    if value is None:
        return None
    return kilograms(value, factor, text, line, column)


def kilograms(value: float, factor: float, text: str, line: int, column: str) -> float:
    """``value`` (read from ``text``) times ``factor``, refused when implausibly heavy."""
    kg = value * factor
    if kg > MAX_WEIGHT_KG:
        raise ImportFormatError(
            f"{text!r} ({kg:.0f} kg) is over {MAX_WEIGHT_KG:.0f} kg, which no gym set reaches; "
            "check the unit",
            line,
            column,
        )
    return kg


def reps(text: str, line: int, column: str) -> int | None:
    """A whole, non-negative rep count; "10.0" is accepted, "10.5" is not; 0 gives None."""
    if not text:
        return None
    try:
        value = int(text)
        if "_" in text:
            raise ValueError(text)
    except ValueError:
        value = _whole(text, line, column)
    if value < 0:
        raise ImportFormatError(f"{text!r} is negative", line, column)
    return value or None


def _whole(text: str, line: int, column: str) -> int:
    as_float = number(text, line, column)
    if as_float is None:
        return 0
    if not as_float.is_integer():
        raise ImportFormatError(f"{text!r} is not a whole number of reps", line, column)
    return int(as_float)


def seconds(text: str, line: int, column: str, *, decimal_comma: bool = False) -> int | None:
    """A time in seconds, rounded to whole seconds; empty or 0 give None."""
    value = non_negative(text, line, column, decimal_comma=decimal_comma)
    if value is None:
        return None
    return round(value) or None


def rpe(text: str, line: int, column: str, *, decimal_comma: bool = False) -> float | None:
    """A rate of perceived exertion on the 0-10 scale; empty or 0 give None."""
    value = non_negative(text, line, column, decimal_comma=decimal_comma)
    if value is not None and value > MAX_RPE:
        raise ImportFormatError(f"{text!r} is not an RPE (the scale ends at 10)", line, column)
    return value


def weight_factor(unit: str, line: int, column: str) -> float:
    """kg per unit for a unit cell such as "kgs" or "lbs"."""
    factor = WEIGHT_UNITS.get(unit.strip().casefold())
    if factor is None:
        if not unit.strip():
            raise ImportFormatError("a weight is given but its unit is empty", line, column)
        raise ImportFormatError(
            f"{unit!r} is not a weight unit (expected kg, kgs, lb or lbs)", line, column
        )
    return factor


def distance_factor(unit: str, line: int, column: str) -> float:
    """Metres per unit for a unit cell such as "km", "m" or "mi."."""
    factor = DISTANCE_UNITS.get(unit.strip().casefold())
    if factor is None:
        if not unit.strip():
            raise ImportFormatError("a distance is given but its unit is empty", line, column)
        raise ImportFormatError(
            f"{unit!r} is not a distance unit (expected m, km, mi, ft or yd)", line, column
        )
    return factor


#: Words for hours, minutes and seconds in the durations the apps write, folded to lower case:
#: "2h 38m", "38min", "1h 2min", "1 Std. 5 Min.", "1小时13分钟", "1時間5分", "1시간 5분", "55s".
DURATION_UNITS: dict[str, float] = {
    **dict.fromkeys(
        ("h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "heure", "heures",
         "hora", "horas", "ora", "ore", "uur", "u", "t", "tim", "timer", "godz", "ч", "час",
         "часа", "часов", "saat", "sa", "小时", "小時", "时", "時", "時間", "시간"),
        3600.0,
    ),
    **dict.fromkeys(
        ("m", "min", "mins", "minute", "minutes", "minuten", "minuto", "minutos", "minuti",
         "minuut", "minuter", "dk", "мин", "分", "分钟", "分鐘", "분"),
        60.0,
    ),
    **dict.fromkeys(
        ("s", "sec", "secs", "second", "seconds", "sek", "sekunde", "sekunden", "seg",
         "segundo", "segundos", "seconde", "secondes", "secondi", "sn", "с", "сек", "秒",
         "초"),
        1.0,
    ),
}  # fmt: skip
_DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\d\s.,]*)\.?")


def duration_minutes(text: str, line: int, column: str) -> int | None:
    """A workout's length as whole minutes (seconds rounded): Strong's "2h 38m", "45m",
    "264h 1m", "55s", and the same in the phone's language ("38min", "1h 2min",
    "1小时13分钟"); also "1:13:00". Empty gives None."""
    clean = text.strip()
    if not clean:
        return None
    if ":" in clean:
        total_seconds = clock_seconds(clean, line, column)
        return None if total_seconds is None else round(total_seconds / 60)
    total = 0.0
    position = 0
    for part in _DURATION_PART.finditer(clean):
        gap = clean[position : part.start()].strip(" ,")
        scale = DURATION_UNITS.get(part.group(2).casefold())
        if gap or scale is None:
            break
        total += float(part.group(1).replace(",", ".")) * scale
        position = part.end()
    else:
        if position and not clean[position:].strip(" ,."):
            return round(total / 60)
    raise ImportFormatError(
        f"{text!r} is not a duration (expected like '2h 38m' or '45m')", line, column
    )


def clock_seconds(text: str, line: int, column: str) -> int | None:
    """FitNotes' "1:59:30" / "5:00" or a plain number of seconds; empty or 0 give None."""
    if not text:
        return None
    if ":" not in text:
        return seconds(text, line, column)
    parts = text.strip().split(":")
    if len(parts) > 3 or not all(part.isdecimal() for part in parts):
        raise ImportFormatError(
            f"{text!r} is not a time (expected like '1:59:30' or '5:00')", line, column
        )
    total = 0
    for part in parts:
        total = total * 60 + int(part)
    return total or None


class Memo(Generic[T]):
    """A cell reader that remembers its results: exports repeat the same few weights, reps and
    dates on thousands of rows, so each distinct text is read once. Errors are not stored."""

    __slots__ = ("_read", "_seen")

    def __init__(self, read: Callable[[str, int], T]) -> None:
        self._read = read
        self._seen: dict[str, T] = {}

    def __call__(self, text: str, line: int) -> T:
        seen = self._seen
        if text in seen:
            return seen[text]
        value = seen[text] = self._read(text, line)
        return value
