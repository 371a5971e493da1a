"""The muscle-memory model: one scan over days, vectorised over muscle groups and parameter sets.

State per muscle group (and per parameter set: low, central, high), in fractions of the
muscle's untrained size unless said otherwise:

``b``  baseline muscle (1.0 untrained; only immobilisation lowers it)
``g``  gain above baseline (what training builds and rest takes away)
``P``  the highest gain held so far (the size the memory can bring back)
``μ``  memory strength, 0-1 (retained myonuclei): grows while trained, fades while losing
``n``  neural gain: extra strength from skill and activation
``a``  activation deficit from immobilisation (a fraction of strength)
``s``  responsiveness to training (1 fresh, falls under continuous training)

Each day, with ``W`` the hard sets of the trailing 7 days and ``f = f(W)`` the growth signal
(0 without sets, 1 at 15 sets a week, saturating; 0 on declared rest and immobilised days)::

    h  = g + r·f·s·(1 - g/ceiling) - λ·(1 - c_e·μ)·off·g - q·g   growth and loss
    g' = max(h, min(P, h + κ·μ²·f·P))                            plus regain toward P
    P' = max(P, g')
    μ' = μ + (f/τ_build)·(1 - μ) - (ln2/half_life)·off·μ
    b' = b·(1 - q)                   if immobilised, else b + (1 - b)·(1/τ_b + f/τ_bt)
    n' = n + (f/τ_learn)·(n_max - n) - λ_n·off·n
    a' = a + (a_max - a)/τ_a         if immobilised, else a·(1 - 1/τ_ar)
    s' = s + (f/τ_desens)·(s_min - s) + [f = 0]·(1 - s)/τ_resens

(``f`` is capped at 1 in ``μ'`` and ``s'``.) Cross-education, only for a limb simulated apart
from its other side (``DailyInputs.cross``): on an immobilised day with ``x`` the other side's
growth signal of the trailing week (capped at 1), ``q`` is multiplied by ``1 - χ_size·x`` and
the activation target ``a_max`` by ``1 - χ_act·x``; without ``cross`` nothing of it is
computed. ``off`` is 0 while the muscle is maintained
(enough sets in the trailing week) and during the grace period after its last maintained
week, then ``1 - W/W_maint``. ``q = A/(t0 + days immobilised so far)`` is the front-loaded
immobilisation loss (the count of days runs down once the limb is free again). The
consolidation ``c_e = c + (c_trained - c)·e`` grows with the share of experience
``e = y/(y + 3)`` (``y`` training years so far, counted from the growth signal): a gain held
long by someone who has trained for years is lost more slowly. Size is ``b + g`` and strength
``(b + g + ρ·μ²·(P - g))·(1 + n)·(1 - a)``, both relative to day 0: with a strong memory part
of the strength of lost size is kept (``ρ``, strength retention), so size can fall while
strength holds, and it comes back first. Age scales ``λ``, ``λ_n``, the grace period and
``W_maint``; training years scale ``W_maint`` (see :mod:`tracker.physiology.params`, which
also says which evidence moved which parameter). The person's own response
(``Profile.response``, 1 for the average lifter) multiplies ``λ`` and ``λ_n`` and divides the
grace period (its loss factor), and multiplies ``κ`` and the recall (its regain factor, the
recall capped so that no more than all of the strength of lost size comes back).

How it runs: days go in blocks of :data:`CHUNK_DAYS`, each continuing from the last one's
final state (small arrays, reused memory). In a block, everything driven by the inputs alone
is computed for all days at once: the windows, ``off``, ``q``, and the linear states ``μ``,
``n``, ``s``, ``b``, ``a`` (in closed form, with cumulative products and sums). Only ``g`` and
``P`` need a loop over days, compiled with Numba (:mod:`tracker.physiology.kernels`).

Speed (``bench/bench_model.py``): ten years of 14 groups with the band take about half a
simple chart render. What mattered, measured: scratch arrays in a per-thread workspace that
every block and every simulation reuses (fresh memory cost a page fault per 4 KiB, a third of
the time), the outputs in one allocation (huge pages), the coefficients and day-0 states
cached per profile, moving-limb work only while a limb is in a cast or recovering, and the
day loop compiled (it was about 40 % of the time as five numpy calls a day, and could not
shrink with numpy: the lanes of the band's low end are below their peak on most days, so no
day is simple for all lanes at once).
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .inputs import IMMOBILIZED, REDUCED, REST, TRAIN, DailyInputs, check_groups
from .kernels import gain_days
from .muscles import MUSCLES_BY_KEY
from .params import (
    CENTRAL,
    HIGH,
    LOW,
    PARAMS,
    REDUCED_SETS_PER_WEEK,
    TRAIN_SESSION_DAYS,
    TRAIN_SETS_PER_WEEK,
    age_weight,
)
from .profile import AVERAGE, Profile, Response

#: Phase labels of :attr:`Simulation.phase`.
PHASE_BUILDING = "building"  # training, at or near the highest size so far
PHASE_GRACE = "grace"  # not training, but real loss has not started yet
PHASE_LOSING = "losing"  # losing size (rest after the grace period, too little training, cast)
PHASE_REGAINING = "regaining"  # training back toward an earlier, higher size
PHASE_ABOVE_PEAK = "above_peak"  # training, back at or beyond the size held before a loss
PHASE_BASELINE = "baseline"  # not training, nothing left to lose
PHASES: tuple[str, ...] = (
    PHASE_BUILDING,
    PHASE_GRACE,
    PHASE_LOSING,
    PHASE_REGAINING,
    PHASE_ABOVE_PEAK,
    PHASE_BASELINE,
)

#: Length of the trailing window of hard sets (days).
WINDOW_DAYS = 7
#: Size below this fraction of the highest size so far counts as "below the previous peak".
PEAK_MARGIN = 0.99
_SETS = 3  # parameter sets: low, central, high


def _values(name: str) -> np.ndarray:
    """A parameter's (low, central, high) values as a (3, 1) column."""
    return np.array(PARAMS[name].values(), dtype=np.float64).reshape(_SETS, 1)


