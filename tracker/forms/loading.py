"""The plates and dumbbells a user loads, in settings: comeback plans round to them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import ValidationError

from tracker import loading
from tracker.forms.workouts import AmountField


class _Step:
    """A plate or dumbbell step in the user's unit (``form.unit``); empty means the usual."""

    def __call__(self, form: Any, field: Any) -> None:
        if field.data is None:
            return
        problem = loading.check_step(float(field.data), form.unit)
        if problem is not None:
            raise ValidationError(problem)


class LoadingForm(FlaskForm):
    plate = AmountField("Smallest plate", validators=[_Step()], places=2)
    dumbbell = AmountField("Dumbbell step", validators=[_Step()], places=2)
    submit = SubmitField("Save")

    def __init__(self, *args: Any, unit: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        usual = loading.Steps.of(unit)
        self.plate.label.text = f"Smallest plate ({unit})"
        self.dumbbell.label.text = f"Dumbbell step ({unit})"
        self.plate.description = f"A barbell goes up by two of them. Empty: {usual.plate:g} {unit}."
        self.dumbbell.description = f"Empty: {usual.dumbbell:g} {unit}."

    def show(self, plate_kg: float | None, dumbbell_kg: float | None) -> None:
        """Fill the fields with the user's steps (in their unit), empty for the usual ones."""
        steps = loading.Steps.of(self.unit, plate_kg, dumbbell_kg)
        self.plate.data = None if plate_kg is None else Decimal(f"{steps.plate:g}")
        self.dumbbell.data = None if dumbbell_kg is None else Decimal(f"{steps.dumbbell:g}")

    def values_kg(self) -> dict[str, object]:
        """The steps to store, in kg (None: the unit's usual)."""
        factor = 1.0 if self.unit == "kg" else float(loading.KG_PER_LB_FLOAT)
        return {
            "plate_step_kg": None if self.plate.data is None else float(self.plate.data) * factor,
            "dumbbell_step_kg": (
                None if self.dumbbell.data is None else float(self.dumbbell.data) * factor
            ),
        }
