"""The model's equations as a plain day-by-day loop: slow, obvious, for the tests only.

``tracker.physiology.model.simulate`` is optimised (closed-form scans of the linear states,
blocks of days, a shared workspace, a compiled day loop). This module computes the same
thing the obvious way, one day, one parameter set and one muscle group at a time, with Python
floats, straight from the equations in the model's docstring and the parameter table
(``tracker.physiology.params``). ``test_reference.py`` holds the two equal on random
histories, so that a recalibration or an optimisation cannot drift from the equations
unnoticed. Change the equations here and in the model together.

Nothing here is imported from ``tracker.physiology.model``: only the parameter table, the
state codes and the day-0 state (:func:`tracker.physiology.initial_state`, closed form, not a
loop), so that the loop is an independent reading of the equations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tracker.physiology import (
    IMMOBILIZED,
    REDUCED,
    REST,
    DailyInputs,
    ModelState,
    Profile,
    Response,
)
from tracker.physiology.muscles import MUSCLES_BY_KEY
from tracker.physiology.params import PARAMS, age_weight

WINDOW = 7  # the trailing week of hard sets
SETS = ("low", "central", "high")


def value(name: str, which: str) -> float:
    """A parameter's value in one parameter set: the end of its range that gives less muscle
    or strength for "low", more for "high" (``direction`` says which end that is)."""
    p = PARAMS[name]
    if which == "central" or p.direction == 0:
        return p.central
    less = p.low if p.direction > 0 else p.high
    more = p.high if p.direction > 0 else p.low
    return less if which == "low" else more


@dataclass(frozen=True)
class Lane:
    """Every coefficient of one parameter set for one muscle group and one age."""

    growth: float
    ceiling: float
    volume_scale: float
    s_min: float
    desens_days: float
    resens_days: float
    grace_days: float
    loss_tau: float
    consolidation: float
    consolidation_trained: float
    retention: float
    recall: float
    maintenance: float
    maintenance_experience: float
    experience_half: float
    memory_build_days: float
    memory_half_life: float
    regain: float
    neural_max: float
    neural_learning_days: float
    neural_decay_days: float
    imm_loss: float
    imm_onset: float
    imm_memory_days: float
    act_max: float
    cross_activation: float
    cross_size: float
    act_days: float
    act_recovery_days: float
    base_recovery_days: float
    base_recovery_training_days: float


def personal(response: Response, which: str) -> tuple[float, float]:
    """The person's (loss, regain) factors in one parameter set: the low set loses faster
    and regains slower by the factors' spread, the high set the other way."""
    sign = {"low": 1.0, "central": 0.0, "high": -1.0}[which]
    loss = response.loss * math.exp(sign * response.loss_spread)
    regain = response.regain * math.exp(-sign * response.regain_spread)
    return loss, regain


def lane(group: str, which: str, age: float, response: Response | None = None) -> Lane:
    upper = MUSCLES_BY_KEY[group].region == "upper"
    w = age_weight(age)
    loss, regain = personal(response or Response(), which)

    def v(name: str) -> float:
        return value(name, which)

    # Losses in rest: faster past 50, and by the person's loss factor.
    faster = (1.0 + w * (v("age_loss_factor") - 1.0)) * loss
    # The recall grows with the regain factor, but never past all of the lost size's strength.
    recall = min(
        v("strength_recall") * regain, max(v("strength_recall"), 1.0 - v("strength_retention"))
    )
    return Lane(
        growth=v("growth_rate_upper") if upper else v("growth_rate_lower"),
        ceiling=v("ceiling"),
        volume_scale=v("volume_scale"),
        s_min=v("responsiveness_floor"),
        desens_days=v("desensitisation_days"),
        resens_days=v("resensitisation_days"),
        grace_days=v("grace_days") * (1.0 - w * (1.0 - v("age_grace_factor"))) / loss,
        loss_tau=v("loss_tau_days") / faster,
        consolidation=v("consolidation"),
        consolidation_trained=v("consolidation_trained"),
        retention=v("strength_retention"),
        recall=recall,
        maintenance=v("maintenance_sets") * (1.0 + w * (v("age_maintenance_factor") - 1.0)),
        maintenance_experience=v("maintenance_experience"),
        experience_half=v("experience_half_years"),
        memory_build_days=v("memory_build_days"),
        memory_half_life=v("memory_half_life_days"),
        regain=v("regain_speed") * regain,
        neural_max=v("neural_max_upper") if upper else v("neural_max_lower"),
        neural_learning_days=v("neural_learning_days"),
        neural_decay_days=v("neural_decay_days") / faster,
        imm_loss=v("immobilization_loss"),
        imm_onset=v("immobilization_onset_days"),
        imm_memory_days=v("immobilization_memory_days"),
        act_max=v("activation_loss"),
        cross_activation=v("cross_education_strength"),
        cross_size=v("cross_education_size"),
        act_days=v("activation_loss_days"),
        act_recovery_days=v("activation_recovery_days"),
        base_recovery_days=v("baseline_recovery_days"),
        base_recovery_training_days=v("baseline_recovery_training_days"),
    )


