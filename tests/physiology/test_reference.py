"""The optimised model equals the plain day-by-day loop of its equations (``reference.py``).

Random histories (hypothesis): any muscle groups, ages and training years, sets on any day,
runs of every state (reduced, rest, cast), the other side's sets half the time
(cross-education), long enough to cross the model's blocks of days, and continued from a
checkpoint. Every output row of every parameter set must agree.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.physiology import (
    IMMOBILIZED,
    MUSCLE_KEYS,
    REDUCED,
    REST,
    TRAIN,
    DailyInputs,
    Profile,
    Response,
    initial_state,
    simulate,
)
from tracker.physiology.model import CHUNK_DAYS

from . import reference

RTOL, ATOL = 1e-9, 1e-11


@st.composite
def histories(draw: st.DrawFn, max_days: int = CHUNK_DAYS + 200) -> DailyInputs:
    """Days of logged sets with runs of states, for one to four groups."""
    groups = tuple(
        draw(st.lists(st.sampled_from(MUSCLE_KEYS), min_size=1, max_size=4, unique=True))
    )
    days = draw(st.integers(1, max_days))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    frequency = draw(st.floats(0.0, 1.0))
    sets = np.where(
        rng.random((days, len(groups))) < frequency,
        rng.choice([0.5, 1.0, 3.0, 5.0, 9.0, 20.0], size=(days, len(groups))),
        0.0,
    )
    states = np.full((days, len(groups)), TRAIN, dtype=np.int8)
    for _ in range(draw(st.integers(0, 4))):
        start = int(rng.integers(0, days))
        length = int(rng.integers(1, 200))
        state = draw(st.sampled_from([REDUCED, REST, IMMOBILIZED]))
        columns = rng.random(len(groups)) < 0.7
        states[start : start + length, columns] = state
    cross = None
    if draw(st.booleans()):
        # One side of a limb simulated apart: the other side's sets (cross-education).
        cross = np.where(
            rng.random((days, len(groups))) < draw(st.floats(0.0, 1.0)),
            rng.choice([1.0, 3.0, 5.0, 12.0], size=(days, len(groups))),
            0.0,
        )
    return DailyInputs(groups, sets, states, cross)


@st.composite
def responses(draw: st.DrawFn) -> Response:
    """The average lifter half the time, else any factors and spreads the model accepts."""
    if draw(st.booleans()):
        return Response()
    factor = st.floats(0.25, 4.0)
    spread = st.sampled_from([0.0, 0.1, 0.5, 1.5])
    return Response(draw(factor), draw(factor), draw(spread), draw(spread))


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    age = draw(st.integers(14, 100))
    years = draw(st.sampled_from([0.0, 0.3, 1.0, 4.0, 15.0]))
    return Profile(age=age, training_years=min(years, age - 14.0), response=draw(responses()))


def assert_same(sim_rows: dict[str, np.ndarray], ref: reference.Result) -> None:
    size = np.array(ref.size)  # (rows, 3, groups)
    strength = np.array(ref.strength)
    for k, name in enumerate(("low", "", "high")):
        suffix = f"_{name}" if name else ""
        np.testing.assert_allclose(sim_rows["size" + suffix], size[:, k], rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(
            sim_rows["strength" + suffix], strength[:, k], rtol=RTOL, atol=ATOL
        )
    np.testing.assert_allclose(sim_rows["memory"], np.array(ref.memory)[:, 1], rtol=RTOL, atol=ATOL)


def outputs(sim: object) -> dict[str, np.ndarray]:
    names = ("size", "strength", "size_low", "size_high", "strength_low", "strength_high")
    rows = {name: np.asarray(getattr(sim, name)) for name in names}
    rows["memory"] = np.asarray(sim.memory)  # type: ignore[attr-defined]
    return rows


@settings(max_examples=40, deadline=None)
@given(histories(), profiles())
def test_simulate_equals_the_day_by_day_equations(inputs: DailyInputs, profile: Profile) -> None:
    sim = simulate(inputs, profile)
    ref = reference.simulate(inputs, profile, initial_state(profile, inputs.groups))
    assert_same(outputs(sim), ref)


@settings(max_examples=15, deadline=None)
@given(histories(max_days=400), histories(max_days=400), profiles())
def test_continuing_from_a_checkpoint_equals_the_equations(
    first: DailyInputs, then: DailyInputs, profile: Profile
) -> None:
    """A state kept part-way through, continued with other days, follows the equations too."""
    groups = first.groups
    later = DailyInputs(
        groups,
        then.hard_sets[:, :1].repeat(len(groups), 1),
        then.states[:, :1].repeat(len(groups), 1),
    )
    state = simulate(first, profile).final
    sim = simulate(later, profile, initial=state)
    assert_same(outputs(sim), reference.simulate(later, profile, state))


@settings(max_examples=15, deadline=None)
@given(histories(max_days=400), histories(max_days=300), profiles(), responses())
def test_a_state_continued_with_another_response_follows_the_equations(
    first: DailyInputs, then: DailyInputs, profile: Profile, response: Response
) -> None:
    """What the backtest does with a personal calibration: the state on a break's first
    morning from one response, the break and the return simulated with another. Row 0 is the
    state itself, with the new response's shares of the strength of lost size."""
    groups = first.groups
    later = DailyInputs(
        groups,
        then.hard_sets[:, :1].repeat(len(groups), 1),
        then.states[:, :1].repeat(len(groups), 1),
    )
    state = simulate(first, profile).final
    other = Profile(profile.age, profile.sex, profile.training_years, response)
    sim = simulate(later, other, initial=state)
    assert_same(outputs(sim), reference.simulate(later, other, state))


def test_the_reference_is_not_trivially_equal() -> None:
    """The comparison can fail: a reference with one parameter changed disagrees."""
    inputs = DailyInputs(
        ("quads",),
        np.tile([[5.0], [0.0], [5.0], [0.0], [5.0], [0.0], [0.0]], (30, 1)),
        np.zeros((210, 1), dtype=np.int8),
    )
    profile = Profile(age=30)
    ref = reference.simulate(inputs, profile, initial_state(profile, inputs.groups))
    assert_same(outputs(simulate(inputs, profile)), ref)
    original = reference.value
    try:
        reference.value = lambda name, which: (
            original(name, which)
            * (  # type: ignore[assignment]
                1.01 if name == "growth_rate_lower" else 1.0
            )
        )
        changed = reference.simulate(inputs, profile, initial_state(profile, inputs.groups))
    finally:
        reference.value = original  # type: ignore[assignment]
    with pytest.raises(AssertionError):
        assert_same(outputs(simulate(inputs, profile)), changed)
