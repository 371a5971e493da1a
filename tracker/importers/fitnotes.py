"""FitNotes (Android) CSV exports, old header ("Weight (lbs)" / "Weight (kgs)") and new header
("Weight" + "Weight Unit" kgs/lbs, optionally "Comment").

FitNotes writes dates without times, so one day is one workout. Its ``started_at`` is that day
at 12:00 (``START_TIME``): noon, not midnight, so that the calendar day survives if anything
later shifts the time by a time-zone offset (up to 12 hours either way); the app should not
show that time as if it had been recorded. The title lists the day's categories in order of
first appearance ("Chest, Back"), and ``source_key`` is "fitnotes|<date>" alone, so that a
re-export with more sets on the same day still matches. "Comment" becomes the set's notes;
"Time" is "H:MM:SS", "M:SS" or seconds.

FitNotes does not quote exercise names, so a name with a comma shifts the row's columns
("Overhead Press (Each Side, Dumbbells)"). Such a row has more fields than the header; it is
repaired by joining the extra fields back into the exercise name, provided the columns that
follow then hold what they should (numbers, units, a time), or else into the trailing Comment.
A warning says how many rows were repaired.
"""

from __future__ import annotations

from datetime import date, datetime, time

from tracker.importers import fields
from tracker.importers.assembly import WorkoutDraft, finish, plural, unit_summary
from tracker.importers.csvfile import ProgressCallback, Table
from tracker.importers.dates import DateColumn, DateOrder
from tracker.importers.dates import read as read_date
from tracker.importers.fields import Memo
from tracker.importers.records import ImportFormatError, ParsedImport

SOURCE = "fitnotes"
START_TIME = time(12, 0)


class _Layout:
    def __init__(self, table: Table, variant: str) -> None:
        index = table.index
        self.width = len(table.header)
        self.i_date = index("Date")
        self.i_exercise = index("Exercise")
        self.i_category = index("Category")
        self.i_reps = index("Reps")
        self.i_distance = index("Distance")
        self.i_distance_unit = index("Distance Unit")
        self.i_time = index("Time")
        self.i_comment = index("Comment") if table.has("Comment") else None
        self.i_weight_unit: int | None = None
        if variant == "new":
            self.weight_column = "Weight"
            self.i_weight_unit = index("Weight Unit")
            self.weight_factor = 1.0
        else:
            self.weight_column = next(
                name for name in table.header if name.casefold().startswith("weight (")
            )
            self.weight_factor = fields.weight_factor(
                self.weight_column.split("(", 1)[1].rstrip(")"), 1, self.weight_column
            )
        self.i_weight = index(self.weight_column)
        # Repairs: the exercise name takes the extra fields; the comment can if it is last.
        self.comment_last = self.i_comment == self.width - 1

    def plausible(self, row: list[str], line: int) -> bool:
        """Whether the numeric and unit columns of a repaired row read cleanly."""
        try:
            fields.number(row[self.i_weight], line, self.weight_column)
            if self.i_weight_unit is not None:
                unit = row[self.i_weight_unit]
                if unit.strip():
                    fields.weight_factor(unit, line, "Weight Unit")
            fields.reps(row[self.i_reps], line, "Reps")
            fields.number(row[self.i_distance], line, "Distance")
            if row[self.i_distance_unit].strip():
                fields.distance_factor(row[self.i_distance_unit], line, "Distance Unit")
            fields.clock_seconds(row[self.i_time], line, "Time")
            if read_date(row[self.i_date]) is None:
                return False
        except (ImportFormatError, ValueError):
            return False
        return True

    def repair(self, row: list[str], line: int) -> list[str]:
        """The row with its unquoted commas put back, or an error naming the line."""
        extra = len(row) - self.width
        first = self.i_exercise
        joined = [*row[:first], ",".join(row[first : first + extra + 1]), *row[first + extra + 1 :]]
        if self.plausible(joined, line):
            return joined
        if self.comment_last:
            last = self.width - 1
            joined = [*row[:last], ",".join(row[last:])]
            if self.plausible(joined, line):
                return joined
        raise ImportFormatError(
            f"the row has {len(row)} columns but the header has {self.width}, and joining the "
            "extra ones back into the exercise name does not give a readable row",
            line,
        )


