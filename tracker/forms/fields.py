"""Validators and choices shared by several forms."""

from __future__ import annotations

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


class Between:
    """``low <= value <= high`` for a value that parsed (a parse error says enough).

    WTForms' ``NumberRange`` turns the value into a float first, which fails with an
    ``OverflowError`` for a whole number of a few hundred digits; this compares as it is.
    """

    def __init__(self, low: Any, high: Any, message: str) -> None:
        self.low, self.high, self.message = low, high, message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data is not None and not self.low <= field.data <= self.high:
            raise ValidationError(self.message)
