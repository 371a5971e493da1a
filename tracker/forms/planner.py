"""The planner's form: a break that has not happened yet, read from the URL (GET) or posted
to save it as a plan. Every bad value gets a message at its field, never an exception."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.forms.fields import choices, strip
from tracker.limits import PLAN_MAX_DAYS, latest_plan_start
from tracker.models import Plan, PlanBase
from tracker.physiology.muscles import BODY_REGIONS, MUSCLE_GROUPS
from tracker.projections import MAX_DOSE, MIN_DOSE, PlanOption
from tracker.projections.planner import with_other_side

MAX_DAYS = PLAN_MAX_DAYS  # three years (tracker.limits)
KINDS: tuple[tuple[str, str], ...] = (
    ("rest", "Complete rest (no resistance training)"),
    ("reduced", "Reduced training: a few sessions a week"),
    ("immobilized", "Immobilised (cast, brace, bed rest)"),
)
#: Options offered for "compare with": key -> the option.
COMPARE_OPTIONS: dict[str, PlanOption] = {
    "rest": PlanOption("rest"),
    "reduced_1": PlanOption("reduced", 1),
    "reduced_2": PlanOption("reduced", 2),
    "reduced_3": PlanOption("reduced", 3),
}
DEFAULT_COMPARE = ("rest", "reduced_1", "reduced_2")


class _Checks(SelectMultipleField):
    """Checkboxes; an unknown value gets a message that names it."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
    unknown_message = "Regain does not know {values}."

    def pre_validate(self, form: Any) -> None:
        known = {c.value for c in self.choices or []}
        unknown = [v for v in self.data or [] if v not in known]
        if unknown:
            raise ValidationError(
                self.unknown_message.format(values=", ".join(repr(v) for v in unknown))
            )


class _MuscleChecks(_Checks):
    unknown_message = "Regain does not know the muscle group {values}."


class _CompareChecks(_Checks):
    unknown_message = "Not an option to compare with: {values}."


class _Radio(RadioField):
    def pre_validate(self, form: Any) -> None:
        if self.data not in {c.value for c in self.choices or []}:
            raise ValidationError("Pick one of the kinds of break listed.")


class _Select(SelectField):
    def pre_validate(self, form: Any) -> None:
        if self.data not in {c.value for c in self.choices or []}:
            raise ValidationError("Pick a body region from the list, or none.")


