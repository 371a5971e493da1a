"""The simulated history, its cache and checkpoints, and the questions asked of it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pytest
from flask import Flask

from tests.factories import catalogue_exercise, make_workout
from tracker import projections
from tracker.break_days import BreakSpan, today_in
from tracker.physiology import Profile, simulate
from tracker.physiology.muscles import MUSCLE_KEYS
from tracker.projections import (
    CHECKPOINT_EVERY,
    HistoryKey,
    ProjectionCache,
    break_projection,
    compute_history,
    first_difference,
    lift_tracks,
    next_monday,
    now_summary,
    ongoing_break,
)
from tracker.timeline import LiftSet, LogRows, SetAggregate, build_timeline

D0 = dt.date(2023, 1, 2)  # a Monday
PROFILE = Profile(age=35, sex="female", training_years=1.0)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def training_rows(first: int, last: int, skip: tuple[int, int] | None = None) -> list[SetAggregate]:
    """Three sessions a week from day ``first`` to ``last``: chest 5, triceps 5 x 0.5, quads 4."""
    rows = []
    for n in range(first, last + 1):
        if skip and skip[0] <= n <= skip[1]:
            continue
        if day(n).weekday() in (0, 2, 4):
            rows.append(SetAggregate(day(n), "normal", "weighted", "chest", "primary", 5))
            rows.append(SetAggregate(day(n), "normal", "weighted", "triceps", "secondary", 5))
            rows.append(SetAggregate(day(n), "normal", "weighted", "quads", "primary", 4))
    return rows


def log(rows: list[SetAggregate], breaks: tuple[BreakSpan, ...] = ()) -> LogRows:
    return LogRows(sets=tuple(rows), breaks=breaks, break_reasons=("vacation",) * len(breaks))


def assert_same_history(a: projections.History, b: projections.History) -> None:
    assert a.rows == b.rows
    np.testing.assert_allclose(a.size, b.size, rtol=0, atol=1e-12)
    np.testing.assert_allclose(a.strength, b.strength, rtol=0, atol=1e-12)
    assert (a.phase == b.phase).all()
    for row in (0, a.rows // 2, a.rows - 1):
        sa, sb = a.state_at(row), b.state_at(row)
        np.testing.assert_allclose(sa.gain, sb.gain, rtol=0, atol=1e-12)
        np.testing.assert_allclose(sa.memory, sb.memory, rtol=0, atol=1e-12)


# --- incremental resume ------------------------------------------------------------------------

BREAK = (BreakSpan(day(200), day(260), "rest"),)


@pytest.mark.parametrize(
    "change",
    [
        "set today",
        "set three days ago",
        "set mid-history",
        "set on a checkpoint day",
        "set on the first day",
        "new day",
        "break added",
        "set removed",
    ],
)
def test_incremental_equals_full(change: str) -> None:
    today = day(400)
    rows = training_rows(0, 395, skip=(200, 260))
    old = compute_history(build_timeline(log(rows, BREAK), today, PROFILE))  # type: ignore[arg-type]
    breaks = BREAK
    new_today = today
    extra: list[SetAggregate] = []
    if change == "set today":
        extra = [SetAggregate(today, "normal", "weighted", "chest", "primary", 3)]
    elif change == "set three days ago":
        extra = [
            SetAggregate(today - dt.timedelta(days=3), "normal", "weighted", "quads", "primary", 4)
        ]
    elif change == "set mid-history":
        extra = [SetAggregate(day(150), "normal", "weighted", "quads", "primary", 6)]
    elif change == "set on a checkpoint day":
        extra = [SetAggregate(day(CHECKPOINT_EVERY * 5), "normal", "weighted", "abs", "primary", 2)]
    elif change == "set on the first day":
        extra = [SetAggregate(day(0), "normal", "weighted", "calves", "primary", 2)]
    elif change == "new day":
        new_today = today + dt.timedelta(days=1)
    elif change == "break added":
        breaks = (
            *BREAK,
            BreakSpan(day(300), day(320), "immobilized", muscles=frozenset({"quads"})),
        )
    elif change == "set removed":
        rows = rows[:-3]
    timeline = build_timeline(log(rows + extra, breaks), new_today, PROFILE)
    assert timeline is not None
    incremental = compute_history(timeline, old)
    full = compute_history(timeline)
    assert_same_history(incremental, full)
    assert full.simulated_rows == timeline.days
    if change in ("set today", "new day"):
        # Today only (the morning's state and yesterday's end are kept), not years, not the
        # days since the last checkpoint of the four-weekly ones.
        assert incremental.simulated_rows == 1
    if change == "set three days ago":
        assert incremental.simulated_rows == 4  # from that morning: each of the last days's kept


def test_each_of_the_last_days_stays_a_place_to_resume_from() -> None:
    """A set today, then one in a workout of three days ago: the second resumes from that
    morning too (the first kept the states before it)."""
    today = day(400)
    rows = training_rows(0, 399)
    first = compute_history(build_timeline(log(rows), today, PROFILE))  # type: ignore[arg-type]
    now = [SetAggregate(today, "normal", "weighted", "chest", "primary", 3)]
    second = compute_history(build_timeline(log(rows + now), today, PROFILE), first)  # type: ignore[arg-type]
    assert second.simulated_rows == 1
    earlier = [
        SetAggregate(today - dt.timedelta(days=3), "normal", "weighted", "quads", "primary", 2)
    ]
    timeline = build_timeline(log(rows + now + earlier), today, PROFILE)
    assert timeline is not None
    third = compute_history(timeline, second)
    assert third.simulated_rows == 4
    assert_same_history(third, compute_history(timeline))


def test_unchanged_inputs_simulate_nothing() -> None:
    timeline = build_timeline(log(training_rows(0, 90)), day(90), PROFILE)
    assert timeline is not None
    old = compute_history(timeline)
    again = compute_history(build_timeline(log(training_rows(0, 90)), day(90), PROFILE), old)  # type: ignore[arg-type]
    assert again.simulated_rows == 0
    assert again.size is old.size


def test_a_new_profile_recomputes_everything() -> None:
    timeline = build_timeline(log(training_rows(0, 90)), day(90), PROFILE)
    assert timeline is not None
    old = compute_history(timeline)
    older = Profile(age=70, sex="female", training_years=1.0)
    redone = build_timeline(log(training_rows(0, 90)), day(90), older)
    assert redone is not None
    new = compute_history(redone, old)
    assert new.simulated_rows == redone.days
    assert_same_history(new, compute_history(redone))


def test_first_difference() -> None:
    a = build_timeline(log(training_rows(0, 30)), day(30), PROFILE)
    b = build_timeline(log(training_rows(0, 31)), day(31), PROFILE)
    assert a is not None and b is not None
    assert first_difference(a.inputs, a.inputs) is None
    assert first_difference(a.inputs, b.inputs) == 31  # same days, one more
    c = build_timeline(
        log(
            [*training_rows(0, 30), SetAggregate(day(9), "normal", "weighted", "abs", "primary", 1)]
        ),
        day(30),
        PROFILE,
    )
    assert c is not None
    assert first_difference(a.inputs, c.inputs) == 9


# --- the cache ---------------------------------------------------------------------------------


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return simulate(*args, **kwargs)


def count_simulations(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count the model runs of the projections: histories (``cache``) and days to come
    (``scenarios``), patched where they look ``simulate`` up."""
    counter = Counter()
    monkeypatch.setattr("tracker.projections.cache.simulate", counter)
    monkeypatch.setattr("tracker.projections.scenarios.simulate", counter)
    return counter


