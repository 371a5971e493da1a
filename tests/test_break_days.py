"""Breaks resolved day by day into per-muscle states, and the gaps never recorded (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.break_days import (
    TRAINING_CARRY_DAYS,
    BreakSpan,
    Gap,
    Run,
    day_number,
    day_states,
    find_gaps,
    today_in,
)
from tracker.physiology.muscles import BODY_REGIONS, MUSCLE_KEYS

D = dt.date
ARM = BODY_REGIONS["left_arm"][1]  # shoulders, biceps, triceps, forearms
LEGS = ("glutes", "quads", "hamstrings", "adductors", "calves")


def days_from(start: dt.date, count: int) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(count)]


# --- day_states ------------------------------------------------------------------------------


def test_no_breaks_means_training_every_day() -> None:
    result = day_states([], D(2026, 1, 1), D(2026, 1, 31), MUSCLE_KEYS)
    assert result.days == 31
    assert all(set(result.states[m]) == {"train"} for m in MUSCLE_KEYS)
    assert all(s is None for s in result.sessions_per_week)


def test_rest_break_rests_every_muscle_on_its_days_only() -> None:
    span = BreakSpan(D(2026, 3, 3), D(2026, 3, 17), "rest")
    result = day_states([span], D(2026, 3, 1), D(2026, 3, 31), MUSCLE_KEYS)
    for muscle in MUSCLE_KEYS:
        assert result[D(2026, 3, 2), muscle] == "train"
        assert result[D(2026, 3, 3), muscle] == "rest"  # the first day counts
        assert result[D(2026, 3, 17), muscle] == "rest"  # and so does the last
        assert result[D(2026, 3, 18), muscle] == "train"
    assert result.runs("chest") == [
        Run("train", D(2026, 3, 1), 2),
        Run("rest", D(2026, 3, 3), 15),
        Run("train", D(2026, 3, 18), 14),
    ]


def test_rest_break_stays_rest_even_with_workouts_logged_in_it() -> None:
    # The breaks page asks the user to make such a break reduced; the model does not guess.
    span = BreakSpan(D(2026, 3, 3), D(2026, 3, 17), "rest")
    result = day_states(
        [span],
        D(2026, 3, 1),
        D(2026, 3, 31),
        ["quads"],
        workout_days_by_muscle={"quads": [D(2026, 3, 10)]},
    )
    assert result[D(2026, 3, 10), "quads"] == "rest"
    assert result[D(2026, 3, 12), "quads"] == "rest"


def test_reduced_break_reduces_every_muscle_and_carries_sessions_per_week() -> None:
    span = BreakSpan(D(2026, 5, 10), D(2026, 5, 20), "reduced", sessions_per_week=2)
    result = day_states([span], D(2026, 5, 1), D(2026, 5, 31), ["chest", "quads"])
    assert result[D(2026, 5, 10), "quads"] == "reduced"
    assert result[D(2026, 5, 20), "chest"] == "reduced"
    assert result[D(2026, 5, 21), "chest"] == "train"
    index = (D(2026, 5, 15) - D(2026, 5, 1)).days
    assert result.sessions_per_week[index] == 2
    assert result.sessions_per_week[0] is None
    assert result.runs("quads")[1] == Run("reduced", D(2026, 5, 10), 11, sessions_per_week=2)


def test_immobilised_arm_while_the_legs_keep_training() -> None:
    """A cast on the left arm for four weeks; squats twice a week throughout."""
    start, end = D(2026, 3, 2), D(2026, 3, 29)  # a Monday, 28 days
    cast = BreakSpan(start, end, "immobilized", muscles=frozenset(ARM))
    leg_days = [start + dt.timedelta(days=d) for d in (1, 4, 8, 11, 15, 18, 22, 25)]
    result = day_states(
        [cast],
        D(2026, 2, 23),
        D(2026, 4, 5),
        MUSCLE_KEYS,
        workout_days_by_muscle={m: leg_days for m in LEGS},
    )
    for day in days_from(start, 28):
        for muscle in ARM:
            assert result[day, muscle] == "immobilized"
        # Not picked and not trained: rest.
        assert result[day, "chest"] == "rest"
        assert result[day, "abs"] == "rest"
    # The legs train from their first session in the break to its end...
    for day in days_from(start + dt.timedelta(days=1), 27):
        assert result[day, "quads"] == "train"
        assert result[day, "calves"] == "train"
    # ...and rest on the one day before it (the cast went on a Monday, squats on Tuesday).
    assert result[start, "quads"] == "rest"
    # Before and after the break everything trains.
    for muscle in MUSCLE_KEYS:
        assert result[start - dt.timedelta(days=1), muscle] == "train"
        assert result[end + dt.timedelta(days=1), muscle] == "train"


def test_training_in_an_immobilised_break_carries_one_week() -> None:
    start = D(2026, 6, 1)
    span = BreakSpan(start, D(2026, 6, 30), "immobilized", muscles=frozenset({"biceps"}))
    result = day_states(
        [span],
        start,
        D(2026, 6, 30),
        ["biceps", "quads"],
        workout_days_by_muscle={"quads": [D(2026, 6, 5)], "biceps": [D(2026, 6, 5)]},
    )
    assert TRAINING_CARRY_DAYS == 7
    assert result.runs("quads") == [
        Run("rest", start, 4),
        Run("train", D(2026, 6, 5), 7),  # the 5th to the 11th
        Run("rest", D(2026, 6, 12), 19),
    ]
    # Logging a set for an immobilised muscle does not free it.
    assert set(result.states["biceps"]) == {"immobilized"}


def test_workouts_outside_an_immobilised_break_do_not_count_inside_it() -> None:
    span = BreakSpan(D(2026, 6, 10), D(2026, 6, 20), "immobilized", muscles=frozenset({"biceps"}))
    result = day_states(
        [span],
        D(2026, 6, 1),
        D(2026, 6, 30),
        ["quads"],
        workout_days_by_muscle={"quads": [D(2026, 6, 8), D(2026, 6, 9), D(2026, 6, 21)]},
    )
    assert result.runs("quads") == [
        Run("train", D(2026, 6, 1), 9),
        Run("rest", D(2026, 6, 10), 11),
        Run("train", D(2026, 6, 21), 10),
    ]


def test_ongoing_break_lasts_until_the_last_day() -> None:
    span = BreakSpan(D(2026, 4, 20), None, "rest")
    result = day_states([span], D(2026, 4, 1), D(2026, 4, 30), ["chest"])
    assert result.runs("chest") == [
        Run("train", D(2026, 4, 1), 19),
        Run("rest", D(2026, 4, 20), 11),
    ]


def test_breaks_are_clipped_to_the_window() -> None:
    span = BreakSpan(D(2025, 12, 20), D(2026, 1, 5), "rest")
    result = day_states([span], D(2026, 1, 1), D(2026, 1, 10), ["chest"])
    assert result.runs("chest") == [Run("rest", D(2026, 1, 1), 5), Run("train", D(2026, 1, 6), 5)]
    # A break wholly outside changes nothing.
    far = BreakSpan(D(2025, 1, 1), D(2025, 1, 31), "immobilized", muscles=frozenset({"chest"}))
    assert set(day_states([far], D(2026, 1, 1), D(2026, 1, 10), ["chest"]).states["chest"]) == {
        "train"
    }


def test_overlapping_spans_take_the_most_restrictive_state() -> None:
    reduced = BreakSpan(D(2026, 1, 1), D(2026, 1, 31), "reduced", sessions_per_week=1)
    cast = BreakSpan(D(2026, 1, 10), D(2026, 1, 20), "immobilized", muscles=frozenset({"biceps"}))
    result = day_states([reduced, cast], D(2026, 1, 1), D(2026, 1, 31), ["biceps", "quads"])
    assert result[D(2026, 1, 9), "biceps"] == "reduced"
    assert result[D(2026, 1, 15), "biceps"] == "immobilized"
    # The cast says rest for the free quads; rest is more restrictive than reduced.
    assert result[D(2026, 1, 15), "quads"] == "rest"
    assert result[D(2026, 1, 25), "quads"] == "reduced"


def test_day_states_lookup_outside_the_window_fails() -> None:
    result = day_states([], D(2026, 1, 1), D(2026, 1, 2), ["chest"])
    with pytest.raises(KeyError):
        result[D(2026, 1, 3), "chest"]
    assert result.dates() == [D(2026, 1, 1), D(2026, 1, 2)]
    assert day_states([], D(2026, 1, 2), D(2026, 1, 1), ["chest"]).days == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": D(2026, 1, 2), "end": D(2026, 1, 1), "mode": "rest"},
        {"start": D(2026, 1, 1), "end": None, "mode": "holiday"},
    ],
)
def test_break_span_rejects_nonsense(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        BreakSpan(**kwargs)  # type: ignore[arg-type]


def test_break_span_covers_its_days_inclusive() -> None:
    span = BreakSpan(D(2026, 1, 5), None, "rest", muscles={"chest"})  # type: ignore[arg-type]
    assert span.muscles == frozenset({"chest"})
    assert span.covers(D(2026, 1, 5), today=D(2026, 1, 9))
    assert span.covers(D(2026, 1, 9), today=D(2026, 1, 9))
    assert not span.covers(D(2026, 1, 10), today=D(2026, 1, 9))
    assert day_number(D(2026, 1, 5), D(2026, 1, 16)) == 12


# --- find_gaps -------------------------------------------------------------------------------

A = D(2026, 1, 1)


def gaps(
    workouts: list[dt.date],
    today: dt.date,
    breaks: list[BreakSpan] | None = None,
    training: list[tuple[dt.date, dt.date]] | None = None,
    first_day: dt.date | None = None,
    min_days: int = 14,
) -> list[Gap]:
    return find_gaps(
        workouts, breaks or [], training or [], first_day or min(workouts), today, min_days
    )


def after(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


def test_a_stretch_is_the_days_between_two_workouts() -> None:
    # Workouts on the 1st and the 15th: 13 days without (the 2nd to the 14th), B - A - 1.
    assert gaps([A, after(A, 14), after(A, 15)], today=after(A, 15)) == []
    # Workouts on the 1st and the 16th: 14 days without, the 2nd to the 15th.
    found = gaps([A, after(A, 15)], today=after(A, 15))
    assert found == [Gap(after(A, 1), after(A, 14))]
    assert found[0].days == 14 and not found[0].ongoing


def test_no_workouts_no_history_no_gaps() -> None:
    assert find_gaps([], [], [], A, after(A, 100), 14) == []


def test_no_gap_before_the_first_workout() -> None:
    # The history starts at the first workout, even if first_day is much earlier.
    found = find_gaps([after(A, 60), after(A, 61)], [], [], A, after(A, 61), 14)
    assert found == []


def test_first_day_clips_a_stretch() -> None:
    workouts = [A, after(A, 40)]
    # The stretch is days 1..39 (39 days); from day 30 on only 10 of them remain.
    assert gaps(workouts, today=after(A, 40), first_day=after(A, 30)) == []
    assert gaps(workouts, today=after(A, 40), first_day=after(A, 26)) == [
        Gap(after(A, 26), after(A, 39))
    ]


def test_gap_at_the_end_of_the_history_is_ongoing() -> None:
    # The days after the last workout, up to and including today.
    assert gaps([A], today=after(A, 13)) == []
    found = gaps([A], today=after(A, 14))
    assert found == [Gap(after(A, 1), after(A, 14), ongoing=True)]
    assert found[0].days == 14
    # A workout today closes it: then it is an ordinary 13- or 14-day stretch.
    assert gaps([A, after(A, 14)], today=after(A, 14)) == []
    assert gaps([A, after(A, 15)], today=after(A, 15)) == [Gap(after(A, 1), after(A, 14))]


def test_workouts_after_today_are_ignored() -> None:
    assert gaps([A, after(A, 30)], today=after(A, 20)) == [
        Gap(after(A, 1), after(A, 20), ongoing=True)
    ]


def test_gap_partly_covered_by_a_break_keeps_the_uncovered_part() -> None:
    workouts = [A, after(A, 31)]  # 30 days without: days 1..30
    # A break over days 21..30 leaves days 1..20.
    late = BreakSpan(after(A, 21), after(A, 30), "rest")
    assert gaps(workouts, after(A, 31), breaks=[late]) == [Gap(after(A, 1), after(A, 20))]
    # A break over days 14..18 leaves 13 days before it (1..13) and 12 after (19..30): neither
    # counts alone, even though together they are 25 days.
    middle = BreakSpan(after(A, 14), after(A, 18), "rest")
    assert gaps(workouts, after(A, 31), breaks=[middle]) == []
    # Over days 15..19 it leaves 14 before (1..14), which counts, and 11 after, which does not.
    middle = BreakSpan(after(A, 15), after(A, 19), "reduced", sessions_per_week=1)
    assert gaps(workouts, after(A, 31), breaks=[middle]) == [Gap(after(A, 1), after(A, 14))]


def test_a_break_covering_the_whole_stretch_leaves_no_gap() -> None:
    workouts = [A, after(A, 31)]
    wide = BreakSpan(after(A, -5), after(A, 40), "rest")
    assert gaps(workouts, after(A, 31), breaks=[wide]) == []


def test_an_ongoing_break_covers_the_end_of_the_history() -> None:
    ongoing = BreakSpan(after(A, 3), None, "rest")
    assert gaps([A], today=after(A, 60), breaks=[ongoing]) == []
    # Started late, it leaves the days before it.
    late = BreakSpan(after(A, 20), None, "rest")
    assert gaps([A], today=after(A, 60), breaks=[late]) == [Gap(after(A, 1), after(A, 19))]


def test_training_gaps_dismiss_a_gap() -> None:
    workouts = [A, after(A, 31)]
    assert gaps(workouts, after(A, 31), training=[(after(A, 1), after(A, 30))]) == []
    # Dismissing part of it leaves the rest, under the same rule as a break.
    assert gaps(workouts, after(A, 31), training=[(after(A, 1), after(A, 10))]) == [
        Gap(after(A, 11), after(A, 30))
    ]
    # A dismissed ongoing gap; a day later only one new day is uncovered: not a gap.
    assert gaps([A], today=after(A, 21), training=[(after(A, 1), after(A, 20))]) == []


def test_several_gaps_in_order_and_min_days() -> None:
    workouts = [A, after(A, 20), after(A, 21), after(A, 50)]
    assert gaps(workouts, after(A, 50)) == [
        Gap(after(A, 1), after(A, 19)),
        Gap(after(A, 22), after(A, 49)),
    ]
    assert gaps(workouts, after(A, 50), min_days=20) == [Gap(after(A, 22), after(A, 49))]
    with pytest.raises(ValueError):
        gaps(workouts, after(A, 50), min_days=0)


def _brute_force_gaps(
    workouts: set[dt.date],
    covered: set[dt.date],
    first_day: dt.date,
    today: dt.date,
    min_days: int,
) -> list[tuple[dt.date, dt.date]]:
    """The rule written day by day: candidate days, then maximal runs of min_days or more."""
    past = [d for d in workouts if d <= today]
    if not past:
        return []
    day = max(min(past) + dt.timedelta(days=1), first_day)
    runs: list[tuple[dt.date, dt.date]] = []
    current: list[dt.date] = []
    while day <= today:
        if day not in workouts and day not in covered:
            current.append(day)
        else:
            if current:
                runs.append((current[0], current[-1]))
            current = []
        day += dt.timedelta(days=1)
    if current:
        runs.append((current[0], current[-1]))
    return [(lo, hi) for lo, hi in runs if (hi - lo).days + 1 >= min_days]


@settings(max_examples=200, deadline=None)
@given(
    workout_offsets=st.sets(st.integers(0, 120), max_size=12),
    break_ranges=st.lists(
        st.tuples(st.integers(0, 120), st.integers(0, 30), st.booleans()), max_size=3
    ),
    training_ranges=st.lists(st.tuples(st.integers(0, 120), st.integers(0, 30)), max_size=2),
    first_offset=st.integers(0, 60),
    today_offset=st.integers(0, 130),
    min_days=st.integers(1, 20),
)
def test_find_gaps_matches_the_rule_day_by_day(
    workout_offsets: set[int],
    break_ranges: list[tuple[int, int, bool]],
    training_ranges: list[tuple[int, int]],
    first_offset: int,
    today_offset: int,
    min_days: int,
) -> None:
    today = after(A, today_offset)
    workouts = {after(A, o) for o in workout_offsets}
    spans = [
        BreakSpan(after(A, s), None if open_ else after(A, s + n), "rest")
        for s, n, open_ in break_ranges
    ]
    training = [(after(A, s), after(A, s + n)) for s, n in training_ranges]
    covered = {
        d
        for span in spans
        for d in days_from(span.start, (span.last_day(today) - span.start).days + 1)
    } | {d for lo, hi in training for d in days_from(lo, (hi - lo).days + 1)}
    found = find_gaps(workouts, spans, training, after(A, first_offset), today, min_days)
    expected = _brute_force_gaps(workouts, covered, after(A, first_offset), today, min_days)
    assert [(g.start, g.end) for g in found] == expected
    last_workout = max((d for d in workouts if d <= today), default=None)
    for gap in found:
        assert gap.ongoing == (
            gap.end == today and last_workout is not None and last_workout < today
        )


# --- today ------------------------------------------------------------------------------------


def test_today_in_the_users_time_zone() -> None:
    late_evening_utc = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    assert today_in("Europe/Paris", late_evening_utc) == D(2026, 3, 2)
    assert today_in("America/New_York", late_evening_utc) == D(2026, 3, 1)
    assert today_in("UTC", late_evening_utc.replace(tzinfo=None)) == D(2026, 3, 1)
    assert today_in("Not/AZone", late_evening_utc) == D(2026, 3, 1)
