"""Every number the muscle-memory model uses, with its range and where it comes from.

Each :class:`Parameter` has a central value and a plausible range. The band the app shows is the
model run twice more: once with every parameter at the end of its range that gives *less* muscle
or strength (the "low" set) and once at the end that gives *more* (the "high" set). Which end is
which is the parameter's ``direction``: ``+1`` when a larger value means more muscle or strength,
``-1`` when it means less. Parameters with ``low == central == high`` are fixed: they shape the
model but the studies do not pin them down well enough to give them a meaningful range, or moving
them would not move the estimate in one direction only.

Rates are per day; sizes are fractions of the muscle's untrained ("baseline") size; volumes are
hard sets per muscle group per week. Sources refer to the reference list of MODEL.md; "model
choice" marks a number we chose to make the model behave as the cited findings describe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal[-1, 0, 1]

#: Index of each parameter set along the model's "set" axis.
LOW, CENTRAL, HIGH = 0, 1, 2
SET_NAMES: tuple[str, str, str] = ("low", "central", "high")


@dataclass(frozen=True)
class Parameter:
    """One model parameter: central value, range for the band, and its source."""

    name: str
    central: float
    low: float
    high: float
    direction: Direction
    unit: str
    meaning: str
    source: str

    def __post_init__(self) -> None:
        if not self.low <= self.central <= self.high:
            raise ValueError(f"parameter {self.name}: need low <= central <= high")
        if self.direction == 0 and not self.low == self.central == self.high:
            raise ValueError(f"parameter {self.name}: a fixed parameter has no range")

    def values(self) -> tuple[float, float, float]:
        """Values for the (low, central, high) parameter sets, in that order."""
        if self.direction >= 0:
            return (self.low, self.central, self.high)
        return (self.high, self.central, self.low)


def _p(
    name: str,
    central: float,
    low: float,
    high: float,
    direction: Direction,
    unit: str,
    meaning: str,
    source: str,
) -> Parameter:
    return Parameter(name, central, low, high, direction, unit, meaning, source)


def _fixed(name: str, value: float, unit: str, meaning: str, source: str) -> Parameter:
    return Parameter(name, value, value, value, 0, unit, meaning, source)


PARAMETERS: tuple[Parameter, ...] = (
    # --- Growth -------------------------------------------------------------------------------
    _p(
        "growth_rate_upper",
        0.0080,
        0.0062,
        0.0100,
        1,
        "fraction of baseline / day",
        "Growth rate of an upper-body muscle on its first training day (full responsiveness, "
        "far from the ceiling, 15 hard sets a week).",
        "Ogasawara 2011 (pectoral CSA +18-20 % in 6 weeks); Abe 2000 (upper-body thickness "
        "+10-31 % in 12 weeks); MODEL.md point 7 (0.25-0.45 %/day over the first 6-12 weeks).",
    ),
    _p(
        "growth_rate_lower",
        0.0034,
        0.0026,
        0.0043,
        1,
        "fraction of baseline / day",
        "The same for leg and trunk muscles, which grow about half as fast.",
        "Räntilä 2021 (+10.7 % in 10 weeks); Narici 1989 (+8.5 % in 60 days); Psilander 2019 "
        "(+10 % thickness in 10 weeks); Abe 2000 (lower body +7-9 % in 12 weeks).",
    ),
    _fixed(
        "volume_scale",
        8.0,
        "hard sets / week",
        "Weekly volume at which the growth signal reaches 63 % of its maximum; the signal is "
        "normalised to 1 at 15 sets a week (a typical programme).",
        "Model choice: diminishing returns per extra set, with the usual 10-20 sets a week "
        "(MODEL.md, phase 'train') giving nearly the full effect.",
    ),
    _fixed(
        "ceiling",
        0.5,
        "fraction of baseline",
        "Most a muscle can grow above its untrained size; growth slows in proportion to how "
        "close it is (years of training, MODEL.md point 7).",
        "Model choice, set so that growth keeps slowing over years of training.",
    ),
    _p(
        "responsiveness_floor",
        0.20,
        0.12,
        0.30,
        1,
        "fraction",
        "How responsive a muscle stays after months of uninterrupted training, relative to its "
        "first weeks.",
        "Ogasawara 2011, 2013 (continuous training: +3 % CSA in weeks 10-15 against +12 % after "
        "a 3-week break); MODEL.md point 7 ('falls several times over within months').",
    ),
    _p(
        "desensitisation_days",
        35.0,
        28.0,
        49.0,
        1,
        "days",
        "Time constant of the loss of responsiveness under continuous training.",
        "Ogasawara 2013 (rate of gain falls gradually after the first 6 weeks).",
    ),
    _p(
        "resensitisation_days",
        21.0,
        14.0,
        28.0,
        -1,
        "days",
        "Time constant of the return of responsiveness in weeks without any training (reduced "
        "training keeps the muscle used to training).",
        "Ogasawara 2011, 2013 (a 3-week break restores the early rate of gain).",
    ),
    # --- Loss in rest --------------------------------------------------------------------------
    _p(
        "grace_days",
        14.0,
        10.0,
        21.0,
        1,
        "days",
        "Days from the last training session to the start of real muscle loss (adults under 50).",
        "MODEL.md point 2 (about 2 weeks, range 10-21 days); Ogasawara 2011 (little or no loss "
        "after 3 weeks off).",
    ),
    _p(
        "loss_tau_days",
        42.0,
        28.0,
        84.0,
        1,
        "days",
        "Time constant of the exponential loss of the gain above baseline, after the grace "
        "period (adults under 50).",
        "MODEL.md point 3 (about 6 weeks, range 4-12); Räntilä 2021; Psilander 2019 (back to "
        "baseline after 20 weeks off).",
    ),
    _p(
        "maintenance_sets",
        1.25,
        1.0,
        3.0,
        -1,
        "hard sets / week",
        "Weekly hard sets that hold size and strength (adults under 50, little training history).",
        "Bickel 2011, Spiering 2021 (one session, even one set per exercise, a week maintained "
        "young adults for 32 weeks); Graves 1988 (1 day a week kept the gain).",
    ),
    _p(
        "maintenance_experience",
        1.0,
        0.5,
        2.0,
        -1,
        "fraction",
        "Extra maintenance volume for a long training history: at 3 training years the "
        "maintenance volume is (1 + this/2) times the novice's.",
        "García-Pallarés 2010 (world-class kayakers lost 3.9 % of 1RM on reduced training, "
        "where novices keep theirs); model choice for the shape.",
    ),
    _fixed(
        "experience_half_years",
        3.0,
        "years",
        "Training years at which half of the extra maintenance volume applies.",
        "Model choice.",
    ),
    # --- Age -----------------------------------------------------------------------------------
    _p(
        "age_loss_factor",
        2.0,
        1.5,
        2.5,
        -1,
        "ratio",
        "How much faster muscle and skill are lost in rest past about 65 (phased in from 50).",
        "MODEL.md point 8 (about twice as fast); Lemmer 2000 (older adults kept 31 % of the "
        "strength gain after 31 weeks, younger 67 %).",
    ),
    _p(
        "age_grace_factor",
        0.6,
        0.5,
        0.75,
        1,
        "ratio",
        "Grace period past about 65, as a fraction of the younger adult's.",
        "MODEL.md point 2 (strength holds 3-4 weeks when young, about 2 weeks past 60-65).",
    ),
    _p(
        "age_maintenance_factor",
        2.0,
        1.5,
        3.0,
        -1,
        "ratio",
        "How many times the younger adult's maintenance volume an adult past 65 needs.",
        "MODEL.md points 5 and 8 (older adults need about two sessions a week); Bickel 2011 "
        "(older adults lost size at 1/9 of the training dose).",
    ),
    # --- Memory --------------------------------------------------------------------------------
    _p(
        "memory_build_days",
        150.0,
        100.0,
        200.0,
        -1,
        "days",
        "Time constant with which the memory (retained myonuclei) strengthens while the muscle "
        "is trained or maintained: the longer a size is held, the stronger the memory.",
        "Psilander 2019 (no regain advantage after a 10-week first block); MODEL.md point 6; "
        "Bruusgaard 2010; Seaborne 2018.",
    ),
    _p(
        "memory_half_life_days",
        548.0,
        365.0,
        1095.0,
        1,
        "days",
        "Half-life of the memory while the muscle is losing size (after the grace period).",
        "MODEL.md point 6 (half-life of a year or more); Bruusgaard 2010 (myonuclei kept "
        "through atrophy).",
    ),
    _p(
        "regain_speed",
        0.02,
        0.013,
        0.03,
        1,
        "fraction of the peak gain / day",
        "Extra growth toward the highest gain held so far, per day, with a full memory and "
        "15 sets a week; it scales with the memory's strength squared, so a weak memory helps "
        "little.",
        "Nuckols 2022 (regain takes about half the break, one third to two thirds); Taaffe "
        "1997 (fully regained within 8 weeks); Ogasawara 2011 (+12 % on retraining).",
    ),
    _p(
        "consolidation",
        0.5,
        0.1,
        0.65,
        1,
        "fraction",
        "How much slower a long-held gain is lost than a fresh one, for someone without a "
        "training history: the loss rate is (1 - this × memory strength) times the fresh "
        "rate (see consolidation_trained for trained people).",
        "MODEL.md point 3 (6 weeks for recently gained size, range 4-12); García-Pallarés 2010 "
        "(world-class kayakers lost 8.9 % of 1RM in 5 weeks off); Graves 1988 (the low end: "
        "68 % of an isometric gain lost in 12 weeks off).",
    ),
    _p(
        "consolidation_trained",
        0.9,
        0.5,
        0.95,
        1,
        "fraction",
        "The consolidation after a long training history: it grows from the value above to "
        "this one with the share of experience e, so the loss rate is (1 - (c + (this - c) × "
        "e) × memory strength) times the fresh rate, where e = training years / (training "
        "years + 3) is the share of experience reached (a quarter at 1 year, half at 3).",
        "The backtest of real lifters' logs (How Regain estimates): with a fresh gain's 6-week "
        "time constant, trained lifters were predicted to lose far more over breaks of 2-4 "
        "months than their logs show, and more the longer they had trained; Nuckols 2022; "
        "Bruusgaard 2010 and Seaborne 2018 (what was held long leaves lasting traces). The low "
        "end keeps García-Pallarés 2010 (elite kayakers lost 8.9 % in 5 weeks off) in the band.",
    ),
    _p(
        "strength_retention",
        0.5,
        0.1,
        0.8,
        1,
        "fraction",
        "Share of the strength of lost size that a full memory keeps: strength follows "
        "baseline + gain + this × memory² × (peak gain - gain), so with a strong memory size "
        "can fall while strength holds (and strength comes back before size), with a weak one "
        "(a first short block) hardly at all.",
        "The backtest of real lifters' logs (How Regain estimates): after breaks of one to "
        "four months trained lifters' 1RMs were back within a few percent in two weeks, where "
        "the size a gain's time constant takes away cannot have returned; Nuckols 2022 "
        "(regain of size takes about half the break); Psilander 2019 (after a 10-week block "
        "strength fell with size: a weak memory keeps little). MODEL.md point 1 (the neural "
        "part is kept longer).",
    ),
    _p(
        "strength_recall",
        0.3,
        0.1,
        0.4,
        1,
        "fraction",
        "The further share of the strength of lost size that training brings back at once, "
        "with a full memory and a full training week: strength follows baseline + gain + "
        "(retention + this × training signal) × memory² × (peak gain - gain). What returns in "
        "the first sessions back is mostly skill and activation, before the size.",
        "Staron 1991 (trained women regained their strength within 6 weeks of retraining "
        "after 30-32 weeks off, faster than their fibre size); Taaffe 1997 (fully regained "
        "within 8 weeks); the backtest of real lifters' logs (How Regain estimates: most "
        "trained lifters were back to 95 % within two or three weeks of breaks of two to four "
        "months).",
    ),
    # --- Nervous system ------------------------------------------------------------------------
    _p(
        "neural_max_lower",
        0.11,
        0.06,
        0.20,
        1,
        "fraction of strength",
        "Strength that skill and activation add to what muscle size explains, once learnt: "
        "leg and trunk muscles.",
        "Narici 1989 (about 60 % of the gain neural); Räntilä 2021; Psilander 2019; Lemmer "
        "2000; MODEL.md point 1 (roughly half of an early strength gain).",
    ),
    _p(
        "neural_max_upper",
        0.06,
        0.03,
        0.12,
        1,
        "fraction of strength",
        "The same for upper-body muscles, whose 1RM gains follow their larger size gains "
        "more closely.",
        "Ogasawara 2011 (bench 1RM +19-21 % with pectoral CSA +18-20 %); Abe 2000 (upper-body "
        "1RM gains no larger than thickness gains).",
    ),
    _fixed(
        "neural_learning_days",
        35.0,
        "days",
        "Time constant of learning at 15 sets a week.",
        "Model choice: most of the neural gain comes in the first 6-8 weeks (Narici 1989).",
    ),
    _p(
        "neural_decay_days",
        1400.0,
        700.0,
        2800.0,
        1,
        "days",
        "Time constant of the fading of the neural gain in rest (adults under 50).",
        "Lemmer 2000 (67 % of the gain kept after 31 weeks); Psilander 2019 (about 60 % kept "
        "after 20 weeks with size back to baseline); MODEL.md point 1 ('fades very slowly').",
    ),
    # --- Immobilisation ------------------------------------------------------------------------
    _p(
        "immobilization_loss",
        0.096,
        0.075,
        0.12,
        -1,
        "fraction",
        "Amplitude of the logarithmic loss of the whole muscle when immobilised: the daily "
        "loss is this / (onset days + days immobilised so far).",
        "Wall 2014 (-3.5 % at 5 days, -8.4 % at 14); Kilroe 2020 (-1.7 % at 2 days, -6.7 % at "
        "7); Marusic 2021 (logarithmic loss in bed rest).",
    ),
    _fixed(
        "immobilization_onset_days",
        10.0,
        "days",
        "Shapes the front-loading: about 1 %/day on the first day, 0.3 %/day by week 3.",
        "MODEL.md point 4; Wall 2014; Kilroe 2020.",
    ),
    _fixed(
        "immobilization_memory_days",
        7.0,
        "days",
        "Once free again, the count of days immobilised runs down with this time constant: a "
        "day out of a cast does not restart the fast early loss, two weeks mostly do.",
        "Model choice (no calibration study interrupted an immobilisation).",
    ),
    _p(
        "activation_loss",
        0.14,
        0.10,
        0.18,
        -1,
        "fraction of strength",
        "Strength lost to reduced activation (neural) when a muscle is immobilised, at its "
        "plateau. This is why strength falls 2-4 times faster than size early on.",
        "Wall 2014 (strength -9 % / -22.9 % at 5 / 14 days); Marusic 2021 (strength loss / "
        "size loss 4.2 at day 5, 2.4 at day 14, 1.9 after 35 days).",
    ),
    _p(
        "cross_education_strength",
        0.9,
        0.6,
        1.0,
        1,
        "fraction",
        "Share of the activation (neural) strength loss of an immobilised limb that training "
        "the same muscles of the other limb keeps, at a full training week (15 hard sets) for "
        "the other side; less training keeps less, in proportion to its growth signal.",
        "Farthing 2009 (3-week wrist cast: the cast arm lost 15 % of its strength without "
        "training, none while the free arm trained); Magnus 2010 (4-week sling, elbow "
        "flexors and extensors); Andrushko 2018 (forearm cast: strength spared, muscle by "
        "muscle); Haggert 2020 (meta-analysis of 5 trials, n = 78: a large effect on strength, "
        "none on the immobilised arm's muscle activation, pointing to the brain). From three "
        "fifths to all of it: the trials are small.",
    ),
    _p(
        "cross_education_size",
        0.4,
        0.15,
        0.7,
        1,
        "fraction",
        "Share of the immobilisation's size loss that training the other limb keeps at a full "
        "training week: a smaller and less certain effect than on strength.",
        "Farthing 2009 (muscle thickness -4.3 % in the cast arm without training, -1.1 % "
        "with); Andrushko 2018 (size spared in some muscles only); Haggert 2020 (muscle "
        "thickness: an effect with a wide confidence interval, 0.22-2.81 standardised mean "
        "difference). Model choice: less than on strength, from a sixth to two thirds; with "
        "the activation share it gives Farthing's differences between the two cast groups "
        "(validation).",
    ),
    _fixed(
        "activation_loss_days",
        5.0,
        "days",
        "Time constant of the activation loss while immobilised.",
        "Marusic 2021 (the ratio of strength to size loss is highest in the first days).",
    ),
    _fixed(
        "activation_recovery_days",
        7.0,
        "days",
        "Time constant of the return of activation once the limb moves again.",
        "Model choice (no calibration study measured it).",
    ),
    _fixed(
        "baseline_recovery_days",
        60.0,
        "days",
        "Time constant of the return of baseline muscle lost to immobilisation, in normal "
        "daily life.",
        "Model choice (no calibration study measured it); training speeds it up, see next.",
    ),
    _fixed(
        "baseline_recovery_training_days",
        14.0,
        "days",
        "Time constant of the same return while training 15 sets a week.",
        "Model choice: muscle lost to a cast comes back like other lost muscle, within weeks "
        "of training.",
    ),
)

PARAMS: dict[str, Parameter] = {p.name: p for p in PARAMETERS}

#: Nominal weekly hard sets of the model's phase kinds, per muscle group.
TRAIN_SETS_PER_WEEK = 15.0
TRAIN_SESSION_DAYS = (0, 2, 4)  # three sessions a week, Monday / Wednesday / Friday
REDUCED_SETS_PER_WEEK = 5.0  # one session a week with a few hard sets near the usual load
REDUCED_SESSION_DAYS = (0,)

#: Ages over which the older-adult effects are phased in (none below, all above).
AGE_EFFECTS_FROM = 50.0
AGE_EFFECTS_FULL = 65.0


def age_weight(age: float) -> float:
    """0 below 50, 1 from 65, linear in between: how much of the older-adult effects apply."""
    span = AGE_EFFECTS_FULL - AGE_EFFECTS_FROM
    return min(1.0, max(0.0, (age - AGE_EFFECTS_FROM) / span))


def parameters_markdown() -> str:
    """The parameter table as Markdown, for the explainer article."""
    lines = [
        "| Parameter | Central | Range | Unit | Source |",
        "|---|---|---|---|---|",
    ]
    for p in PARAMETERS:
        rng = "fixed" if p.direction == 0 else f"{p.low:g} – {p.high:g}"
        lines.append(f"| {p.name} | {p.central:g} | {rng} | {p.unit} | {p.source} |")
    return "\n".join(lines) + "\n"
