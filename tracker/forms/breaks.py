"""Forms for breaks: record or edit one, make it reduced, "training, just not logging"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.forms.fields import Between, choices, strip
from tracker.limits import EARLIEST_DATE, latest_break_end
from tracker.models import BreakBase
from tracker.physiology.muscles import BODY_REGIONS, MUSCLE_GROUPS
from tracker.sides import SIDES, limb_of, region_side, side_problem

#: Reasons offered in the form; ``unknown`` only for a break recorded from a detected gap.
REASONS: tuple[tuple[str, str], ...] = (
    ("injury", "Injury"),
    ("illness", "Illness"),
    ("vacation", "Vacation"),
    ("stress", "Work or life stress"),
    ("motivation", "Lost motivation"),
    ("other", "Other"),
)
UNKNOWN_REASON = ("unknown", "Not sure")
REASON_LABELS = dict((*REASONS, UNKNOWN_REASON))

MODES: tuple[tuple[str, str], ...] = (
    ("rest", "Rest: no resistance training, normal daily life"),
    ("reduced", "Reduced: still training, fewer sessions a week"),
    ("immobilized", "Immobilised: a cast, brace, sling, bed rest or recovery from surgery"),
)

FUTURE_START = "A break that starts in the future is a plan: use the planner."

#: Which side an immobilised limb is on ("": both sides, or the side the body region names).
SIDE_CHOICES: tuple[tuple[str, str], ...] = (
    ("", "Both sides, or as the region says"),
    ("left", "Left only"),
    ("right", "Right only"),
)


class MuscleChecks(SelectMultipleField):
    """Muscle groups as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        known = {c.value for c in self.choices or []}
        unknown = [v for v in self.data or [] if v not in known]
        if unknown:
            raise ValidationError(f"Not a muscle group Regain knows: {', '.join(unknown)}.")


def _one_newline(value: Any) -> Any:
    # Browsers count a line break as one character against maxlength but send two.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _region_choices() -> list[SelectChoice]:
    options = [SelectChoice("", "None: I pick the muscle groups")]
    for key, (label, keys) in BODY_REGIONS.items():
        options.append(SelectChoice(key, label, render_kw={"data-muscles": " ".join(keys)}))
    return options


