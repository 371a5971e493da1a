"""How the user reads dates and times, in settings (``users.date_order``, ``users.clock``)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from tracker.forms.fields import choices
from tracker.template_filters import CLOCKS, DATE_ORDERS


class _Radio(RadioField):
    """Radio buttons whose unknown value gets a message, not an exception."""

    def pre_validate(self, form: Any) -> None:
        if self.data not in {c.value for c in self.choices or []}:
            raise ValidationError("Choose one of the ways listed.")


class DateStyleForm(FlaskForm):
    date_order = _Radio(
        "Dates",
        choices=choices(DATE_ORDERS),
        validators=[InputRequired("Choose how dates read.")],
    )
    clock = _Radio(
        "Times",
        choices=choices(CLOCKS),
        validators=[InputRequired("Choose a clock.")],
    )
    submit = SubmitField("Save")
