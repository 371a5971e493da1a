"""The form that makes a personal access token for the API."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from tracker.forms.fields import choices, strip
from tracker.models import API_SCOPES

SCOPES: tuple[tuple[str, str], ...] = (
    ("read", "Read only: it can see your data, never change it"),
    ("write", "Read and write: it can also log workouts, sets, breaks and plans, and delete them"),
)
assert tuple(key for key, _ in SCOPES) == API_SCOPES


class TokenForm(FlaskForm):
    name = StringField(
        "Name (what uses it)",
        validators=[
            DataRequired("Name the token, like 'Home dashboard' or 'Watch script'."),
            Length(max=80, message="Keep the name under 80 characters."),
        ],
        filters=[strip],
        render_kw={"autocomplete": "off", "placeholder": "Home dashboard"},
    )
    scope = RadioField("What it may do", choices=choices(SCOPES), default="read")
    submit = SubmitField("Make the token")

    def validate_name(self, field: StringField) -> None:
        if field.data and "\x00" in field.data:
            raise ValidationError("The name cannot contain NUL characters.")

    def validate_scope(self, field: RadioField) -> None:
        if field.data not in API_SCOPES:
            raise ValidationError("Pick read only, or read and write.")
