"""The calibration studies of MODEL.md as data, with the model's answer for each.

One :class:`ValidationRow` per row of MODEL.md's calibration table: the study, its people, the
protocol as phases and a profile, the published outcomes, the model's central value and band,
a tolerance with the reason it is defensible, and whether the model is within it. The explainer
article and the tests both use this module, so the published table and the tests are the same
code. Run ``python -m tracker.physiology.validation [--output FILE]`` for the Markdown table.

Two kinds of check:

``central``
    The central estimate lies within ``tolerance`` of the published value (or range).
``band``
    The band (low to high parameter set), widened by ``tolerance``, reaches the published
    value. Used where studies disagree with each other: the central estimate lands between
    them and the band must cover each (MODEL.md, "Where the studies disagree").

Percentages are changes relative to the start of the phase named, as in MODEL.md.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from .inputs import DailyInputs
from .model import simulate
from .params import CENTRAL
from .profile import Profile
from .protocol import Phase, protocol_inputs, regain_days

Criterion = Literal["central", "band"]


@dataclass(frozen=True)
class Lift:
    """A test exercise: the muscle groups it uses, the share of the programme's hard sets each
    gets (secondary muscles half, as in the app) and its weight in the lift's strength."""

    name: str
    parts: tuple[tuple[str, float, float], ...]


LEG = Lift("knee extension / leg press", (("quads", 1.0, 1.0),))
BENCH = Lift(
    "bench press",
    (("chest", 1.0, 0.5), ("triceps", 0.5, 0.25), ("shoulders", 0.5, 0.25)),
)
UPPER_BODY = Lift(
    "upper-body muscles",
    (("chest", 1.0, 1 / 3), ("biceps", 1.0, 1 / 3), ("triceps", 1.0, 1 / 3)),
)


@dataclass(frozen=True)
class Arm:
    """One group of a study: its phases and the person it stands for."""

    name: str
    phases: tuple[Phase, ...]
    profile: Profile


@dataclass(frozen=True)
class Protocol:
    """What the study did, in words and as the model's phases."""

    description: str
    arms: tuple[Arm, ...]


@dataclass(frozen=True)
class Outcome:
    """One published number, the model's value (central and band) and the check."""

    label: str
    published: tuple[float, float]  # range; -inf / inf for "at most" / "at least"
    model: float
    band: tuple[float, float]
    tolerance: float
    criterion: Criterion
    unit: str

    @property
    def passed(self) -> bool:
        """Whether the model is within tolerance (see the module docstring)."""
        lo, hi = self.published
        if self.criterion == "central":
            return lo - self.tolerance <= self.model <= hi + self.tolerance
        return self.band[0] - self.tolerance <= hi and lo <= self.band[1] + self.tolerance

    def published_text(self) -> str:
        lo, hi = self.published
        if math.isinf(lo):
            return f"≤ {hi:.3g}{self.unit}"
        if math.isinf(hi):
            return f"≥ {lo:.3g}{self.unit}"
        if lo == hi:
            return f"{lo:.3g}{self.unit}"
        return f"{lo:.3g} to {hi:.3g}{self.unit}"

    def model_text(self) -> str:
        lo, hi = self.band
        return f"{_num(self.model)}{self.unit} ({_num(lo)} to {_num(hi)})"


def _num(value: float) -> str:
    """A number as the table shows it: few digits, because the model is an estimate."""
    if math.isinf(value):
        return "never" if value > 0 else "-never"
    if abs(value) >= 10:
        return f"{value:.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}"
    if abs(value) < 0.005:
        return "0"
    return f"{value:.2f}"


@dataclass(frozen=True)
class ValidationRow:
    """A calibration study and how the model compares with it."""

    study: str
    people: str
    protocol: Protocol
    outcomes: tuple[Outcome, ...]
    tolerance_reason: str
    reading: str  # which reading we followed where studies disagree ("" if none)

    @property
    def published(self) -> str:
        """The published outcomes, one per line."""
        return "; ".join(f"{o.label}: {o.published_text()}" for o in self.outcomes)

    @property
    def model(self) -> str:
        """The model's central values, one per outcome."""
        return "; ".join(f"{o.label}: {_num(o.model)}{o.unit}" for o in self.outcomes)

    @property
    def band(self) -> str:
        """The model's band, one per outcome."""
        return "; ".join(
            f"{o.label}: {_num(o.band[0])} to {_num(o.band[1])}{o.unit}" for o in self.outcomes
        )

    @property
    def passed(self) -> bool:
        """True when every outcome is within its tolerance."""
        return all(o.passed for o in self.outcomes)


# --- Running protocols -----------------------------------------------------------------------


def _scaled(phases: Sequence[Phase], share: float) -> list[Phase]:
    """The phases as a muscle that gets ``share`` of the programme's sets sees them."""
    if share == 1.0:
        return list(phases)
    return [
        Phase(p.kind, p.days, min(3.0, p.dose * share)) if p.kind in ("train", "reduced") else p
        for p in phases
    ]