def _central(name: str) -> float:
    return PARAMS[name].central


#: The average lifter's strength retention and recall per parameter set, (3, 1): see
#: ``ModelState.strength`` (a simulation uses its profile's, :class:`_Coefficients`).
_RETENTION = _values("strength_retention")
_RECALL = _values("strength_recall")


@dataclass(frozen=True, eq=False)
class _Coefficients:
    """Parameter values for one profile and one list of groups.

    Per-set parameters are vectors with one value per lane: lane ``k·G + j`` is parameter set
    ``k`` (low, central, high) and muscle group ``j``. Fixed parameters are plain floats.
    """

    groups: int
    growth: np.ndarray
    ceiling: float
    volume_scale: float
    s_min: np.ndarray
    desens: np.ndarray
    resens: np.ndarray
    grace_offset: np.ndarray  # grace days counted from the last maintained day
    loss_rate: np.ndarray
    consolidation: np.ndarray
    kept_rate: np.ndarray  # loss_rate × consolidation: the rate a full memory takes away
    kept_rate_growth: np.ndarray  # loss_rate × (consolidation_trained - consolidation)
    retention: np.ndarray  # share of the strength of lost size kept by a full memory
    recall: np.ndarray  # the further share that training brings back at once
    maintenance: np.ndarray
    maintenance_experience: np.ndarray
    experience_half: float
    memory_build: np.ndarray
    memory_fade: np.ndarray
    regain: np.ndarray
    neural_max: np.ndarray
    neural_learn: float
    neural_decay: np.ndarray
    imm_loss: np.ndarray
    imm_onset: float
    imm_clock: float
    act_max: np.ndarray
    cross_activation: np.ndarray  # share of the activation loss training the other side keeps
    cross_size: np.ndarray  # share of the immobilisation's size loss it keeps
    act_days: float
    act_recovery: float
    base_recovery: float
    base_recovery_training: float

    @classmethod
    def build(cls, profile: Profile, groups: Sequence[str]) -> _Coefficients:
        """The coefficients for a profile's age and response and some groups (shared,
        read-only)."""
        return _coefficients(float(profile.age), profile.response, tuple(groups))

    @classmethod
    def _compute(cls, age: float, response: Response, groups: tuple[str, ...]) -> _Coefficients:
        w = age_weight(age)
        count = len(groups)
        is_upper = np.array([MUSCLES_BY_KEY[k].region == "upper" for k in groups])

        def lanes(values: np.ndarray) -> np.ndarray:
            return np.ascontiguousarray(np.broadcast_to(values, (_SETS, count))).reshape(-1)

        def by_region(upper: str, lower: str) -> np.ndarray:
            return lanes(np.where(is_upper, _values(upper), _values(lower)))

        # The person's factors (Response; 1 for the average lifter), per parameter set.
        personal_loss = np.array(response.loss_factors()).reshape(_SETS, 1)
        personal_regain = np.array(response.regain_factors()).reshape(_SETS, 1)
        loss_factor = (1.0 + w * (_values("age_loss_factor") - 1.0)) * personal_loss
        loss_rate = loss_factor / _values("loss_tau_days")
        consolidation_growth = _values("consolidation_trained") - _values("consolidation")
        grace = _values("grace_days") * (1.0 - w * (1.0 - _values("age_grace_factor")))
        grace = grace / personal_loss
        # A faster regain brings back more of the strength of lost size at once, never more
        # than all of it (beyond what the parameter set already has).
        retention, recall = _values("strength_retention"), _values("strength_recall")
        recall = np.minimum(recall * personal_regain, np.maximum(recall, 1.0 - retention))
        maintenance = _values("maintenance_sets") * (
            1.0 + w * (_values("age_maintenance_factor") - 1.0)
        )
        return cls(
            groups=count,
            growth=by_region("growth_rate_upper", "growth_rate_lower"),
            ceiling=_central("ceiling"),
            volume_scale=_central("volume_scale"),
            s_min=lanes(_values("responsiveness_floor")),
            desens=lanes(1.0 / _values("desensitisation_days")),
            resens=lanes(1.0 / _values("resensitisation_days")),
            grace_offset=lanes(grace - (WINDOW_DAYS - 1)),
            loss_rate=lanes(loss_rate),
            consolidation=lanes(_values("consolidation")),
            kept_rate=lanes(loss_rate * _values("consolidation")),
            kept_rate_growth=lanes(loss_rate * consolidation_growth),
            retention=lanes(retention),
            recall=lanes(recall),
            maintenance=lanes(maintenance),
            maintenance_experience=lanes(_values("maintenance_experience")),
            experience_half=_central("experience_half_years"),
            memory_build=lanes(1.0 / _values("memory_build_days")),
            memory_fade=lanes(np.log(2.0) / _values("memory_half_life_days")),
            regain=lanes(_values("regain_speed") * personal_regain),
            neural_max=by_region("neural_max_upper", "neural_max_lower"),
            neural_learn=1.0 / _central("neural_learning_days"),
            neural_decay=lanes(loss_factor / _values("neural_decay_days")),
            imm_loss=lanes(_values("immobilization_loss")),
            imm_onset=_central("immobilization_onset_days"),
            imm_clock=_central("immobilization_memory_days"),
            act_max=lanes(_values("activation_loss")),
            cross_activation=lanes(_values("cross_education_strength")),
            cross_size=lanes(_values("cross_education_size")),
            act_days=1.0 / _central("activation_loss_days"),
            act_recovery=1.0 / _central("activation_recovery_days"),
            base_recovery=1.0 / _central("baseline_recovery_days"),
            base_recovery_training=1.0 / _central("baseline_recovery_training_days"),
        )

    def central(self, values: np.ndarray) -> np.ndarray:
        """The central set's values of a per-lane vector, one per group."""
        return values[CENTRAL * self.groups : (CENTRAL + 1) * self.groups]

    def drive(self, weekly_sets: np.ndarray) -> np.ndarray:
        """Growth signal of a weekly volume: 0 without sets, 1 at 15 sets, saturating."""
        scale = self.volume_scale
        # exp - 1 rather than expm1: twice as fast, and for real volumes the same (a quarter
        # of a set a week: 2e-15 relative). A volume under about 1e-15 sets a week gives 0:
        # no training, as it should.
        signal = np.exp(weekly_sets * (-1.0 / scale))
        signal -= 1.0
        signal *= 1.0 / np.expm1(-TRAIN_SETS_PER_WEEK / scale)
        return signal


