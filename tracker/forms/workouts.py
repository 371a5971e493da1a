"""Forms for workouts and sets, plus the number fields they share (phone-friendly, strict).

Numbers are typed in plain text inputs with an ``inputmode`` (a numeric keyboard on phones,
no browser rounding); a decimal comma is read as a point. Weights are typed in the user's unit
and stored in kilograms (``tracker.units``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    Form,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation, ValidationError
from wtforms.widgets import HiddenInput, TextInput

from tracker.forms.fields import choices, strip
from tracker.limits import EARLIEST_DATE, latest_day
from tracker.models import SET_KINDS, Exercise, WorkoutBase, WorkoutSet, WorkoutSetBase
from tracker.sides import SET_SIDE_CHOICES, SIDES
from tracker.template_filters import SET_KIND_LABELS, DateStyle, format_amount, format_duration
from tracker.units import from_kg, to_kg

MAX_WEIGHT_KG = 1000
MAX_REPS = 1000
MAX_DISTANCE_KM = 1000
MAX_SECONDS = 24 * 3600
MAX_MINUTES = 24 * 60
EARLIEST_YEAR = EARLIEST_DATE.year

assert tuple(SET_KIND_LABELS) == SET_KINDS


# --- fields and validators ------------------------------------------------------------------


class Required:
    """Something must be typed (0 counts); stops the other checks when nothing was."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form: Form, field: Field) -> None:
        if not field.raw_data or not str(field.raw_data[0]).strip():
            raise StopValidation(self.message)


class Range:
    """``minimum <= value <= maximum`` for a value that parsed (a parse error says enough)."""

    def __init__(self, minimum: float | Decimal, maximum: float | Decimal, message: str) -> None:
        self.minimum, self.maximum, self.message = minimum, maximum, message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data is not None and not self.minimum <= field.data <= self.maximum:
            raise ValidationError(self.message)


class _TypedTextField(Field):
    """A number typed as text: the typed text is shown back as typed, empty is ``None``."""

    widget = TextInput()

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        invalid_message: str = "Enter a number.",
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else self._format(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        text = str(valuelist[0]).strip()
        self.data = None
        if text:
            self.data = self._parse(text)

    def _format(self, value: Any) -> str:
        return str(value)

    def _parse(self, text: str) -> Any:
        raise NotImplementedError


class WholeNumberField(_TypedTextField):
    """A whole number typed as text; empty is ``None``."""

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        invalid_message: str = "Enter a whole number.",
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, invalid_message, **kwargs)

    def _parse(self, text: str) -> int:
        if not re.fullmatch(r"[+-]?\d{1,9}", text):
            raise ValueError(self.invalid_message)
        return int(text)


class AmountField(_TypedTextField):
    """A decimal number typed as text (``82.5`` or ``82,5``) with at most ``places`` decimals."""

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        places: int = 2,
        invalid_message: str = "Enter a number, like 82.5.",
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, invalid_message, **kwargs)
        self.places = places

    def _format(self, value: Any) -> str:
        return format_amount(value)

    def _parse(self, text: str) -> Decimal:
        if not re.fullmatch(r"[+-]?\d{1,9}(?:[.,]\d+)?|[+-]?[.,]\d+", text):
            raise ValueError(self.invalid_message)
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the pattern rules it out
            raise ValueError(self.invalid_message) from exc
        if value == 0:
            value = Decimal(0)  # not "-0"
        exponent = value.normalize().as_tuple().exponent  # "80.00" has no decimals
        if isinstance(exponent, int) and -exponent > self.places:
            decimals = "one decimal" if self.places == 1 else f"{self.places} decimals"
            raise ValueError(f"Use at most {decimals}.")
        return value


def _typed(field: Field, valuelist: list[Any]) -> str:
    """The text a date or time field was sent ("" when empty or absent); clears its data."""
    if not valuelist:
        return ""
    field.data = None
    return " ".join(str(v) for v in valuelist).strip()


