"""Training status from the log: how many years of training the loads at its start suggest.

The model needs the years of training before the first logged day (``Profile.training_years``):
a log that starts with a 100 kg bench press is not a novice's, and the model would otherwise
treat it as one. When the user has not set the number, Regain reads it off the start of the
log, by lift, against strength standards:

- the best estimated 1RM (Epley, ``tracker.volume``) of each standard barbell lift in the
  first :data:`START_DAYS` days of the log, as a multiple of body weight (Regain does not store
  body weight: a typical adult's, :data:`BODY_WEIGHT_KG`, stands in for it);
- placed between the levels of the strength standards of Kilgore, Rippetoe and Pendlay
  (*Practical Programming for Strength Training*, reproduced on ExRx.net; the ratios here are
  those tables at about 80 kg for men and 65 kg for women, rounded), whose definitions give the
  years: untrained 0, novice "training regularly for 3-9 months" (0.5 years), intermediate "up
  to two years" (2), advanced "multi-year training" (5), elite (10). In between, linear;
- the highest over the lifts found: an estimated 1RM from chosen working loads is a lower
  bound of what the lifter can do, and many lifters train one lift harder than the others,
  so the strongest sign of training is the most telling. None found: no inference (the model
  assumes an untrained start, as it does for a user who says 0).

The log's own training after its first day needs no inference: the model simulates it. This is
a coarse estimate: the settings page shows it, and the user can replace it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
from sqlmodel import Session

from tracker import volume
from tracker.projections.cache import ProjectionCache
from tracker.timeline import LogRows

#: Days at the start of the log whose loads are read.
START_DAYS = 28
#: Body weight assumed (Regain does not store it): typical adults.
BODY_WEIGHT_KG = {"male": 80.0, "female": 65.0}
#: Training years at each level of the standards (their definitions; see the module docstring).
LEVEL_YEARS = (0.0, 0.5, 2.0, 5.0, 10.0)
LEVEL_NAMES = ("untrained", "novice", "intermediate", "advanced", "elite")

#: 1RM as a multiple of body weight at each level, by lift family and sex.
STANDARDS: dict[str, dict[str, tuple[float, float, float, float, float]]] = {
    "bench press": {
        "male": (0.72, 0.91, 1.10, 1.52, 1.91),
        "female": (0.45, 0.55, 0.65, 0.82, 1.05),
    },
    "squat": {
        "male": (0.86, 1.57, 1.88, 2.51, 3.20),
        "female": (0.70, 1.00, 1.20, 1.55, 1.95),
    },
    "deadlift": {
        "male": (1.00, 1.80, 2.10, 2.75, 3.40),
        "female": (0.85, 1.20, 1.40, 1.80, 2.25),
    },
    "overhead press": {
        "male": (0.45, 0.60, 0.72, 0.95, 1.20),
        "female": (0.30, 0.40, 0.47, 0.60, 0.75),
    },
}

#: Catalogue exercises that count as each standard lift (barbell, full range of motion).
LIFT_FAMILIES: dict[str, str] = {
    "bench_press_barbell": "bench press",
    "squat_barbell": "squat",
    "deadlift_barbell": "deadlift",
    "deadlift_sumo_barbell": "deadlift",
    "deadlift_trap_bar": "deadlift",
    "overhead_press_barbell": "overhead press",
}


@dataclass(frozen=True)
class LiftLevel:
    """One standard lift at the start of the log and the years its level suggests."""

    family: str
    e1rm_kg: float
    ratio: float  # to the assumed body weight
    level: str  # the highest level reached
    years: float


@dataclass(frozen=True)
class TrainingStatus:
    """Training years before the log, as its start suggests (``years`` None: no standard
    lift at the start, nothing to infer from)."""

    years: float | None
    lifts: tuple[LiftLevel, ...] = ()
    first_day: dt.date | None = None


def years_for(family: str, e1rm_kg: float, sex: str | None) -> LiftLevel:
    """The years of training a standard lift's estimated 1RM suggests (linear between the
    levels, 0 below untrained, 10 above elite)."""
    who = sex if sex in BODY_WEIGHT_KG else "male"
    ratio = e1rm_kg / BODY_WEIGHT_KG[who]
    levels = STANDARDS[family][who]
    years = float(np.interp(ratio, levels, LEVEL_YEARS))
    reached = [name for name, at in zip(LEVEL_NAMES, levels, strict=True) if ratio >= at]
    return LiftLevel(family, e1rm_kg, ratio, reached[-1] if reached else "untrained", years)


def infer_training_years(
    sets: Iterable[tuple[dt.date, str | None, str, str, float | None, int | None]],
    sex: str | None,
    before: dt.date | None = None,
) -> TrainingStatus:
    """Training status from logged sets ``(day, catalogue key, exercise kind, set kind, weight
    kg, reps)``: the first :data:`START_DAYS` days of the log (and only days before
    ``before``, when given)."""
    rows = [s for s in sets if before is None or s[0] < before]
    if not rows:
        return TrainingStatus(None)
    first = min(s[0] for s in rows)
    until = first + dt.timedelta(days=START_DAYS)
    best: dict[str, float] = {}
    for day, key, exercise_kind, set_kind, weight, reps in rows:
        family = LIFT_FAMILIES.get(key or "")
        if family is None or day >= until:
            continue
        e1rm = volume.estimated_1rm(exercise_kind, set_kind, weight, reps)
        if e1rm is not None and e1rm > best.get(family, 0.0):
            best[family] = e1rm
    if not best:
        return TrainingStatus(None, (), first)
    lifts = tuple(years_for(family, e1rm, sex) for family, e1rm in sorted(best.items()))
    years = max(lift.years for lift in lifts)
    return TrainingStatus(round(years, 1), lifts, first)


def status_text(status: TrainingStatus) -> str:
    """A short sentence for the settings page: what was read and what it suggests."""
    if status.years is None:
        return "No barbell bench press, squat, deadlift or overhead press at the start of your log."
    parts = [f"{lift.family} {lift.level}" for lift in status.lifts]
    return f"{', '.join(parts)} in your first {START_DAYS} days"


# --- for a user of the app ------------------------------------------------------------------


def user_training_status(
    cache: ProjectionCache,
    session: Session,
    *,
    user_id: int,
    data_version: int,
    sex: str | None,
    account: dt.datetime | None = None,
) -> TrainingStatus:
    """What the start of the user's log suggests: cached by the workouts of its first days and
    their versions (a set logged today changes nothing there, so reads no set), as the log
    read once for this version of the data has them (:func:`start_window`)."""
    from tracker.crud import backtest as crud_backtest
    from tracker.projections.cache import user_log

    def compute() -> TrainingStatus:
        rows = crud_backtest.start_sets(
            session=session, user_id=user_id, days=START_DAYS, keys=LIFT_FAMILIES
        )
        return infer_training_years(rows, sex)

    window = cache.result(
        ("training-start", user_id, data_version, account),
        lambda: start_window(
            user_log(cache, session, user_id=user_id, account=account, data_version=data_version),
            START_DAYS,
        ),
    )
    return cache.result(("training-status", user_id, window, sex, account), compute)


def start_window(log: LogRows, days: int) -> tuple[Hashable, ...]:
    """What ``crud.backtest.start_sets`` would read, in short: the workouts in the first
    ``days`` days of the log, each with the version it was read at (its start, its creation
    and its sets' version: the database raises the last on every write to its sets)."""
    if not log.workout_days:
        return ()
    until = log.workout_days[0] + dt.timedelta(days=days)
    return tuple(
        sorted((i, log.by_workout[i][0]) for i, day in log.workout_dates.items() if day < until)
    )


def effective_training_years(given: float, is_set: bool, status: TrainingStatus | None) -> float:
    """The training years the model uses: the user's when they set them, otherwise what the
    log suggests (0 when it cannot tell)."""
    if is_set or status is None or status.years is None:
        return float(given or 0.0)
    return float(status.years)
