"""How Regain words what it shows: label tables, numbers, dates in the user's style, and the
template filters that print them (registered by the app factory: :func:`init_app`).

Plain Python (no Flask): the chart data and the pages use the same words. The filters that
print a date read the user's style (``date_order``, ``clock``, chosen in settings) from the
template's ``current_user``; code outside a template asks :func:`style_of`.

- Dates: one format everywhere, in the user's order: ``9 March 2026`` (day first, the default),
  ``March 9, 2026`` (month first) or ``2026-03-09`` (year first, ISO); times on a 24-hour clock
  (``18:30``) or a 12-hour one (``6:30 pm``). Chart axes abbreviate months (``Mar``).
- Percentages always come with what they are relative to in the text around them; a band is
  written as "likely 90-96 %".
- Weights: ``tracker.units.format_weight`` (the plate step, or one decimal).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context
from jinja2.runtime import Context

from tracker import volume
from tracker.break_days import day_number
from tracker.physiology import (
    PHASE_ABOVE_PEAK,
    PHASE_BASELINE,
    PHASE_BUILDING,
    PHASE_GRACE,
    PHASE_LOSING,
    PHASE_REGAINING,
)
from tracker.physiology.muscles import BODY_REGIONS, MUSCLES_BY_KEY
from tracker.sides import SET_SIDE_CHOICES
from tracker.units import format_weight

if TYPE_CHECKING:
    from flask import Flask

    from tracker.projections.results import DateBand, Estimate

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_SHORT = tuple(m[:3] for m in MONTHS)
WEEKDAYS_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

#: The date orders offered in settings (key, how 9 March 2026 reads).
DATE_ORDERS: tuple[tuple[str, str], ...] = (
    ("dmy", "Day first: 9 March 2026"),
    ("mdy", "Month first: March 9, 2026"),
    ("ymd", "Year first: 2026-03-09"),
)
#: The clocks offered in settings (key, how half past six in the evening reads).
CLOCKS: tuple[tuple[str, str], ...] = (
    ("24", "24-hour: 18:30"),
    ("12", "12-hour: 6:30 pm"),
)

# --- label tables ------------------------------------------------------------------------------

#: Why a break happened, as the breaks pages name it (the break form's own words: a test holds
#: them equal to ``tracker.forms.breaks.REASON_LABELS``).
REASON_LABELS: dict[str, str] = {
    "injury": "Injury",
    "illness": "Illness",
    "vacation": "Vacation",
    "stress": "Work or life stress",
    "motivation": "Lost motivation",
    "other": "Other",
    "unknown": "Not sure",
}
#: A break's reason as a chart labels its shade (short: it sits above the shaded days).
SHADE_LABELS: dict[str, str] = {
    "injury": "Injury",
    "illness": "Illness",
    "vacation": "Vacation",
    "stress": "Stress",
    "motivation": "Motivation",
    "other": "Break",
    "unknown": "Break",
}
#: The nouns before "break" in sentences ("your injury break"); none for other and unknown.
REASON_NOUNS: dict[str, str] = {
    "injury": "injury",
    "illness": "illness",
    "vacation": "vacation",
    "stress": "stress",
    "motivation": "motivation",
}
#: The model's phases (``tracker.physiology``) as a person would say them.
PHASE_LABELS: dict[str, str] = {
    PHASE_BUILDING: "Growing",
    PHASE_GRACE: "Resting, nothing lost yet",
    PHASE_LOSING: "Slipping back",
    PHASE_REGAINING: "Coming back",
    PHASE_ABOVE_PEAK: "Back at your best",
    PHASE_BASELINE: "Untrained level",
}
#: A set's kind (the set form offers the same words: ``tracker.forms.workouts`` reads them here).
SET_KIND_LABELS: dict[str, str] = {
    "warmup": "Warm-up",
    "normal": "Normal",
    "drop": "Drop set",
    "failure": "To failure",
}


# --- dates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateStyle:
    """How one user reads dates and times: ``order`` of DATE_ORDERS, ``clock`` of CLOCKS."""

    order: str = "dmy"
    clock: str = "24"

    def day(self, day: dt.date) -> str:
        """ "9 March 2026", "March 9, 2026" or "2026-03-09"."""
        if self.order == "ymd":
            return day.isoformat()
        if self.order == "mdy":
            return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

    def day_month(self, day: dt.date) -> str:
        """The day without its year: "9 March", "March 9" or "03-09"."""
        if self.order == "ymd":
            return f"{day.month:02d}-{day.day:02d}"
        if self.order == "mdy":
            return f"{MONTHS[day.month - 1]} {day.day}"
        return f"{day.day} {MONTHS[day.month - 1]}"

    def axis_day(self, day: dt.date) -> str:
        """A day on a chart's axis: "9 Mar", "Mar 9" or "03-09"."""
        if self.order == "ymd":
            return f"{day.month:02d}-{day.day:02d}"
        if self.order == "mdy":
            return f"{MONTHS_SHORT[day.month - 1]} {day.day}"
        return f"{day.day} {MONTHS_SHORT[day.month - 1]}"

    def range(self, start: dt.date, end: dt.date | None) -> str:
        """ "3-17 March 2026", "28 February to 3 March 2026", "since 3 March 2026"."""
        if end is None:
            return f"since {self.day(start)}"
        if start == end:
            return self.day(start)
        if self.order == "ymd" or start.year != end.year:
            return f"{self.day(start)} to {self.day(end)}"
        if self.order == "mdy":
            if start.month == end.month:
                return f"{MONTHS[start.month - 1]} {start.day}-{end.day}, {end.year}"
            return f"{self.day_month(start)} to {self.day(end)}"
        if start.month == end.month:
            return f"{start.day}-{end.day} {MONTHS[end.month - 1]} {end.year}"
        return f"{self.day_month(start)} to {self.day(end)}"

    def between(self, start: dt.date, end: dt.date) -> str:
        """ "between 3 and 20 March 2026" (the two ends of a range of dates)."""
        if start == end:
            return f"on {self.day(start)}"
        if self.order == "ymd" or start.year != end.year:
            return f"between {self.day(start)} and {self.day(end)}"
        if start.month == end.month:
            if self.order == "mdy":
                return f"between {MONTHS[start.month - 1]} {start.day} and {end.day}, {end.year}"
            return f"between {start.day} and {self.day(end)}"
        return f"between {self.day_month(start)} and {self.day(end)}"

    def time(self, when: dt.time | dt.datetime) -> str:
        """ "18:30" or "6:30 pm"."""
        if self.clock == "12":
            hour = when.hour % 12 or 12
            return f"{hour}:{when.minute:02d} {'am' if when.hour < 12 else 'pm'}"
        return f"{when.hour:02d}:{when.minute:02d}"

    def when(self, moment: dt.datetime) -> str:
        """A workout's start: "Tue 9 March 2026, 18:30"."""
        return f"{WEEKDAYS_SHORT[moment.weekday()]} {self.day(moment.date())}, {self.time(moment)}"

    @property
    def time_example(self) -> str:
        return "6:30 pm" if self.clock == "12" else "18:30"