@dataclass(frozen=True, eq=False)
class _Trace:
    """Size and strength of a lift over a protocol, per row and parameter set (rows, 3)."""

    size: np.ndarray
    strength: np.ndarray

    def at(self, day: int) -> tuple[np.ndarray, np.ndarray]:
        return self.size[day], self.strength[day]


def _trace(phases: Sequence[Phase], profile: Profile, lift: Lift = LEG) -> _Trace:
    size = np.zeros(1)
    strength = np.zeros(1)
    for group, share, weight in lift.parts:
        sim = simulate(protocol_inputs(_scaled(phases, share), (group,)), profile)
        sizes = np.stack([sim.size_low[:, 0], sim.size[:, 0], sim.size_high[:, 0]], axis=1)
        strengths = np.stack(
            [sim.strength_low[:, 0], sim.strength[:, 0], sim.strength_high[:, 0]], axis=1
        )
        size = size + weight * sizes
        strength = strength + weight * strengths
    return _Trace(size, strength)


def _one_side(phases: Sequence[Phase], other: Sequence[Phase], group: str) -> _Trace:
    """One limb's ``group`` over ``phases`` while the other limb's does ``other`` (the other
    side's training is its cross-education input), for a young adult."""
    inputs = protocol_inputs(phases, (group,))
    free = protocol_inputs(other, (group,))
    cross = DailyInputs(inputs.groups, inputs.hard_sets, inputs.states, free.hard_sets)
    sim = simulate(cross, YOUNG)
    size = np.stack([sim.size_low[:, 0], sim.size[:, 0], sim.size_high[:, 0]], axis=1)
    strength = np.stack(
        [sim.strength_low[:, 0], sim.strength[:, 0], sim.strength_high[:, 0]], axis=1
    )
    return _Trace(size, strength)