def growth_signal(weekly_sets: float, scale: float) -> float:
    """0 without sets, 1 at 15 hard sets a week, saturating."""
    return (1.0 - math.exp(-weekly_sets / scale)) / (1.0 - math.exp(-15.0 / scale))


@dataclass
class Result:
    """Per row (day 0..N), per parameter set (low, central, high), per group."""

    size: list[list[list[float]]]
    strength: list[list[list[float]]]
    memory: list[list[list[float]]]
    peak_gain: list[list[list[float]]]


def write(
    out: Result,
    t: int,
    k: int,
    j: int,
    b: float,
    g: float,
    n: float,
    a: float,
    mu: float,
    peak: float,
    kept: float,
    size_norm: float,
    strength_norm: float,
) -> None:
    """Row ``t`` of parameter set ``k`` and group ``j``: size = b + g; strength = (size + the
    share ``kept`` of the lost size a strong memory keeps) x (1 + skill) x (1 - activation
    deficit); both relative to day 0."""
    out.size[t][k][j] = (b + g) / size_norm
    muscular = b + g + kept * mu * mu * (peak - g)
    out.strength[t][k][j] = muscular * (1.0 + n) * (1.0 - a) / strength_norm
    out.memory[t][k][j] = mu
    out.peak_gain[t][k][j] = peak