@functools.lru_cache(maxsize=256)
def _coefficients(age: float, response: Response, groups: tuple[str, ...]) -> _Coefficients:
    """:meth:`_Coefficients.build`, computed once per age, response and list of groups."""
    c = _Coefficients._compute(age, response, groups)
    for value in vars(c).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return c


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


_STATE_ARRAYS = (
    "baseline",
    "gain",
    "peak_gain",
    "memory",
    "neural",
    "neural_ceiling",
    "activation",
    "responsiveness",
    "peak",
    "had_loss",
    "since_maintained",
    "training_years",
    "immobilized_days",
    "signal",
    "size_norm",
    "strength_norm",
)


@dataclass(frozen=True, eq=False)
class ModelState:
    """Everything the model needs to continue from a day: see :meth:`Simulation.checkpoint`.

    Arrays of shape ``(3, groups)`` hold one row per parameter set (low, central, high);
    ``training_years``, ``immobilized_days`` (the immobilisation clock: days immobilised,
    running down once free) and ``signal`` (the last day's training signal, capped at 1: how
    much of the strength of lost size training is bringing back) have one value per group.
    ``recent`` holds the
    last :data:`WINDOW_DAYS` days of input before ``day``. ``neural_ceiling`` is the skill level
    training leads to: the parameter set's own, or the person's if already higher. ``peak`` is
    the highest size so far and ``had_loss`` whether the size has been below it since (both
    absolute, for the phase labels, which follow the central parameter set: all three rows hold
    the central set's values).
    """

    day: int
    groups: tuple[str, ...]
    baseline: np.ndarray
    gain: np.ndarray
    peak_gain: np.ndarray
    memory: np.ndarray
    neural: np.ndarray
    neural_ceiling: np.ndarray
    activation: np.ndarray
    responsiveness: np.ndarray
    peak: np.ndarray
    had_loss: np.ndarray
    since_maintained: np.ndarray
    training_years: np.ndarray
    immobilized_days: np.ndarray
    signal: np.ndarray
    recent: DailyInputs
    size_norm: np.ndarray
    strength_norm: np.ndarray

    def __post_init__(self) -> None:
        for name in _STATE_ARRAYS:
            object.__setattr__(self, name, _frozen(np.array(getattr(self, name), copy=True)))

    @property
    def size(self) -> np.ndarray:
        """Size relative to the simulation's day 0, shape (3, groups)."""
        return np.asarray((self.baseline + self.gain) / self.size_norm)

    @property
    def strength(self) -> np.ndarray:
        """Strength relative to the simulation's day 0, shape (3, groups), with the average
        lifter's strength retention and recall (a simulation's rows use its profile's)."""
        return self._strength(_RETENTION, _RECALL)

    def _strength(self, retention: np.ndarray, recall: np.ndarray) -> np.ndarray:
        """Strength with these shares of the strength of lost size kept and recalled
        ((3, 1) or (3, groups))."""
        share = retention + recall * self.signal
        kept = share * self.memory**2 * (self.peak_gain - self.gain)
        muscular = self.baseline + self.gain + kept
        absolute = muscular * (1 + self.neural) * (1 - self.activation)
        return np.asarray(absolute / self.strength_norm)

    def select(self, groups: Sequence[str]) -> ModelState:
        """The same state restricted to some of its groups (in the given order)."""
        keys = check_groups(groups)
        missing = [k for k in keys if k not in self.groups]
        if missing:
            raise ValueError(f"groups: not in this state: {missing!r}")
        idx = [self.groups.index(k) for k in keys]
        arrays = {name: getattr(self, name)[..., idx] for name in _STATE_ARRAYS}
        cross = None if self.recent.cross is None else self.recent.cross[:, idx]
        recent = DailyInputs(keys, self.recent.hard_sets[:, idx], self.recent.states[:, idx], cross)
        return ModelState(day=self.day, groups=keys, recent=recent, **arrays)


def initial_state(profile: Profile, groups: Sequence[str]) -> ModelState:
    """The state on day 0 of someone with ``profile.training_years`` of training behind them.

    Untrained (0 years): baseline size, no memory, fully responsive. With training years, the
    gain is what the model's own growth law gives for that much continuous training (closer to
    the ceiling, so further growth is slower), the memory is as strong as that long a hold
    makes it, the skill is learnt, responsiveness is at its floor, and the week before day 0
    was a typical training week. All three parameter sets start from this same (central)
    state: it describes the person, not the model's uncertainty.
    """
    if not isinstance(profile, Profile):
        raise ValueError(f"profile must be a Profile, got {type(profile).__name__}")
    keys = check_groups(groups)
    return _initial_state(float(profile.age), float(profile.training_years), keys)


