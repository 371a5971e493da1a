"""Training volume and strength estimates from logged sets: the numbers the model is fed.

Pure (no Flask, no database): the functions take plain rows and return plain values, so the
history page, the exercise page and the model's timeline all count the same way.

The rules, in one place:

- A *hard set* is every logged set that is not a warm-up: normal, drop and failure sets count
  one each.
- A hard set counts 1 for each *primary* muscle group of its exercise and 0.5 for each
  *secondary* one (the helpers do real but smaller work).
- Cardio exercises count nothing: the model gives them no muscle stimulus.
- Weeks start on Monday (ISO weeks); a set belongs to the calendar day it was logged on, in
  the user's local time (``Workout.started_at`` is local wall-clock time).
- The estimated one-rep max uses Epley's formula, ``1RM = w * (1 + reps / 30)``, for sets of
  up to 12 reps (it drifts for longer sets); a single counts as itself. Only a load the lifter
  moves counts: bodyweight and assisted exercises get no estimate (Regain does not know the
  body weight, and an assisted set's weight is help, not load).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

PRIMARY_WEIGHT = 1.0
SECONDARY_WEIGHT = 0.5
#: Set kinds that are not hard sets.
NOT_HARD = frozenset({"warmup"})
#: Exercise kinds that give no muscle stimulus.
NO_STIMULUS = frozenset({"cardio"})
#: Exercise kinds whose weight is the load moved (so that a 1RM can be estimated from it).
LOADED_KINDS = frozenset({"weighted"})
#: Epley's formula is used up to this many reps.
EPLEY_MAX_REPS = 12


@dataclass(frozen=True)
class SetRow:
    """One logged set as the volume rules need it."""

    day: dt.date
    #: The set's kind: warmup, normal, drop or failure.
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...] = ()
    #: The exercise's kind: weighted, bodyweight, assisted, cardio or timed.
    exercise_kind: str = "weighted"


def set_muscle_weights(
    kind: str,
    primary: Iterable[str],
    secondary: Iterable[str],
    exercise_kind: str = "weighted",
) -> dict[str, float]:
    """How much one set counts for each muscle group: 1 primary, 0.5 secondary, warm-ups 0.

    An empty dict for a warm-up or a cardio exercise. A muscle listed as both counts once, as
    primary.
    """
    if kind in NOT_HARD or exercise_kind in NO_STIMULUS:
        return {}
    weights = dict.fromkeys(secondary, SECONDARY_WEIGHT)
    weights.update(dict.fromkeys(primary, PRIMARY_WEIGHT))
    return weights


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def daily_hard_sets(rows: Iterable[SetRow]) -> dict[dt.date, dict[str, float]]:
    """Hard sets per muscle group for each day with any; days without hard sets are absent."""
    return _sum_by(rows, lambda day: day)


def weekly_hard_sets(rows: Iterable[SetRow]) -> dict[dt.date, dict[str, float]]:
    """Hard sets per muscle group for each week (keyed by its Monday) with any."""
    return _sum_by(rows, week_start)


def _sum_by(
    rows: Iterable[SetRow], bucket: Callable[[dt.date], dt.date]
) -> dict[dt.date, dict[str, float]]:
    totals: dict[dt.date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        weights = set_muscle_weights(row.kind, row.primary, row.secondary, row.exercise_kind)
        if not weights:
            continue
        target = totals[bucket(row.day)]
        for muscle, weight in weights.items():
            target[muscle] += weight
    return {key: dict(value) for key, value in sorted(totals.items())}


def epley_1rm(weight_kg: float | None, reps: int | None) -> float | None:
    """Epley's estimated one-rep max for ``reps`` at ``weight_kg``.

    ``None`` without a positive weight, or outside 1 to ``EPLEY_MAX_REPS`` reps.
    """
    if weight_kg is None or reps is None or weight_kg <= 0:
        return None
    if not 1 <= reps <= EPLEY_MAX_REPS:
        return None
    if reps == 1:
        return float(weight_kg)
    return weight_kg * (1 + reps / 30)


def estimated_1rm(
    exercise_kind: str, set_kind: str, weight_kg: float | None, reps: int | None
) -> float | None:
    """The estimate for one logged set: Epley for loaded work sets, otherwise ``None``."""
    if exercise_kind not in LOADED_KINDS or set_kind in NOT_HARD:
        return None
    return epley_1rm(weight_kg, reps)
