"""Personal calibration: how this lifter's losses and regains differ from the average lifter's,
learnt from their own past returns and shrunk towards the average.

The backtest (:mod:`tracker.projections.backtest`) predicts every past break again from the
log before it. Each lift over a break is a piece of :class:`Evidence`: what the lifter did
(the return ratio), what the model predicted for the average lifter, and how much that
prediction moves with the two factors of :class:`tracker.physiology.Response` (on a log scale:
its *sensitivity*, from the model run with each factor a little up and down):

- ``loss``: the clock of loss in a break (faster losses and a shorter grace period, the shape
  of the age effect; MODEL.md point 8);
- ``regain``: how fast the strength comes back once training again.

The grace period gets no factor of its own: on the sample logs of ``bench/bench_returns.py`` a
third, separate factor did not lower the leave-one-out error (the returns barely tell a shorter
grace period from a faster loss: for breaks of three to six weeks the two move the predictions
alike), so the loss factor moves both together.

**The fit** is the most probable pair of factors (a Gaussian prior and a linearised model, in
closed form, no search): ``theta = (P + J'C⁻¹J)⁻¹ J'C⁻¹r`` on the natural log of the factors,
with ``r`` the observed minus the predicted ratios, ``J`` their sensitivities and

- the prior ``P``: the average lifter, with a spread between people of :data:`PRIOR_SD`
  (a factor of about 1.65 for one standard deviation);
- the noise ``C``: the lifts of one break share a part (:data:`BREAK_SD`: the day, the sleep,
  the first session back being light) and each lift has its own (:data:`CASE_SD`), both
  measured on real lifters' logs at the average lifter's values. So many lifts over one break
  count for little more than a few, and a break the factors barely move (a short one, inside
  the grace period) teaches nearly nothing: one short break moves the factors little, several
  long ones a lot.

Each residual is limited to :data:`RESIDUAL_LIMIT` and returns outside :data:`FIT_RATIOS` are
left out (listed): one odd lift cannot pull the fit. The factors stay within
:data:`FACTOR_BOUNDS`. Their uncertainty widens the band: the spread is the standard error of
the fitted shift (``sqrt(diag(S J'C⁻¹J S))``, ``S`` the posterior covariance), nothing
without evidence, little with a lot of it.

Pure numbers in, numbers out; :func:`user_calibration` (the app's, cached) is at the end.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from sqlmodel import Session

from tracker.break_days import BreakSpan
from tracker.physiology import Phase, Profile, Response, simulate_protocol
from tracker.projections.cache import ProjectionCache

if TYPE_CHECKING:
    from tracker.models import User

logger = logging.getLogger(__name__)

#: Spread of the factors between people, natural log (one standard deviation: a factor of
#: about 1.65). Individual losses in the same break differ several-fold (Räntilä 2021: high
#: responders lost 10.5 % of their size in six weeks, the others kept it) and regain after a
#: break takes a third to two thirds of it (Nuckols 2022).
PRIOR_SD = 0.5
#: Noise of a return ratio: one break's own part and each lift's, measured on the sample logs
#: of bench/bench_returns.py at the average lifter's values (the spread of the breaks' mean
#: residuals within a lifter; of the lifts within a break).
BREAK_SD = 0.08
CASE_SD = 0.10
#: A residual counts for at most this much (a return 25 points off is already rare).
RESIDUAL_LIMIT = 0.25
#: Returns used by the fit: below half or above 150 % of the level before is a logging error
#: (a typo, a unit, another exercise under the same name), not a return.
FIT_RATIOS = (0.5, 1.5)
#: Bounds of both factors: within a factor of 2.5 of the average lifter's.
FACTOR_BOUNDS = (0.4, 2.5)
#: The step (natural log) of the runs that measure the sensitivities.
STEP = 0.25
#: At most this many breaks (the latest with a lift to compare) are learnt from.
MAX_BREAKS = 40
#: The reference break of the settings' sentence: eight weeks of rest, then training again.
REFERENCE_BREAK_DAYS = 56
FACTORS = ("loss", "regain")


class Evidence(NamedTuple):
    """One lift over one past break, as the fit sees it."""

    break_key: Hashable  # which break (lifts of one break share noise)
    observed: float
    predicted: float  # for the average lifter
    sensitivity: tuple[float, float]  # d predicted / d ln(loss), d ln(regain)


class LeftOut(NamedTuple):
    """A return the fit did not use, and why (for the page)."""

    exercise: str
    break_first_day: dt.date
    observed: float


@dataclass(frozen=True)
class Fit:
    """The fitted factors (natural log), their posterior covariance, the standard error of the
    shift and how much of the prior's uncertainty the evidence removed (0: none, 1: all)."""

    theta: tuple[float, float] = (0.0, 0.0)
    covariance: tuple[tuple[float, float], tuple[float, float]] = (
        (PRIOR_SD**2, 0.0),
        (0.0, PRIOR_SD**2),
    )
    shift_sd: tuple[float, float] = (0.0, 0.0)
    weight: tuple[float, float] = (0.0, 0.0)
    breaks: int = 0
    cases: int = 0

    @property
    def response(self) -> Response:
        """The factors as the model takes them (the average lifter without evidence)."""
        if not self.cases:
            return Response()
        return Response(
            loss=math.exp(self.theta[0]),
            regain=math.exp(self.theta[1]),
            loss_spread=self.shift_sd[0],
            regain_spread=self.shift_sd[1],
        )