DEFAULT_STYLE = DateStyle()


def style_of(user: Any) -> DateStyle:
    """The user's date style (the default one for nobody, or a value not offered)."""
    return _date_style(getattr(user, "date_order", None), getattr(user, "clock", None))


@functools.lru_cache(maxsize=64)
def _date_style(order: object, clock: object) -> DateStyle:
    # Asked on every request (pages, charts): one object per choice, built once.
    return DateStyle(
        order if isinstance(order, str) and order in dict(DATE_ORDERS) else DEFAULT_STYLE.order,
        clock if isinstance(clock, str) and clock in dict(CLOCKS) else DEFAULT_STYLE.clock,
    )


# --- numbers ---------------------------------------------------------------------------------


def pct(value: float) -> str:
    """0.934 -> "93 %"."""
    return f"{round(value * 100):.0f} %"


def pct_band(e: Estimate) -> str:
    """ "93 % (likely 90-96 %)"."""
    low, high = round(e.low * 100), round(e.high * 100)
    if low == high:
        return pct(e.central)
    return f"{pct(e.central)} (likely {low}-{high} %)"


def loss_text(e: Estimate) -> str:
    """A loss as a percentage and its range, never below 0 ("0 %" rather than "-0 %")."""
    central, low, high = (max(0, round(x * 100)) for x in (e.central, e.low, e.high))
    if low == high:
        return f"{central} %"
    return f"{central} % (likely {low}-{high} %)"


def band_words(e: Estimate) -> str:
    """The range of an estimate in words: "between 94 and 99 %" (or "about 97 %")."""
    low, high = round(e.low * 100), round(e.high * 100)
    if low == high:
        return f"about {low} %"
    return f"between {low} and {high} %"