class DayField(DateField):
    """A date as YYYY-MM-DD (what ``<input type=date>`` sends); empty is ``None``."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = _typed(self, valuelist)
        if not text:
            return
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                self.data = dt.date.fromisoformat(text)
                return
            except ValueError:
                pass
        raise ValueError("Enter a date as YYYY-MM-DD, like 2026-03-01.")


_TIME = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.h]?(?P<minute>\d{2}))?(?::(?P<second>\d{2}))?"
    r"\s*(?:(?P<half>[ap])\.?\s*m?\.?)?",
    re.IGNORECASE,
)


def parse_time(text: str) -> dt.time:
    """A time of day as people type it: ``18:30``, ``18.30``, ``1830``, ``6:30 pm``, ``6pm``,
    ``12:05 am``. Without am or pm it is read on the 24-hour clock. ``ValueError`` otherwise."""
    found = _TIME.fullmatch(text.strip())
    if found is None:
        raise ValueError(text)
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    second = int(found["second"] or 0)
    half = (found["half"] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half == "p" else 0)
    return dt.time(hour, minute, second)  # ValueError past 23:59:59


class ClockField(TimeField):
    """A time of day typed as text, shown on the user's clock (``clock``: "24" or "12", set by
    the form); any of :func:`parse_time`'s ways is read. Empty is ``None``."""

    widget = TextInput()
    clock = "24"

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(str(v) for v in self.raw_data)
        if self.data is None:
            return ""
        return DateStyle(clock=self.clock).time(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = _typed(self, valuelist)
        if not text:
            return
        try:
            self.data = parse_time(text)
        except ValueError:
            example = "6:30 pm" if self.clock == "12" else "18:30"
            raise ValueError(f"Enter a time like {example}.") from None


def weight_limit(unit: str) -> str:
    """The heaviest weight accepted, as typed in ``unit`` (rounded down)."""
    if unit == "kg":
        return f"{MAX_WEIGHT_KG} kg"
    pounds = Decimal(MAX_WEIGHT_KG) / Decimal("0.45359237")
    return f"{format_amount(pounds.quantize(Decimal('0.1'), rounding=ROUND_DOWN))} lb"


def parse_duration(text: str, plain: str) -> int:
    """Seconds from ``h:mm:ss``, ``m:ss`` or a plain number of ``plain`` (seconds/minutes)."""
    parts = text.split(":")
    if not all(re.fullmatch(r"\d{1,5}", p) for p in parts) or len(parts) > 3:
        raise ValueError
    numbers = [int(p) for p in parts]
    if len(numbers) == 1:
        return numbers[0] * (60 if plain == "minutes" else 1)
    if any(n >= 60 for n in numbers[1:]):
        raise ValueError
    if len(numbers) == 2:
        return numbers[0] * 60 + numbers[1]
    return numbers[0] * 3600 + numbers[1] * 60 + numbers[2]


def check_day(day: dt.date | None, today: dt.date | None = None) -> None:
    """A training day: from 1900 on, and (with ``today``) at most a day ahead of it
    (``tracker.limits``, which the importers use too)."""
    if day is None:
        return
    if day < EARLIEST_DATE:
        raise ValidationError(f"Enter a date from {EARLIEST_YEAR} on.")
    if today is not None and day > latest_day(today):
        raise ValidationError("That date is more than a day in the future.")


# --- workouts -------------------------------------------------------------------------------


class WorkoutForm(FlaskForm):
    date = DayField("Date", validators=[Required("Enter the date.")])
    time = ClockField(
        "Start time",
        validators=[Required("Enter the start time.")],
        render_kw={"autocomplete": "off", "inputmode": "text"},
    )
    title = StringField(
        "Title (optional)",
        validators=[Length(max=120, message="Keep the title under 120 characters.")],
        filters=[strip],
        render_kw={"placeholder": "Upper body, Legs…", "autocomplete": "off"},
    )
    duration_minutes = WholeNumberField(
        "Duration in minutes (optional)",
        validators=[Range(0, MAX_MINUTES, f"Between 0 and {MAX_MINUTES} minutes (24 hours).")],
        invalid_message="Enter the minutes as a whole number, like 60.",
        render_kw={"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"},
    )
    notes = TextAreaField(
        "Notes (optional)",
        validators=[Length(max=2000, message="Keep the notes under 2000 characters.")],
        filters=[strip],
    )
    submit = SubmitField("Save")

    def __init__(
        self, *args: Any, today: dt.date | None = None, clock: str = "24", **kwargs: Any
    ) -> None:
        self.clock = clock
        super().__init__(*args, **kwargs)
        self.today = today

    def process(self, *args: Any, **kwargs: Any) -> None:
        self.time.clock = self.clock  # before the fields read their data
        super().process(*args, **kwargs)

    def validate_date(self, field: DayField) -> None:
        check_day(field.data, self.today)

    def values(self) -> WorkoutBase:
        assert self.date.data is not None and self.time.data is not None
        started_at = dt.datetime.combine(self.date.data, self.time.data.replace(microsecond=0))
        return WorkoutBase(
            started_at=started_at,
            title=self.title.data or "",
            duration_minutes=self.duration_minutes.data,
            notes=self.notes.data or "",
        )

    @classmethod
    def defaults(cls, now: dt.datetime) -> dict[str, Any]:
        return {"date": now.date(), "time": now.time().replace(second=0, microsecond=0)}

    @classmethod
    def data_from(cls, workout: WorkoutBase) -> dict[str, Any]:
        return {
            "date": workout.started_at.date(),
            "time": workout.started_at.time(),
            "title": workout.title,
            "duration_minutes": workout.duration_minutes,
            "notes": workout.notes,
        }


# --- sets -----------------------------------------------------------------------------------


class SetForm(FlaskForm):
    """One set. What it needs depends on the exercise: call ``validate_for``, not ``validate``."""

    exercise_id = WholeNumberField(
        "Exercise",
        validators=[Required("Pick an exercise.")],
        invalid_message="Pick an exercise from the list.",
        widget=HiddenInput(),
    )
    reps = WholeNumberField(
        "Reps",
        validators=[Range(1, MAX_REPS, f"Reps must be between 1 and {MAX_REPS}.")],
        invalid_message="Enter the reps as a whole number, like 8.",
        render_kw={"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"},
    )
    weight = AmountField(
        "Weight",
        places=2,
        invalid_message="Enter the weight as a number, like 82.5.",
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    rpe = AmountField(
        "RPE (optional)",
        validators=[Range(1, 10, "RPE goes from 1 to 10.")],
        places=1,
        invalid_message="Enter the RPE as a number from 1 to 10, like 8 or 8.5.",
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    kind = SelectField(
        "Set type",
        choices=choices(SET_KIND_LABELS.items()),
        default="normal",
        validate_choice=False,
    )
    distance = AmountField(
        "Distance (km)",
        validators=[Range(Decimal("0.001"), MAX_DISTANCE_KM, "Between 0.001 and 1000 km.")],
        places=3,
        invalid_message="Enter the distance in km, like 5 or 2.5.",
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    time = StringField(
        "Time",
        validators=[Length(max=12, message="Enter the time as m:ss or h:mm:ss.")],
        filters=[strip],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    notes = StringField(
        "Note (optional)",
        validators=[Length(max=500, message="Keep the note under 500 characters.")],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    #: One-arm or one-leg sets (``tracker.sides``): which side trained; "" both, or not said.
    side = SelectField("Side", choices=choices(SET_SIDE_CHOICES), default="", validate_choice=False)
    submit = SubmitField("Add set")

    #: Set by ``adapt``/``validate_for``.
    unit: str = "kg"
    exercise_kind: str = "weighted"
    seconds: int | None = None

    def validate_kind(self, field: SelectField) -> None:
        if field.data not in SET_KINDS:
            raise ValidationError("Pick a set type from the list.")

    def validate_side(self, field: SelectField) -> None:
        if field.data not in ("", None, *SIDES):
            raise ValidationError("Pick left, right, or both sides.")

    def validate_rpe(self, field: AmountField) -> None:
        if field.data is not None and (field.data * 2) % 1 != 0:
            raise ValidationError("Use whole or half steps, like 8 or 8.5.")

    def adapt(self, exercise: Exercise | None, unit: str) -> SetForm:
        """Label the fields for the exercise's kind and the user's unit."""
        kind = exercise.kind if exercise is not None else "weighted"
        self.weight.label.text = {
            "bodyweight": f"Added weight ({unit}, optional)",
            "assisted": f"Assistance ({unit})",
            "timed": f"Added weight ({unit}, optional)",
        }.get(kind, f"Weight ({unit})")
        self.time.label.text = (
            "Time (h:mm:ss, or minutes)" if kind == "cardio" else "Time (seconds, or m:ss)"
        )
        self.unit = unit
        self.exercise_kind = kind
        return self

    def validate_for(self, exercise: Exercise | None, unit: str, complete: bool = True) -> bool:
        """Validate for this exercise (``None``: unknown or not the user's) and unit.

        ``complete=False`` checks a planned set, whose values may still be empty (a first
        time): what is typed must be in range, but nothing has to be typed.
        """
        self.adapt(exercise, unit)
        valid = self.validate()
        if exercise is None:
            if not self.exercise_id.errors:
                self.exercise_id.errors.append("Pick an exercise from the list.")
            return False
        kind = exercise.kind
        reps_kind = kind in ("weighted", "bodyweight", "assisted")
        if not complete:
            if kind != "cardio":
                self._check_weight(unit)
            self.seconds = None
            if kind in ("cardio", "timed"):
                self._check_time("minutes" if kind == "cardio" else "seconds")
            return valid and not any(f.errors for f in self)
        if reps_kind and self.reps.data is None and not self.reps.errors:
            self.reps.errors.append("Enter the reps.")
        if kind == "weighted" and self.weight.data is None and not self.weight.errors:
            self.weight.errors.append("Enter the weight (0 for none).")
        if kind != "cardio":
            self._check_weight(unit)
        self.seconds = None
        if kind in ("cardio", "timed"):
            self._check_time("minutes" if kind == "cardio" else "seconds")
        if kind == "timed" and self.seconds is None and not self.time.errors:
            self.time.errors.append("Enter how long you held it.")
        nothing = self.seconds is None and self.distance.data is None
        if kind == "cardio" and nothing and not self.time.errors and not self.distance.errors:
            self.distance.errors.append("Enter a distance, a time or both.")
        return valid and not any(f.errors for f in self)

    def _check_weight(self, unit: str) -> None:
        value = self.weight.data
        if value is None or self.weight.errors:
            return
        if value < 0 or to_kg(value, unit) > MAX_WEIGHT_KG:
            self.weight.errors.append(f"Enter a weight between 0 and {weight_limit(unit)}.")

    def _check_time(self, plain: str) -> None:
        text = self.time.data or ""
        if not text or self.time.errors:
            return
        try:
            seconds = parse_duration(text, plain)
        except ValueError:
            self.time.errors.append("Enter the time as m:ss or h:mm:ss, like 25:30.")
            return
        if not 1 <= seconds <= MAX_SECONDS:
            self.time.errors.append("Between 1 second and 24 hours.")
            return
        self.seconds = seconds

    def values(self, exercise: Exercise, unit: str) -> WorkoutSetBase:
        """The validated set, in kilograms and metres; fields the exercise does not use dropped."""
        assert exercise.id is not None
        kind = exercise.kind
        weight = self.weight.data
        distance = self.distance.data
        return WorkoutSetBase(
            exercise_id=exercise.id,
            reps=self.reps.data if kind not in ("cardio", "timed") else None,
            weight_kg=to_kg(weight, unit) if weight is not None and kind != "cardio" else None,
            rpe=float(self.rpe.data) if self.rpe.data is not None else None,
            kind=self.kind.data,
            distance_m=float(distance * 1000)
            if distance is not None and kind == "cardio"
            else None,
            seconds=self.seconds if kind in ("cardio", "timed") else None,
            notes=self.notes.data or "",
            side=self.side.data or None,
        )


def set_data(item: WorkoutSet | WorkoutSetBase, unit: str, notes: bool = True) -> dict[str, Any]:
    """A logged set as the form's values in the user's unit (to edit it, copy it or prefill)."""
    return {
        "exercise_id": item.exercise_id,
        "reps": item.reps,
        "weight": None if item.weight_kg is None else Decimal(str(from_kg(item.weight_kg, unit))),
        "rpe": None if item.rpe is None else Decimal(str(item.rpe)),
        "kind": item.kind,
        "distance": None if item.distance_m is None else Decimal(str(item.distance_m)) / 1000,
        "time": format_duration(item.seconds),
        "notes": item.notes if notes else "",
        "side": item.side or "",
    }


def posted_values(item: WorkoutSet, unit: str) -> dict[str, str]:
    """The same values as strings, as a form would post them ("same as last set")."""
    data = set_data(item, unit, notes=False)
    result: dict[str, str] = {}
    for name, value in data.items():
        if value is None or value == "":
            continue
        result[name] = format_amount(value) if isinstance(value, Decimal) else str(value)
    return result


class HistoryFilterForm(FlaskForm):
    """The history's filters, read from the query string."""

    class Meta:
        csrf = False

    exercise = SelectField("Exercise", choices=[], validate_choice=False)
    start = DayField("From")
    end = DayField("To")
    page = WholeNumberField(
        "Page",
        validators=[Range(1, 10**6, "Pages start at 1.")],
        invalid_message="The page must be a whole number.",
    )

    def validate_exercise(self, field: SelectField) -> None:
        known = {c.value for c in field.choices if isinstance(c, SelectChoice)}
        if field.data and field.data not in known:
            raise ValidationError("Pick an exercise from the list.")

    def validate_start(self, field: DayField) -> None:
        check_day(field.data)

    def validate_end(self, field: DayField) -> None:
        check_day(field.data)
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end date is before the start date.")

    def exercise_id(self) -> int | None:
        return int(self.exercise.data) if self.exercise.data else None


# --- a planned set's row on the workout page ------------------------------------------------


@dataclass(frozen=True)
class RowField:
    """One input of a set's row: ``name`` is the set form's field, ``before`` the sign shown in
    front of it (× between reps and weight), ``unit`` after it."""

    name: str
    label: str
    unit: str
    inputmode: str
    before: str = ""
    placeholder: str = ""


def row_fields(kind: str, unit: str) -> tuple[RowField, ...]:
    """The inputs of a row for an exercise of this kind, in the user's unit."""
    reps = RowField("reps", "Reps", "", "numeric", placeholder="reps")
    if kind == "cardio":
        return (
            RowField("distance", "Distance (km)", "km", "decimal"),
            RowField("time", "Time (h:mm:ss, or minutes)", "", "numeric", placeholder="m:ss"),
        )
    if kind == "timed":
        return (
            RowField("time", "Time (seconds, or m:ss)", "s", "numeric"),
            RowField("weight", f"Added weight ({unit})", unit, "decimal", "+", "0"),
        )
    if kind == "bodyweight":
        return (reps, RowField("weight", f"Added weight ({unit})", unit, "decimal", "+", "0"))
    if kind == "assisted":
        return (reps, RowField("weight", f"Assistance ({unit})", unit, "decimal", before="−"))
    return (reps, RowField("weight", f"Weight ({unit})", unit, "decimal", before="×"))


def planned_rows(planned: Sequence[Any], kind: str, unit: str, empty: int) -> list[dict[str, str]]:
    """The rows an exercise would get, as the page's script plans them without asking: each
    planned set's values and kind, or ``empty`` rows with none."""
    return [{**row_values(v, kind, unit), "kind": v.kind} for v in planned] or [
        {"kind": "normal"} for _ in range(empty)
    ]


def row_values(item: Any, kind: str, unit: str) -> dict[str, str]:
    """A set's or planned set's values as its row shows them (what a form would post)."""
    values: dict[str, str] = {}
    if item.reps is not None and kind not in ("cardio", "timed"):
        values["reps"] = str(item.reps)
    if item.weight_kg is not None and kind != "cardio":
        values["weight"] = format_amount(Decimal(str(from_kg(item.weight_kg, unit))))
    if item.seconds is not None and kind in ("cardio", "timed"):
        short = kind == "timed" and item.seconds < 60
        values["time"] = str(item.seconds) if short else format_duration(item.seconds)
    if item.distance_m is not None and kind == "cardio":
        values["distance"] = format_amount(Decimal(str(item.distance_m)) / 1000)
    return values
