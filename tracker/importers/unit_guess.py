"""Telling kg from lb in a file that does not say (Strong's S2 and S5 layouts).

Two signs, each strong on its own and both about how people load weights:

- **Converted numbers.** A lifter who entered weights in one unit and exported in the other
  leaves numbers like ``44.09245243697551`` (20 kg written in lb) or ``11.33980925`` (25 lb
  written in kg): numbers no one types, which become round once converted back.
- **Plate arithmetic.** In pounds, a bar is 45 lb and plates come in 45, 25, 10, 5 and 2.5 lb
  pairs, so working weights of 95 lb and up end in 5 about half the time (95, 135, 185, 225,
  315). In kilograms (a 20 kg bar, plates of 25, 20, 15, 10, 5, 2.5, 1.25 kg) the whole numbers
  of 95 kg and up are mostly multiples of 10. Real logs measured: 51-76 % in pound files,
  2-17 % in kilogram files.

When neither sign is clear (too few heavy sets, or a share between the two), there is no
guess: the caller asks, or falls back on the unit the user's profile is set to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tracker.importers.fields import KG_PER_LB

#: Numbers that are not a multiple of this are "not typed": float noise from a conversion.
_TYPED_STEP = 0.05
#: A converted-back value this close to a multiple of 0.25 counts as round.
_ROUND_STEP, _TOLERANCE = 0.25, 1e-3
#: Plate arithmetic needs at least this many whole numbers of 95 and up.
_PLATE_SAMPLE = 30
_POUNDS_FROM, _KILOGRAMS_UP_TO = 0.35, 0.22


@dataclass(frozen=True)
class UnitGuess:
    """The unit the numbers point to (None: they do not tell), and why, for the user."""

    unit: str | None
    reason: str


def _round_to(value: float, step: float, tolerance: float = 1e-6) -> bool:
    ratio = value / step
    return abs(ratio - round(ratio)) * step <= tolerance


def guess_unit(weights: Iterable[float]) -> UnitGuess:
    """The likelier unit of a file's positive weights, or no guess."""
    values = [value for value in weights if value > 0]
    if not values:
        return UnitGuess(None, "the file has no weights to tell from")
    untyped = [value for value in values if not _round_to(value, _TYPED_STEP)]
    if len(untyped) >= 3 and len(untyped) >= 0.2 * len(values):
        as_kg = sum(_round_to(v * KG_PER_LB, _ROUND_STEP, _TOLERANCE) for v in untyped)
        as_lb = sum(_round_to(v / KG_PER_LB, _ROUND_STEP, _TOLERANCE) for v in untyped)
        example = max(set(untyped), key=untyped.count)
        if as_kg >= 0.8 * len(untyped) and as_kg > as_lb:
            return UnitGuess(
                "lb",
                f"numbers like {example:g} are round kilograms written in pounds "
                f"({example * KG_PER_LB:g} kg)",
            )
        if as_lb >= 0.8 * len(untyped) and as_lb > as_kg:
            return UnitGuess(
                "kg",
                f"numbers like {example:g} are round pounds written in kilograms "
                f"({example / KG_PER_LB:g} lb)",
            )
    heavy = [round(value) for value in values if value >= 95 and _round_to(value, 1)]
    if len(heavy) >= _PLATE_SAMPLE:
        share = sum(value % 10 == 5 for value in heavy) / len(heavy)
        if share >= _POUNDS_FROM:
            return UnitGuess(
                "lb",
                f"{share:.0%} of the weights of 95 and more end in 5 (135, 225...), as "
                "pound plates make them",
            )
        if share <= _KILOGRAMS_UP_TO:
            return UnitGuess(
                "kg",
                f"only {share:.0%} of the weights of 95 and more end in 5; kilogram plates "
                "make multiples of 10",
            )
    return UnitGuess(None, "the numbers fit kilograms and pounds alike")