def sets_text(value: float) -> str:
    """Hard sets: ``7``, ``7.5`` (one decimal below 10), ``123`` (whole from 10 on)."""
    if value >= 9.95:
        return f"{round(value)}"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 session", "3 sessions"."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def format_amount(value: Decimal | float) -> str:
    """``82.50`` -> ``82.5``, ``80.0`` -> ``80``."""
    text = f"{Decimal(str(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_duration(seconds: int | None) -> str:
    """``95`` -> ``1:35``, ``3723`` -> ``1:02:03``."""
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def date_band_text(
    band: DateBand,
    style: DateStyle = DEFAULT_STYLE,
    horizon_text: str = "not within the time followed",
    kept_until: dt.date | None = None,
) -> str:
    """ "5 November 2026 (between 2 November and 5 December 2026)".

    With ``kept_until`` (the break's last day), a level the estimate never loses reads "not
    lost" instead of a date inside the break, and its slow end says when it is back at worst.
    """
    if band.central is None:
        return horizon_text
    if kept_until is not None and band.central <= kept_until:
        if band.latest is not None and band.latest > kept_until:
            return f"not lost, or back by {style.day(band.latest)} at worst"
        if band.latest is None:
            return "not lost, or back later than the time followed at worst"
        return "not lost"
    text = style.day(band.central)
    if band.earliest and band.latest and band.earliest != band.latest:
        text += f" ({style.between(band.earliest, band.latest)})"
    elif band.earliest and band.latest is None:
        text += f" (from {style.day(band.earliest)}; at worst later than the time followed)"
    return text


def around_text(band: DateBand, style: DateStyle = DEFAULT_STYLE) -> str:
    """ "around 9 March 2026 (between 3 and 20 March 2026)" for the dashboard's first card."""
    if band.central is None:
        return "not within the time followed"
    text = f"around {style.day(band.central)}"
    if band.earliest and band.latest and band.earliest != band.latest:
        text += f" ({style.between(band.earliest, band.latest)})"
    elif band.latest is None:
        text += " (at worst later than the time followed)"
    return text


def muscle_labels(keys: Iterable[str]) -> str:
    """``("chest", "triceps")`` -> ``Chest, Triceps`` (unknown keys as they are)."""
    return ", ".join(MUSCLES_BY_KEY[k].label if k in MUSCLES_BY_KEY else k for k in keys)


# --- sets ----------------------------------------------------------------------------------


def describe_set(item: Any, exercise_kind: str, unit: str) -> str:
    """One set in words: ``8 @ 80 kg``, ``8 @ −20 kg assistance``, ``5 km in 25:30``."""
    if exercise_kind == "cardio":
        parts = []
        if item.distance_m is not None:
            parts.append(f"{format_amount(round(item.distance_m / 1000, 3))} km")
        if item.seconds is not None:
            parts.append(format_duration(item.seconds))
        return " in ".join(parts) or "no distance or time"
    if exercise_kind == "timed":
        text = f"{item.seconds} s" if (item.seconds or 0) < 60 else format_duration(item.seconds)
        if item.weight_kg:
            text += f" + {format_weight(item.weight_kg, unit)}"
        return text
    reps = "?" if item.reps is None else str(item.reps)
    if exercise_kind == "bodyweight":
        if item.weight_kg:
            return f"{reps} @ bodyweight + {format_weight(item.weight_kg, unit)}"
        return f"{reps} @ bodyweight"
    if exercise_kind == "assisted":
        if item.weight_kg:
            return f"{reps} @ \u2212{format_weight(item.weight_kg, unit)} assistance"
        return f"{reps} unassisted"
    if item.weight_kg is None:
        return f"{reps} reps"
    return f"{reps} @ {format_weight(item.weight_kg, unit)}"


def summarise_sets(items: Iterable[Any], exercise_kind: str, unit: str) -> str:
    """Work sets in short: ``3 x 8 @ 80 kg, 6 @ 80 kg`` (warm-ups only if there is nothing else)."""
    all_sets = list(items)
    work = [s for s in all_sets if s.kind not in volume.NOT_HARD] or all_sets
    groups: list[list[str]] = []
    for item in work:
        text = describe_set(item, exercise_kind, unit)
        if groups and groups[-1][0] == text:
            groups[-1].append(text)
        else:
            groups.append([text])
    return ", ".join(g[0] if len(g) == 1 else f"{len(g)} x {g[0]}" for g in groups)


def days_between(then: dt.date, now: dt.date, today: dt.date) -> str:
    """``12 days ago`` (``now`` is today) or ``12 days before`` (an older workout)."""
    days = (now - then).days
    if now == today:
        return {0: "earlier today", 1: "yesterday"}.get(days, f"{days} days ago")
    return {0: "the same day", 1: "the day before"}.get(days, f"{days} days before")


def last_time(
    items: Iterable[Any], exercise_kind: str, unit: str, then: dt.date, now: dt.date, today: dt.date
) -> str:
    """An exercise's sets last time, and when: ``last: 3 x 8 @ 80 kg, 12 days ago``."""
    return f"last: {summarise_sets(items, exercise_kind, unit)}, {days_between(then, now, today)}"


#: What the workout page says of an exercise never logged before.
FIRST_TIME = "First time you log this exercise."