def simulate(inputs: DailyInputs, profile: Profile, initial: ModelState) -> Result:
    """The model over ``inputs`` from ``initial``, one day at a time."""
    days, groups = inputs.days, len(inputs.groups)
    recent_sets = [[float(x) for x in row] for row in initial.recent.hard_sets]
    recent_states = [[int(x) for x in row] for row in initial.recent.states]
    all_sets = recent_sets + [[float(x) for x in row] for row in inputs.hard_sets]
    all_states = recent_states + [[int(x) for x in row] for row in inputs.states]
    # Cross-education: the other side's sets (none for an ordinary history).
    has_cross = inputs.cross is not None
    recent_cross = initial.recent.cross
    zeros = [[0.0] * groups for _ in recent_sets]
    all_cross = (
        [[float(x) for x in row] for row in recent_cross] if recent_cross is not None else zeros
    ) + [[float(x) for x in row] for row in (inputs.cross if has_cross else inputs.hard_sets)]
    out = Result(*([[[0.0] * groups for _ in SETS] for _ in range(days + 1)] for _ in range(4)))

    for j, group in enumerate(inputs.groups):
        # Shared by the parameter sets: the inputs, the training-years count and the
        # immobilisation clock.
        weekly: list[float] = []
        for t in range(days):
            row = t + WINDOW  # this day in all_sets
            window = range(row - WINDOW + 1, row + 1)
            total = sum(all_sets[d][j] for d in window if all_states[d][j] != IMMOBILIZED)
            if all_states[row][j] == REDUCED:
                logged = sum(all_sets[d][j] for d in window if all_states[d][j] == REDUCED)
                if logged <= 0.0:
                    total = max(total, 5.0)  # the nominal reduced dose, when none is logged
            weekly.append(total)
        cross_weekly = [
            sum(all_cross[d][j] for d in range(t + 1, t + WINDOW + 1)) if has_cross else 0.0
            for t in range(days)
        ]
        for k, which in enumerate(SETS):
            c = lane(group, which, float(profile.age), profile.response)
            b = float(initial.baseline[k, j])
            g = float(initial.gain[k, j])
            peak = float(initial.peak_gain[k, j])
            mu = float(initial.memory[k, j])
            n = float(initial.neural[k, j])
            n_ceiling = float(initial.neural_ceiling[k, j])
            a = float(initial.activation[k, j])
            s = float(initial.responsiveness[k, j])
            since = float(initial.since_maintained[k, j])
            years = float(initial.training_years[j])
            clock = float(initial.immobilized_days[j])
            size_norm = float(initial.size_norm[k, j])
            strength_norm = float(initial.strength_norm[k, j])

            kept = c.retention + c.recall * float(initial.signal[j])
            write(out, 0, k, j, b, g, n, a, mu, peak, kept, size_norm, strength_norm)
            for t in range(days):
                state = all_states[t + WINDOW][j]
                resting = state in (REST, IMMOBILIZED)
                cast = state == IMMOBILIZED
                f = 0.0 if resting else growth_signal(weekly[t], c.volume_scale)
                capped = min(f, 1.0)

                # Maintained today? Enough sets in the trailing week for this much experience.
                experience = years / (years + c.experience_half)  # e, 0 to 1
                needed = c.maintenance * (1.0 + c.maintenance_experience * experience)
                share = weekly[t] / needed
                since = 0.0 if share >= 1.0 else since + 1.0
                # Loss runs once the grace period after the last maintained day is over (the
                # trailing week counts the last session's week as maintained).
                off = (1.0 - min(share, 1.0)) if since >= c.grace_days - (WINDOW - 1) else 0.0
                years += f / 365.25

                # Immobilisation: front-loaded loss of the whole muscle, activation falls.
                q = c.imm_loss / (clock + c.imm_onset) if cast else 0.0
                # Training the other side keeps part of the activation and of the size.
                x = min(growth_signal(cross_weekly[t], c.volume_scale), 1.0) if cast else 0.0
                q *= 1.0 - x * c.cross_size
                target = c.act_max * (1.0 - x * c.cross_activation)
                free = math.exp(-1.0 / c.imm_memory_days)
                clock = clock + 1.0 if cast else clock * free

                # Gain and the peak gain (the memory pulls back toward the peak).
                growth = c.growth * f * s * (1.0 - g / c.ceiling)
                consolidation = (
                    c.consolidation + (c.consolidation_trained - c.consolidation) * experience
                )
                loss = off * (1.0 - consolidation * mu) / c.loss_tau + q
                h = g + growth - loss * g
                pull = c.regain * mu * mu * f * peak
                g_next = max(h, min(peak, h + pull))
                peak = max(peak, g_next)
                g = g_next

                # Baseline: lost in a cast, recovers otherwise (faster while training).
                if cast:
                    b = b - q * b
                else:
                    rate = 1.0 / c.base_recovery_days + f / c.base_recovery_training_days
                    b = b + (1.0 - b) * rate
                # Activation deficit: builds in a cast, recovers once free.
                a = a + (target - a) / c.act_days if cast else a - a / c.act_recovery_days
                # Memory, skill and responsiveness.
                fade = math.log(2.0) / c.memory_half_life
                mu = mu + capped / c.memory_build_days * (1.0 - mu) - fade * off * mu
                n = n + f / c.neural_learning_days * (n_ceiling - n) - off / c.neural_decay_days * n
                if f <= 0.0:
                    s = s + (1.0 - s) / c.resens_days
                else:
                    s = s + capped / c.desens_days * (c.s_min - s)
                kept = c.retention + c.recall * capped  # training brings back a further share
                write(out, t + 1, k, j, b, g, n, a, mu, peak, kept, size_norm, strength_norm)
    return out
