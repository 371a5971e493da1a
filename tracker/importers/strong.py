"""Strong (iOS/Android) CSV exports, header layouts S0-S5, in any language.

One workout is one (Date, Workout Name) pair; Date is the workout's start, repeated on every
row. "Set Order" is the set number (from 0 in the 2015 layout, from 1 later), or a letter for
special sets (W warm-up, D drop set, F failure), or "Rest Timer" for pseudo-rows that only hold a
rest time: those are skipped and counted in ``skipped_rows``. A set order Regain does not know
(a localised letter, say) is read as a normal set when the row holds a set, and skipped
otherwise; a warning counts both.

Units: S0 names them by its column names ("kg", "km"), S1 in the header ("Weight (kg)",
"Distance (meters)"), S3/S4 per row ("Weight Unit" kg/lbs, "Distance Unit" km/mi./m), S2/S5 not at
all: the caller passes the weight unit, and distances are then taken as km for kg and miles for
lb (an assumption: the file cannot tell), with a warning when the file holds any distance.

Durations: S1 "Duration (sec)" in seconds; S5 "Duration" and S4 "Workout Duration" written like
"2h 38m", "38min" or "1小时13分钟" (a plain number there is read as seconds). A duration that
cannot be read is left empty, with a warning: it is not worth refusing a history for.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from tracker.importers import fields
from tracker.importers.assembly import WorkoutDraft, finish, plural, unit_summary
from tracker.importers.csvfile import ProgressCallback, Table
from tracker.importers.dates import DateColumn, DateOrder
from tracker.importers.fields import Memo
from tracker.importers.formats import DISTANCE_UNIT_COLUMNS, WEIGHT_UNIT_COLUMNS
from tracker.importers.records import ImportFormatError, ParsedImport, SetKind

SOURCE = "strong"
_LETTER_KINDS: dict[str, SetKind] = {"w": "warmup", "d": "drop", "f": "failure"}
_LONG_WORKOUT_MINUTES = 24 * 60


def parse(
    table: Table,
    variant: str,
    unit: str | None,
    progress: ProgressCallback | None = None,
    *,
    date_order: DateOrder | None = None,
    latest: date | None = None,
) -> ParsedImport:
    """Parse a Strong export whose header ``table`` has already read."""
    layout = _Layout(table, variant, unit)
    drafts: dict[tuple[str, str], WorkoutDraft] = {}
    starts = DateColumn(table.label("Date"))
    skipped = 0
    unknown_orders: dict[str, int] = {}
    kg_rows = lb_rows = weighted_rows = distance_rows = 0
    bad_durations: list[str] = []

    i_date, i_name = layout.i_date, layout.i_name
    i_exercise, i_order = layout.i_exercise, layout.i_order
    i_weight, i_weight_unit = layout.i_weight, layout.i_weight_unit
    i_distance, i_distance_unit = layout.i_distance, layout.i_distance_unit
    i_reps, i_seconds = layout.i_reps, layout.i_seconds
    i_rpe, i_notes, i_workout_notes = layout.i_rpe, layout.i_notes, layout.i_workout_notes
    weight_column, distance_column = layout.weight_column, layout.distance_column
    weight_factor, distance_factor = layout.weight_factor, layout.distance_factor
    reps_column, seconds_column = table.label("Reps"), table.label("Seconds")
    comma = table.delimiter == ";"  # semicolon files may write decimal commas

    weight_of = Memo(
        lambda text, line: fields.weight_kg(
            text, weight_factor, line, weight_column, decimal_comma=comma
        )
    )
    amount_of = Memo(
        lambda text, line: fields.non_negative(text, line, weight_column, decimal_comma=comma)
    )
    weight_unit_column = table.label("Weight Unit")
    weight_unit_of = Memo(lambda text, line: fields.weight_factor(text, line, weight_unit_column))
    distance_of = Memo(
        lambda text, line: fields.non_negative(text, line, distance_column, decimal_comma=comma)
    )
    distance_unit_column = table.label("Distance Unit")
    distance_unit_of = Memo(
        lambda text, line: fields.distance_factor(text, line, distance_unit_column)
    )
    reps_of = Memo(lambda text, line: fields.reps(text, line, reps_column))
    seconds_of = Memo(
        lambda text, line: fields.seconds(text, line, seconds_column, decimal_comma=comma)
    )
    rpe_column = table.label("RPE")
    rpe_of = Memo(lambda text, line: fields.rpe(text, line, rpe_column, decimal_comma=comma))
    order_column = table.label("Set Order")

    for line, row in table.rows(progress=progress):
        order = row[i_order]
        kind: SetKind
        if order.isdecimal():
            kind = "normal"
        else:
            special = _special_kind(order, line, order_column)
            if special is None:
                skipped += 1
                continue
            if special == "unknown":
                text = order.strip()
                unknown_orders[text] = unknown_orders.get(text, 0) + 1
                if not _holds_a_set(row, layout):
                    skipped += 1
                    continue
                kind = "normal"
            else:
                kind = special

        when = row[i_date]
        key = (when, row[i_name])
        draft = drafts.get(key)
        if draft is None:
            starts.add(when, line)
            draft = drafts[key] = layout.new_draft(row, line, bad_durations)
        elif i_workout_notes is not None and not draft.notes and row[i_workout_notes]:
            draft.notes = row[i_workout_notes].strip()

        exercise = row[i_exercise].strip()
        if not exercise:
            raise ImportFormatError(
                "the exercise name is empty", line, table.label("Exercise Name")
            )

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

        distance = None if i_distance is None else distance_of(row[i_distance], line)
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
            seconds=None if i_seconds is None else seconds_of(row[i_seconds], line),
            notes="" if i_notes is None else row[i_notes].strip(),
            row=line,
        )

    when_of = starts.resolve(date_order)
    warnings: list[str] = []
    if layout.assumed_distance_unit and distance_rows:
        warnings.append(
            f"{distance_rows} rows have a distance but this Strong layout names no distance "
            f"unit; read as {layout.assumed_distance_unit} because the weight unit is "
            f"{layout.unit}"
        )
    if kg_rows and lb_rows:
        warnings.append(
            f"weights are in kg on {plural(kg_rows, 'row')} and in lb on "
            f"{plural(lb_rows, 'row')}; all were converted to kg"
        )
    long_workouts = [
        (draft.duration_minutes, when_of[draft.when].date().isoformat())
        for draft in drafts.values()
        if draft.sets and (draft.duration_minutes or 0) > _LONG_WORKOUT_MINUTES
    ]
    if long_workouts:
        longest, day = max(long_workouts)
        assert longest is not None
        warnings.append(
            f"{len(long_workouts)} workouts last more than 24 hours (the longest, on {day}, "
            f"{longest // 60}h {longest % 60}m): the workout timer was probably left running; "
            "the durations were kept as written"
        )
    if bad_durations:
        warnings.append(
            f"{len(bad_durations)} workouts have a duration Regain cannot read (like "
            f"{bad_durations[0]!r}); their duration was left empty"
        )
    if unknown_orders:
        shown = ", ".join(repr(text) for text in list(unknown_orders)[:3])
        warnings.append(
            f"{sum(unknown_orders.values())} rows have a set order Regain does not know "
            f"({shown}); those holding weights, reps, a distance or a time were read as normal "
            "sets, the others left out"
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
        when_of,
        column=starts.column,
        latest=latest,
        skipped_rows=skipped,
        warnings=warnings,
    )


def _special_kind(order: str, line: int, column: str) -> SetKind | Literal["unknown"] | None:
    """The kind of a non-numeric Set Order; None for a Rest Timer row, "unknown" for a text
    Regain does not know."""
    text = order.strip()
    if text.isdecimal():
        return "normal"
    if text.casefold() == "rest timer":
        return None
    if not text:
        raise ImportFormatError("the set order is empty", line, column)
    kind = _LETTER_KINDS.get(text[:1].casefold())
    if kind is not None and (len(text) == 1 or text[1:].isdecimal()):
        return kind
    return "unknown"


def _holds_a_set(row: list[str], layout: _Layout) -> bool:
    """Whether a row of unknown set order records anything: weight, reps, distance, time."""
    for at in (layout.i_weight, layout.i_reps, layout.i_distance, layout.i_seconds):
        if at is None:
            continue
        cell = row[at].strip()
        if cell and cell.strip("0.,") != "":
            return True
    return False


class _Layout:
    """Column positions and units of one Strong file, found by the columns it has."""

    def __init__(self, table: Table, variant: str, unit: str | None) -> None:
        index = table.index

        def optional(name: str) -> int | None:
            return index(name) if table.has(name) else None

        def named(prefix: str, choices: tuple[str, ...]) -> str | None:
            return next(
                (
                    name
                    for name in table.header
                    if name.casefold().startswith(f"{prefix} (") or name.casefold() in choices
                ),
                None,
            )

        self.label = table.label
        self.variant = variant
        self.i_date = index("Date")
        self.i_name = index("Workout Name")
        self.i_exercise = index("Exercise Name")
        self.i_order = index("Set Order")
        self.i_reps = index("Reps")
        self.i_seconds = optional("Seconds")
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

        header_weight = named("weight", WEIGHT_UNIT_COLUMNS)
        header_distance = named("distance", DISTANCE_UNIT_COLUMNS)
        if variant in ("S0", "S1"):  # units in the header
            assert header_weight is not None
            self.weight_column = header_weight
            self.weight_factor = fields.weight_factor(
                _unit_of(header_weight), 1, table.label(header_weight)
            )
            self.unit = "kg" if self.weight_factor == 1.0 else "lb"
            self.distance_column = header_distance or "Distance"
            if header_distance is not None:
                self.distance_factor = fields.distance_factor(
                    _unit_of(header_distance), 1, table.label(header_distance)
                )
            if table.has("Duration (sec)"):
                self.i_duration = index("Duration (sec)")
                self.duration_in_seconds = True
        else:
            self.weight_column = table.header[index("Weight")]
            self.distance_column = "Distance"
            if variant in ("S3", "S4"):
                self.i_weight_unit = index("Weight Unit")
                self.i_distance_unit = optional("Distance Unit")
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
        self.i_distance = optional(self.distance_column)
        self.weight_column = table.label(self.weight_column)
        self.distance_column = table.label(self.distance_column)
        self.duration_column = (
            None if self.i_duration is None else table.label(table.header[self.i_duration])
        )

    def new_draft(self, row: list[str], line: int, bad_durations: list[str]) -> WorkoutDraft:
        return WorkoutDraft(
            row[self.i_date],
            row[self.i_name].strip(),
            line,
            duration_minutes=self._duration(row, line, bad_durations),
            notes="" if self.i_workout_notes is None else row[self.i_workout_notes].strip(),
        )

    def _duration(self, row: list[str], line: int, bad: list[str]) -> int | None:
        if self.i_duration is None or self.duration_column is None:
            return None
        text = row[self.i_duration].strip()
        try:
            if self.duration_in_seconds or text.replace(".", "", 1).isdecimal():
                total = fields.seconds(text, line, self.duration_column)
                return None if total is None else round(total / 60)
            return fields.duration_minutes(text, line, self.duration_column)
        except ImportFormatError:
            bad.append(text)
            return None


def _unit_of(column: str) -> str:
    """The unit a column name gives: "Weight (kg)" -> "kg", "lbs" -> "lbs"."""
    if "(" in column:
        return column.split("(", 1)[1].rstrip(")")
    return column