class BreakForm(FlaskForm):
    start_date = DateField(
        "First day of the break",
        validators=[InputRequired("Enter the first day of the break.")],
    )
    end_date = DateField(
        "Last day (leave empty while the break is going on)", validators=[Optional()]
    )
    reason = SelectField("Reason", default="other")
    mode = RadioField("Training during the break", default="rest", choices=choices(MODES))
    sessions_per_week = IntegerField(
        "About how many sessions a week?",
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": 1, "max": 7},
    )
    body_region = SelectField("Body region", default="", choices=_region_choices())
    muscles = MuscleChecks(
        "Immobilised muscle groups",
        choices=choices((m.key, m.label) for m in MUSCLE_GROUPS),
        default=[],
    )
    side = RadioField("Which side is immobilised?", default="", choices=choices(SIDE_CHOICES))
    notes = TextAreaField(
        "Notes (optional)",
        validators=[Length(max=2000, message="Keep the notes under 2000 characters.")],
        filters=[strip, _one_newline],
    )
    #: "1" when the break is recorded from a detected gap: then "Not sure" is a valid reason.
    from_gap = HiddenField()
    submit = SubmitField("Save the break")

    def __init__(
        self, *args: Any, today: dt.date, allow_unknown: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        #: Set when the start is in the future, so the page can point to the planner.
        self.future_start = False
        offered = list(REASONS)
        if allow_unknown or self.from_gap.data == "1":
            offered.append(UNKNOWN_REASON)
        self.reason.choices = choices(offered)

    def validate_start_date(self, field: DateField) -> None:
        if field.data is None:
            return
        if field.data < EARLIEST_DATE:
            raise ValidationError(f"Enter a date from {EARLIEST_DATE.year} on.")
        if field.data > self.today:
            self.future_start = True
            raise ValidationError(FUTURE_START)

    def validate_end_date(self, field: DateField) -> None:
        if field.data is None:
            return
        if field.data < EARLIEST_DATE:
            raise ValidationError(f"Enter a date from {EARLIEST_DATE.year} on.")
        if field.data > latest_break_end(self.today):
            raise ValidationError("The last day can be at most a year from today.")
        start = self.start_date.data
        if start is not None and field.data < start:
            raise ValidationError("The last day is before the first day.")

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        mode = self.mode.data
        if mode != "reduced":
            # The number only matters for a reduced break, and so do its typos.
            self.sessions_per_week.errors = []
        elif not self.sessions_per_week.errors:
            n = self.sessions_per_week.data
            if n is None:
                self.sessions_per_week.errors = ["Enter about how many sessions a week (1 to 7)."]
            elif not 1 <= n <= 7:
                self.sessions_per_week.errors = ["Between 1 and 7 sessions a week."]
        # Unknown muscle groups or regions are refused whatever the mode: no page sends them.
        if mode == "immobilized" and not (
            self.muscles.errors or self.body_region.errors or self.picked_muscles()
        ):
            self.muscles.errors = ["Pick the immobilised muscle groups, or a body region."]
        if mode != "immobilized":
            self.side.errors = []  # a side only matters for an immobilised limb
        elif not self.side.errors and self.side.data:
            problem = side_problem(self.side.data, self.picked_muscles(), self.body_region.data)
            if problem:
                self.side.errors = [problem]
        return not any(field.errors for field in self)

    def chosen_side(self) -> str | None:
        """The immobilised side: the one picked, else the one the body region names (when
        every picked group is in a limb); None for both sides or a break that is not
        immobilised."""
        if self.mode.data != "immobilized":
            return None
        if self.side.data in SIDES:
            return str(self.side.data)
        named = region_side(self.body_region.data)
        picked = self.picked_muscles()
        if named and picked and all(limb_of(m) for m in picked):
            return named
        return None

    def picked_muscles(self) -> tuple[str, ...]:
        """The ticked muscle groups; with none ticked, those of the chosen body region."""
        ticked = tuple(self.muscles.data or ())
        if ticked:
            return ticked
        region = BODY_REGIONS.get(self.body_region.data or "")
        return region[1] if region else ()

    def to_break(self) -> tuple[BreakBase, tuple[str, ...]]:
        """The validated values as a break and its immobilised muscle groups."""
        mode = self.mode.data or "rest"
        immobilized = mode == "immobilized"
        data = BreakBase(
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            reason=self.reason.data,
            mode=mode,
            sessions_per_week=self.sessions_per_week.data if mode == "reduced" else None,
            body_region=(self.body_region.data or None) if immobilized else None,
            notes=self.notes.data or "",
            side=self.chosen_side(),
        )
        return data, self.picked_muscles() if immobilized else ()


class ReduceForm(FlaskForm):
    """Turn a rest break into reduced training."""

    sessions_per_week = IntegerField(
        "Sessions a week",
        validators=[
            InputRequired("Enter about how many sessions a week (1 to 7)."),
            Between(1, 7, "Between 1 and 7 sessions a week."),
        ],
        render_kw={"inputmode": "numeric", "min": 1, "max": 7},
    )
    submit = SubmitField("Make it reduced")


class TrainingGapForm(FlaskForm):
    """ "I was training, just not logging" for a detected gap."""

    start_date = HiddenField()
    end_date = HiddenField()

    def dates(self) -> tuple[dt.date, dt.date] | None:
        try:
            start = dt.date.fromisoformat(self.start_date.data or "")
            end = dt.date.fromisoformat(self.end_date.data or "")
        except ValueError:
            return None
        return (start, end) if start <= end else None