def test_cache_recomputes_only_when_the_key_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = count_simulations(monkeypatch)
    cache = ProjectionCache()
    loads = []
    rows = log(training_rows(0, 120))

    def load() -> LogRows:
        loads.append(1)
        return rows

    key = HistoryKey(3, PROFILE, day(120))
    first = cache.history(1, key, load)
    assert counter.calls == 1 and len(loads) == 1
    for _ in range(3):
        assert cache.history(1, key, load) is first
    assert counter.calls == 1 and len(loads) == 1  # nothing changed: nothing recomputed
    # A new version with the same inputs (say a note edited): read again, nothing simulated.
    same = cache.history(1, HistoryKey(4, PROFILE, day(120)), load)
    assert len(loads) == 2 and counter.calls == 1
    assert same is not None and same.simulated_rows == 0
    # Another user is cached apart.
    cache.history(2, key, load)
    assert counter.calls == 2
    # A new set today: resumes from a checkpoint.
    rows = log(
        [*training_rows(0, 120), SetAggregate(day(120), "normal", "weighted", "abs", "primary", 3)]
    )
    changed = cache.history(1, HistoryKey(5, PROFILE, day(120)), load)
    assert counter.calls == 3
    assert changed is not None and 0 < changed.simulated_rows <= CHECKPOINT_EVERY


