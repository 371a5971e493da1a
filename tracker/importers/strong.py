"""Strong (iOS/Android) CSV exports, header variants S1-S5.

One workout is one (Date, Workout Name) pair; Date is the workout's start, repeated on every
row. "Set Order" is the set number, or a letter for special sets (W warm-up, D drop set,
F failure), or "Rest Timer" for pseudo-rows that only hold a rest time: those are skipped and
counted in ``skipped_rows``.

Units: S1 names them in the header ("Weight (kg)", "Distance (meters)"), S3/S4 give them per
row ("Weight Unit" kg/lbs, "Distance Unit" km/mi./m), S2/S5 give none: the caller passes the
weight unit, and distances are then taken as km for kg and miles for lb (an assumption: the
file cannot tell), with a warning when the file holds any distance.

Durations: S1 "Duration (sec)" in seconds; S5 "Duration" and S4 "Workout Duration" written like
"2h 38m" (a plain number there is read as seconds).
"""

from __future__ import annotations

from datetime import datetime

from tracker.importers import fields
from tracker.importers.assembly import WorkoutDraft, finish, source_key, unit_summary
from tracker.importers.csvfile import ProgressCallback, Table
from tracker.importers.fields import Memo
from tracker.importers.records import ImportFormatError, ParsedImport, SetKind

SOURCE = "strong"
_LETTER_KINDS: dict[str, SetKind] = {"w": "warmup", "d": "drop", "f": "failure"}
_LONG_WORKOUT_MINUTES = 24 * 60


def parse(
    table: Table, variant: str, unit: str | None, progress: ProgressCallback | None = None
) -> ParsedImport:
    """Parse a Strong export whose header ``table`` has already read."""
    layout = _Layout(table, variant, unit)
    drafts: dict[tuple[str, str], WorkoutDraft] = {}
    skipped = 0
    kg_rows = lb_rows = weighted_rows = distance_rows = 0
    long_workouts: list[tuple[int, str]] = []

    i_date, i_name = layout.i_date, layout.i_name
    i_exercise, i_order = layout.i_exercise, layout.i_order
    i_weight, i_weight_unit = layout.i_weight, layout.i_weight_unit
    i_distance, i_distance_unit = layout.i_distance, layout.i_distance_unit
    i_reps, i_seconds = layout.i_reps, layout.i_seconds
    i_rpe, i_notes, i_workout_notes = layout.i_rpe, layout.i_notes, layout.i_workout_notes
    weight_column, distance_column = layout.weight_column, layout.distance_column
    weight_factor, distance_factor = layout.weight_factor, layout.distance_factor
    comma = table.delimiter == ";"  # semicolon files may write decimal commas

    weight_of = Memo(
        lambda text, line: fields.weight_kg(
            text, weight_factor, line, weight_column, decimal_comma=comma
        )
    )
    amount_of = Memo(
        lambda text, line: fields.non_negative(text, line, weight_column, decimal_comma=comma)
    )
    weight_unit_of = Memo(lambda text, line: fields.weight_factor(text, line, "Weight Unit"))
    distance_of = Memo(
        lambda text, line: fields.non_negative(text, line, distance_column, decimal_comma=comma)
    )
    distance_unit_of = Memo(lambda text, line: fields.distance_factor(text, line, "Distance Unit"))
    reps_of = Memo(lambda text, line: fields.reps(text, line, "Reps"))
    seconds_of = Memo(lambda text, line: fields.seconds(text, line, "Seconds", decimal_comma=comma))
    rpe_of = Memo(lambda text, line: fields.rpe(text, line, "RPE", decimal_comma=comma))

    for line, row in table.rows(progress=progress):
        order = row[i_order]
        kind: SetKind
        if order.isdecimal():
            kind = "normal"
        else:
            special = _special_kind(order, line)
            if special is None:
                skipped += 1
                continue
            kind = special

        key = (row[i_date], row[i_name])
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = layout.new_draft(row, line)
            minutes = draft.duration_minutes
            if minutes is not None and minutes > _LONG_WORKOUT_MINUTES:
                long_workouts.append((minutes, draft.started_at.date().isoformat()))
        elif i_workout_notes is not None and not draft.notes and row[i_workout_notes]:
            draft.notes = row[i_workout_notes].strip()

        exercise = row[i_exercise].strip()
        if not exercise:
            raise ImportFormatError("the exercise name is empty", line, "Exercise Name")

        if i_weight_unit is None:
            weight = weight_of(row[i_weight], line)
            if weight is not None:
                weighted_rows += 1
        else:
            text = row[i_weight]
            value = amount_of(text, line)
            weight = None
            if value is not None:
                factor = weight_unit_of(row[i_weight_unit], line)
                weight = fields.kilograms(value, factor, text, line, weight_column)
                if factor == 1.0:
                    kg_rows += 1
                else:
                    lb_rows += 1

        distance = distance_of(row[i_distance], line)
        if distance is not None:
            distance_rows += 1
            if i_distance_unit is None:
                distance *= distance_factor
            else:
                distance *= distance_unit_of(row[i_distance_unit], line)

        draft.add(
            exercise,
            reps=reps_of(row[i_reps], line),
            weight_kg=weight,
            rpe=None if i_rpe is None else rpe_of(row[i_rpe], line),
            kind=kind,
            distance_m=distance,
            seconds=seconds_of(row[i_seconds], line),
            notes="" if i_notes is None else row[i_notes].strip(),
            row=line,
        )

    warnings: list[str] = []
    if layout.assumed_distance_unit and distance_rows:
        warnings.append(
            f"{distance_rows} rows have a distance but this Strong layout names no distance "
            f"unit; read as {layout.assumed_distance_unit} because the weight unit is "
            f"{layout.unit}"
        )
    if kg_rows and lb_rows:
        warnings.append(
            f"weights are in kg on {kg_rows} rows and in lb on {lb_rows} rows; all were "
            "converted to kg"
        )
    if long_workouts:
        longest, day = max(long_workouts)
        warnings.append(
            f"{len(long_workouts)} workouts last more than 24 hours (the longest, on {day}, "
            f"{longest // 60}h {longest % 60}m): the workout timer was probably left running; "
            "the durations were kept as written"
        )
    if i_weight_unit is None:
        file_unit = layout.unit if weighted_rows else None
    else:
        file_unit = unit_summary(kg_rows, lb_rows)
    return finish(
        SOURCE,
        variant,
        file_unit,
        list(drafts.values()),
        skipped_rows=skipped,
        warnings=warnings,
    )