@functools.lru_cache(maxsize=128)
def _initial_state(age: float, training_years: float, keys: tuple[str, ...]) -> ModelState:
    """:func:`initial_state`, computed once per age, training years and list of groups (a
    :class:`ModelState` is read-only)."""
    c = _coefficients(age, AVERAGE, keys)  # the day-0 state does not depend on the response
    days = 365.25 * training_years
    s_min = float(c.central(c.s_min)[0])
    desens_days = 1.0 / float(c.central(c.desens)[0])
    # Solution of dg/dt = r0·s(t)·(1 - g/ceiling) with s(t) falling from 1 to s_min.
    drive = s_min * days - (1.0 - s_min) * desens_days * np.expm1(-days / desens_days)
    gain = -c.ceiling * np.expm1(-c.central(c.growth) * drive / c.ceiling)
    memory = -np.expm1(-days * float(c.central(c.memory_build)[0]))
    neural = -c.central(c.neural_max) * np.expm1(-days * c.neural_learn)
    responsiveness = s_min + (1.0 - s_min) * np.exp(-days / desens_days)
    ones = np.ones((_SETS, len(keys)))
    recent_sets = np.zeros((WINDOW_DAYS, len(keys)))
    if days > 0:
        per_session = TRAIN_SETS_PER_WEEK / len(TRAIN_SESSION_DAYS)
        for offset in TRAIN_SESSION_DAYS:
            recent_sets[offset + 1, :] = per_session
    size = 1.0 + gain
    return ModelState(
        day=0,
        groups=keys,
        baseline=ones,
        gain=ones * gain,
        peak_gain=ones * gain,
        memory=ones * memory,
        neural=ones * neural,
        neural_ceiling=np.maximum(c.neural_max.reshape(_SETS, -1), neural),
        activation=ones * 0.0,
        responsiveness=ones * responsiveness,
        peak=ones * size,
        had_loss=np.zeros((_SETS, len(keys)), dtype=bool),
        since_maintained=ones * 0.0,
        training_years=np.full(len(keys), training_years),
        immobilized_days=np.zeros(len(keys)),
        signal=np.full(len(keys), 1.0 if days > 0 else 0.0),  # a typical training week
        recent=DailyInputs(keys, recent_sets, np.full((WINDOW_DAYS, len(keys)), TRAIN)),
        size_norm=ones * size,
        strength_norm=ones * size * (1.0 + neural),
    )


#: Longest stretch solved in closed form by :func:`_scan_linear`. Every alpha in the model is
#: at least 0.8, so the running product stays above 1e-25 and dividing by it is safe.
LINEAR_BLOCK_DAYS = 256


def _scan_linear(
    alpha: np.ndarray,
    beta: np.ndarray,
    x0: np.ndarray,
    out: np.ndarray | None = None,
    ws: _Workspace | None = None,
) -> np.ndarray:
    """``x[0] = x0``, ``x[t + 1] = alpha[t]·x[t] + beta[t]``: days on the second-last axis
    (rows 0..days of the result, written into ``out`` when given), lanes last, any leading
    axes (``x0`` without the days axis).

    Without a loop over days: in closed form, ``x[t] = A[t]·(x0 + Σ beta[s]/A[s])`` with ``A``
    the running product of ``alpha``, one block of at most :data:`LINEAR_BLOCK_DAYS` at a time.
    All terms are positive (alpha in (0, 1], beta >= 0), so nothing cancels.
    """
    *lead, days, width = alpha.shape
    if out is None:
        out = np.empty((*lead, days + 1, width))
    out[..., 0, :] = x0
    for start in range(0, days, LINEAR_BLOCK_DAYS):
        stop = min(days, start + LINEAR_BLOCK_DAYS)
        scratch = None if ws is None else ws("product", *lead, stop - start, width)
        product = np.cumprod(alpha[..., start:stop, :], axis=-2, out=scratch)
        block = out[..., start + 1 : stop + 1, :]
        np.divide(beta[..., start:stop, :], product, out=block)
        np.cumsum(block, axis=-2, out=block)
        block += out[..., start : start + 1, :]
        block *= product
    return out


def _settled(values: np.ndarray, rest: float) -> np.ndarray:
    """Values within 1e-12 of their resting level set to it: a limb that recovered from a cast
    long ago stops being simulated as recovering (and no number decays into denormals)."""
    return np.where(np.abs(values - rest) < 1e-12, rest, values)


def _trailing_week(values: np.ndarray) -> np.ndarray:
    """Sum of each day and the six before it (the first WINDOW_DAYS - 1 rows are history).

    Summed in the same order for every day, so a run continued from a checkpoint gets exactly
    the same numbers as one long run.
    """
    days = values.shape[0] - (WINDOW_DAYS - 1)
    total = values[:days].copy()
    for shift in range(1, WINDOW_DAYS):
        total += values[shift : shift + days]
    return total


def _weekly_sets(sets: np.ndarray, states: np.ndarray) -> np.ndarray:
    """Hard sets of the trailing week for each input day (the first WINDOW_DAYS rows are the
    days before the start), with the nominal dose of unlogged reduced days and without the
    sets of immobilised ones."""
    effective = np.where(states == IMMOBILIZED, 0.0, sets)[1:]
    weekly = _trailing_week(effective)
    reduced = states[WINDOW_DAYS:] == REDUCED
    if reduced.any():
        logged = _trailing_week(np.where(states[1:] == REDUCED, effective, 0.0))
        unlogged = reduced & (logged <= 0.0)
        weekly = np.where(unlogged, np.maximum(weekly, REDUCED_SETS_PER_WEEK), weekly)
    return weekly


def _recent(
    groups: tuple[str, ...],
    sets: np.ndarray,
    states: np.ndarray,
    cross: np.ndarray | None = None,
) -> DailyInputs:
    """The last :data:`WINDOW_DAYS` days of a block's (already checked) input history, as
    read-only copies: a :class:`DailyInputs` built without checking its input again."""
    recent = object.__new__(DailyInputs)
    object.__setattr__(recent, "groups", groups)
    object.__setattr__(recent, "hard_sets", _frozen(sets[-WINDOW_DAYS:].copy()))
    object.__setattr__(recent, "states", _frozen(states[-WINDOW_DAYS:].astype(np.int8)))
    kept = None if cross is None else _frozen(cross[-WINDOW_DAYS:].copy())
    object.__setattr__(recent, "cross", kept)
    return recent


#: Days simulated per block: keeps every temporary array small, so memory is reused.
CHUNK_DAYS = 730


