"""Who the estimate is for: the few facts about a person that change the model's answer."""

from __future__ import annotations

import math
from dataclasses import dataclass

SEXES: tuple[str, str] = ("male", "female")
MIN_AGE, MAX_AGE = 14.0, 100.0
MAX_TRAINING_YEARS = 80.0


def check_number(name: str, value: object, low: float, high: float) -> float:
    """``value`` as a float in [low, high]; a ``ValueError`` naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"{name} must be a number, got NaN")
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}, got {number:g}")
    return number


@dataclass(frozen=True)
class Profile:
    """The person: age in years, sex (``"male"``, ``"female"`` or ``None``) and years of
    resistance training before day 0 (0 = untrained on day 0).

    Sex is accepted and validated but does not change the estimate: relative gains and losses
    are similar in men and women (Abe 2000 trained both and found similar relative changes).
    """

    age: float = 30
    sex: str | None = None
    training_years: float = 0.0

    def __post_init__(self) -> None:
        check_number("age", self.age, MIN_AGE, MAX_AGE)
        if self.sex is not None and self.sex not in SEXES:
            raise ValueError(f"sex must be 'male', 'female' or None, got {self.sex!r}")
        years = check_number("training_years", self.training_years, 0.0, MAX_TRAINING_YEARS)
        if years > float(self.age):
            raise ValueError(
                f"training_years must not exceed age, got {years:g} years at age {self.age}"
            )