def _special_kind(order: str, line: int) -> SetKind | None:
    """The kind of a non-numeric Set Order; None for a Rest Timer row."""
    text = order.strip()
    if text.isdecimal():
        return "normal"
    if text.casefold() == "rest timer":
        return None
    kind = _LETTER_KINDS.get(text[:1].casefold())
    if kind is not None and (len(text) == 1 or text[1:].isdecimal()):
        return kind
    raise ImportFormatError(
        f"{order!r} is not a set number, W (warm-up), D (drop set), F (failure) or Rest Timer",
        line,
        "Set Order",
    )


def _date(text: str, line: int) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ImportFormatError(
            f"{text!r} is not a date and time (expected like '2020-12-30 18:51:52')", line, "Date"
        ) from None
    return value.replace(tzinfo=None)


class _Layout:
    """Column positions and units of one Strong variant."""

    def __init__(self, table: Table, variant: str, unit: str | None) -> None:
        index = table.index

        def optional(name: str) -> int | None:
            return index(name) if table.has(name) else None

        self.variant = variant
        self.i_date = index("Date")
        self.i_name = index("Workout Name")
        self.i_exercise = index("Exercise Name")
        self.i_order = index("Set Order")
        self.i_reps = index("Reps")
        self.i_seconds = index("Seconds")
        self.i_rpe = optional("RPE")
        self.i_notes = optional("Notes")
        self.i_workout_notes = optional("Workout Notes")
        self.i_weight_unit: int | None = None
        self.i_distance_unit: int | None = None
        self.weight_factor = 1.0
        self.distance_factor = 1.0
        self.assumed_distance_unit: str | None = None
        self.i_duration: int | None = None
        self.duration_in_seconds = False
        self.unit: str | None = unit

        if variant == "S1":
            self.weight_column = next(
                name for name in table.header if name.casefold().startswith("weight (")
            )
            self.weight_factor = fields.weight_factor(
                self.weight_column.split("(", 1)[1].rstrip(")"), 1, self.weight_column
            )
            self.unit = "kg" if self.weight_factor == 1.0 else "lb"
            self.distance_column = next(
                name for name in table.header if name.casefold().startswith("distance (")
            )
            self.distance_factor = fields.distance_factor(
                self.distance_column.split("(", 1)[1].rstrip(")"), 1, self.distance_column
            )
            self.i_duration = index("Duration (sec)")
            self.duration_in_seconds = True
        else:
            self.weight_column = table.header[index("Weight")]
            self.distance_column = table.header[index("Distance")]
            if variant in ("S3", "S4"):
                self.i_weight_unit = index("Weight Unit")
                self.i_distance_unit = index("Distance Unit")
                self.unit = None
                if variant == "S4":
                    self.i_duration = index("Workout Duration")
            else:  # S2, S5: no unit in the file
                if unit is None:
                    raise ImportFormatError(
                        f"this Strong export ({variant} layout) does not say whether weights "
                        "are in kg or lb: choose the unit your Strong app was set to"
                    )
                self.unit = unit
                self.weight_factor = fields.WEIGHT_UNITS[unit]
                if unit == "kg":
                    self.distance_factor, self.assumed_distance_unit = fields.M_PER_KM, "km"
                else:
                    self.distance_factor, self.assumed_distance_unit = fields.M_PER_MILE, "miles"
                if variant == "S5":
                    self.i_duration = index("Duration")
        self.i_weight = index(self.weight_column)
        self.i_distance = index(self.distance_column)
        self.duration_column = None if self.i_duration is None else table.header[self.i_duration]

    def new_draft(self, row: list[str], line: int) -> WorkoutDraft:
        started_at = _date(row[self.i_date], line)
        title = row[self.i_name].strip()
        return WorkoutDraft(
            source_key(SOURCE, started_at, title),
            started_at,
            title,
            duration_minutes=self._duration(row, line),
            notes="" if self.i_workout_notes is None else row[self.i_workout_notes].strip(),
        )

    def _duration(self, row: list[str], line: int) -> int | None:
        if self.i_duration is None or self.duration_column is None:
            return None
        text = row[self.i_duration].strip()
        if self.duration_in_seconds or text.replace(".", "", 1).isdecimal():
            total = fields.seconds(text, line, self.duration_column)
            return None if total is None else round(total / 60)
        return fields.duration_minutes(text, line, self.duration_column)