@dataclass(frozen=True, eq=False)
class _Outputs:
    """The simulation's per-row arrays, which each block of days fills in for its own rows.

    ``size`` and ``strength`` hold all three parameter sets, shape ``(rows, 3, groups)``, relative
    to day 0; the rest hold the central set, shape ``(rows, groups)``. ``weekly`` (trailing-week
    sets) and ``off`` (the loss switch) describe the input days, one row fewer.
    """

    size: np.ndarray
    strength: np.ndarray
    memory: np.ndarray
    peak_gain: np.ndarray
    gain: np.ndarray
    base: np.ndarray
    weekly: np.ndarray
    off: np.ndarray

    @classmethod
    def allocate(cls, initial: ModelState, days: int, c: _Coefficients) -> _Outputs:
        """Arrays for rows 0..days, with row 0 filled in from the starting state (its strength
        with the simulation's own shares of the strength of lost size, ``c``).

        All in one allocation: for long simulations it is large enough for the kernel's huge
        pages (numpy asks for them above 4 MB), which cost far fewer page faults than 4 KiB
        ones when first written.
        """
        groups = len(initial.groups)
        shapes = {
            "size": (days + 1, _SETS, groups),
            "strength": (days + 1, _SETS, groups),
            "memory": (days + 1, groups),
            "peak_gain": (days + 1, groups),
            "gain": (days + 1, groups),
            "base": (days + 1, groups),
            "weekly": (days, groups),
            "off": (days, groups),
        }
        sizes = [math.prod(shape) for shape in shapes.values()]
        memory = np.empty(sum(sizes))
        views, offset = {}, 0
        for (name, shape), size in zip(shapes.items(), sizes, strict=True):
            views[name] = memory[offset : offset + size].reshape(shape)
            offset += size
        out = cls(**views)
        out.size[0] = initial.size
        groups_shape = (_SETS, len(initial.groups))
        out.strength[0] = initial._strength(
            c.retention.reshape(groups_shape), c.recall.reshape(groups_shape)
        )
        out.memory[0] = initial.memory[CENTRAL]
        out.peak_gain[0] = initial.peak_gain[CENTRAL]
        out.gain[0] = initial.gain[CENTRAL]
        out.base[0] = initial.baseline[CENTRAL]
        return out

    def block(self, begin: int, end: int) -> _Outputs:
        """Views of the rows that the input days ``begin..end - 1`` produce."""
        rows = slice(begin + 1, end + 1)
        days = slice(begin, end)
        return _Outputs(
            size=self.size[rows],
            strength=self.strength[rows],
            memory=self.memory[rows],
            peak_gain=self.peak_gain[rows],
            gain=self.gain[rows],
            base=self.base[rows],
            weekly=self.weekly[days],
            off=self.off[days],
        )


@dataclass(frozen=True, eq=False)
class Simulation:
    """The model's answer, per day (rows 0..days) and muscle group (columns, ``groups`` order).

    Row 0 is the starting day; row ``t`` the state after ``t`` days of input. Sizes and
    strengths are relative to the first simulation's day 0 (1.0 = that day's value), also when
    continuing from a checkpoint. ``size_low``/``size_high`` (and the strength ones) are the
    model run with the low and high parameter sets: the band.

    ``muscular`` and ``neural`` split central strength: ``strength = muscular * neural``, where
    ``muscular`` follows muscle size and ``neural`` is skill and activation. ``memory`` is the
    memory's strength (0 none, 1 full) and ``peak`` the size it can bring back quickly (the
    highest baseline + gain so far, relative to day 0). ``phase`` holds one of :data:`PHASES`
    per row (computed when first read).
    """

    groups: tuple[str, ...]
    days: int
    first_day: int
    size: np.ndarray
    strength: np.ndarray
    size_low: np.ndarray
    size_high: np.ndarray
    strength_low: np.ndarray
    strength_high: np.ndarray
    muscular: np.ndarray
    neural: np.ndarray
    memory: np.ndarray
    peak: np.ndarray
    _profile: Profile
    _inputs: DailyInputs
    _starts: tuple[ModelState, ...]  # state at the start of every block, then the final state
    _kept: dict[int, ModelState]  # states kept on the way (simulate's ``keep``)
    _gain: np.ndarray  # (days + 1, G) central gain
    _base: np.ndarray  # (days + 1, G) central baseline
    _weekly: np.ndarray  # (days, G)
    _off: np.ndarray  # (days, G)

    @property
    def final(self) -> ModelState:
        """The state after the last day (the same as ``checkpoint(days)``)."""
        return self._starts[-1]

    def column(self, group: str) -> int:
        """Column index of a muscle group."""
        if group not in self.groups:
            raise ValueError(f"group: {group!r} is not in this simulation")
        return self.groups.index(group)

    @cached_property
    def phase(self) -> np.ndarray:
        """Phase label (one of :data:`PHASES`) per row and group, central parameter set.

        Row ``t`` describes day ``t``'s change; the last row repeats the one before it.
        """
        initial = self._starts[0]
        gain, base = self._gain, self._base
        size = base + gain
        peak = np.maximum(np.maximum.accumulate(size, axis=0), initial.peak[CENTRAL])
        below = size < PEAK_MARGIN * peak
        had_loss = np.logical_or.accumulate(below, axis=0) | initial.had_loss[CENTRAL]
        if self.days == 0:
            return _frozen(np.array(PHASES)[np.where(gain > 1e-3, 0, 5)])
        training = self._weekly > 0.0
        immobilized = self._inputs.states == IMMOBILIZED
        nothing_left = (gain[:-1] < 2e-3) & (base[:-1] > 0.999)
        falling = size[1:] < size[:-1] - 1e-7
        codes = np.select(
            [
                immobilized,
                ~training & nothing_left,
                ~training & (self._off > 0.0),
                ~training,
                falling,
                below[:-1],
                had_loss[:-1],
            ],
            [2, 5, 2, 1, 2, 3, 4],
            default=0,
        )
        labels = np.array(PHASES)[np.concatenate([codes, codes[-1:]], axis=0)]
        return _frozen(labels)

    def checkpoint(self, day: int) -> ModelState:
        """The state at row ``day``: ``simulate(rest_of_inputs, profile, initial=state)``
        continues as this simulation does from that row (to floating-point rounding)."""
        if isinstance(day, bool) or not isinstance(day, (int, np.integer)):
            raise ValueError(f"day must be an integer, got {day!r}")
        if not 0 <= day <= self.days:
            raise ValueError(f"day must be between 0 and {self.days}, got {day}")
        if int(day) == self.days:
            return self.final
        if int(day) in self._kept:
            return self._kept[int(day)]
        block, offset = divmod(int(day), CHUNK_DAYS)
        if offset == 0:
            return self._starts[block]
        begin = block * CHUNK_DAYS
        coefficients = _Coefficients.build(self._profile, self.groups)
        sets = self._inputs.hard_sets[begin:day]
        states = self._inputs.states[begin:day]
        cross = None if self._inputs.cross is None else self._inputs.cross[begin:day]
        start = self._starts[block]
        return _advance(coefficients, sets, states, start, ws=_workspace(), cross=cross)[0]


