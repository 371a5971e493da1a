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


def format_weight(kg: float | None, unit: str) -> str:
    """``82.5 kg`` / ``185 lb``; an empty string for no weight."""
    if kg is None:
        return ""
    value = from_kg(kg, unit)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def _check(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
