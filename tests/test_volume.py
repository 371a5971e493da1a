"""The volume rules: hard sets per muscle group, weeks, and Epley's estimated 1RM."""

from __future__ import annotations

import ast
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker import volume
from tracker.catalogue import BY_KEY
from tracker.volume import SetRow

BENCH = BY_KEY["bench_press_barbell"]
SQUAT = BY_KEY["squat_barbell"]
RUN = BY_KEY["running"]

MONDAY = dt.date(2026, 3, 2)
assert MONDAY.weekday() == 0


def row(exercise_key: str, day: dt.date, kind: str = "normal") -> SetRow:
    item = BY_KEY[exercise_key]
    return SetRow(day, kind, item.primary, item.secondary, item.kind)


def by_hand(sets: list[tuple[str, int]]) -> dict[str, float]:
    """Hard sets per muscle counted straight from the catalogue: n sets of an exercise add n to
    each main muscle and n/2 to each helping one."""
    totals: dict[str, float] = defaultdict(float)
    for key, n in sets:
        for muscle in BY_KEY[key].primary:
            totals[muscle] += n
        for muscle in BY_KEY[key].secondary:
            totals[muscle] += n / 2
    return dict(totals)


def test_one_set_of_bench_counts_its_muscles() -> None:
    weights = volume.set_muscle_weights("normal", BENCH.primary, BENCH.secondary)
    assert set(weights) == {*BENCH.primary, *BENCH.secondary}
    assert all(weights[m] == 1.0 for m in BENCH.primary)
    assert all(weights[m] == 0.5 for m in BENCH.secondary)


@pytest.mark.parametrize("kind", ["normal", "drop", "failure"])
def test_work_sets_count(kind: str) -> None:
    assert volume.set_muscle_weights(kind, ("chest",), ("triceps",)) == {
        "chest": 1.0,
        "triceps": 0.5,
    }


def test_warmups_and_cardio_count_nothing() -> None:
    assert volume.set_muscle_weights("warmup", BENCH.primary, BENCH.secondary) == {}
    assert volume.set_muscle_weights("normal", ("quads",), (), exercise_kind="cardio") == {}


def test_a_muscle_listed_twice_counts_once_as_primary() -> None:
    assert volume.set_muscle_weights("normal", ("chest",), ("chest", "triceps")) == {
        "chest": 1.0,
        "triceps": 0.5,
    }


def test_three_sets_of_bench_by_hand() -> None:
    rows = [row("bench_press_barbell", MONDAY, "warmup")] * 2
    rows += [row("bench_press_barbell", MONDAY)] * 3
    weekly = volume.weekly_hard_sets(rows)
    assert list(weekly) == [MONDAY]
    assert weekly[MONDAY] == pytest.approx(by_hand([("bench_press_barbell", 3)]))
    # Spelled out for the catalogue's bench press (chest; triceps and shoulders helping).
    if BENCH.primary == ("chest",) and set(BENCH.secondary) == {"triceps", "shoulders"}:
        assert weekly[MONDAY] == {"chest": 3.0, "triceps": 1.5, "shoulders": 1.5}


def test_weeks_start_on_monday_and_sum_their_days() -> None:
    sunday = MONDAY + dt.timedelta(days=6)
    next_monday = MONDAY + dt.timedelta(days=7)
    rows = [
        *[row("bench_press_barbell", MONDAY)] * 3,
        *[row("squat_barbell", MONDAY + dt.timedelta(days=2), "warmup")] * 2,
        *[row("squat_barbell", MONDAY + dt.timedelta(days=2))] * 4,
        row("bench_press_barbell", sunday, "drop"),
        *[row("bench_press_barbell", next_monday)] * 2,
        row("running", next_monday),
    ]
    weekly = volume.weekly_hard_sets(rows)
    assert list(weekly) == [MONDAY, next_monday]
    assert weekly[MONDAY] == pytest.approx(
        by_hand([("bench_press_barbell", 4), ("squat_barbell", 4)])
    )
    assert weekly[next_monday] == pytest.approx(by_hand([("bench_press_barbell", 2)]))

    daily = volume.daily_hard_sets(rows)
    assert list(daily) == [MONDAY, MONDAY + dt.timedelta(days=2), sunday, next_monday]
    assert daily[sunday] == pytest.approx(by_hand([("bench_press_barbell", 1)]))


def test_only_warmups_or_cardio_leave_no_entry() -> None:
    rows = [row("bench_press_barbell", MONDAY, "warmup"), row("running", MONDAY)]
    assert volume.weekly_hard_sets(rows) == {}
    assert volume.daily_hard_sets(rows) == {}


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 2)),
        (dt.date(2026, 3, 8), dt.date(2026, 3, 2)),
        (dt.date(2026, 1, 1), dt.date(2025, 12, 29)),
    ],
)
def test_week_start(day: dt.date, monday: dt.date) -> None:
    assert volume.week_start(day) == monday


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["bench_press_barbell", "squat_barbell", "pull_up", "plank"]),
            st.integers(0, 60),
            st.sampled_from(["warmup", "normal", "drop", "failure"]),
        ),
        max_size=40,
    )
)
def test_weeks_hold_the_same_total_as_days(items: list[tuple[str, int, str]]) -> None:
    rows = [row(key, MONDAY + dt.timedelta(days=offset), kind) for key, offset, kind in items]
    weekly, daily = volume.weekly_hard_sets(rows), volume.daily_hard_sets(rows)
    for muscle in {m for counts in daily.values() for m in counts}:
        assert sum(w.get(muscle, 0) for w in weekly.values()) == pytest.approx(
            sum(d.get(muscle, 0) for d in daily.values())
        )
    work = [(key, kind) for key, _, kind in items if kind != "warmup"]
    expected = by_hand([(key, 1) for key, _ in work])
    totals: dict[str, float] = defaultdict(float)
    for counts in weekly.values():
        for muscle, value in counts.items():
            totals[muscle] += value
    assert dict(totals) == pytest.approx(expected)


# --- Epley ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [
        (100.0, 10, 100 + 100 * 10 / 30),  # 133.33
        (100.0, 12, 140.0),
        (60.0, 5, 70.0),
        (102.5, 3, 112.75),
        (100.0, 1, 100.0),  # a single is its own max
    ],
)
def test_epley(weight: float, reps: int, expected: float) -> None:
    assert volume.epley_1rm(weight, reps) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("weight", "reps"), [(100.0, 13), (100.0, 0), (0.0, 5), (None, 5), (100.0, None), (-5.0, 5)]
)
def test_epley_gives_nothing_outside_its_range(weight: float | None, reps: int | None) -> None:
    assert volume.epley_1rm(weight, reps) is None


def test_estimated_1rm_only_for_loaded_work_sets() -> None:
    assert volume.estimated_1rm("weighted", "normal", 90.0, 10) == pytest.approx(120.0)
    assert volume.estimated_1rm("weighted", "failure", 90.0, 10) == pytest.approx(120.0)
    assert volume.estimated_1rm("weighted", "warmup", 90.0, 10) is None
    # Assistance makes a set easier: it is never load.
    assert volume.estimated_1rm("assisted", "normal", 20.0, 8) is None
    assert volume.estimated_1rm("bodyweight", "normal", 10.0, 8) is None


def test_volume_is_pure() -> None:
    source = Path(volume.__file__).read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "datetime", "collections", "dataclasses"}