def last_time_of(previous: Any, exercise_kind: str, unit: str, now: dt.date, today: dt.date) -> str:
    """:func:`last_time` of an exercise's latest earlier sets (``crud.workouts.PreviousSets``,
    or None: :data:`FIRST_TIME`), said from a workout of the day ``now``."""
    if previous is None:
        return FIRST_TIME
    then = previous.workout.started_at.date()
    return last_time(previous.sets, exercise_kind, unit, then, now, today)


# --- breaks ----------------------------------------------------------------------------------


def sentence(text: str) -> str:
    """The first letter upper case, the rest as it is (Jinja's ``capitalize`` lowers it)."""
    return text[:1].upper() + text[1:]


def break_title(item: Any) -> str:
    """ "injury break", or "break" when the reason says nothing."""
    noun = REASON_NOUNS.get(item.reason)
    return f"{noun} break" if noun else "break"


def break_reason(reason: str) -> str:
    return REASON_LABELS.get(reason, reason)


def break_mode(item: Any, muscles: Sequence[str] = ()) -> str:
    if item.mode == "reduced":
        n = item.sessions_per_week
        return f"Reduced training, about {n} a week" if n else "Reduced training"
    if item.mode == "immobilized":
        side = getattr(item, "side", None)
        only = f" ({side} side only)" if side in ("left", "right") else ""
        if item.body_region in BODY_REGIONS:
            region = BODY_REGIONS[item.body_region][0].lower()
            return f"Immobilised: {region}" + ("" if region.startswith(f"{side} ") else only)
        if muscles:
            names = ", ".join(
                MUSCLES_BY_KEY[m].label.lower() for m in muscles if m in MUSCLES_BY_KEY
            )
            return f"Immobilised: {names}{only}"
        return "Immobilised"
    return "Rest: no training"


def break_length(item: Any, today: dt.date) -> str:
    if item.end_date is None or item.end_date > today:
        return f"{plural(day_number(item.start_date, today), 'day')} so far"
    return plural(day_number(item.start_date, item.end_date), "day")


def break_day(item: Any, today: dt.date) -> int:
    return day_number(item.start_date, today)


# --- the filters -----------------------------------------------------------------------------


def _style(context: Context) -> DateStyle:
    return style_of(context.get("current_user"))


@pass_context
def day_filter(context: Context, day: dt.date | None) -> str:
    return "" if day is None else _style(context).day(day)


@pass_context
def axis_day_filter(context: Context, day: dt.date) -> str:
    return _style(context).axis_day(day)


@pass_context
def range_filter(context: Context, start: dt.date, end: dt.date | None) -> str:
    return _style(context).range(start, end)


@pass_context
def dates_filter(context: Context, band: DateBand, kept_until: dt.date | None = None) -> str:
    return date_band_text(band, _style(context), kept_until=kept_until)


@pass_context
def around_filter(context: Context, band: DateBand) -> str:
    return around_text(band, _style(context))


@pass_context
def time_filter(context: Context, when: dt.time | dt.datetime | None) -> str:
    return "" if when is None else _style(context).time(when)


@pass_context
def when_filter(context: Context, moment: dt.datetime) -> str:
    return _style(context).when(moment)


@pass_context
def workout_when(context: Context, workout: Any) -> str:
    """When a workout started, in the user's style (a template global)."""
    return _style(context).when(workout.started_at)


def _groups(keys: Sequence[str]) -> str:
    return ", ".join(MUSCLES_BY_KEY[k].label for k in keys if k in MUSCLES_BY_KEY)


FILTERS: dict[str, Callable[..., Any]] = {
    "est_pct": pct,
    "est_band": pct_band,
    "est_loss": loss_text,
    "est_range": band_words,
    "est_sets": sets_text,
    "est_groups": _groups,
    "est_date": day_filter,
    "est_dates": dates_filter,
    "est_around": around_filter,
    "long_date": day_filter,
    "axis_day": axis_day_filter,
    "date_range": range_filter,
    "clock_time": time_filter,
    "when": when_filter,
    "phase_label": lambda key: PHASE_LABELS.get(key, key),
    "sentence": sentence,
    "break_title": break_title,
    "break_reason": break_reason,
    "break_mode": break_mode,
    "muscle_labels": muscle_labels,
    "break_length": break_length,
}
GLOBALS: dict[str, Callable[..., Any]] = {
    "break_day": break_day,
    "set_kind_label": lambda kind: SET_KIND_LABELS.get(kind, kind),
    "workout_when": workout_when,
    "muscle_names": muscle_labels,
    "plural": plural,
    "describe_set": describe_set,
    "format_weight": format_weight,
    "set_side_choices": lambda: SET_SIDE_CHOICES,
}


def init_app(app: Flask) -> None:
    """Register the filters and globals above on the app's templates."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