def parse(
    table: Table,
    variant: str,
    unit: str | None,
    progress: ProgressCallback | None = None,
    *,
    date_order: DateOrder | None = None,
    latest: date | None = None,
) -> ParsedImport:
    """Parse a FitNotes workout export whose header ``table`` has already read."""
    del unit  # the header or each row names the unit
    layout = _Layout(table, variant)
    width = layout.width
    i_date, i_exercise, i_category = layout.i_date, layout.i_exercise, layout.i_category
    i_weight, i_weight_unit, i_reps = layout.i_weight, layout.i_weight_unit, layout.i_reps
    i_distance, i_distance_unit, i_time = (
        layout.i_distance,
        layout.i_distance_unit,
        layout.i_time,
    )
    i_comment, weight_column = layout.i_comment, layout.weight_column

    comma = table.delimiter == ";"  # a file re-saved with semicolons may use decimal commas
    weight_of = Memo(
        lambda text, line: fields.weight_kg(
            text, layout.weight_factor, line, weight_column, decimal_comma=comma
        )
    )
    amount_of = Memo(
        lambda text, line: fields.non_negative(text, line, weight_column, decimal_comma=comma)
    )
    weight_unit_of = Memo(lambda text, line: fields.weight_factor(text, line, "Weight Unit"))
    distance_of = Memo(
        lambda text, line: fields.non_negative(text, line, "Distance", decimal_comma=comma)
    )
    distance_unit_of = Memo(lambda text, line: fields.distance_factor(text, line, "Distance Unit"))
    reps_of = Memo(lambda text, line: fields.reps(text, line, "Reps"))
    time_of = Memo(lambda text, line: fields.clock_seconds(text.strip(), line, "Time"))

    starts = DateColumn("Date", date_only=True)
    days: dict[str, WorkoutDraft] = {}
    categories: dict[str, list[str]] = {}
    repaired: dict[str, int] = {}
    kg_rows = lb_rows = 0
    for line, raw in table.rows(allow_extra=True, progress=progress):
        row = raw
        if len(raw) > width:
            row = layout.repair(raw, line)
            name = row[i_exercise].strip()
            repaired[name] = repaired.get(name, 0) + 1

        day = row[i_date]
        draft = days.get(day)
        if draft is None:
            starts.add(day, line)
            draft = days[day] = WorkoutDraft(day, "", line)
            categories[day] = []
        category = row[i_category].strip()
        if category and category not in categories[day]:
            categories[day].append(category)

        exercise = row[i_exercise].strip()
        if not exercise:
            raise ImportFormatError("the exercise name is empty", line, "Exercise")

        text = row[i_weight]
        factor = layout.weight_factor
        if i_weight_unit is None:
            weight = weight_of(text, line)
        else:
            value = amount_of(text, line)
            weight = None
            if value is not None:
                factor = weight_unit_of(row[i_weight_unit], line)
                weight = fields.kilograms(value, factor, text, line, weight_column)
        if weight is not None:
            if factor == 1.0:
                kg_rows += 1
            else:
                lb_rows += 1

        distance = distance_of(row[i_distance], line)
        if distance is not None:
            distance *= distance_unit_of(row[i_distance_unit], line)

        draft.add(
            exercise,
            reps=reps_of(row[i_reps], line),
            weight_kg=weight,
            rpe=None,
            kind="normal",
            distance_m=distance,
            seconds=time_of(row[i_time], line),
            notes="" if i_comment is None else row[i_comment].strip(),
            row=line,
        )

    for day, draft in days.items():
        draft.title = ", ".join(categories[day]) or "Workout"

    warnings = []
    if repaired:
        names = ", ".join(repr(name) for name in list(repaired)[:3])
        more = f" and {len(repaired) - 3} more" if len(repaired) > 3 else ""
        warnings.append(
            f"{sum(repaired.values())} rows had unquoted commas in the exercise name; they were "
            f"joined back into {names}{more}"
        )
    if kg_rows and lb_rows:
        warnings.append(
            f"weights are in kg on {plural(kg_rows, 'row')} and in lb on "
            f"{plural(lb_rows, 'row')}; all were converted to kg"
        )
    # One day, one workout at noon (see above); two spellings of a day become one workout.
    start_of = {
        text: datetime.combine(value.date(), START_TIME)
        for text, value in starts.resolve(date_order).items()
    }
    return finish(
        SOURCE,
        variant,
        unit_summary(kg_rows, lb_rows),
        list(days.values()),
        start_of,
        column="Date",
        latest=latest,
        key=lambda started_at, _title: f"{SOURCE}|{started_at.date().isoformat()}",
        warnings=warnings,
    )
