"""Forms for accounts: register, log in, profile, password, deletion."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
    Optional,
    ValidationError,
)

from tracker.forms.fields import Between, EmailAddress, choices, strip, timezone_choices
from tracker.passwords import weakness


class StrongPassword:
    """Long enough, not the e-mail address and not easy to guess (``tracker.passwords``).

    ``email`` names the form's e-mail field; without one, ``email_of`` gives the address (the
    logged-in user's when changing the password).
    """

    def __init__(self, email_field: str | None = None) -> None:
        self.email_field = email_field

    def __call__(self, form: FlaskForm, field: PasswordField) -> None:
        if not field.data:
            return
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if len(field.data) < minimum:
            raise ValidationError(f"Use at least {minimum} characters.")
        if self.email_field is not None:
            email = form[self.email_field].data or ""
        else:
            email = getattr(form, "email_address", "") or ""
        name = getattr(form, "display_name", None)
        others = [name.data] if name is not None and isinstance(name.data, str) else []
        problem = weakness(field.data, email=email, others=others)
        if problem:
            raise ValidationError(problem)


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
        validators=[
            DataRequired("Choose a password."),
            Length(max=200, message="Keep it under 200 characters."),
            StrongPassword("email"),
        ],
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
            Between(0, 80, "Between 0 and 80 years."),
        ],
    )
    timezone = SelectField("Time zone", choices=[])
    gap_days = IntegerField(
        "Show unlogged stretches of at least this many days as possible breaks",
        validators=[
            InputRequired("Enter a number of days."),
            Between(7, 90, "Between 7 and 90 days."),
        ],
    )
    submit = SubmitField("Save profile")

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.timezone.choices = timezone_choices()

    def validate_birth_year(self, field: IntegerField) -> None:
        if field.data is None:
            return
        this_year = self.today.year
        if not this_year - 100 <= field.data <= this_year - 14:
            raise ValidationError(
                f"Enter a year between {this_year - 100} and {this_year - 14} "
                "(Regain's model is for people aged 14 to 100)."
            )


class PasswordChangeForm(FlaskForm):
    """``email_address``: the account's, so that the new password is checked against it."""

    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    password = PasswordField(
        "New password",
        validators=[
            DataRequired("Choose a new password."),
            Length(max=200, message="Keep it under 200 characters."),
            StrongPassword(),
        ],
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired("Repeat the new password."),
            EqualTo("password", "The passwords differ."),
        ],
    )
    submit = SubmitField("Change password")

    def __init__(self, *args: Any, email_address: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email_address = email_address


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Type your password to confirm", validators=[DataRequired("Type your password to confirm.")]
    )
    submit = SubmitField("Delete my account and all its data")