def test_cache_keeps_at_most_max_users() -> None:
    cache = ProjectionCache(max_users=2)
    rows = log(training_rows(0, 20))
    for user_id in (1, 2, 3):
        cache.history(user_id, HistoryKey(1, PROFILE, day(20)), lambda: rows)
    assert list(cache._histories) == [2, 3]


def test_chart_bytes_cache_is_bounded() -> None:
    cache = ProjectionCache(max_chart_bytes=10)
    assert cache.chart("a", lambda: b"123456") == b"123456"
    assert cache.chart("a", lambda: b"other") == b"123456"  # cached by key
    cache.chart("b", lambda: b"7890123")
    assert "a" not in cache._charts


# --- through the app: a new set changes the dashboard ------------------------------------------


def _numbers(html: str) -> list[str]:
    return re.findall(r"\d+ % \(likely \d+-\d+ %\)|between \d+ and \d+ %", html)


def test_a_new_set_changes_the_dashboard(
    app: Flask, user: Any, auth_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = today_in("UTC")
    bench = catalogue_exercise(app, "bench_press_barbell")
    start = today - dt.timedelta(days=70)
    for n in range(0, 60, 2):
        sets = [{"exercise_id": bench.id, "reps": 8, "weight_kg": 70.0}] * 3
        make_workout(app, user, dt.datetime.combine(start + dt.timedelta(days=n), dt.time(9)), sets)
    counter = count_simulations(monkeypatch)
    first = auth_client.get("/").get_data(as_text=True)
    calls = counter.calls
    assert calls >= 1
    assert _numbers(first)
    for _ in range(3):
        # Compare the numbers, not the page: its CSRF token carries a timestamp.
        assert _numbers(auth_client.get("/").get_data(as_text=True)) == _numbers(first)
    assert counter.calls == calls  # page views never recompute
    sets = [{"exercise_id": bench.id, "reps": 8, "weight_kg": 70.0}] * 12
    make_workout(app, user, dt.datetime.combine(today, dt.time(7)), sets)
    after = auth_client.get("/").get_data(as_text=True)
    assert counter.calls > calls
    assert _numbers(after) != _numbers(first)
    cache = projections.cache_for(app.extensions)
    history = cache._histories[user.id][1]
    assert history is not None and history.simulated_rows <= CHECKPOINT_EVERY


def test_each_app_has_its_own_cache(app: Flask) -> None:
    cache = projections.cache_for(app.extensions)
    assert projections.cache_for(app.extensions) is cache
    assert projections.cache_for({}) is not cache  # another app, another cache


# --- questions asked of a history --------------------------------------------------------------


def _history(rows: list[SetAggregate], breaks: tuple[BreakSpan, ...], today: dt.date) -> Any:
    timeline = build_timeline(log(rows, breaks), today, PROFILE)
    assert timeline is not None
    return compute_history(timeline)


def test_now_summary_is_relative_to_the_peak() -> None:
    history = _history(training_rows(0, 300), (), day(300))
    now = now_summary(history)
    assert now.whole.size.central == pytest.approx(1.0, abs=0.01)
    assert [g.key for g in now.groups] == ["chest", "triceps", "quads"]
    assert now.whole.weekly_sets == pytest.approx(15 + 7.5 + 12)
    assert "Calves" in now.untrained
    # After eight weeks off, everything is below its peak and losing.
    rested = now_summary(_history(training_rows(0, 300), (), day(356)))
    assert rested.whole.size.central < 0.97
    assert rested.whole.phase == "losing"


def test_ongoing_break_options() -> None:
    today = day(320)
    span = BreakSpan(day(301), None, "rest")
    history = _history(training_rows(0, 300), (span,), today)
    result = ongoing_break(history, span)
    assert result.day == 20
    assert result.loss_size.central >= 0
    monday, later = result.options
    assert monday.return_day == next_monday(today)
    assert later.return_day == monday.return_day + dt.timedelta(days=14)
    # A longer break costs more and takes longer to come back from.
    assert later.outcome.loss_size.central > monday.outcome.loss_size.central
    assert later.outcome.size_100.central is not None and monday.outcome.size_100.central
    assert later.outcome.size_100.central > monday.outcome.size_100.central
    assert monday.outcome.loss_size.low <= monday.outcome.loss_size.central
    assert monday.outcome.loss_size.central <= monday.outcome.loss_size.high


def test_break_projection_for_an_ended_break() -> None:
    span = BreakSpan(day(301), day(356), "rest")
    history = _history(training_rows(0, 300) + training_rows(357, 400), (span,), day(400))
    usual = break_projection(history, span)
    more = break_projection(history, span, dose=2.0)
    assert not usual.ongoing
    assert usual.return_day == day(357)
    assert usual.loss_size.central > 0.02  # eight weeks off cost something
    # The loss over the break: the history's estimate and the projection's start agree.
    for name in ("central", "low", "high"):
        assert getattr(usual.loss_size, name) == pytest.approx(
            getattr(usual.outcome.loss_size, name), abs=1e-12
        )
    assert usual.outcome.size_95.central is not None and usual.outcome.size_95.central > day(356)
    assert more.outcome.size_100.central is not None and usual.outcome.size_100.central
    assert more.outcome.size_100.central <= usual.outcome.size_100.central
    assert usual.size.shape == (len(usual.dates), 3)
    # Relative to the level on the break's first morning.
    assert usual.size[usual.dates.index(day(300)), 1] == pytest.approx(1.0)
    assert usual.focus == ("chest", "triceps", "quads")


def test_break_projection_for_an_immobilised_arm_is_about_the_arm() -> None:
    arm = frozenset({"triceps", "biceps"})
    span = BreakSpan(day(301), day(330), "immobilized", muscles=arm)
    history = _history(training_rows(0, 300), (span,), day(340))
    result = break_projection(history, span)
    # The biceps were never trained in this log: nothing to lose, so only the triceps count.
    assert result.focus == ("triceps",)


def test_lift_tracks_compare_estimated_1rms_with_the_projection() -> None:
    start, back, today = day(100), day(130), day(160)
    sets = [
        LiftSet(day(90), 1, "Bench", "weighted", "normal", 100.0, 1),  # best before: 100
        LiftSet(day(95), 1, "Bench", "weighted", "normal", 90.0, 3),
        LiftSet(day(96), 1, "Bench", "weighted", "warmup", 200.0, 1),  # warm-ups never count
        LiftSet(day(140), 1, "Bench", "weighted", "normal", 90.0, 3),  # 90 x 1.1 = 99
        LiftSet(day(140), 2, "Curl", "weighted", "normal", 30.0, 5),  # no best before: left out
    ]
    tracks = lift_tracks(sets, start, back, today, lambda d: 0.95)
    assert len(tracks) == 1
    (track,) = tracks
    assert track.best_before_kg == pytest.approx(100.0)
    assert track.points[0].ratio == pytest.approx(0.99)
    assert track.latest_difference == pytest.approx(0.04)  # ahead of the estimate by 4 %


def test_whole_body_weights_follow_logged_sets() -> None:
    history = _history(training_rows(0, 30), (), day(30))
    weights = history.weights()
    assert weights.sum() == pytest.approx(1.0)
    col = {k: i for i, k in enumerate(MUSCLE_KEYS)}
    assert weights[col["chest"]] == pytest.approx(5 / (5 + 2.5 + 4))
    assert weights[col["calves"]] == 0