def simulate(
    inputs: DailyInputs,
    profile: Profile,
    initial: ModelState | None = None,
    keep: Iterable[int] = (),
) -> Simulation:
    """Run the model over ``inputs`` for ``profile``, from ``initial`` (default: day 0 of
    :func:`initial_state`). All muscle groups and the three parameter sets go through one scan
    (in blocks of :data:`CHUNK_DAYS` days, each continuing from the last).

    ``keep`` names rows whose states to keep on the way: ``checkpoint(row)`` then costs
    nothing (any other row costs a run from the start of its block).
    """
    if not isinstance(inputs, DailyInputs):
        raise ValueError(f"inputs must be DailyInputs, got {type(inputs).__name__}")
    if not isinstance(profile, Profile):
        raise ValueError(f"profile must be a Profile, got {type(profile).__name__}")
    if initial is None:
        initial = initial_state(profile, inputs.groups)
    elif not isinstance(initial, ModelState):
        raise ValueError(f"initial must be a ModelState, got {type(initial).__name__}")
    elif initial.groups != inputs.groups:
        raise ValueError("initial: its muscle groups differ from the inputs' groups")
    c = _Coefficients.build(profile, inputs.groups)
    days = inputs.days
    rows = set()
    for row in keep:
        if isinstance(row, bool) or not isinstance(row, (int, np.integer)):
            raise ValueError(f"keep must hold integer rows, got {row!r}")
        if not 0 <= row <= days:
            raise ValueError(f"keep: rows must be between 0 and {days}, got {row}")
        rows.add(int(row))
    out = _Outputs.allocate(initial, days, c)
    ws = _workspace()
    starts = [initial]
    kept: dict[int, ModelState] = {}
    for begin in range(0, days, CHUNK_DAYS):
        end = min(days, begin + CHUNK_DAYS)
        sets, states = inputs.hard_sets[begin:end], inputs.states[begin:end]
        cross = None if inputs.cross is None else inputs.cross[begin:end]
        offsets = sorted(row - begin for row in rows if begin < row < end)
        final, states_kept = _advance(
            c, sets, states, starts[-1], out.block(begin, end), ws, offsets, cross
        )
        starts.append(final)
        kept.update((begin + offset, state) for offset, state in states_kept.items())
    size, strength = _frozen(out.size), _frozen(out.strength)
    size_central = size[:, CENTRAL]
    return Simulation(
        groups=inputs.groups,
        days=days,
        first_day=initial.day,
        size=size_central,
        strength=strength[:, CENTRAL],
        size_low=size[:, LOW],
        size_high=size[:, HIGH],
        strength_low=strength[:, LOW],
        strength_high=strength[:, HIGH],
        muscular=size_central,
        neural=_frozen(strength[:, CENTRAL] / size_central),
        memory=_frozen(out.memory),
        peak=_frozen((1.0 + out.peak_gain) / initial.size_norm[CENTRAL]),
        _profile=profile,
        _inputs=inputs,
        _starts=tuple(starts),
        _kept=kept,
        _gain=_frozen(out.gain),
        _base=_frozen(out.base),
        _weekly=_frozen(out.weekly),
        _off=_frozen(out.off),
    )


class _Workspace:
    """Scratch arrays that every block reuses, across the simulations of one thread (see
    :func:`_workspace`); no result points into them, so a later block may overwrite them.

    Each name gets one flat buffer, grown when a larger shape is asked for; an array is a view
    of its first elements (contiguous, contents undefined). Fresh memory costs a page fault per
    4 KiB on first use, which for the model's temporaries took about a third of a ten-year
    simulation (measured with ``bench/bench_model.py``); reused memory does not. Outputs and
    states never point into it: they are copies.
    """

    def __init__(self) -> None:
        self._buffers: dict[str, np.ndarray] = {}

    def __call__(self, name: str, *shape: int) -> np.ndarray:
        size = 1
        for length in shape:
            size *= length
        buffer = self._buffers.get(name)
        if buffer is None or buffer.size < size:
            buffer = self._buffers[name] = np.empty(size)
        return buffer[:size].reshape(shape)


_SCRATCH = threading.local()


def _workspace() -> _Workspace:
    """This thread's workspace, kept between simulations (at most a few MB: the temporaries
    of one block of :data:`CHUNK_DAYS` days)."""
    workspace = getattr(_SCRATCH, "workspace", None)
    if workspace is None:
        workspace = _SCRATCH.workspace = _Workspace()
    return workspace


