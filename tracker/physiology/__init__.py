"""The muscle-memory model: pure Python and numpy (no Flask, database or matplotlib).

Regain estimates how muscle size and strength change with training, breaks and
immobilisation, and how fast they come back, per muscle group, with an uncertainty band. See
``../shared/MODEL.md`` for what the model must capture and the studies it is calibrated
against (:mod:`tracker.physiology.validation`), and :mod:`tracker.physiology.model` for the
equations. This page lists the stable API.

Protocols (tests, tools, the explainer article)
    ``Phase(kind, days, dose=1.0)`` with kind ``"train"``, ``"reduced"``, ``"rest"`` or
    ``"immobilized"``; ``Profile(age=30, sex=None, training_years=0.0, response=Response())``
    (``Response(loss=1.0, regain=1.0, loss_spread=0.0, regain_spread=0.0)``: how the person's
    losses and regains differ from the average lifter's, 1.0 = average; the spreads widen the
    band);
    ``simulate_protocol(phases, profile, *, group="quads") -> ProtocolResult`` with
    ``size``, ``strength``, ``size_low``, ``size_high``, ``strength_low``, ``strength_high``:
    one float per day, days 0..N, 1.0 = the value on day 0.

Daily inputs (what the web app builds from a user's log)
    ``DailyInputs(groups, hard_sets, states)``: ``hard_sets`` float (days, groups),
    ``states`` integer codes (days, groups): ``TRAIN``, ``REDUCED``, ``REST``, ``IMMOBILIZED``
    (names in ``STATE_NAMES``). Build them with ``build_inputs(days, groups=..., sets=[(day,
    group, hard_sets), ...], periods=[(first_day, end_day, state_name, groups_or_None), ...])``
    or from phases with ``protocol_inputs(phases, groups, affected=None)``. Weeks without sets
    behave as rest; a ``REDUCED`` day counts the nominal reduced dose when no set was logged on
    a reduced day of its trailing week.

Simulation
    ``simulate(inputs, profile, initial=None, keep=()) -> Simulation``: one scan over days
    for all groups and the three parameter sets (low, central, high). ``Simulation`` has, per
    row (day 0..N) and group column: ``size``, ``strength``, ``size_low``/``size_high``,
    ``strength_low``/``strength_high``, ``muscular`` and ``neural`` (strength = muscular ×
    neural), ``memory`` (0-1), ``peak`` (the size the memory brings back) and ``phase`` (one
    of ``PHASES``: ``PHASE_BUILDING``, ``PHASE_GRACE``, ``PHASE_LOSING``, ``PHASE_REGAINING``,
    ``PHASE_ABOVE_PEAK``, ``PHASE_BASELINE``). ``Simulation.checkpoint(day) -> ModelState``
    and ``simulate(later_inputs, profile, initial=state)`` continue where it left off (the
    app keeps a state per user so that logging a set re-simulates days, not years; rows
    named in ``keep`` have their states kept during the run, others cost a re-run of up to
    two years); ``Simulation.final`` is the state after the last day.
    ``initial_state(profile, groups)`` is day 0 for someone with ``profile.training_years``
    of training behind them.

Break helpers
    ``break_loss(before, pause, profile, *, affected=None, groups=None) -> dict[str,
    BreakLoss]`` and ``regain_days(before, pause, profile, *, dose=1.0, horizon=365,
    affected=None, groups=None) -> dict[str, Regain]``, keyed by muscle group. ``before`` is
    a list of phases (a whole protocol up to the break) or a ``ModelState`` (a user's
    checkpoint before a planned break); ``pause`` is a ``Phase``; ``affected`` limits it to
    some groups (e.g. ``BODY_REGIONS["left_arm"][1]``), the others rest. ``BreakLoss`` gives
    the fraction of size and strength lost (central, least, most); ``Regain`` the days of
    training until size and strength are back to 95 % and 100 % of their level when the break
    began (``RegainTime(central, fastest, slowest)``, ``None`` beyond the horizon).

Parameters
    :mod:`tracker.physiology.params`: every number with its range and source
    (``PARAMETERS``, ``parameters_markdown()``).

Invalid arguments (unknown phase kinds or sexes, durations of zero, below zero or over 20
years, ages outside 14-100, doses outside 0-3, NaN) raise ``ValueError`` naming the argument.
Every result is an estimate for healthy adults, not a measurement and not medical advice.
"""

from .inputs import (
    IMMOBILIZED,
    REDUCED,
    REST,
    STATE_CODES,
    STATE_NAMES,
    TRAIN,
    DailyInputs,
    build_inputs,
)
from .model import (
    PHASE_ABOVE_PEAK,
    PHASE_BASELINE,
    PHASE_BUILDING,
    PHASE_GRACE,
    PHASE_LOSING,
    PHASE_REGAINING,
    PHASES,
    ModelState,
    Simulation,
    initial_state,
    simulate,
)
from .muscles import BODY_REGIONS, MUSCLE_GROUPS, MUSCLE_KEYS
from .params import PARAMETERS, Parameter
from .profile import Profile, Response
from .protocol import (
    PHASE_KINDS,
    BreakLoss,
    Phase,
    ProtocolResult,
    Regain,
    RegainTime,
    break_loss,
    protocol_inputs,
    regain_days,
    simulate_protocol,
)

__all__ = [
    "BODY_REGIONS",
    "IMMOBILIZED",
    "MUSCLE_GROUPS",
    "MUSCLE_KEYS",
    "PARAMETERS",
    "PHASES",
    "PHASE_ABOVE_PEAK",
    "PHASE_BASELINE",
    "PHASE_BUILDING",
    "PHASE_GRACE",
    "PHASE_KINDS",
    "PHASE_LOSING",
    "PHASE_REGAINING",
    "REDUCED",
    "REST",
    "STATE_CODES",
    "STATE_NAMES",
    "TRAIN",
    "BreakLoss",
    "DailyInputs",
    "ModelState",
    "Parameter",
    "Phase",
    "Profile",
    "ProtocolResult",
    "Regain",
    "RegainTime",
    "Response",
    "Simulation",
    "break_loss",
    "build_inputs",
    "initial_state",
    "protocol_inputs",
    "regain_days",
    "simulate",
    "simulate_protocol",
]
