"""Benchmark: ten years of daily history for every muscle group, with the band, against one chart.

Run ``python bench/bench_model.py``. It times :func:`tracker.physiology.simulate` over ten
years of daily inputs for all 14 muscle groups and the three parameter sets (one scan), and one
900x400 matplotlib chart of 2000 points with a shaded band (``Figure`` with the Agg canvas,
never pyplot), measured in the same run, rendered twice: to SVG, the format the app's pages
embed, and to a 900x400-pixel PNG. All three are repeated, interleaved, and the medians
compared, in wall time and in this process's CPU time (on a busy machine other processes
inflate wall times). Goal: the simulation costs at most half a chart (ratio <= 0.5), judged
against the SVG render, the faster and so the stricter of the two, in CPU time. Exit status 1
when the goal is missed.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="mpl-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tracker.physiology import (
    IMMOBILIZED,
    REDUCED,
    DailyInputs,
    Profile,
    simulate,
)
from tracker.physiology.muscles import MUSCLE_KEYS

YEARS = 10
DAYS = round(365.25 * YEARS)
REPEATS = 15
GOAL = 0.5


def ten_year_history(seed: int = 5) -> DailyInputs:
    """A plausible decade of logging: 3-4 sessions a week, a split, breaks and a cast."""
    rng = np.random.default_rng(seed)
    groups = len(MUSCLE_KEYS)
    sets = np.zeros((DAYS, groups))
    states = np.zeros((DAYS, groups), dtype=np.int8)
    session = rng.random(DAYS) < 0.5
    split = rng.integers(0, 2, DAYS)  # upper / lower days
    upper = np.array([k in MUSCLE_KEYS[:7] for k in MUSCLE_KEYS])
    for day in np.flatnonzero(session):
        chosen = upper if split[day] == 0 else ~upper
        sets[day, chosen] = rng.integers(2, 7, chosen.sum())
        sets[day, ~chosen] = rng.integers(0, 2, (~chosen).sum()) * 0.5
    for start in rng.integers(0, DAYS - 120, 6):  # six rest breaks of 2-16 weeks
        sets[start : start + rng.integers(14, 112)] = 0.0
    start = int(rng.integers(0, DAYS - 60))
    states[start : start + 42, MUSCLE_KEYS.index("quads")] = IMMOBILIZED
    start = int(rng.integers(0, DAYS - 60))
    states[start : start + 28] = REDUCED
    return DailyInputs(MUSCLE_KEYS, sets, states)


def render_chart(fmt: str = "svg") -> int:
    """One 900x400 chart: 2000 points, a line and a shaded band, to SVG or PNG in memory."""
    x = np.arange(2000)
    y = 1.0 + 0.1 * np.sin(x / 150.0)
    fig = Figure(figsize=(9, 4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.fill_between(x, y - 0.05, y + 0.05, alpha=0.25, linewidth=0)
    ax.plot(x, y, linewidth=1.5)
    ax.set_xlabel("day")
    ax.set_ylabel("size (1.0 = day 0)")
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt)
    return len(buffer.getvalue())


def report(name: str, wall: list[float], cpu: list[float], what: str) -> None:
    print(
        f"{name}: {what}: median {statistics.median(wall) * 1000:.1f} ms wall, "
        f"{statistics.median(cpu) * 1000:.1f} ms CPU over {len(wall)} runs"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args(argv)
    inputs = ten_year_history()
    profile = Profile(age=35, sex="female", training_years=1.0)
    jobs: dict[str, Callable[[], object]] = {
        "simulate": lambda: simulate(inputs, profile),
        "svg": render_chart,
        "png": lambda: render_chart("png"),
    }
    for job in jobs.values():  # warm up: imports, caches, font loading
        job()
    wall: dict[str, list[float]] = {name: [] for name in jobs}
    cpu: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(args.repeats):  # interleaved, so a burst of load hits all alike
        for name, job in jobs.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            job()
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start)
    report(
        "simulate",
        wall["simulate"],
        cpu["simulate"],
        f"{YEARS} years x {len(MUSCLE_KEYS)} groups x 3 parameter sets ({DAYS} days)",
    )
    report("svg     ", wall["svg"], cpu["svg"], "900x400 chart, 2000 points + band, to SVG")
    report("png     ", wall["png"], cpu["png"], "the same chart to a 900x400-pixel PNG")
    met = True
    for clock, samples in (("wall", wall), ("CPU", cpu)):
        simulation = statistics.median(samples["simulate"])
        svg = simulation / statistics.median(samples["svg"])
        if clock == "CPU":
            met = svg <= GOAL  # the CPU ratio decides: it counts only this process's time
        png = simulation / statistics.median(samples["png"])
        verdict = "goal met" if svg <= GOAL else "goal missed"
        print(
            f"ratio simulate / chart ({clock} time): {svg:.2f} against the SVG "
            f"(goal <= {GOAL}: {verdict}), {png:.2f} against the PNG"
        )
    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    if load > 0.75 * cores:
        print(
            f"note: load average {load:.1f} on {cores} cores: other processes inflate wall "
            "times (the CPU ratio counts only this process's own time)"
        )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
