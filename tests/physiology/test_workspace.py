"""Reused scratch memory and shared caches must never change an answer.

The model keeps one workspace per thread (scratch arrays and the day loop's row views) and
caches its coefficients and day-0 states. These tests run simulations of different shapes one
after another and side by side in threads, and compare each with the same simulation run first
in a fresh thread: any stale buffer or view would show up as a difference.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
import pytest

from tracker.physiology import (
    IMMOBILIZED,
    MUSCLE_KEYS,
    REDUCED,
    DailyInputs,
    Profile,
    Simulation,
    initial_state,
    simulate,
)
from tracker.physiology.model import CHUNK_DAYS

OUTPUTS = ("size", "strength", "size_low", "size_high", "strength_low", "strength_high")


def history(days: int, groups: tuple[str, ...], seed: int) -> DailyInputs:
    rng = np.random.default_rng(seed)
    sets = rng.choice([0.0, 0.0, 0.5, 2.0, 4.0, 6.0], size=(days, len(groups)))
    states = np.zeros((days, len(groups)), dtype=np.int8)
    if days > 400:
        sets[200:300] = 0.0  # a break, with quiet days for the loop to skip
        states[320:360, 0] = IMMOBILIZED
        states[380:400] = REDUCED
    return DailyInputs(groups, sets, states)


CASES: list[tuple[DailyInputs, Profile]] = [
    (history(2 * CHUNK_DAYS + 100, MUSCLE_KEYS, 1), Profile(age=40, training_years=2)),
    (history(90, ("quads",), 2), Profile(age=70)),
    (history(CHUNK_DAYS + 3, ("chest", "biceps", "quads"), 3), Profile(age=22)),
    (history(5, MUSCLE_KEYS[:5], 4), Profile(age=50, training_years=10)),
    (history(3 * CHUNK_DAYS, MUSCLE_KEYS[::2], 5), Profile(age=30, training_years=0.5)),
]


def in_fresh_thread(work: Callable[[], Simulation]) -> Simulation:
    """``work()`` in a new thread, which starts with an empty workspace."""
    result: list[Simulation] = []
    thread = threading.Thread(target=lambda: result.append(work()))
    thread.start()
    thread.join()
    return result[0]


def assert_same(a: Simulation, b: Simulation) -> None:
    for name in (*OUTPUTS, "neural", "memory", "peak"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert np.array_equal(a.phase, b.phase)
    assert np.array_equal(a.final.gain, b.final.gain)
    assert np.array_equal(a.final.memory, b.final.memory)


@pytest.fixture(scope="module")
def expected() -> list[Simulation]:
    return [
        in_fresh_thread(lambda inputs=inputs, profile=profile: simulate(inputs, profile))
        for inputs, profile in CASES
    ]


def test_simulations_of_any_shape_in_a_row_match_fresh_ones(expected: list[Simulation]) -> None:
    for _ in range(2):  # twice through: every case follows a differently shaped one
        for (inputs, profile), fresh in zip(CASES, expected, strict=True):
            assert_same(simulate(inputs, profile), fresh)


def test_simulations_in_threads_side_by_side_match_fresh_ones(
    expected: list[Simulation],
) -> None:
    results: dict[int, list[Simulation]] = {}
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        try:
            order = list(range(len(CASES)))[worker:] + list(range(len(CASES)))[:worker]
            results[worker] = [simulate(*CASES[k]) for k in order]
            results[worker] = [results[worker][order.index(k)] for k in range(len(CASES))]
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for sims in results.values():
        for sim, fresh in zip(sims, expected, strict=True):
            assert_same(sim, fresh)


def test_outputs_do_not_change_when_later_simulations_run(expected: list[Simulation]) -> None:
    inputs, profile = CASES[0]
    first = simulate(inputs, profile)
    kept = {name: np.array(getattr(first, name)) for name in OUTPUTS}
    for other_inputs, other_profile in CASES[1:]:
        simulate(other_inputs, other_profile)
    for name in OUTPUTS:
        assert np.array_equal(getattr(first, name), kept[name])
        assert not getattr(first, name).flags.writeable


def test_checkpoints_taken_after_other_simulations_match(expected: list[Simulation]) -> None:
    inputs, profile = CASES[0]
    sim = simulate(inputs, profile)
    day = CHUNK_DAYS + 45
    simulate(*CASES[1])  # another shape in between
    state = sim.checkpoint(day)
    rest = simulate(inputs.window(day, inputs.days), profile, initial=state)
    assert rest.size == pytest.approx(expected[0].size[day:], rel=1e-9, abs=1e-12)


def test_cached_day_zero_states_and_coefficients_are_read_only() -> None:
    state = initial_state(Profile(age=44, training_years=3), MUSCLE_KEYS)
    assert state is initial_state(Profile(age=44, training_years=3), MUSCLE_KEYS)
    with pytest.raises(ValueError, match="read-only"):
        state.gain[0, 0] = 1.0


def test_a_healed_cast_stops_counting_and_the_muscle_is_back_to_baseline() -> None:
    groups = ("quads", "chest")
    days = 3 * CHUNK_DAYS
    sets = np.zeros((days, 2))
    sets[::3] = 4.0  # trained throughout, every third day
    states = np.zeros((days, 2), dtype=np.int8)
    states[30:72, 0] = IMMOBILIZED  # six weeks in a cast
    sim = simulate(DailyInputs(groups, sets, states), Profile())
    # Within a year of training the limb is fully back: its baseline, its activation and the
    # cast's clock are exactly at rest, so later blocks treat it like a limb never in a cast.
    for block in range(1, 3):
        state = sim.checkpoint(block * CHUNK_DAYS)
        assert state.immobilized_days[0] == 0.0
        assert (state.baseline[:, 0] == 1.0).all() and (state.activation[:, 0] == 0.0).all()
    # And while it was in the cast it lost more than the chest, which trained on.
    assert sim.size[72, 0] < sim.size[30, 0] - 0.03
    assert sim.size[72, 1] >= sim.size[30, 1]
