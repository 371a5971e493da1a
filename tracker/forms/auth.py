"""Forms for accounts: register, log in, profile, password, deletion."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from tracker.forms.fields import EmailAddress, choices, current_year, strip, timezone_choices


def _long_enough(form: FlaskForm, field: PasswordField) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if field.data and len(field.data) < minimum:
        raise ValidationError(f"Use at least {minimum} characters.")


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mail",
        validators=[DataRequired("Enter your e-mail address."), Length(max=254)],
        filters=[strip],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    submit = SubmitField("Log in")


class RegisterForm(FlaskForm):
    email = EmailField(
        "E-mail",
        validators=[
            DataRequired("Enter your e-mail address."),
            Length(max=254, message="That address is too long."),
            EmailAddress(),
        ],
        filters=[strip],
    )
    display_name = StringField(
        "Name (optional)",
        validators=[Length(max=80, message="Keep it under 80 characters.")],
        filters=[strip],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), _long_enough, Length(max=200)],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            DataRequired("Repeat the password."),
            EqualTo("password", "The passwords differ."),
        ],
    )
    submit = SubmitField("Create account")


class ProfileForm(FlaskForm):
    display_name = StringField(
        "Name",
        validators=[Length(max=80, message="Keep it under 80 characters.")],
        filters=[strip],
    )
    unit = SelectField("Unit", choices=choices([("kg", "Kilograms (kg)"), ("lb", "Pounds (lb)")]))
    birth_year = IntegerField(
        "Birth year (optional)",
        validators=[Optional()],
        render_kw={"inputmode": "numeric"},
    )
    sex = SelectField(
        "Sex (optional; the model uses it for typical values)",
        choices=choices([("", "Prefer not to say"), ("male", "Male"), ("female", "Female")]),
    )
    training_years = DecimalField(
        "Years of training before using Regain",
        places=1,
        validators=[
            InputRequired("Enter a number of years (0 if you are new to lifting)."),
            NumberRange(0, 80, "Between 0 and 80 years."),
        ],
    )
    timezone = SelectField("Time zone", choices=[])
    gap_days = IntegerField(
        "Show unlogged stretches of at least this many days as possible breaks",
        validators=[
            InputRequired("Enter a number of days."),
            NumberRange(7, 90, "Between 7 and 90 days."),
        ],
    )
    submit = SubmitField("Save profile")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()

    def validate_birth_year(self, field: IntegerField) -> None:
        if field.data is None:
            return
        this_year = current_year()
        if not this_year - 100 <= field.data <= this_year - 14:
            raise ValidationError(
                f"Enter a year between {this_year - 100} and {this_year - 14} "
                "(Regain's model is for people aged 14 to 100)."
            )


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), _long_enough, Length(max=200)],
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired("Repeat the new password."),
            EqualTo("password", "The passwords differ."),
        ],
    )
    submit = SubmitField("Change password")


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Type your password to confirm", validators=[DataRequired("Type your password to confirm.")]
    )
    submit = SubmitField("Delete my account and all its data")
