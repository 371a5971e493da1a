"""The personal calibration inside the backtest: sensitivities, the fit of every break, and
leave-one-out predictions that never see the break they predict."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tracker.physiology import Response
from tracker.projections.backtest import BacktestLog, WorkSet, fingerprint, run_backtest, to_json

from .test_backtest import BENCH, EXERCISES, SQUAT, training

START = dt.date(2022, 1, 3)  # a Monday
TODAY = dt.date(2024, 12, 2)
GAP = 63  # days off each time


def breaker(back: tuple[float, ...], years: float | None = 0.5) -> BacktestLog:
    """Bench and squat at 100 kg x 5 for 16 weeks, then 63 days off, back at ``back[k]`` times
    the weight before for 16 weeks, off again...; one block per return."""
    sets: list[WorkSet] = []
    first = START
    weight = 100.0
    for factor in (1.0, *back):
        weight *= factor
        last = first + dt.timedelta(days=16 * 7 - 1)
        sets += training(first, last, weight, BENCH)
        sets += training(first, last, weight, SQUAT)
        first = last + dt.timedelta(days=GAP + 1)
        first += dt.timedelta(days=(7 - first.weekday()) % 7)  # back on a Monday
    return BacktestLog(sets=tuple(sets), exercises=EXERCISES, training_years=years)


def test_no_break_or_one_break_is_the_average_lifter() -> None:
    steady = BacktestLog(sets=tuple(training(START, TODAY, 100.0)), exercises=EXERCISES)
    none = run_backtest(steady, TODAY)
    assert not none.calibration.calibrated and none.calibration.response == Response()
    one = run_backtest(breaker((0.8,)), TODAY)
    assert one.calibration.calibrated and one.calibration.fit.breaks == 1
    # Leave-one-out has no other break to learn from: the average lifter's prediction.
    for case in one.cases:
        assert case.calibrated_ratio == case.predicted_ratio
    assert one.summary.calibrated_error == one.summary.uncalibrated_error


def test_a_lifter_who_comes_back_weaker_each_time_loses_faster() -> None:
    weaker = run_backtest(breaker((0.8, 0.8, 0.8, 0.8)), TODAY)
    stronger = run_backtest(breaker((1.0, 1.0, 1.0, 1.0)), TODAY)
    assert len({c.break_key for c in weaker.cases}) == 4
    for case in weaker.cases:
        loss, _regain = case.sensitivity
        assert loss < 0.0  # a faster loss predicts a lower return
        assert case.observed_ratio == pytest.approx(0.8)
        assert case.calibrated_ratio is not None
        assert case.calibrated_ratio < case.predicted_ratio  # learnt from the other three
    assert weaker.calibration.response.loss > 1.0 > stronger.calibration.response.loss
    assert weaker.calibration.kept_pct < 0.0 < stronger.calibration.kept_pct
    summary = weaker.summary
    assert summary.calibrated_cases == summary.cases == 8
    assert summary.calibrated_error is not None and summary.uncalibrated_error is not None
    assert summary.calibrated_error < summary.uncalibrated_error


def test_a_breaks_calibrated_prediction_never_sees_that_break() -> None:
    """Changing what the lifter did after the third break changes the fit of every other
    break's prediction, never the third's own (nor any population prediction)."""
    a = run_backtest(breaker((0.8, 0.9, 0.8, 0.9)), TODAY)
    b = run_backtest(breaker((0.8, 0.9, 1.05, 0.9)), TODAY)
    third = sorted({c.break_key for c in a.cases})[2]
    for x, y in zip(a.cases, b.cases, strict=True):
        assert x.predicted_ratio == y.predicted_ratio and x.sensitivity == y.sensitivity
        if x.break_key == third:
            assert x.calibrated_ratio == pytest.approx(y.calibrated_ratio, rel=1e-12)
            assert x.observed_ratio != y.observed_ratio
        else:
            assert x.calibrated_ratio != y.calibrated_ratio


def test_implausible_returns_are_listed_and_do_not_move_the_fit() -> None:
    plain = breaker((0.85, 0.85, 0.85))
    result = run_backtest(plain, TODAY)
    # A typo after the second return: 1.6 times the weight before on the bench.
    second = sorted({c.return_day for c in result.cases})[1]
    typo = WorkSet(second + dt.timedelta(days=2), BENCH, "normal", 1.6 * 100.0 * 0.85, 5)
    noisy = run_backtest(dataclasses.replace(plain, sets=(*plain.sets, typo)), TODAY)
    (left,) = noisy.calibration.left_out
    assert left.exercise == "Bench Press (Barbell)" and left.observed == pytest.approx(1.6)
    assert noisy.calibration.fit.cases == result.calibration.fit.cases - 1
    without_that_lift = [
        c for c in result.cases if not (c.return_day == second and c.exercise_id == BENCH)
    ]
    assert len(without_that_lift) == len(result.cases) - 1
    assert noisy.calibration.fit.breaks == result.calibration.fit.breaks
    document = to_json(noisy)["calibration"]
    assert document["left_out"] == [
        {
            "exercise": "Bench Press (Barbell)",
            "break_first_day": left.break_first_day.isoformat(),
            "observed_ratio": 1.6,
        }
    ]


def test_the_calibration_can_be_skipped_and_is_the_same() -> None:
    log = breaker((0.8, 0.95, 0.85))
    full = run_backtest(log, TODAY)
    quick = run_backtest(log, TODAY, leave_one_out=False)
    assert quick.calibration == full.calibration
    assert all(c.calibrated_ratio is None for c in quick.cases)
    assert quick.summary.calibrated_cases == 0


def test_the_fingerprint_follows_breaks_and_returns_not_every_set() -> None:
    log = breaker((0.9, 0.9))
    days = sorted({s.day for s in log.sets})
    before = fingerprint(days, (), (), TODAY)
    assert len(before) == 2
    # Another set on a day already logged: nothing changes.
    assert fingerprint(sorted({*days, days[10]}), (), (), TODAY) == before
    # A workout in the first weeks back from the second break: a refit.
    back = before[1][1]
    assert fingerprint(sorted({*days, back + dt.timedelta(days=1)}), (), (), TODAY) != before
    # Far from any break (the middle of a block of training): no refit.
    middle = before[0][1] + dt.timedelta(days=100)
    assert fingerprint(sorted({*days, middle}), (), (), TODAY) == before