def usable(observed: float | None) -> bool:
    """Whether a return is one the fit uses (see :data:`FIT_RATIOS`)."""
    if observed is None or not math.isfinite(observed):
        return False
    return FIT_RATIOS[0] <= observed <= FIT_RATIOS[1]


def fit(evidence: Sequence[Evidence]) -> Fit:
    """The factors most probable given the evidence (see the module docstring)."""
    used = [
        e
        for e in evidence
        if usable(e.observed)
        and math.isfinite(e.predicted)
        and all(math.isfinite(x) for x in e.sensitivity)
    ]
    if not used:
        return Fit()
    prior = np.eye(2) / PRIOR_SD**2
    information = np.zeros((2, 2))
    gradient = np.zeros(2)
    groups: dict[Hashable, list[Evidence]] = {}
    for item in used:
        groups.setdefault(item.break_key, []).append(item)
    for items in groups.values():
        jac = np.array([e.sensitivity for e in items], dtype=np.float64)  # (n, 2)
        res = np.clip([e.observed - e.predicted for e in items], -RESIDUAL_LIMIT, RESIDUAL_LIMIT)
        # C = CASE_SD² I + BREAK_SD² 11', inverted in closed form (Sherman-Morrison).
        n = len(items)
        shared = BREAK_SD**2 / (CASE_SD**2 + n * BREAK_SD**2)
        jac_sum = jac.sum(axis=0)
        information += (jac.T @ jac - shared * np.outer(jac_sum, jac_sum)) / CASE_SD**2
        gradient += (jac.T @ res - shared * jac_sum * res.sum()) / CASE_SD**2
    covariance = np.linalg.inv(prior + information)  # positive definite: the prior is
    low, high = (math.log(b) for b in FACTOR_BOUNDS)
    theta = np.clip(covariance @ gradient, low, high)
    shift = covariance @ information @ covariance
    weight = 1.0 - np.diag(covariance) / PRIOR_SD**2
    if not (np.all(np.isfinite(theta)) and np.all(np.isfinite(shift))):
        return Fit()
    return Fit(
        theta=(float(theta[0]), float(theta[1])),
        covariance=(
            (float(covariance[0, 0]), float(covariance[0, 1])),
            (float(covariance[1, 0]), float(covariance[1, 1])),
        ),
        shift_sd=tuple(float(math.sqrt(max(v, 0.0))) for v in np.diag(shift)),  # type: ignore[arg-type]
        weight=(float(max(weight[0], 0.0)), float(max(weight[1], 0.0))),
        breaks=len(groups),
        cases=len(used),
    )


def leave_one_out(evidence: Sequence[Evidence]) -> dict[Hashable, Fit]:
    """For each break, the fit of the evidence of the other breaks only."""
    keys = list(dict.fromkeys(e.break_key for e in evidence))
    return {key: fit([e for e in evidence if e.break_key != key]) for key in keys}


def perturbed(direction: int, step: float = STEP) -> tuple[Response, Response]:
    """The responses of a sensitivity run: one factor (0 loss, 1 regain) ``step`` up, then
    down (natural log)."""
    up, down = math.exp(step), math.exp(-step)
    if direction == 0:
        return Response(loss=up), Response(loss=down)
    return Response(regain=up), Response(regain=down)


# --- what the settings say -------------------------------------------------------------------


@dataclass(frozen=True)
class Calibration:
    """A user's calibration: the fit of their past returns, what the app uses, and the
    sentence parts the settings show. ``enabled``: the user's switch (off: the average
    lifter's values everywhere, the fit still shown)."""

    fit: Fit = field(default_factory=Fit)
    enabled: bool = True
    left_out: tuple[LeftOut, ...] = ()
    #: Past breaks found, with or without a lift to compare.
    past_breaks: int = 0
    #: Strength at the end of the reference break against the average lifter's, in percent
    #: (+2: 2 % more kept), and the regain speed against theirs (+10: 10 % faster).
    kept_pct: float = 0.0
    regain_pct: float = 0.0

    @property
    def calibrated(self) -> bool:
        """Whether there was anything to learn from (a past break with a usable lift)."""
        return self.fit.cases > 0

    @property
    def response(self) -> Response:
        """What the model uses for this user."""
        return self.fit.response if self.enabled and self.calibrated else Response()


def sentence(calibration: Calibration) -> str:
    """What the settings say of a calibration: "Calibrated on your 4 past breaks: you keep
    about 2 % more strength than the average lifter in a break, and regain 10 % faster."
    (empty without anything learnt)."""
    if not calibration.calibrated:
        return ""
    breaks = calibration.fit.breaks
    kept, regain = round(calibration.kept_pct), round(calibration.regain_pct)
    if kept == 0:
        keep = "about as much strength as the average lifter"
    else:
        keep = (
            f"about {abs(kept)} % {'more' if kept > 0 else 'less'} strength than the average lifter"
        )
    if regain == 0:
        back = "regain about as fast"
    else:
        back = f"regain {abs(regain)} % {'faster' if regain > 0 else 'slower'}"
    noun = "break" if breaks == 1 else "breaks"
    return f"Calibrated on your {breaks} past {noun}: you keep {keep} in a break, and {back}."


