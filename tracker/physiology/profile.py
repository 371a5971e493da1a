"""Who the estimate is for: the few facts about a person that change the model's answer."""

from __future__ import annotations

import math
from dataclasses import dataclass

SEXES: tuple[str, str] = ("male", "female")
MIN_AGE, MAX_AGE = 14.0, 100.0
MAX_TRAINING_YEARS = 80.0
#: Range of a personal factor (:class:`Response`) and of its spread (a log-scale width).
MIN_FACTOR, MAX_FACTOR = 0.25, 4.0
MAX_SPREAD = 1.5


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
class Response:
    """How one person's losses and regains differ from the average lifter's (1.0 = average).

    ``loss`` runs the clock of loss in a break faster (above 1) or slower: the rates at which
    the gain and the skill fade are multiplied by it and the grace period is divided by it,
    the same shape as the age effect (MODEL.md point 8: faster losses and a shorter grace
    period go together). ``regain`` multiplies the speed of regain toward the earlier peak
    and the share of the strength of lost size that training brings back at once (never
    beyond all of it). ``loss_spread`` and ``regain_spread`` widen the band by how unsure
    the factors are: the low parameter set uses ``loss × exp(loss_spread)`` and ``regain /
    exp(regain_spread)``, the high set the other way. ``Response()`` is the average lifter:
    the model exactly as without it. ``tracker.projections.calibration`` fits it to a
    user's past returns.
    """

    loss: float = 1.0
    regain: float = 1.0
    loss_spread: float = 0.0
    regain_spread: float = 0.0

    def __post_init__(self) -> None:
        for name in ("loss", "regain"):
            check_number(name, getattr(self, name), MIN_FACTOR, MAX_FACTOR)
        for name in ("loss_spread", "regain_spread"):
            check_number(name, getattr(self, name), 0.0, MAX_SPREAD)
        for name in ("loss", "regain", "loss_spread", "regain_spread"):
            object.__setattr__(self, name, float(getattr(self, name)))

    def loss_factors(self) -> tuple[float, float, float]:
        """The loss factor of the (low, central, high) parameter sets (low: more loss)."""
        widen = math.exp(self.loss_spread)
        return (self.loss * widen, self.loss, self.loss / widen)

    def regain_factors(self) -> tuple[float, float, float]:
        """The regain factor of the (low, central, high) parameter sets (low: slower)."""
        widen = math.exp(self.regain_spread)
        return (self.regain / widen, self.regain, self.regain * widen)


AVERAGE = Response()


@dataclass(frozen=True)
class Profile:
    """The person: age in years, sex (``"male"``, ``"female"`` or ``None``) and years of
    resistance training before day 0 (0 = untrained on day 0); ``response``, how the person's
    losses and regains differ from the average lifter's (:class:`Response`, the average by
    default).

    Sex is accepted and validated but does not change the estimate: relative gains and losses
    are similar in men and women (Abe 2000 trained both and found similar relative changes).
    """

    age: float = 30
    sex: str | None = None
    training_years: float = 0.0
    response: Response = AVERAGE

    def __post_init__(self) -> None:
        check_number("age", self.age, MIN_AGE, MAX_AGE)
        if not isinstance(self.response, Response):
            raise ValueError(f"response must be a Response, got {type(self.response).__name__}")
        if self.sex is not None and self.sex not in SEXES:
            raise ValueError(f"sex must be 'male', 'female' or None, got {self.sex!r}")
        years = check_number("training_years", self.training_years, 0.0, MAX_TRAINING_YEARS)
        if years > float(self.age):
            raise ValueError(
                f"training_years must not exceed age, got {years:g} years at age {self.age}"
            )
