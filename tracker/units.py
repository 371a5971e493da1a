"""Weights: stored in kilograms, shown and typed in the user's unit."""

from __future__ import annotations

from decimal import Decimal

#: The international avoirdupois pound, exactly (1959 agreement).
KG_PER_LB = Decimal("0.45359237")
UNITS = ("kg", "lb")


def to_kg(value: float | Decimal, unit: str) -> float:
    """A weight typed in ``unit`` as kilograms (exact conversion, then float)."""
    _check(unit)
    amount = Decimal(str(value))
    return float(amount * KG_PER_LB) if unit == "lb" else float(amount)


def from_kg(kg: float, unit: str) -> float:
    """Kilograms shown in ``unit``, rounded to 0.01 so that a typed value comes back as typed."""
    _check(unit)
    amount = Decimal(str(kg))
    value = amount / KG_PER_LB if unit == "lb" else amount
    return float(round(value, 2))


#: Weights shown whole to the hundredth when they are a multiple of this (a plate step: 81.25 kg
#: with 1.25 kg plates); others to one decimal, as lifters read them (60 kg is "132.3 lb").
PLATE_STEP = Decimal("0.25")


def format_weight(kg: float | None, unit: str) -> str:
    """``82.5 kg`` / ``81.25 kg`` / ``185 lb`` / ``132.3 lb``; an empty string for no weight.

    A weight on a plate step (a multiple of 0.25 in the unit, to the hundredth that
    :func:`from_kg` keeps) is shown as it is; any other to one decimal.
    """
    if kg is None:
        return ""
    value = Decimal(str(from_kg(kg, unit))) + 0  # + 0: no "-0"
    if value % PLATE_STEP != 0:
        value = round(value, 1)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {unit}"


def _check(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
