"""The backtest (tracker.projections.backtest): breaks found, lifts chosen, before/after read off
the log by hand, predictions that see only the log before the break, and the summary."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tracker.break_days import BreakSpan
from tracker.projections.backtest import (
    DEFAULT_NOISE,
    MIN_NOISE_WINDOWS,
    BacktestLog,
    Case,
    ExerciseInfo,
    WorkSet,
    past_breaks,
    run_backtest,
    summarise,
    to_json,
    variation,
)

BENCH, SQUAT, PUSHUP, CURL = 1, 2, 3, 4
EXERCISES = {
    BENCH: ExerciseInfo(
        "Bench Press (Barbell)",
        "weighted",
        ("chest",),
        ("shoulders", "triceps"),
        ("bench press (barbell)",),
        "bench_press_barbell",
    ),
    SQUAT: ExerciseInfo(
        "Squat (Barbell)", "weighted", ("quads", "glutes"), (), (), "squat_barbell"
    ),
    PUSHUP: ExerciseInfo("Push Up", "bodyweight", ("chest",), ("triceps",)),
    CURL: ExerciseInfo("Bicep Curl (Dumbbell)", "weighted", ("biceps",)),
}
START = dt.date(2025, 1, 6)  # a Monday
GAP_FIRST = dt.date(2025, 6, 2)  # the first day without training
BACK = dt.date(2025, 8, 4)  # the first workout after 63 days off
TODAY = dt.date(2025, 12, 1)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def training(first: dt.date, last: dt.date, weight: float, exercise: int = BENCH) -> list[WorkSet]:
    """Monday, Wednesday, Friday: a warm-up and three work sets of 5 at ``weight``."""
    sets = []
    current = first
    while current <= last:
        if current.weekday() in (0, 2, 4):
            sets.append(WorkSet(current, exercise, "warmup", weight * 0.5, 10))
            sets += [WorkSet(current, exercise, "normal", weight, 5)] * 3
        current += dt.timedelta(days=1)
    return sets


def lifter(after_weight: float = 90.0) -> BacktestLog:
    """Bench at 100 kg x 5 until the gap, then back at ``after_weight`` kg x 5."""
    before = training(START, GAP_FIRST - dt.timedelta(days=1), 100.0)
    after = training(BACK, BACK + dt.timedelta(days=100), after_weight)
    return BacktestLog(sets=tuple(before + after), exercises=EXERCISES)


def test_a_long_gap_is_a_break_with_its_first_workout_after() -> None:
    found = past_breaks(lifter(), TODAY)
    assert [(b.first_day, b.return_day, b.recorded) for b in found] == [
        (dt.date(2025, 5, 31), BACK, False)  # the last session was Friday 30 May
    ]
    assert found[0].days == (BACK - dt.date(2025, 5, 31)).days


def test_before_and_after_are_read_off_the_log() -> None:
    result = run_backtest(lifter(after_weight=90.0), TODAY)
    (case,) = result.cases
    # Epley: 100 kg x 5 = 100 * (1 + 5/30); the warm-ups (50 kg x 10) do not count.
    assert case.pre_e1rm_kg == pytest.approx(100 * (1 + 5 / 30))
    assert case.observed_ratio == pytest.approx(0.9)  # 90 kg x 5 against 100 kg x 5
    assert case.observed_days_to_95 is None  # never back to 95 % within 12 weeks
    assert case.exercise == "Bench Press (Barbell)"
    assert case.source_names == ("bench press (barbell)",)


def test_days_to_95_is_the_first_session_at_95_percent() -> None:
    log = lifter(after_weight=90.0)
    # The Friday of the second week back reaches 96 kg x 5.
    climb = WorkSet(BACK + dt.timedelta(days=11), BENCH, "normal", 96.0, 5)
    result = run_backtest(dataclasses.replace(log, sets=(*log.sets, climb)), TODAY)
    (case,) = result.cases
    assert case.observed_days_to_95 == 11
    assert case.observed_ratio == pytest.approx(0.96)


def test_the_prediction_sees_nothing_after_the_break_started() -> None:
    """Whatever happens after the break, the prediction is the same; only the observation
    changes (the scan over days is causal and the inputs are cut at the break)."""
    weak, strong = run_backtest(lifter(60.0), TODAY), run_backtest(lifter(130.0), TODAY)
    (a,), (b,) = weak.cases, strong.cases
    for name in (
        "predicted_ratio",
        "predicted_ratio_low",
        "predicted_ratio_high",
        "predicted_days_to_95",
        "model_ratio_low",
        "model_ratio_high",
        "fitness_ratio",
        "training_years",
        "sensitivity",
    ):
        assert getattr(a, name) == getattr(b, name), name
    assert a.observed_ratio != b.observed_ratio


def test_more_days_off_predict_more_loss() -> None:
    short_gap = lifter()
    later = 35  # the same lifter, back five weeks later
    shifted = tuple(
        s._replace(day=s.day + dt.timedelta(days=later)) if s.day >= BACK else s
        for s in short_gap.sets
    )
    long_gap = dataclasses.replace(short_gap, sets=shifted)
    (a,) = run_backtest(short_gap, TODAY).cases
    (b,) = run_backtest(long_gap, TODAY).cases
    assert b.predicted_ratio < a.predicted_ratio < 1.0


def test_the_band_holds_the_central_estimate() -> None:
    for years in (0.0, 3.0, None):
        log = dataclasses.replace(lifter(), training_years=years)
        for case in run_backtest(log, TODAY).cases:
            assert case.model_ratio_low <= case.predicted_ratio <= case.model_ratio_high
            assert case.predicted_ratio_low <= case.model_ratio_low
            assert case.predicted_ratio_high >= case.model_ratio_high


def test_lifts_without_enough_sessions_around_the_break_are_left_out() -> None:
    log = lifter()
    once_before = [WorkSet(GAP_FIRST - dt.timedelta(days=5), CURL, "normal", 15.0, 10)]
    pushups = training(START, GAP_FIRST, 0.0, PUSHUP) + training(BACK, TODAY, 0.0, PUSHUP)
    high_reps = [
        WorkSet(d, SQUAT, "normal", 60.0, 15)
        for d in (GAP_FIRST - dt.timedelta(days=3), GAP_FIRST - dt.timedelta(days=10), BACK)
    ]
    sets = (*log.sets, *once_before, *pushups, *high_reps)
    result = run_backtest(dataclasses.replace(log, sets=sets), TODAY)
    assert [c.exercise_id for c in result.cases] == [BENCH]


def test_no_breaks_and_no_eligible_lift_say_so() -> None:
    steady = BacktestLog(sets=tuple(training(START, TODAY, 100.0)), exercises=EXERCISES)
    result = run_backtest(steady, TODAY)
    assert result.breaks == () and result.cases == ()
    assert result.summary.cases == 0 and result.summary.model_error is None
    assert to_json(result)["cases"] == []

    # A break, but the bench was done only once after it.
    log = lifter()
    cut = tuple(s for s in log.sets if s.day <= BACK)
    result = run_backtest(dataclasses.replace(log, sets=cut), TODAY)
    assert len(result.breaks) == 1 and result.cases == ()

    empty = run_backtest(BacktestLog(sets=(), exercises={}), TODAY)
    assert empty.breaks == () and empty.cases == ()


def test_a_recorded_break_counts_until_the_first_workout_after_it() -> None:
    sets = training(START, dt.date(2025, 3, 28), 100.0) + training(
        dt.date(2025, 4, 7), TODAY, 100.0
    )
    span = BreakSpan(dt.date(2025, 3, 29), dt.date(2025, 4, 4), "rest")
    log = BacktestLog(sets=tuple(sets), exercises=EXERCISES, breaks=(span,))
    found = past_breaks(log, TODAY)
    assert [(b.first_day, b.return_day, b.recorded) for b in found] == [
        (dt.date(2025, 3, 29), dt.date(2025, 4, 7), True)
    ]
    # A break going on (no end) has no return yet.
    ongoing = dataclasses.replace(log, breaks=(BreakSpan(dt.date(2025, 11, 20), None),))
    assert all(not b.recorded for b in past_breaks(ongoing, TODAY))


def test_training_years_come_from_the_log_before_the_break_when_not_set() -> None:
    set_years = run_backtest(dataclasses.replace(lifter(), training_years=0.0), TODAY)
    inferred = run_backtest(dataclasses.replace(lifter(), training_years=None), TODAY)
    assert set_years.cases[0].training_years == 0.0
    # 116.7 kg estimated bench in the first 4 weeks: above the intermediate level for an 80 kg
    # man (1.10 x 80 = 88 kg) and below advanced (1.52 x 80 = 122 kg): between 2 and 5 years.
    assert 2.0 < inferred.cases[0].training_years < 5.0
    assert inferred.inferred and not set_years.inferred


def case(predicted: float, observed: float | None, low: float, high: float) -> Case:
    return Case(
        exercise_id=1,
        exercise="Bench",
        source_names=(),
        break_first_day=dt.date(2025, 1, 1),
        return_day=dt.date(2025, 2, 1),
        recorded=False,
        pre_e1rm_kg=100.0,
        predicted_ratio=predicted,
        predicted_ratio_low=low,
        predicted_ratio_high=high,
        model_ratio_low=predicted,
        model_ratio_high=predicted,
        predicted_days_to_95=None,
        observed_ratio=observed,
        observed_days_to_95=None,
        fitness_ratio=0.5,
        training_years=0.0,
    )


def test_the_summary_by_hand() -> None:
    cases = [
        case(0.90, 0.80, 0.85, 0.95),  # error 0.10, outside
        case(0.95, 1.00, 0.90, 1.05),  # error 0.05, inside
        case(1.00, None, 0.90, 1.05),  # not observed: not counted
        case(0.95, 3.00, 0.90, 1.05),  # implausible: left out
    ]
    s = summarise(cases)
    assert s.cases == 2 and s.left_out == 1 and s.breaks == 1
    assert s.model_error == pytest.approx((0.10 + 0.05) / 2)
    assert s.model_bias == pytest.approx((0.10 - 0.05) / 2)
    assert s.nothing_lost_error == pytest.approx((0.20 + 0.0) / 2)
    assert s.nothing_lost_bias == pytest.approx((0.20 + 0.0) / 2)
    assert s.fitness_error == pytest.approx((0.30 + 0.50) / 2)
    assert s.band_coverage == pytest.approx(0.5)


def test_the_json_has_the_documented_shape() -> None:
    document = to_json(run_backtest(lifter(), TODAY))
    assert set(document) == {"cases", "summary", "calibration"}
    (item,) = document["cases"]
    assert set(item) == {
        "exercise",
        "source_names",
        "break_first_day",
        "return_day",
        "pre_e1rm_kg",
        "predicted_ratio",
        "predicted_ratio_low",
        "predicted_ratio_high",
        "predicted_days_to_95",
        "observed_ratio",
        "observed_days_to_95",
        "calibrated_ratio",
        "calibrated_ratio_low",
        "calibrated_ratio_high",
        "first_session_ratio",
    }
    # The first session back (105 kg estimated, 90 % of before) against the suggestion, which
    # aims below the expected 1RM: lifted more than suggested.
    assert isinstance(item["first_session_ratio"], float) and item["first_session_ratio"] > 1.0
    # One break: nothing else to learn from, so leave-one-out is the average lifter's.
    assert item["calibrated_ratio"] == item["predicted_ratio"]
    assert item["break_first_day"] == "2025-05-31" and item["return_day"] == "2025-08-04"
    assert item["pre_e1rm_kg"] == pytest.approx(116.7)
    assert item["observed_ratio"] == pytest.approx(0.9)
    assert item["source_names"] == ["bench press (barbell)"]
    summary = document["summary"]
    assert summary["cases"] == 1
    for key in ("model_error", "model_bias", "nothing_lost_error", "band_coverage"):
        assert isinstance(summary[key], float)
    assert summary["calibrated_cases"] == 1
    assert summary["calibrated_error"] == summary["uncalibrated_error"] == summary["model_error"]
    calibration = document["calibration"]
    assert set(calibration) == {
        "breaks",
        "cases",
        "loss_factor",
        "regain_factor",
        "loss_spread",
        "regain_spread",
        "kept_pct",
        "regain_pct",
        "left_out",
    }
    assert (
        calibration["breaks"] == 1 and calibration["cases"] == 1 and calibration["left_out"] == []
    )


def test_the_variation_needs_enough_windows_and_never_excludes_one() -> None:
    few = [(dt.date(2025, 1, 1), 0.8)] * (MIN_NOISE_WINDOWS - 1)
    assert variation(few, dt.date(2026, 1, 1)) == DEFAULT_NOISE
    many = [(dt.date(2025, 1, 1), 1.0 + 0.01 * k) for k in range(40)]  # all 1.00 or more
    low, high = variation(many, dt.date(2026, 1, 1))
    assert low == 1.0 and high > 1.0
    # Windows that end on or after the break do not count.
    assert variation(many, dt.date(2025, 1, 1)) == DEFAULT_NOISE


def test_the_suggested_first_set_aims_below_the_expected_1rm() -> None:
    from tracker.projections.backtest import suggested_set_e1rm

    # 8 reps with 3.5 in reserve: 100 x (1 + 8/30) / (1 + 11.5/30) = 91.57 kg.
    assert suggested_set_e1rm(100.0) == pytest.approx(100 * (1 + 8 / 30) / (1 + 11.5 / 30))
    assert suggested_set_e1rm(100.0, reps=5) == pytest.approx(100 * (1 + 5 / 30) / (1 + 8.5 / 30))
