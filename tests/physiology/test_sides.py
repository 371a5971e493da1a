"""One limb simulated apart from the other (issue 17): cross-education, with hypothesis.

A limb in a cast while the other side trains keeps part of its strength (training the free
limb, "cross-education"); the other side's training changes nothing on days the limb is not
immobilised, and a history without the other side's sets is the model as it always was.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.physiology import (
    IMMOBILIZED,
    TRAIN,
    DailyInputs,
    Phase,
    Profile,
    simulate,
    simulate_protocol,
)

FEW = settings(max_examples=30, deadline=None)
ARM_AND_LEG = st.sampled_from(["biceps", "triceps", "forearms", "shoulders", "quads", "calves"])
BANDS = ("size", "strength", "size_low", "size_high", "strength_low", "strength_high")


@st.composite
def before(draw: st.DrawFn) -> list[Phase]:
    """Up to two phases of training or rest before the cast."""
    kinds = st.sampled_from(["train", "rest", "reduced"])
    return [
        Phase(draw(kinds), draw(st.integers(7, 500)), draw(st.floats(0.2, 2.0)))
        for _ in range(draw(st.integers(0, 2)))
    ]


@FEW
@given(
    before(),
    st.integers(3, 120),
    st.floats(0.3, 3.0),
    st.integers(18, 90),
    st.sampled_from([0.0, 1.0, 5.0]),
    ARM_AND_LEG,
)
def test_training_the_other_arm_loses_less_than_not_training_it(
    history: list[Phase], cast: int, dose: float, age: int, years: float, group: str
) -> None:
    profile = Profile(age=age, training_years=min(years, age - 14.0))
    phases = [*history, Phase("immobilized", cast)]
    idle = simulate_protocol(
        phases, profile, group=group, other_side=[*history, Phase("rest", cast)]
    )
    trained = simulate_protocol(
        phases, profile, group=group, other_side=[*history, Phase("train", cast, dose)]
    )
    plain = simulate_protocol(phases, profile, group=group)
    never = simulate_protocol(
        phases, profile, group=group, other_side=[Phase("rest", sum(p.days for p in phases))]
    )
    # The other side never training is the model without sides: nothing to cross over.
    for name in BANDS:
        np.testing.assert_array_equal(getattr(never, name), getattr(plain, name))
    start = sum(p.days for p in history)
    end = start + cast
    for name in BANDS:
        kept, lost = getattr(trained, name), getattr(idle, name)
        assert np.all(kept[: start + 1] == lost[: start + 1])  # nothing before the cast
        assert kept[end] >= lost[end] - 1e-12
    assert trained.strength[end] > idle.strength[end]  # strictly: a real effect
    # More of the strength is kept than of the size (a neural effect, mostly).
    strength_kept = trained.strength[end] / idle.strength[end]
    size_kept = trained.size[end] / idle.size[end]
    assert strength_kept > size_kept


@FEW
@given(before(), st.integers(1, 400), st.integers(18, 90), ARM_AND_LEG, st.integers(0, 2**31))
def test_the_other_side_changes_nothing_outside_a_cast(
    history: list[Phase], days: int, age: int, group: str, seed: int
) -> None:
    """No immobilised day: the other side's sets, whatever they are, change not one bit."""
    rng = np.random.default_rng(seed)
    phases = [*history, Phase("rest", days)]
    plain = simulate_protocol(phases, Profile(age=age), group=group)
    inputs = plain.simulation._inputs
    cross = rng.choice([0.0, 2.0, 6.0, 30.0], size=inputs.hard_sets.shape)
    sided = simulate(
        DailyInputs(inputs.groups, inputs.hard_sets, inputs.states, cross), Profile(age=age)
    )
    for name in BANDS:
        np.testing.assert_array_equal(getattr(sided, name)[:, 0], getattr(plain, name))


def test_zero_sets_on_the_other_side_is_bit_identical_to_no_other_side() -> None:
    """A history whose other side never trains gives exactly the numbers of the model without
    sides, immobilised days included (the branch multiplies by exactly 1)."""
    rng = np.random.default_rng(7)
    days = 900
    sets = np.where(rng.random((days, 2)) < 0.4, 5.0, 0.0)
    states = np.full((days, 2), TRAIN, dtype=np.int8)
    states[300:360] = IMMOBILIZED
    states[700:710, 1] = IMMOBILIZED
    plain = simulate(DailyInputs(("biceps", "quads"), sets, states), Profile(age=40))
    zeros = DailyInputs(("biceps", "quads"), sets, states, np.zeros((days, 2)))
    sided = simulate(zeros, Profile(age=40))
    for name in (*BANDS, "memory", "peak", "neural"):
        np.testing.assert_array_equal(getattr(sided, name), getattr(plain, name))
    assert not np.array_equal(
        sided.strength,
        simulate(
            DailyInputs(("biceps", "quads"), sets, states, np.full((days, 2), 5.0)), Profile(age=40)
        ).strength,
    ), "the other side's training must change a cast limb (the test can fail)"


def test_a_checkpoint_keeps_the_other_sides_week() -> None:
    """Continuing from a state mid-cast gives the numbers of one long run (the other side's
    trailing week travels with the state)."""
    days = 120
    sets = np.zeros((days, 1))
    states = np.full((days, 1), TRAIN, dtype=np.int8)
    states[40:100] = IMMOBILIZED
    cross = np.zeros((days, 1))
    cross[::2] = 5.0
    inputs = DailyInputs(("biceps",), sets, states, cross)
    whole = simulate(inputs, Profile())
    state = whole.checkpoint(63)
    rest = simulate(inputs.window(63, days), Profile(), initial=state)
    np.testing.assert_allclose(rest.strength[:, 0], whole.strength[63:, 0], rtol=1e-12)