def _change(after: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Percent change per parameter set."""
    return np.asarray((after / before - 1.0) * 100.0)


def _outcome(
    label: str,
    published: tuple[float, float],
    values: np.ndarray,
    tolerance: float,
    criterion: Criterion = "central",
    unit: str = " %",
) -> Outcome:
    vals = np.asarray(values, dtype=np.float64)
    return Outcome(
        label=label,
        published=published,
        model=float(vals[CENTRAL]),
        band=(float(vals.min()), float(vals.max())),
        tolerance=tolerance,
        criterion=criterion,
        unit=unit,
    )


def _days(*phases: Phase) -> int:
    return sum(int(p.days) for p in phases)


INF = math.inf
YOUNG_MAN = Profile(age=22, sex="male")
YOUNG = Profile(age=25)
OLDER = Profile(age=70)


# --- The rows --------------------------------------------------------------------------------


def _ogasawara_2011() -> ValidationRow:
    train6, off3 = Phase("train", 42), Phase("rest", 21)
    retrained = (train6, off3, train6)
    continuous = (Phase("train", 105),)
    rt = _trace(retrained, YOUNG_MAN, BENCH)
    ct = _trace(continuous, YOUNG_MAN, BENCH)
    pec_rt = _trace(retrained, YOUNG_MAN, Lift("pectoralis", (("chest", 1.0, 1.0),)))
    pec_ct = _trace(continuous, YOUNG_MAN, Lift("pectoralis", (("chest", 1.0, 1.0),)))
    tri = _trace(retrained, YOUNG_MAN, Lift("triceps", (("triceps", 0.5, 1.0),)))
    outcomes = (
        _outcome("pectoral CSA, 6 wk", (18, 20), _change(pec_rt.size[42], pec_rt.size[0]), 4),
        _outcome("triceps CSA, 6 wk", (8, 9), _change(tri.size[42], tri.size[0]), 7),
        _outcome("bench 1RM, 6 wk", (19, 21), _change(rt.strength[42], rt.strength[0]), 5),
        _outcome("1RM over 3 wk off", (-2, 1), _change(rt.strength[63], rt.strength[42]), 2),
        _outcome(
            "pectoral CSA over 3 wk off", (-7, 0), _change(pec_rt.size[63], pec_rt.size[42]), 2
        ),
        _outcome(
            "pectoral CSA, 6 wk retraining", (12, 12), _change(pec_rt.size[105], pec_rt.size[63]), 4
        ),
        _outcome("1RM, 6 wk retraining", (15, 15), _change(rt.strength[105], rt.strength[63]), 6),
        _outcome(
            "pectoral CSA, weeks 10-15 without a break",
            (3, 3),
            _change(pec_ct.size[105], pec_ct.size[63]),
            3,
        ),
        _outcome(
            "1RM, weeks 10-15 without a break",
            (8, 8),
            _change(ct.strength[105], ct.strength[63]),
            5,
        ),
    )
    return ValidationRow(
        study="Ogasawara et al. 2011 (and the 2010 ACSM abstract)",
        people="untrained young men, bench press",
        protocol=Protocol(
            "6 wk bench press, 3 wk off, 6 wk retraining; a control group trained 15 wk "
            "without a break. Bench press = chest (all sets), triceps and shoulders (half).",
            (Arm("retraining", retrained, YOUNG_MAN), Arm("continuous", continuous, YOUNG_MAN)),
        ),
        outcomes=outcomes,
        tolerance_reason=(
            "7-8 men per group: the standard error of a mean CSA or 1RM gain is 2-3 points, "
            "so 4-6 points is about two standard errors; the 3-week-off changes are smaller "
            "and tighter (2 points, about the test-retest error of a 1RM)."
        ),
        reading=(
            "The two reports of the 3-week break (a small loss or none) are both inside the "
            "published ranges; the model shows a small loss, since real loss starts after "
            "about 2 weeks."
        ),
    )


def _ogasawara_2013() -> ValidationRow:
    on, off = Phase("train", 42), Phase("rest", 21)
    periodic = (on, off, on, off, on)
    continuous = (Phase("train", 168),)
    pec = Lift("pectoralis", (("chest", 1.0, 1.0),))
    p, c = _trace(periodic, YOUNG_MAN, pec), _trace(continuous, YOUNG_MAN, pec)
    pb, cb = _trace(periodic, YOUNG_MAN, BENCH), _trace(continuous, YOUNG_MAN, BENCH)
    size_gap = _change(p.size[168], p.size[0]) - _change(c.size[168], c.size[0])
    strength_gap = _change(pb.strength[168], pb.strength[0]) - _change(
        cb.strength[168], cb.strength[0]
    )
    return ValidationRow(
        study="Ogasawara et al. 2013",
        people="untrained young men",
        protocol=Protocol(
            "24 wk bench press without a break against 3 × (6 wk on, 3 wk off)",
            (Arm("periodic", periodic, YOUNG_MAN), Arm("continuous", continuous, YOUNG_MAN)),
        ),
        outcomes=(
            _outcome("periodic minus continuous, CSA gain", (0, 0), size_gap, 4, unit=" pts"),
            _outcome("periodic minus continuous, 1RM gain", (0, 0), strength_gap, 5, unit=" pts"),
        ),
        tolerance_reason=(
            "'Same gains' means no significant difference with 7 men per group: differences "
            "of 4-5 points in a 30-40 % gain would not have been detected."
        ),
        reading="",
    )


def _rantila_2021() -> ValidationRow:
    phases = (Phase("train", 70), Phase("rest", 42))
    t = _trace(phases, YOUNG_MAN)
    gain = t.size[70] / t.size[0] - 1.0
    lost_fraction = (t.size[70] - t.size[112]) / (t.size[70] - t.size[0])
    # High responders gained more than 15 %; with 10 of 24 men above 15 %, 7 between 4.5 and
    # 15 % and 7 below, and the group mean at 10.7 %, their mean gain was about 18 %.
    high, medium = 0.18, 0.09
    high_loss = -lost_fraction * high / (1.0 + high) * 100.0
    medium_loss = -lost_fraction * medium / (1.0 + medium) * 100.0
    return ValidationRow(
        study="Räntilä et al. 2021",
        people="24 untrained men",
        protocol=Protocol("10 wk leg training, 6 wk off", (Arm("all", phases, YOUNG_MAN),)),
        outcomes=(
            _outcome("VL CSA, 10 wk", (10.7, 10.7), gain * 100.0, 3),
            _outcome(
                "leg press 1RM, 10 wk", (16.3, 16.3), _change(t.strength[70], t.strength[0]), 8
            ),
            _outcome("high responders (gain ≈ 18 %), 6 wk off", (-10.5, -10.5), high_loss, 4),
            _outcome("other responders (gain ≈ 9 %), 6 wk off", (0, 0), medium_loss, 4),
        ),
        tolerance_reason=(
            "CSA: 24 men, standard error of the mean gain about 1.5 points, so 3 points. 1RM: "
            "10-12-week 1RM gains in this table range from 16 % (this study) to 33 % (Lemmer); "
            "8 points is half that spread. Losses: subgroups of 7-10 men, and the model applies "
            "its loss fraction to subgroup gains we had to estimate, so 4 points."
        ),
        reading=(
            "Against Lemmer's 'most of the loss after week 12', we follow the early size loss "
            "seen here and in Ogasawara: loss starts after the grace period, in proportion to "
            "the gain."
        ),
    )


def _lemmer_2000() -> ValidationRow:
    phases = (Phase("train", 63), Phase("rest", 217))
    young_profile, older_profile = Profile(age=25), Profile(age=70)
    y, o = _trace(phases, young_profile), _trace(phases, older_profile)

    return ValidationRow(
        study="Lemmer et al. 2000",
        people="20-30 y and 65-75 y",
        protocol=Protocol(
            "9 wk knee extension, 31 wk off",
            (Arm("young", phases, young_profile), Arm("older", phases, older_profile)),
        ),
        outcomes=(
            _outcome(
                "young 1RM, 9 wk", (32.9, 32.9), _change(y.strength[63], y.strength[0]), 3, "band"
            ),
            _outcome("older 1RM, 9 wk", (26.7, 26.7), _change(o.strength[63], o.strength[0]), 6),
            _outcome(
                "young 1RM after 31 wk off vs before (67 % of the gain kept)",
                (21.9, 21.9),
                _change(y.strength[280], y.strength[0]),
                5,
                "band",
            ),
            _outcome(
                "older 1RM after 31 wk off vs before (31 % kept)",
                (8.3, 8.3),
                _change(o.strength[280], o.strength[0]),
                5,
            ),
        ),
        tolerance_reason=(
            "About 10 people per age group. A knee-extension 1RM rises more from learning than "
            "most lifts, so the young gain and retention are checked against the band (the "
            "high parameter set has the larger neural share this study shows); the older "
            "values against the central estimate with 6-10 points, two standard errors."
        ),
        reading=(
            "This study's 67 % kept after 31 weeks and Psilander's 60 % after 20 weeks "
            "disagree with Graves' 68 % lost after 12 weeks: the central estimate lands "
            "between (about 40-45 % kept) and the band covers both. Its 'most of the loss "
            "after week 12' is not reproduced; see Räntilä."
        ),
    )


def _taaffe_1997() -> ValidationRow:
    train, off, retrain = Phase("train", 168), Phase("rest", 84), Phase("train", 56)
    phases = (train, off, retrain)
    profile = Profile(age=71, sex="male")
    t = _trace(phases, profile)
    lost = (t.strength[168] - t.strength[252]) / (t.strength[168] - t.strength[0]) * 100.0
    return ValidationRow(
        study="Taaffe & Marcus 1997",
        people="men 65-77",
        protocol=Protocol(
            "24 wk training, 12 wk off, 8 wk retraining", (Arm("older men", phases, profile),)
        ),
        outcomes=(
            _outcome("1RM, 24 wk", (40, 40), _change(t.strength[168], t.strength[0]), 5, "band"),
            _outcome("share of the 1RM gain lost in 12 wk off", (30, 30), lost, 10, "band"),
            _outcome(
                "1RM after 8 wk retraining vs before the break",
                (0, INF),
                _change(t.strength[308], t.strength[168]),
                3,
            ),
            _outcome(
                "size after 12 wk off vs before training",
                (0, 0),
                _change(t.size[252], t.size[0]),
                3,
            ),
        ),
        tolerance_reason=(
            "Small group (about 10 men). The 1RM gain after 24 weeks (+40 %) is above every "
            "other study here and the retention (70 % of the gain after 12 weeks) too; both "
            "are checked against the band. 'Fully regained' is a one-sided check with 3 points "
            "(1RM test-retest error); 'back to baseline' allows 3 points of fibre-size error."
        ),
        reading=(
            "This study (30 % of the gain lost in 12 weeks) and Lemmer's older group (69 % lost "
            "in 31 weeks) cannot both lie on one exponential; the central estimate sits "
            "between, nearer Lemmer, and the band reaches this study."
        ),
    )


def _psilander_2019() -> ValidationRow:
    phases = (Phase("train", 70), Phase("rest", 140), Phase("train", 35))
    profile = Profile(age=26)
    t = _trace(phases, profile)
    novice = _trace((Phase("train", 35),), profile)
    kept = (t.strength[210] - t.strength[0]) / (t.strength[70] - t.strength[0]) * 100.0
    regrowth = (t.size[245] / t.size[210] - 1.0) / (novice.size[35] / novice.size[0] - 1.0)
    return ValidationRow(
        study="Psilander et al. 2019",
        people="19 untrained adults, one leg",
        protocol=Protocol(
            "10 wk one-leg training, 20 wk off, 5 wk retraining of both legs (the other leg "
            "trains for the first time)",
            (Arm("trained leg", phases, profile), Arm("untrained leg", phases[2:], profile)),
        ),
        outcomes=(
            _outcome(
                "size, 10 wk (thickness +10, fibre CSA +17)",
                (10, 17),
                _change(t.size[70], t.size[0]),
                2,
            ),
            _outcome("1RM, 10 wk", (20, 20), _change(t.strength[70], t.strength[0]), 8),
            _outcome(
                "size after 20 wk off vs before training",
                (0, 0),
                _change(t.size[210], t.size[0]),
                3,
            ),
            _outcome("share of the 1RM gain kept after 20 wk off", (60, 60), kept, 5, "band"),
            _outcome(
                "retraining size gain, trained / untrained leg",
                (0.8, 1.0),
                regrowth,
                0.25,
                unit=" ×",
            ),
        ),
        tolerance_reason=(
            "19 people, standard error of the mean size gain about 1 point (2 points allowed); "
            "1RM as in Räntilä (spread of 1RM gains across studies); retention against the "
            "band (see the reading); 'no faster' allows a regrowth ratio up to 1.25, the "
            "smallest difference a 19-person study could have detected."
        ),
        reading=(
            "Retention of strength: we follow the central estimate between this study and "
            "Lemmer (60-67 % kept) on one side and Graves (32 % kept) on the other."
        ),
    )


def _graves_1988() -> ValidationRow:
    train = Phase("train", 98)
    stop, once = (train, Phase("rest", 84)), (train, Phase("reduced", 84))
    profile = Profile(age=25)
    s, r = _trace(stop, profile), _trace(once, profile)

    def lost(t: _Trace) -> np.ndarray:
        return np.asarray((t.strength[98] - t.strength[182]) / (t.strength[98] - t.strength[0]))

    return ValidationRow(
        study="Graves et al. 1988",
        people="adults, 25 y",
        protocol=Protocol(
            "14 wk knee extension (the study trained 10 or 18), then 12 wk at 0 or 1 day a week",
            (Arm("0 days/wk", stop, profile), Arm("1 day/wk", once, profile)),
        ),
        outcomes=(
            _outcome(
                "0 days/wk: share of the strength gain lost", (68, 68), lost(s) * 100, 8, "band"
            ),
            _outcome("1 day/wk: share of the strength gain lost", (-INF, 0), lost(r) * 100, 5),
        ),
        tolerance_reason=(
            "Isometric strength at fixed angles is tested here, the app estimates a 1RM; the "
            "0-day loss is checked against the band with 5 points. 'Kept' means no loss: up to "
            "5 points lost is within the error of the test."
        ),
        reading=(
            "Isometric strength (68 % of the gain lost in 12 weeks) against Lemmer's and "
            "Psilander's 1RM (60-67 % kept after 20-31 weeks): the app estimates a 1RM, so the "
            "central estimate follows the 1RM studies more closely; the band reaches this one."
        ),
    )


def _garcia_pallares_2010() -> ValidationRow:
    profile = Profile(age=25, sex="male", training_years=8)
    stop, reduced = (Phase("rest", 35),), (Phase("reduced", 35),)
    s, r = _trace(stop, profile, BENCH), _trace(reduced, profile, BENCH)
    return ValidationRow(
        study="García-Pallarés et al. 2010",
        people="world-class kayakers",
        protocol=Protocol(
            "5 wk complete stop vs 5 wk reduced training, after years of training (8 training "
            "years assumed)",
            (Arm("stop", stop, profile), Arm("reduced", reduced, profile)),
        ),
        outcomes=(
            _outcome(
                "bench 1RM, 5 wk stop",
                (-8.9, -8.9),
                _change(s.strength[35], s.strength[0]),
                3,
                "band",
            ),
            _outcome(
                "bench 1RM, 5 wk reduced",
                (-3.9, -3.9),
                _change(r.strength[35], r.strength[0]),
                1,
                "band",
            ),
        ),
        tolerance_reason=(
            "7 athletes per group; 3 points is about two standard errors of a 1RM change. Both "
            "losses are larger than other evidence on trained people shows (see the reading), "
            "so both are checked against the band."
        ),
        reading=(
            "Elite athletes lost strength even on reduced training, where Bickel and Spiering "
            "found reduced training maintains, and 8.9 % in five weeks of complete stop, where "
            "recreational lifters' own logs (the backtest in How Regain estimates) show trained "
            "people back within a few percent of their best after breaks of one to four "
            "months, and Nuckols' review finds trained lifters' strength kept for several weeks "
            "off. The central estimate follows the logs and the maintenance studies, which are "
            "about the people Regain is for; the band's low end, which loses a long-held gain "
            "as fast as a fresh one and needs more sets to maintain it, reaches this study."
        ),
    )


def _narici_1989() -> ValidationRow:
    phases = (Phase("train", 60),)
    t = _trace(phases, YOUNG_MAN)
    size = t.size[60] / t.size[0] - 1.0
    strength = t.strength[60] / t.strength[0] - 1.0
    return ValidationRow(
        study="Narici et al. 1989",
        people="4 young men",
        protocol=Protocol("60 days knee extension", (Arm("trained leg", phases, YOUNG_MAN),)),
        outcomes=(
            _outcome("quadriceps CSA", (8.5, 8.5), size * 100.0, 3),
            _outcome("strength", (20.8, 20.8), strength * 100.0, 8),
            _outcome(
                "neural share of the strength gain",
                (0.6, 0.6),
                1.0 - size / strength,
                0.15,
                unit="",
            ),
        ),
        tolerance_reason=(
            "Four men: 3 points of CSA, 8 points of strength (spread of 1RM gains across "
            "studies), 0.15 in the neural share (the studies here imply 0.3-0.7)."
        ),
        reading="",
    )


def _abe_2000() -> ValidationRow:
    phases = (Phase("train", 84),)
    men, women = Profile(age=25, sex="male"), Profile(age=25, sex="female")
    upper = _trace(phases, men, UPPER_BODY)
    lower = _trace(phases, men, LEG)
    bench = _trace(phases, women, BENCH)
    return ValidationRow(
        study="Abe et al. 2000",
        people="untrained men and women",
        protocol=Protocol(
            "12 wk whole-body training (sex does not change relative changes in the model)",
            (Arm("men", phases, men), Arm("women", phases, women)),
        ),
        outcomes=(
            _outcome(
                "upper-body muscle thickness", (10, 31), _change(upper.size[84], upper.size[0]), 0
            ),
            _outcome(
                "lower-body muscle thickness", (7, 9), _change(lower.size[84], lower.size[0]), 5
            ),
            _outcome("1RM, legs", (19, 27), _change(lower.strength[84], lower.strength[0]), 4),
            _outcome(
                "1RM, bench press", (19, 27), _change(bench.strength[84], bench.strength[0]), 5
            ),
        ),
        tolerance_reason=(
            "Upper body: the published range is already wide (10-31 %), no extra tolerance. "
            "Lower body: MODEL.md's novice rate for legs (0.1-0.2 %/day) allows 8-17 % in 12 "
            "weeks, and other leg studies here show 10-11 % in 9-10 weeks: 5 points. 1RM: the "
            "range is published; 4-8 points for the spread of 1RM gains across studies."
        ),
        reading="",
    )


def _wall_2014() -> ValidationRow:
    five, fourteen = (Phase("immobilized", 5),), (Phase("immobilized", 14),)
    a, b = _trace(five, YOUNG_MAN), _trace(fourteen, YOUNG_MAN)
    return ValidationRow(
        study="Wall et al. 2014",
        people="young men",
        protocol=Protocol(
            "full leg cast for 5 or 14 days",
            (Arm("5 days", five, YOUNG_MAN), Arm("14 days", fourteen, YOUNG_MAN)),
        ),
        outcomes=(
            _outcome("quadriceps CSA, 5 days", (-3.5, -3.5), _change(a.size[5], a.size[0]), 1.5),
            _outcome("quadriceps CSA, 14 days", (-8.4, -8.4), _change(b.size[14], b.size[0]), 1.5),
            _outcome("strength, 5 days", (-9.0, -9.0), _change(a.strength[5], a.strength[0]), 4.5),
            _outcome(
                "strength, 14 days", (-22.9, -22.9), _change(b.strength[14], b.strength[0]), 4.5
            ),
        ),
        tolerance_reason=(
            "CSA: 12 men per group, standard error about 0.7 points, so 1.5. Strength: this "
            "study's strength/size ratio at day 5 (2.6) is far below Marusic's pooled 4.2; the "
            "model lands between, so 4.5 points."
        ),
        reading=("Early strength loss: between this study and Marusic's pooled bed-rest ratios."),
    )


def _kilroe_2020() -> ValidationRow:
    two, seven = (Phase("immobilized", 2),), (Phase("immobilized", 7),)
    a, b = _trace(two, YOUNG_MAN), _trace(seven, YOUNG_MAN)
    return ValidationRow(
        study="Kilroe et al. 2020",
        people="young men",
        protocol=Protocol(
            "knee brace for 2 or 7 days",
            (Arm("2 days", two, YOUNG_MAN), Arm("7 days", seven, YOUNG_MAN)),
        ),
        outcomes=(
            _outcome("quadriceps volume, 2 days", (-1.7, -1.7), _change(a.size[2], a.size[0]), 1),
            _outcome("quadriceps volume, 7 days", (-6.7, -6.7), _change(b.size[7], b.size[0]), 2),
        ),
        tolerance_reason=(
            "About 10 men per group; MRI volume has an error near 1 %; at 7 days this study "
            "shows more loss than Wall's cast at 5 and 14 days would predict, so 2 points."
        ),
        reading="",
    )


def _farthing_2009() -> ValidationRow:
    cast = (Phase("immobilized", 21),)
    still = _one_side(cast, (Phase("rest", 21),), "forearms")
    trained = _one_side(cast, (Phase("train", 21),), "forearms")

    def lost(t: _Trace) -> tuple[np.ndarray, np.ndarray]:
        return _change(t.strength[21], t.strength[0]), _change(t.size[21], t.size[0])

    still_strength, still_size = lost(still)
    trained_strength, trained_size = lost(trained)
    return ValidationRow(
        study="Farthing et al. 2009 (cross-education in a cast)",
        people="30 right-handed young adults",
        protocol=Protocol(
            "3 weeks with the left wrist and hand in a cast, the right arm trained 5 days a "
            "week or not at all (forearm muscles)",
            (Arm("cast", cast, YOUNG), Arm("cast, the other arm trained", cast, YOUNG)),
        ),
        outcomes=(
            _outcome("cast arm strength, no training", (-14.8, -14.8), still_strength, 6, "band"),
            _outcome("cast arm thickness, no training", (-4.3, -4.3), still_size, 6, "band"),
            _outcome(
                "strength kept by training the other arm (points)",
                (17.0, 17.0),
                trained_strength - still_strength,
                5,
                unit="",
            ),
            _outcome(
                "thickness kept by training the other arm (points)",
                (3.2, 3.2),
                trained_size - still_size,
                2,
                unit="",
            ),
        ),
        tolerance_reason=(
            "10 people a group, strength varying by about 30 % of its mean between them; the "
            "untreated control arm drifted by 5.5 % in the same 3 weeks, so each group's own "
            "change is compared as a band with 6 points. A wrist-and-hand cast leaves the "
            "elbow and shoulder working and loses less than the model's full-limb cast (Wall "
            "2014); the difference between the two cast groups is the cross-education itself "
            "and is compared centrally: 5 points for strength, 2 for thickness."
        ),
        reading=(
            "The model's cast follows Wall 2014's full leg cast; from this study it takes the "
            "difference that training the free arm makes, not the size of the loss."
        ),
    )


def _haggert_2020() -> ValidationRow:
    cast = (Phase("immobilized", 28),)
    still = _one_side(cast, (Phase("rest", 28),), "biceps")
    trained = _one_side(cast, (Phase("train", 28),), "biceps")
    strength = _change(trained.strength[28], still.strength[28])
    size = _change(trained.size[28], still.size[28])
    return ValidationRow(
        study="Haggert et al. 2020 (meta-analysis of cross-education in immobilisation)",
        people="5 randomised trials, 78 people",
        protocol=Protocol(
            "3-4 weeks of one arm or hand immobilised, the other trained or not; here 4 weeks, "
            "elbow flexors",
            (Arm("cast", cast, YOUNG), Arm("cast, the other arm trained", cast, YOUNG)),
        ),
        outcomes=(
            _outcome("strength kept, training against none", (0.0, INF), strength, 0),
            _outcome("muscle thickness kept, training against none", (0.0, INF), size, 0),
            _outcome(
                "strength kept more than thickness (points)",
                (0.0, INF),
                strength - size,
                0,
                unit="",
            ),
        ),
        tolerance_reason=(
            "The pooled effects are standardised (strength 1.60, 95 % CI 0.62-2.59; thickness "
            "1.52, CI 0.22-2.81): both above zero, strength the larger and surer one. Without "
            "a percentage to compare, every parameter set must keep some of both and more of "
            "the strength (the test checks the band too); no tolerance."
        ),
        reading=(
            "Muscle activation did not differ between the groups: the model's cross-education "
            "acts on its lumped neural term (activation), and a smaller share on size."
        ),
    )


def _marusic_2021() -> ValidationRow:
    phases = (Phase("immobilized", 35),)
    t = _trace(phases, YOUNG)

    def ratio(day: int) -> np.ndarray:
        return np.asarray((1.0 - t.strength[day]) / (1.0 - t.size[day]))

    week1 = (1.0 - t.size[7] / t.size[0]) / 7 * 100.0
    week3 = (t.size[14] - t.size[21]) / t.size[14] / 7 * 100.0
    return ValidationRow(
        study="Marusic et al. 2021 (bed-rest pooled analysis)",
        people="318 people",
        protocol=Protocol("bed rest, 35 days", (Arm("bed rest", phases, YOUNG),)),
        outcomes=(
            _outcome("strength loss / size loss, day 5", (4.2, 4.2), ratio(5), 1.0, unit=" ×"),
            _outcome("strength loss / size loss, day 14", (2.4, 2.4), ratio(14), 0.4, unit=" ×"),
            _outcome("strength loss / size loss, day 35", (1.9, 1.9), ratio(35), 0.4, unit=" ×"),
            _outcome("size loss per day, week 1 (MODEL.md)", (0.8, 1.0), week1, 0.1, unit=" %/day"),
            _outcome("size loss per day, week 3 (MODEL.md)", (0.3, 0.4), week3, 0.1, unit=" %/day"),
        ),
        tolerance_reason=(
            "Pooled curves from studies of different lengths. Day 5 is the least certain point "
            "(Wall's cast study found 2.6 at day 5): 1.0; later ratios 0.4; the daily rates "
            "0.1 %/day."
        ),
        reading="Day-5 ratio: between Wall (2.6) and this pooled analysis (4.2).",
    )


def _bickel_2011() -> ValidationRow:
    train = Phase("train", 112)
    third, ninth = Phase("reduced", 224), Phase("reduced", 224, 1 / 3)
    young, older = Profile(age=27), Profile(age=70)
    outcomes = []
    arms = []
    for who, profile in (("young", young), ("older", older)):
        for dose_name, phase in (("1/3", third), ("1/9", ninth)):
            t = _trace((train, phase), profile)
            kept = (t.size[336] - t.size[0]) / (t.size[112] - t.size[0]) * 100.0
            expected: tuple[float, float] = (
                (0.0, 70.0) if (who, dose_name) == ("older", "1/9") else (90.0, INF)
            )
            outcomes.append(
                _outcome(f"{who}, {dose_name} dose: share of size gain kept", expected, kept, 5)
            )
            arms.append(Arm(f"{who} {dose_name}", (train, phase), profile))
    return ValidationRow(
        study="Bickel et al. 2011; Spiering et al. 2021 (review)",
        people="young and older adults",
        protocol=Protocol(
            "16 wk training (3 days a week), then 32 wk at 1/3 of the dose (one session a week, "
            "'reduced') or 1/9 (one session with a third of the sets)",
            tuple(arms),
        ),
        outcomes=tuple(outcomes),
        tolerance_reason=(
            "'Kept' is read as at least 90 % of the gain, 'not kept' as at most 70 %; 5 points "
            "for the error of fibre-size measurements."
        ),
        reading="",
    )


def _nuckols_2022() -> ValidationRow:
    trained = Profile(age=30, training_years=3)
    outcomes = []
    arms = []
    for weeks in (4, 8, 12, 16):
        pause = Phase("rest", 7 * weeks)
        found = regain_days([], pause, trained, groups=("quads", "chest"))
        ratios = []
        for regain in found.values():
            per_set = []
            for k in ("fastest", "central", "slowest"):
                size_days = getattr(regain.size_100, k)
                strength_days = getattr(regain.strength_100, k)
                if size_days is None or strength_days is None:
                    per_set.append(INF)
                else:
                    per_set.append(max(size_days, strength_days) / pause.days)
            ratios.append(per_set)
        mean = np.mean(np.array(ratios), axis=0)  # fastest, central, slowest
        outcomes.append(
            _outcome(
                f"{weeks}-wk break: regain time / break", (1 / 3, 2 / 3), mean, 0.05, unit=" ×"
            )
        )
        arms.append(Arm(f"{weeks}-wk break", (pause, Phase("train", 365)), trained))
    return ValidationRow(
        study="Nuckols 2022 (review of the detraining literature)",
        people="trained lifters",
        protocol=Protocol(
            "3 training years, a rest break of 4-16 weeks, then training; regain = days until "
            "size and strength are both back to 100 % (mean of quadriceps and chest)",
            tuple(arms),
        ),
        outcomes=tuple(outcomes),
        tolerance_reason=(
            "A review's rule of thumb with its own range (one third to two thirds); 0.05 for "
            "the day-level rounding of short breaks."
        ),
        reading="",
    )


_ROWS: tuple[Callable[[], ValidationRow], ...] = (
    _ogasawara_2011,
    _ogasawara_2013,
    _rantila_2021,
    _lemmer_2000,
    _taaffe_1997,
    _psilander_2019,
    _graves_1988,
    _garcia_pallares_2010,
    _narici_1989,
    _abe_2000,
    _wall_2014,
    _kilroe_2020,
    _marusic_2021,
    _bickel_2011,
    _nuckols_2022,
    _farthing_2009,
    _haggert_2020,
)


@lru_cache(maxsize=1)
def _all_rows() -> tuple[ValidationRow, ...]:
    return tuple(row() for row in _ROWS)


def validation_rows() -> list[ValidationRow]:
    """Every calibration row of MODEL.md with the model's answer, in MODEL.md's order."""
    return list(_all_rows())


def validation_markdown() -> str:
    """The calibration table as Markdown: Study | Protocol | Published | Model (band) | Within
    tolerance."""
    lines = [
        "| Study | Protocol | Published | Model (band) | Within tolerance |",
        "|---|---|---|---|---|",
    ]
    for row in validation_rows():
        published = "<br>".join(f"{o.label}: {o.published_text()}" for o in row.outcomes)
        model = "<br>".join(f"{o.model_text()}" for o in row.outcomes)
        within = "<br>".join(
            ("yes" if o.passed else "**no**") + f" (±{o.tolerance:g}, {o.criterion})"
            for o in row.outcomes
        )
        cells = [row.study, row.protocol.description, published, model, within]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the calibration table, or write it to ``--output``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", help="write the Markdown table to this file")
    args = parser.parse_args(argv)
    table = validation_markdown()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(table)
    else:
        print(table, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