class _Dose(DecimalField):
    """A decimal that refuses NaN and infinity (which ``Decimal`` parses) with a message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        try:
            value = Decimal(str(valuelist[0]).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            self.data = None
            raise ValueError(self.gettext("Enter a number such as 1 or 0.5.")) from None
        if not value.is_finite():
            self.data = None
            raise ValueError(self.gettext("Enter a number such as 1 or 0.5."))
        self.data = value


def _region_choices() -> list[SelectChoice]:
    options = [SelectChoice("", "None: I pick the muscle groups")]
    for key, (label, keys) in BODY_REGIONS.items():
        options.append(SelectChoice(key, label, render_kw={"data-muscles": " ".join(keys)}))
    return options


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 - today.weekday())


def default_query(today: dt.date) -> dict[str, Any]:
    """The planner's first view: four weeks of rest from next Monday, compared with training
    once or twice a week."""
    return {
        "start": next_monday(today).isoformat(),
        "days": "28",
        "kind": "rest",
        "sessions": "1",
        "dose": "1",
        "compare": list(DEFAULT_COMPARE),
    }


class PlannerForm(FlaskForm):
    """A planned break. Built from ``request.args`` for the page (no CSRF: reading only) and
    from the posted form to save a plan."""

    start = DateField(
        "First day of the break",
        validators=[InputRequired("Enter the first day, like 2026-03-02.")],
        format="%Y-%m-%d",
    )
    days = IntegerField(
        "Length in days",
        validators=[InputRequired("Enter the length in days (1 to 1095).")],
        render_kw={"inputmode": "numeric", "min": 1, "max": MAX_DAYS},
    )
    kind = _Radio("Kind of break", choices=choices(KINDS), default="rest")
    sessions = IntegerField(
        "Sessions a week",
        validators=[Optional()],
        default=1,
        render_kw={"inputmode": "numeric", "min": 1, "max": 7},
    )
    region = _Select("Body region", choices=_region_choices(), default="")
    muscles = _MuscleChecks(
        "Immobilised muscle groups",
        choices=choices((m.key, m.label) for m in MUSCLE_GROUPS),
        default=[],
    )
    dose = _Dose(
        "Training after the break, times your usual volume",
        default=Decimal("1"),
        places=2,
        render_kw={"inputmode": "decimal", "step": "0.05", "min": MIN_DOSE, "max": MAX_DOSE},
    )
    compare = _CompareChecks(
        "Compare with",
        choices=choices((key, option.label) for key, option in COMPARE_OPTIONS.items()),
        default=list(DEFAULT_COMPARE),
    )
    name = StringField(
        "Name (optional)",
        validators=[Length(max=120, message="Keep the name under 120 characters.")],
        filters=[strip],
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    # wtforms' own messages for unparsable values, reworded.
    def validate_start(self, field: DateField) -> None:
        if field.data is None:
            return
        if field.data < self.today:
            raise ValidationError(
                "That day has passed: a break in the past is recorded on the breaks page. "
                "Pick today or a later day."
            )
        if field.data > latest_plan_start(self.today):
            raise ValidationError("Plan at most three years ahead.")

    def validate_days(self, field: IntegerField) -> None:
        if field.data is None:
            return
        if field.data < 1:
            raise ValidationError("A break lasts at least 1 day.")
        if field.data > MAX_DAYS:
            raise ValidationError("The planner looks at breaks of up to three years (1095 days).")

    def validate_dose(self, field: DecimalField) -> None:
        if field.data is None:
            if not field.errors:  # an unreadable value has its message already
                raise ValidationError("Enter a number between 0.25 and 2 (1 = your usual volume).")
            return
        if not MIN_DOSE <= float(field.data) <= MAX_DOSE:
            raise ValidationError("Between 0.25 and 2 times your usual volume.")

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        for f in (self.start, self.days, self.sessions):
            f.errors = [_reworded(e) for e in f.errors]
        if self.kind.data != "reduced":
            self.sessions.errors = []
        elif not self.sessions.errors:
            n = self.sessions.data
            if n is None:
                self.sessions.errors = ["Enter the sessions a week (1 to 7)."]
            elif not 1 <= n <= 7:
                self.sessions.errors = ["Between 1 and 7 sessions a week."]
        if self.kind.data != "immobilized":
            self.muscles.errors = []
            self.region.errors = []
        elif not self.muscles.errors and not self.region.errors and not self.picked_muscles():
            self.muscles.errors = ["Pick the immobilised muscle groups, or a body region."]
        return not any(f.errors for f in self)

    def picked_muscles(self) -> tuple[str, ...]:
        ticked = tuple(self.muscles.data or ())
        if ticked:
            return tuple(m.key for m in MUSCLE_GROUPS if m.key in ticked)
        region = BODY_REGIONS.get(self.region.data or "")
        return region[1] if region else ()

    # --- the validated values ----------------------------------------------------------------

    def option(self) -> PlanOption:
        kind = self.kind.data or "rest"
        if kind == "reduced":
            return PlanOption("reduced", int(self.sessions.data or 1))
        if kind == "immobilized":
            return PlanOption("immobilized", muscles=self.picked_muscles())
        return PlanOption("rest")

    def options(self) -> list[PlanOption]:
        """The chosen option first, then the ones to compare with (without repeats)."""
        chosen = self.option()
        found = [chosen]
        for key in self.compare.data or []:
            option = COMPARE_OPTIONS[key]
            if option.key != chosen.key:
                found.append(option)
        # An arm or a leg in a cast: compared with the same cast while the other side trains.
        return with_other_side(found)

    def params(self) -> tuple[dt.date, int, tuple[PlanOption, ...], float]:
        """The validated values the projection depends on: start, days, options, dose."""
        return (self.start.data, int(self.days.data or 1), tuple(self.options()), self.dose_value())

    def dose_value(self) -> float:
        return float(self.dose.data or 1)

    def to_plan(self) -> PlanBase:
        option = self.option()
        return PlanBase(
            name=self.name.data or "",
            start_date=self.start.data,
            days=int(self.days.data or 1),
            mode=option.kind,
            sessions_per_week=option.sessions_per_week,
            muscles=",".join(option.muscles),
            dose_after=self.dose_value(),
        )

    def query(self) -> dict[str, Any]:
        """The validated values as URL parameters (shareable, bookmarkable)."""
        return plan_query(self.to_plan(), self.compare.data or [])


def plan_query(plan: PlanBase | Plan, compare: list[str] | None = None) -> dict[str, Any]:
    """URL parameters that open ``plan`` in the planner."""
    args: dict[str, Any] = {
        "start": plan.start_date.isoformat(),
        "days": plan.days,
        "kind": plan.mode,
        "dose": f"{plan.dose_after:g}",
    }
    if plan.mode == "reduced":
        args["sessions"] = plan.sessions_per_week or 1
    if plan.mode == "immobilized":
        args["muscles"] = [m for m in plan.muscles.split(",") if m]
    args["compare"] = list(DEFAULT_COMPARE if compare is None else compare)
    return args


def _reworded(message: str) -> str:
    known = {
        "Not a valid date value.": "Enter a date like 2026-03-02.",
        "Not a valid integer value.": "Enter a whole number.",
    }
    return known.get(message, message)
