"""The compiled day loop of gain and peak gain (``tracker.physiology.kernels``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.physiology.kernels import gain_days

ROOT = Path(__file__).resolve().parents[2]


def numpy_day_loop(
    pair: np.ndarray, keep: np.ndarray, pull: np.ndarray, growth: np.ndarray
) -> None:
    """The loop as the model ran it before it was compiled: numpy operations on each day's
    rows, in this order."""
    for t in range(keep.shape[0]):
        held = pair[t, 0] * keep[t]
        held = held + growth[t]
        pulled = pair[t, 1] * pull[t]
        pair[t + 1, 1] = np.fmax(pair[t, 1], held)
        pair[t + 1, 0] = np.fmin(held + pulled, pair[t + 1, 1])


def _inputs(seed: int, days: int, lanes: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    keep = rng.uniform(0.95, 1.0, (days, lanes))
    pull = rng.uniform(0.0, 0.02, (days, lanes)) * (rng.random((days, lanes)) < 0.6)
    growth = rng.uniform(0.0, 0.002, (days, lanes)) * (rng.random((days, lanes)) < 0.7)
    pair = np.zeros((days + 1, 2, lanes))
    pair[0, 0] = rng.uniform(0.0, 0.3, lanes)
    pair[0, 1] = pair[0, 0] + rng.uniform(0.0, 0.1, lanes)
    return pair, keep, pull, growth


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 400), st.integers(1, 50))
def test_the_compiled_loop_gives_the_numbers_of_the_numpy_loop(
    seed: int, days: int, lanes: int
) -> None:
    """Bit for bit: the same IEEE operations in the same order (no fused multiply-add), so
    the model's outputs did not move when the loop was compiled."""
    pair, keep, pull, growth = _inputs(seed, days, lanes)
    expected = pair.copy()
    numpy_day_loop(expected, keep, pull, growth)
    gain_days(pair, keep, pull, growth)
    assert np.array_equal(pair, expected)


def test_gain_stays_at_or_below_a_peak_that_never_falls() -> None:
    pair, keep, pull, growth = _inputs(7, 3000, 42)
    gain_days(pair, keep, pull, growth)
    gain, peak = pair[:, 0], pair[:, 1]
    assert (gain <= peak).all()
    assert (np.diff(peak, axis=0) >= 0).all()
    # Without growth or pull, gain only decays by keep, day after day.
    quiet = pair.copy()
    gain_days(quiet, keep, np.zeros_like(pull), np.zeros_like(growth))
    assert np.allclose(quiet[1:, 0], quiet[0, 0] * np.cumprod(keep, axis=0))
    assert (quiet[1:, 1] == quiet[0, 1]).all()


def test_a_server_compiles_the_loop_for_the_arrays_the_model_passes() -> None:
    """``tracker.cluster.warm_up`` compiles the loop before the workers fork; a simulation
    afterwards must need no other compiled version (a worker would compile again on its first
    dashboard)."""
    code = (
        "from tracker.physiology import kernels, DailyInputs, Profile, simulate\n"
        "import numpy as np\n"
        "kernels.compile_now()\n"
        "compiled = list(kernels.gain_days.signatures)\n"
        "days, groups = 100, 3\n"
        "sets = np.full((days, groups), 2.0)\n"
        "states = np.zeros((days, groups), dtype=np.int8)\n"
        "simulate(DailyInputs(('chest', 'upper_back', 'quads'), sets, states), Profile())\n"
        "assert len(compiled) == 1, compiled\n"
        "assert kernels.gain_days.signatures == compiled, kernels.gain_days.signatures\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
