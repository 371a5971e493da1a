"""The small value types the projections answer with: a number with its band, a date with its
band, and a break's cost and way back (``Outcome``).

Each comes from the model's three parameter sets, low, central and high (indexed by
:data:`LOW`, :data:`CENTRAL`, :data:`HIGH`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

LOW, CENTRAL, HIGH = 0, 1, 2


def stack_bands(low: np.ndarray, central: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The three parameter sets' series stacked on axis 1, indexed by LOW, CENTRAL, HIGH."""
    return np.stack([low, central, high], axis=1)


@dataclass(frozen=True)
class Estimate:
    """A number and its band (``low`` <= ``high``; the central value need not be between
    them by much, but is computed from the central parameter set)."""

    central: float
    low: float
    high: float

    @classmethod
    def of(cls, values: np.ndarray) -> Estimate:
        """From (low, central, high) parameter-set values, the band sorted."""
        v = [float(x) for x in values]
        return cls(v[CENTRAL], min(v), max(v))


@dataclass(frozen=True)
class DateBand:
    """When a level is reached: central estimate and the band (``None``: not within the
    horizon followed)."""

    central: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None


@dataclass(frozen=True)
class Outcome:
    """A break's cost and the way back, relative to the level when it started."""

    loss_size: Estimate  # fraction lost (0.05 = 5 %)
    loss_strength: Estimate
    size_95: DateBand
    size_100: DateBand
    strength_95: DateBand
    strength_100: DateBand
