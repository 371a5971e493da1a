"""The forms' rules that need the user's today or their data, for the API, with the forms'
messages: a workout's day, a break's and a plan's dates, a birth year, an exercise that is the
user's to use (one, or a routine's), a name already taken, a break that overlaps another, what
a set needs and keeps.

Each raises ``ApiError`` (422 at the field) before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from wtforms.validators import ValidationError as FormError

from tracker import limits
from tracker.api.errors import ApiError, from_validation, invalid
from tracker.forms.breaks import FUTURE_START
from tracker.forms.workouts import check_day
from tracker.models import Break, Exercise

M = TypeVar("M", bound=BaseModel)


def merged(model: type[M], current: dict[str, Any], changes: dict[str, Any]) -> M:
    """A PATCH: the stored values with the changes sent, validated as a whole by ``model`` (so
    a change is held to the same rules as a new row)."""
    try:
        return model.model_validate({**current, **changes})
    except ValidationError as error:
        raise from_validation(error) from None


def workout_day(started_at: dt.datetime, today: dt.date) -> None:
    """From 1900 to a day after the user's today (``tracker.forms.workouts.check_day``)."""
    try:
        check_day(started_at.date(), today)
    except FormError as error:
        raise invalid("started_at", str(error)) from None


def break_dates(start: dt.date, end: dt.date | None, today: dt.date) -> None:
    """The break form's: it has begun by today, and ends at most a year after it."""
    if start > today:
        raise invalid("start_date", FUTURE_START)
    if end is not None and end > limits.latest_break_end(today):
        raise invalid("end_date", "The last day can be at most a year from today.")


def no_overlap(other: Break | None) -> None:
    if other is None:
        return
    when = (
        f"going on since {other.start_date.isoformat()}"
        if other.end_date is None
        else f"of {other.start_date.isoformat()} to {other.end_date.isoformat()}"
    )
    raise invalid(
        "start_date",
        f"This overlaps your break {when} (id {other.id}). Change the dates, or edit that break.",
    )


def plan_start(start: dt.date, today: dt.date) -> None:
    """The planner's: today or later, at most three years ahead."""
    if start < today:
        raise invalid(
            "start_date",
            "That day has passed: a break in the past is recorded as a break (POST /breaks). "
            "Pick today or a later day.",
        )
    if start > limits.latest_plan_start(today):
        raise invalid("start_date", "Plan at most three years ahead.")


def birth_year(year: int | None, today: dt.date) -> None:
    """The profile form's: an age of 14 to 100 this year."""
    if year is None:
        return
    this_year = today.year
    if not this_year - 100 <= year <= this_year - 14:
        raise invalid(
            "birth_year",
            f"Enter a year between {this_year - 100} and {this_year - 14} "
            "(Regain's model is for people aged 14 to 100).",
        )


def usable_exercise(exercise: Exercise | None) -> Exercise:
    if exercise is None:
        raise invalid("exercise_id", "No exercise with this id is in the catalogue or among yours.")
    return exercise


def usable_exercises(
    wanted: list[int], found: Mapping[int, Exercise], field: str = "sets"
) -> list[Exercise]:
    """Each of ``wanted`` (a routine's sets' exercises, in order) among ``found`` (those the
    user may use); a 422 at the first set of another's or no exercise, naming every one."""
    unknown = [
        (f"{field}.{n}.exercise_id", "No exercise with this id is in the catalogue or among yours.")
        for n, exercise_id in enumerate(wanted)
        if exercise_id not in found
    ]
    if unknown:
        place, message = unknown[0]
        more = f" ({len(unknown) - 1} more in details)" if len(unknown) > 1 else ""
        raise ApiError(422, f"{place}: {message}{more}", field=place, details=unknown)
    return [found[i] for i in wanted]


def name_free(taken: bool) -> None:
    if taken:
        raise invalid("name", "You already have an exercise with this name.")


def set_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """What a set of an exercise of ``kind`` needs (``SetForm.validate_for``), and the values
    it keeps: the fields the kind does not use are dropped, as the form drops them."""
    reps_kind = kind in ("weighted", "bodyweight", "assisted")
    if reps_kind and values.get("reps") is None:
        raise invalid("reps", "Enter the reps.")
    if kind == "weighted" and values.get("weight_kg") is None:
        raise invalid("weight_kg", "Enter the weight (0 for none).")
    if kind == "timed" and values.get("seconds") is None:
        raise invalid("seconds", "Enter how long you held it.")
    if kind == "cardio" and values.get("seconds") is None and values.get("distance_m") is None:
        raise invalid("distance_m", "Enter a distance, a time or both.")
    return kept_values(kind, values)


def kept_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The values a set of an exercise of ``kind`` keeps (the form's ``SetForm.values``):
    the others are dropped. A routine's targets need none of them (the editor's
    ``complete=False``), so a routine's sets are read with this alone."""
    kept = dict(values)
    if kind in ("cardio", "timed"):
        kept["reps"] = None
    if kind == "cardio":
        kept["weight_kg"] = None
    else:
        kept["distance_m"] = None
    if kind not in ("cardio", "timed"):
        kept["seconds"] = None
    return kept