def left_out_lines(calibration: Calibration) -> list[str]:
    """The returns the fit left out, as the settings list them."""
    return [
        f"{item.exercise} after the break of {item.break_first_day.day} "
        f"{item.break_first_day:%B} {item.break_first_day.year} ({round(item.observed * 100)} %)"
        for item in calibration.left_out
    ]


def kept_and_regain(response: Response, profile: Profile) -> tuple[float, float]:
    """The sentence's two numbers: how much more strength (percent) the person keeps than the
    average lifter of their age and training years at the end of an eight-week rest after a
    year of training, and how much faster (percent) they regain."""
    phases = [Phase("train", 364), Phase("rest", REFERENCE_BREAK_DAYS)]
    base = replace(profile, response=Response())
    own = replace(profile, response=Response(loss=response.loss, regain=response.regain))
    end = 364 + REFERENCE_BREAK_DAYS
    average = simulate_protocol(phases, base, group="chest").strength
    personal = simulate_protocol(phases, own, group="chest").strength
    kept = (personal[end] / personal[364]) / (average[end] / average[364]) - 1.0
    return 100.0 * float(kept), 100.0 * (response.regain - 1.0)


def calibration_for(
    fitted: Fit,
    profile: Profile,
    *,
    enabled: bool = True,
    left_out: Sequence[LeftOut] = (),
    past_breaks: int = 0,
) -> Calibration:
    kept, regain = kept_and_regain(fitted.response, profile) if fitted.cases else (0.0, 0.0)
    return Calibration(fitted, enabled, tuple(left_out), past_breaks, kept, regain)


def calibrated_profile(profile: Profile, calibration: Calibration | None) -> Profile:
    """``profile`` with the user's response (unchanged without a calibration, or when off)."""
    if calibration is None:
        return profile
    response = calibration.response
    if response == profile.response:
        return profile
    return _with_response(profile, response)


@functools.lru_cache(maxsize=1024)
def _with_response(profile: Profile, response: Response) -> Profile:
    # Every page view asks (the profile is part of each cache key): built and checked once.
    return replace(profile, response=response)


# --- for a user of the app ------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _breaks_fingerprint(
    days: tuple[dt.date, ...],
    breaks: tuple[BreakSpan, ...],
    gaps: tuple[tuple[dt.date, dt.date], ...],
    today: dt.date,
) -> tuple[Hashable, ...]:
    # A set added to a logged day leaves all four as they were: found by their hash (tens of
    # microseconds for five years of days) rather than worked out again (most of a ms).
    from tracker.projections.backtest import fingerprint

    return fingerprint(days, breaks, gaps, today)


def user_calibration(
    cache: ProjectionCache, session: Session, user: User, today: dt.date
) -> Calibration:
    """The user's calibration, refitted when their past breaks or the lifts around them
    change (a new break, a return, a workout in the weeks around one), their profile or
    their switch: not on every page view, nor on every set.

    Per version of the user's data, the log's workout days and breaks (read once for this
    version, the history reads the same: :func:`tracker.projections.cache.user_log`) tell
    whether the breaks changed (:func:`tracker.projections.backtest.fingerprint`); only then
    is the backtest run.
    """
    from tracker.crud import backtest as crud_backtest
    from tracker.projections.backtest import run_backtest
    from tracker.projections.cache import user_log

    inferred = not user.training_years_set
    person = (user.birth_year, user.sex, user.training_years, user.training_years_set)

    def read_fingerprint() -> tuple[Hashable, ...]:
        log = user_log(
            cache, session, user_id=int(user.id or 0), account=user.created_at,
            data_version=int(user.data_version),
        )  # fmt: skip
        return _breaks_fingerprint(log.workout_days, log.breaks, log.training_gaps, today)

    fingerprint = cache.result(
        ("calibration-breaks", user.id, user.created_at, user.data_version, today),
        read_fingerprint,
    )

    def compute() -> Calibration:
        if not fingerprint:
            return Calibration(enabled=bool(user.personal_calibration))
        log = crud_backtest.backtest_log(session=session, user=user, inferred=inferred)
        try:
            backtest = run_backtest(log, today, leave_one_out=False)
        except (ValueError, ArithmeticError, np.linalg.LinAlgError):
            # A log the model cannot read must not take the user's pages down: their
            # estimates fall back to the average lifter's (and the log says why).
            logger.exception("personal calibration failed for user %s", user.id)
            return Calibration(enabled=bool(user.personal_calibration))
        return replace(backtest.calibration, enabled=bool(user.personal_calibration))

    key = ("calibration", user.id, user.created_at, fingerprint, person, today.year)
    found = cache.result(key, compute)
    if found.enabled != bool(user.personal_calibration):
        found = replace(found, enabled=bool(user.personal_calibration))
    return found