def _advance(
    c: _Coefficients,
    sets: np.ndarray,
    states: np.ndarray,
    initial: ModelState,
    out: _Outputs | None = None,
    ws: _Workspace | None = None,
    kept_rows: Sequence[int] = (),
    cross: np.ndarray | None = None,
) -> tuple[ModelState, dict[int, ModelState]]:
    """Simulate one block of days (hard sets and states, (days, G)) from ``initial``: the state
    after its last day and the states after ``kept_rows`` days (1..days - 1), and its rows written
    into ``out`` when given. ``ws`` lends the scratch arrays (the thread's workspace, or a new
    one). ``cross`` holds the other side's hard sets of the block's days (cross-education), or
    None (every ordinary history: then nothing of it is computed)."""
    days, groups = sets.shape
    lanes = _SETS * groups  # lane = parameter set × muscle group, the last axis below
    ws = _Workspace() if ws is None else ws

    def lane(values: np.ndarray) -> np.ndarray:
        """A (3, G) state as one value per lane."""
        return values.reshape(lanes)

    def tiled(values: np.ndarray, name: str) -> np.ndarray:
        """A (days, G) quantity, the same for every parameter set, as (days, lanes)."""
        tiles = ws(name, values.shape[0], _SETS, groups)
        tiles[:] = values[:, None, :]
        return tiles.reshape(values.shape[0], lanes)

    history_sets = np.concatenate([initial.recent.hard_sets, sets])
    history_states = np.concatenate([initial.recent.states, states])

    # --- Input-driven quantities, all days at once ------------------------------------------
    weekly = _weekly_sets(history_sets, history_states)  # (D, G)
    # The growth signal of the trailing week, except on declared rest and immobilised days:
    # those add nothing (the week's sets still count toward maintenance, i.e. the grace period).
    immobilized = states == IMMOBILIZED
    history_cross = None
    if cross is not None:
        # Cross-education: the other side's training signal of the trailing week, capped at
        # 1, on the days this side is immobilised.
        recent_cross = initial.recent.cross
        if recent_cross is None:
            recent_cross = np.zeros(initial.recent.hard_sets.shape)
        history_cross = np.concatenate([recent_cross, cross])
        cross_signal = np.minimum(c.drive(_trailing_week(history_cross[1:])), 1.0)
        cross_signal *= immobilized
    signal = c.drive(weekly)
    signal[(states == REST) | immobilized] = 0.0
    years = np.cumsum(signal, axis=0)
    years *= 1.0 / 365.25
    years += initial.training_years
    before = np.concatenate([initial.training_years[None], years[:-1]], axis=0)
    before /= before + c.experience_half
    share = tiled(before, "share")  # e: the share of experience reached, before each day
    # The maintenance volume grows with experience; then the share of it reached.
    ratio = np.multiply(share, c.maintenance_experience, out=ws("ratio", days, lanes))
    ratio += 1.0
    ratio *= c.maintenance
    np.divide(tiled(weekly, "weekly"), ratio, out=ratio)
    # Days since the last maintained day, counted on a clock that reads 1 + since_maintained
    # on day 0: each day's own reading where maintained, the running maximum of those, and
    # the clock minus that (a block that never maintains keeps counting from the last one).
    clock = np.add(
        np.arange(1.0, days + 1.0)[:, None],
        lane(initial.since_maintained),
        out=ws("clock", days, lanes),
    )
    last = np.greater_equal(ratio, 1.0, out=ws("last", days, lanes))
    last *= clock
    np.maximum.accumulate(last, axis=0, out=last)
    since = np.subtract(clock, last, out=last)
    off = np.minimum(ratio, 1.0, out=ratio)
    np.subtract(1.0, off, out=off)
    grace = np.greater_equal(since, c.grace_offset, out=clock)  # the clock is done with
    off *= grace  # (D, lanes): 0 within the grace period
    f = tiled(signal, "f")
    capped = np.minimum(f, 1.0, out=ws("capped", days, lanes))

    # Baseline and activation move only for groups immobilised now or not yet recovered.
    moving = np.flatnonzero(
        immobilized.any(axis=0)
        | (initial.baseline != 1.0).any(axis=0)
        | (initial.activation != 0.0).any(axis=0)
        | (initial.immobilized_days != 0.0)
    )
    sub = (np.arange(_SETS)[:, None] * groups + moving[None, :]).ravel()  # their lanes

    # --- Linear states: memory, neural, responsiveness (+ baseline, activation) -------------
    # x' = alpha·x + beta, one (days, lanes) slab per state.
    alpha = ws("alpha", 3, days, lanes)
    beta = ws("beta", 3, days, lanes)
    gain_term = np.multiply(capped, c.memory_build, out=beta[0])
    loss_term = np.multiply(off, c.memory_fade, out=alpha[0])
    loss_term += gain_term  # memory: builds while trained, fades while off
    np.subtract(1.0, loss_term, out=loss_term)
    gain_term = np.multiply(f, c.neural_learn, out=beta[1])
    loss_term = np.multiply(off, c.neural_decay, out=alpha[1])
    loss_term += gain_term  # skill: learnt while trained, fades while off
    np.subtract(1.0, loss_term, out=loss_term)
    gain_term *= lane(initial.neural_ceiling)
    resens = tiled(signal <= 0.0, "resens")  # responsiveness
    resens *= c.resens
    desens = np.multiply(capped, c.desens, out=alpha[2])
    desens += resens
    np.subtract(1.0, desens, out=desens)
    desens = np.multiply(capped, c.desens * c.s_min, out=beta[2])
    desens += resens
    start = np.stack([initial.memory, initial.neural, initial.responsiveness]).reshape(3, lanes)
    linear = _scan_linear(alpha, beta, start, out=ws("linear", 3, days + 1, lanes), ws=ws)
    memory, neural, responsiveness = linear
    # Baseline and activation: constant (one row for all days) unless some group moves.
    base = lane(initial.baseline)[None, :]
    act = lane(initial.activation)[None, :]
    if sub.size:
        # The immobilisation clock: days immobilised so far, running down (time constant
        # CLOCK_DAYS) once free, so a day out of the cast does not restart the fast early loss.
        cast = immobilized[:, moving].astype(np.float64)  # (D, moving groups)
        free = np.exp(-1.0 / c.imm_clock)
        imm_clock = _scan_linear(cast * (1.0 - free) + free, cast, initial.immobilized_days[moving])
        imm = np.tile(cast, _SETS)  # (D, sub): the lanes of the moving groups
        q = imm * c.imm_loss[sub]
        q /= np.tile(imm_clock[:-1], _SETS) + c.imm_onset
        activation_target = imm * (c.act_max[sub] * c.act_days)
        if history_cross is not None:
            # Training the other side keeps a share of the activation and a smaller one of
            # the size that the cast takes (neural cross-education).
            crossed = np.tile(cross_signal[:, moving], _SETS)
            q *= 1.0 - crossed * c.cross_size[sub]
            activation_target *= 1.0 - crossed * c.cross_activation[sub]
        # Immobilised: lose q a day, activation falls; otherwise both recover.
        recover = f[:, sub] * c.base_recovery_training
        recover += c.base_recovery
        recover *= 1.0 - imm
        moving_alpha = np.stack(
            [1.0 - q - recover, 1.0 - c.act_recovery + imm * (c.act_recovery - c.act_days)]
        )
        moving_beta = np.stack([recover, activation_target])
        moving_start = np.stack([lane(initial.baseline)[sub], lane(initial.activation)[sub]])
        moving_base, moving_act = _scan_linear(moving_alpha, moving_beta, moving_start)
        base = ws("base", days + 1, lanes)
        base[:] = lane(initial.baseline)
        base[:, sub] = moving_base
        act = ws("act", days + 1, lanes)
        act[:] = lane(initial.activation)
        act[:, sub] = moving_act

    # --- Gain and peak gain: the day loop (compiled) ---------------------------------------
    growth = np.multiply(f, c.growth, out=ws("growth", days, lanes))
    growth *= responsiveness[:-1]  # (D, lanes)
    # keep = 1 - loss - growth/ceiling, with the loss slower once held long: the rate times
    # (1 - (c + (c_trained - c)·e)·memory), here -loss = (λc + λ(c_trained - c)·e)·memory - λ.
    keep = np.multiply(share, c.kept_rate_growth, out=ws("keep", days, lanes))
    keep += c.kept_rate
    keep *= memory[:-1]
    keep -= c.loss_rate
    keep *= off
    keep += 1.0
    if sub.size:
        keep[:, sub] -= q  # immobilisation
    keep -= np.multiply(growth, 1.0 / c.ceiling, out=share)  # slower near the ceiling
    squared = np.square(memory, out=ws("squared", days + 1, lanes))  # memory²
    pull = np.multiply(squared[:-1], f, out=share)  # regain: needs a strong memory
    pull *= c.regain
    pair = ws("pair", days + 1, 2, lanes)
    pair[0] = (lane(initial.gain), lane(initial.peak_gain))
    gain_days(pair, keep, pull, growth)
    gain, peak_gain = pair[:, 0], pair[:, 1]

    # --- The final state and the outputs ----------------------------------------------------
    size_abs = np.add(base, gain, out=ws("size_abs", days + 1, lanes))

    def per_set(values: np.ndarray) -> np.ndarray:
        return values.reshape(-1, _SETS, groups)

    # Highest size so far and "has been below it": the central set's, for the phase labels.
    size_central = per_set(size_abs)[:, CENTRAL]
    peak = np.maximum.accumulate(size_central, axis=0)
    np.maximum(peak, initial.peak[CENTRAL], out=peak)
    below = size_central < PEAK_MARGIN * peak
    # "Has been below the peak": running for kept states; otherwise only the last row counts.
    if kept_rows:
        np.logical_or.accumulate(below, axis=0, out=below)
    else:
        below[-1] = below.any(axis=0)

    def state_after(row: int) -> ModelState:
        """The state after ``row`` days of the block (1..days)."""

        def at(values: np.ndarray) -> np.ndarray:
            return values[min(row, len(values) - 1)].reshape(_SETS, groups)

        imm_days = np.zeros(groups)
        if sub.size:
            imm_days[moving] = _settled(imm_clock[row], 0.0)
        return ModelState(
            day=initial.day + row,
            groups=initial.groups,
            baseline=_settled(at(base), 1.0),
            gain=at(gain),
            peak_gain=at(peak_gain),
            memory=at(memory),
            neural=at(neural),
            neural_ceiling=initial.neural_ceiling,
            activation=_settled(at(act), 0.0),
            responsiveness=at(responsiveness),
            peak=np.broadcast_to(peak[row], (_SETS, groups)),
            had_loss=np.broadcast_to(initial.had_loss[CENTRAL] | below[row], (_SETS, groups)),
            since_maintained=since[row - 1].reshape(_SETS, groups),
            training_years=years[row - 1],
            immobilized_days=imm_days,
            signal=np.minimum(signal[row - 1], 1.0),
            recent=_recent(
                initial.groups,
                history_sets[: row + WINDOW_DAYS],
                history_states[: row + WINDOW_DAYS],
                None if history_cross is None else history_cross[: row + WINDOW_DAYS],
            ),
            size_norm=initial.size_norm,
            strength_norm=initial.strength_norm,
        )

    final = state_after(days)
    kept = {row: state_after(row) for row in kept_rows}
    if out is None:
        return final, kept

    np.divide(size_abs[1:], lane(initial.size_norm), out=out.size.reshape(days, lanes))
    # Strength: baseline + gain + the part of lost size a strong memory keeps ((retention +
    # recall × training signal) × memory² × (peak gain - gain)), then skill and activation;
    # relative to day 0.
    kept_share = np.multiply(capped, c.recall, out=capped)  # capped is done with
    kept_share += c.retention
    muscular = np.subtract(peak_gain[1:], gain[1:], out=ws("muscular", days, lanes))
    muscular *= squared[1:]
    muscular *= kept_share
    muscular += size_abs[1:]
    strength = np.add(neural[1:], 1.0, out=out.strength.reshape(days, lanes))
    if sub.size:
        strength *= np.subtract(1.0, act[1:], out=size_abs[1:])  # size_abs is done with
    muscular *= lane(1.0 / initial.strength_norm)
    strength *= muscular
    central = slice(CENTRAL * groups, (CENTRAL + 1) * groups)
    out.memory[:] = memory[1:, central]
    out.peak_gain[:] = peak_gain[1:, central]
    out.gain[:] = gain[1:, central]
    out.base[:] = base[1:, central] if sub.size else base[0, central]
    out.weekly[:] = weekly
    out.off[:] = off[:, central]
    return final, kept
