"""Hevy CSV exports, metric (weight_kg, distance_km) and imperial (weight_lbs, distance_miles).

One workout is one (start_time, title) pair. Dates follow the phone's locale: "7 Apr 2024, 16:34",
"Jul 28, 2026, 6:49 PM" (also with the narrow no-break space newer phones put before PM) and
"2024-04-07 16:34:00" are read; month names are English, as in every export seen so far.
The file lists the newest workout first; the result is sorted oldest first. ``set_type`` normal,
warmup, failure and dropset map to the neutral kinds. ``exercise_notes`` go on each set,
``description`` on the workout, both as written (they may span lines). The duration is
end_time - start_time. For assisted exercises the weight is the assistance, kept as given.
``superset_id`` and ``set_index`` are not kept: positions are counted in file order, like every
other source.
"""

from __future__ import annotations

import re
from datetime import datetime

from tracker.importers import fields
from tracker.importers.assembly import WorkoutDraft, finish, source_key
from tracker.importers.csvfile import ProgressCallback, Table
from tracker.importers.fields import Memo
from tracker.importers.records import ImportFormatError, ParsedImport, SetKind

SOURCE = "hevy"

_KINDS: dict[str, SetKind] = {
    "normal": "normal",
    "warmup": "warmup",
    "failure": "failure",
    "dropset": "drop",
}

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([ap])\.? ?m\.?)?"
# "7 Apr 2024, 16:34"
_DAY_FIRST = re.compile(r"(\d{1,2})\.? ([a-z]+)\.? (\d{4}),? " + _CLOCK, re.IGNORECASE)
# "Jul 28, 2026, 6:49 PM"
_MONTH_FIRST = re.compile(r"([a-z]+)\.? (\d{1,2}),? (\d{4}),? " + _CLOCK, re.IGNORECASE)
_DATE_EXAMPLES = "'7 Apr 2024, 16:34', 'Jul 28, 2026, 6:49 PM' or '2024-04-07 16:34:00'"


def parse_datetime(text: str, line: int, column: str) -> datetime:
    """A Hevy start_time/end_time in any of the locales above, as naive local time."""
    clean = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    if clean[:4].isdecimal():
        try:
            return datetime.fromisoformat(clean).replace(tzinfo=None)
        except ValueError:
            pass
    else:
        match = _DAY_FIRST.fullmatch(clean)
        if match is not None:
            day, month, year = match.group(1), match.group(2), match.group(3)
        else:
            match = _MONTH_FIRST.fullmatch(clean)
            if match is not None:
                month, day, year = match.group(1), match.group(2), match.group(3)
        if match is not None:
            result = _build(day, month, year, *match.group(4, 5, 6, 7))
            if result is not None:
                return result
    raise ImportFormatError(
        f"{text!r} is not a date and time (expected like {_DATE_EXAMPLES})", line, column
    )


def _build(
    day: str, month: str, year: str, hour: str, minute: str, second: str | None, half: str | None
) -> datetime | None:
    month_number = _MONTHS.get(month.casefold())
    if month_number is None:
        return None
    hours = int(hour)
    if half is not None:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half.casefold() == "p" else 0)
    try:
        return datetime(int(year), month_number, int(day), hours, int(minute), int(second or 0))
    except ValueError:
        return None


def parse(
    table: Table, variant: str, unit: str | None, progress: ProgressCallback | None = None
) -> ParsedImport:
    """Parse a Hevy export whose header ``table`` has already read (``unit`` is not used)."""
    del unit  # the header names the units
    index = table.index

    def optional(name: str) -> int | None:
        return index(name) if table.has(name) else None

    i_title, i_start, i_end = index("title"), index("start_time"), index("end_time")
    i_exercise, i_type, i_reps = index("exercise_title"), index("set_type"), index("reps")
    i_description, i_notes = optional("description"), optional("exercise_notes")
    i_seconds, i_rpe = optional("duration_seconds"), optional("rpe")
    weight_column = "weight_kg" if variant == "metric" else "weight_lbs"
    i_weight = index(weight_column)
    weight_factor = 1.0 if variant == "metric" else fields.KG_PER_LB
    distance_column = "distance_km"
    distance_factor = fields.M_PER_KM
    if not table.has(distance_column) and table.has("distance_miles"):
        distance_column, distance_factor = "distance_miles", fields.M_PER_MILE
    i_distance = optional(distance_column)

    dates: dict[str, datetime] = {}

    def when(text: str, line: int, column: str) -> datetime:
        value = dates.get(text)
        if value is None:
            value = dates[text] = parse_datetime(text, line, column)
        return value

    comma = table.delimiter == ";"  # a file re-saved with semicolons may use decimal commas
    weight_of = Memo(
        lambda text, line: fields.weight_kg(
            text, weight_factor, line, weight_column, decimal_comma=comma
        )
    )
    distance_of = Memo(
        lambda text, line: fields.non_negative(text, line, distance_column, decimal_comma=comma)
    )
    reps_of = Memo(lambda text, line: fields.reps(text, line, "reps"))
    seconds_of = Memo(
        lambda text, line: fields.seconds(text, line, "duration_seconds", decimal_comma=comma)
    )
    rpe_of = Memo(lambda text, line: fields.rpe(text, line, "rpe", decimal_comma=comma))

    drafts: dict[tuple[str, str], WorkoutDraft] = {}
    weighted_rows = 0
    backwards = 0
    for line, row in table.rows(progress=progress):
        key = (row[i_start], row[i_title])
        draft = drafts.get(key)
        if draft is None:
            started_at = when(row[i_start], line, "start_time")
            duration = None
            if row[i_end].strip():
                ended_at = when(row[i_end], line, "end_time")
                minutes = round((ended_at - started_at).total_seconds() / 60)
                if minutes >= 0:
                    duration = minutes
                else:
                    backwards += 1
            title = row[i_title].strip()
            draft = drafts[key] = WorkoutDraft(
                source_key(SOURCE, started_at, title),
                started_at,
                title,
                duration_minutes=duration,
                notes="" if i_description is None else row[i_description].strip(),
            )

        exercise = row[i_exercise].strip()
        if not exercise:
            raise ImportFormatError("the exercise name is empty", line, "exercise_title")
        kind = _KINDS.get(row[i_type].strip().casefold())
        if kind is None:
            raise ImportFormatError(
                f"{row[i_type]!r} is not a set type (expected normal, warmup, failure or dropset)",
                line,
                "set_type",
            )
        weight = weight_of(row[i_weight], line)
        if weight is not None:
            weighted_rows += 1
        distance = None if i_distance is None else distance_of(row[i_distance], line)
        if distance is not None:
            distance *= distance_factor
        draft.add(
            exercise,
            reps=reps_of(row[i_reps], line),
            weight_kg=weight,
            rpe=None if i_rpe is None else rpe_of(row[i_rpe], line),
            kind=kind,
            distance_m=distance,
            seconds=None if i_seconds is None else seconds_of(row[i_seconds], line),
            notes="" if i_notes is None else row[i_notes].strip(),
            row=line,
        )

    warnings = []
    if backwards:
        warnings.append(
            f"{backwards} workouts end before they start; their duration was left empty"
        )
    file_unit = "kg" if variant == "metric" else "lb"
    return finish(
        SOURCE,
        variant,
        file_unit if weighted_rows else None,
        list(drafts.values()),
        warnings=warnings,
    )
