"""Validators and choices shared by several forms."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from wtforms import Field, Form
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class EmailAddress:
    """A plausible e-mail address: something@domain.tld, no spaces."""

    def __call__(self, form: Form, field: Field) -> None:
        if field.data and not _EMAIL.match(field.data.strip()):
            raise ValidationError("Enter an e-mail address like name@example.com.")


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Options for a SelectField from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


@cache
def timezone_choices() -> list[SelectChoice]:
    names = sorted(n for n in available_timezones() if "/" in n or n == "UTC")
    return choices((n, n.replace("_", " ")) for n in names)


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def current_year() -> int:
    return dt.date.today().year
