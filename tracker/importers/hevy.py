"""Hevy CSV exports, metric (weight_kg, distance_km) and imperial (weight_lbs, distance_miles).

One workout is one (start_time, title) pair. Dates follow the phone's locale: "7 Apr 2024, 16:34",
"Jul 28, 2026, 6:49 PM" (also with the narrow no-break space newer phones put before PM),
"5 Mai 2026, 07:34", "2024-04-07 16:34:00": ``tracker.importers.dates`` reads them.
The file lists the newest workout first; the result is sorted oldest first. ``set_type`` normal,
warmup, failure and dropset map to the neutral kinds. ``exercise_notes`` go on each set,
``description`` on the workout, both as written (they may span lines). The duration is
end_time - start_time. For assisted exercises the weight is the assistance, kept as given.
``superset_id`` and ``set_index`` are not kept: positions are counted in file order, like every
other source.
"""

from __future__ import annotations

from datetime import date

from tracker.importers import fields
from tracker.importers.assembly import WorkoutDraft, finish
from tracker.importers.csvfile import ProgressCallback, Table
from tracker.importers.dates import DateColumn, DateOrder
from tracker.importers.fields import Memo
from tracker.importers.records import ImportFormatError, ParsedImport, SetKind

SOURCE = "hevy"

_KINDS: dict[str, SetKind] = {
    "normal": "normal",
    "warmup": "warmup",
    "failure": "failure",
    "dropset": "drop",
}


def parse(
    table: Table,
    variant: str,
    unit: str | None,
    progress: ProgressCallback | None = None,
    *,
    date_order: DateOrder | None = None,
    latest: date | None = None,
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

    starts = DateColumn("start_time")
    ends = DateColumn("end_time")

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
            starts.add(row[i_start], line)
            end = row[i_end].strip()
            if end:
                ends.add(row[i_end], line)
            draft = drafts[key] = WorkoutDraft(
                row[i_start],
                row[i_title].strip(),
                line,
                notes="" if i_description is None else row[i_description].strip(),
                ends=row[i_end] if end else "",
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

    start_of = starts.resolve(date_order)
    end_of = ends.resolve(starts.order or date_order)
    for draft in drafts.values():
        if draft.ends:
            minutes = round((end_of[draft.ends] - start_of[draft.when]).total_seconds() / 60)
            if minutes >= 0:
                draft.duration_minutes = minutes
            else:
                backwards += 1
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
        start_of,
        column="start_time",
        latest=latest,
        warnings=warnings,
    )
