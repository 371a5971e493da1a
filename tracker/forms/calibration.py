"""The personal calibration's switch in settings (``users.personal_calibration``)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from tracker.forms.fields import choices

USES = (
    ("on", "Use what Regain learnt from my past breaks"),
    ("off", "Use the average lifter's values"),
)


class CalibrationForm(FlaskForm):
    use = RadioField(
        "The estimates",
        choices=choices(USES),
        validators=[InputRequired("Choose one of the two.")],
    )
    submit = SubmitField("Save")

    @property
    def enabled(self) -> bool:
        return self.use.data == "on"
