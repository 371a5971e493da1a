"""The personal calibration's fit (tracker.projections.calibration): shrinkage, bounds, noise
shared within a break, implausible returns left out, leave-one-out; by hand where it can be."""

from __future__ import annotations

import math
from typing import Any

import pytest

from tracker.physiology import Profile, Response
from tracker.projections import calibration as cal
from tracker.projections.calibration import Evidence, fit, leave_one_out


def lifts(
    key: object, n: int, observed: float, predicted: float, loss: float, regain: float = 0.0
) -> list[Evidence]:
    """``n`` lifts of one break, all alike."""
    return [Evidence(key, observed, predicted, (loss, regain)) for _ in range(n)]


def test_no_evidence_is_the_average_lifter_exactly() -> None:
    result = fit([])
    assert result.cases == 0 and result.breaks == 0
    assert result.response == Response()
    assert result.shift_sd == (0.0, 0.0) and result.weight == (0.0, 0.0)


def test_one_lift_by_hand() -> None:
    """One lift of one break: Bayesian linear regression with prior sd tau and noise
    sigma² = case² + break² gives theta = (j r / sigma²) / (1/tau² + j²/sigma²)."""
    j, r = -0.05, -0.06
    sigma2 = cal.CASE_SD**2 + cal.BREAK_SD**2
    information = j * j / sigma2
    expected = (j * r / sigma2) / (1 / cal.PRIOR_SD**2 + information)
    result = fit([Evidence("a", 0.90, 0.96, (j, 0.0))])
    assert result.theta[0] == pytest.approx(expected)
    assert result.theta[1] == pytest.approx(0.0, abs=1e-12)
    posterior = 1 / (1 / cal.PRIOR_SD**2 + information)
    assert result.covariance[0][0] == pytest.approx(posterior)
    assert result.weight[0] == pytest.approx(1 - posterior / cal.PRIOR_SD**2)
    # The shift's standard error: posterior × sqrt(information).
    assert result.shift_sd[0] == pytest.approx(posterior * math.sqrt(information))
    assert result.response.loss == pytest.approx(math.exp(expected))
    assert result.response.loss > 1.0  # came back weaker than predicted: loses faster


def test_one_short_break_moves_little_several_long_ones_a_lot() -> None:
    """The same shortfall of 6 points: over one short break (the factors barely move its
    prediction) the factor stays near 1; over eight long breaks it moves far."""
    short = fit(lifts("short", 4, 0.94, 1.0, loss=-0.005))
    assert abs(math.log(short.response.loss)) < 0.01
    many = fit([e for k in range(8) for e in lifts(k, 4, 0.88, 0.94, loss=-0.08)])
    assert math.log(many.response.loss) > 0.3
    assert many.weight[0] > 0.5 > 0.01 > short.weight[0]


def test_lifts_of_one_break_count_for_less_than_as_many_breaks() -> None:
    one_break = fit(lifts("only", 8, 0.90, 0.95, loss=-0.05))
    eight_breaks = fit([e for k in range(8) for e in lifts(k, 1, 0.90, 0.95, loss=-0.05)])
    assert 0 < one_break.theta[0] < eight_breaks.theta[0]
    # With the break's shared noise the eight lifts of one break are worth less than three
    # breaks' single lifts: (break² + case²/8) against (break² + case²)/3.
    three_breaks = fit([e for k in range(3) for e in lifts(k, 1, 0.90, 0.95, loss=-0.05)])
    assert one_break.theta[0] < three_breaks.theta[0]


def test_the_factors_stay_within_their_bounds() -> None:
    low, high = cal.FACTOR_BOUNDS
    weaker = [e for k in range(40) for e in lifts(k, 6, 0.60, 1.0, loss=-0.2)]
    assert fit(weaker).response.loss == pytest.approx(high)
    slower = [e for k in range(40) for e in lifts(k, 6, 0.60, 1.0, loss=0.0, regain=0.2)]
    assert fit(slower).response.regain == pytest.approx(low)
    stronger = [e for k in range(40) for e in lifts(k, 6, 1.45, 0.9, loss=-0.2)]
    assert fit(stronger).response.loss == pytest.approx(low)


def test_implausible_returns_do_not_move_the_fit() -> None:
    plain = lifts("a", 3, 0.93, 0.97, loss=-0.04) + lifts("b", 2, 0.95, 0.98, loss=-0.03)
    typo = Evidence("b", 1.8, 0.98, (-0.03, 0.0))  # above 150 %: a logging error
    half = Evidence("a", 0.3, 0.97, (-0.04, 0.0))  # below half
    assert fit([*plain, typo, half]) == fit(plain)
    assert not cal.usable(1.51) and cal.usable(1.5) and cal.usable(0.5) and not cal.usable(None)


def test_a_residual_counts_for_at_most_the_limit() -> None:
    limited = fit([Evidence("a", 0.60, 1.0, (-0.05, 0.0))])  # 40 points below
    at_limit = fit([Evidence("a", 1.0 - cal.RESIDUAL_LIMIT, 1.0, (-0.05, 0.0))])
    assert limited.theta == pytest.approx(at_limit.theta)


def test_regain_learns_from_what_regain_moves() -> None:
    """Evidence the regain factor moves (and the loss factor does not) moves regain only."""
    result = fit([e for k in range(6) for e in lifts(k, 3, 1.0, 0.95, loss=0.0, regain=0.05)])
    assert result.response.regain > 1.05
    assert result.response.loss == pytest.approx(1.0)


def test_leave_one_out_fits_the_other_breaks_only() -> None:
    evidence = (
        lifts("a", 2, 0.90, 0.96, loss=-0.05)
        + lifts("b", 3, 0.99, 0.97, loss=-0.04)
        + lifts("c", 1, 0.85, 0.93, loss=-0.06)
    )
    folds = leave_one_out(evidence)
    assert set(folds) == {"a", "b", "c"}
    for key, fold in folds.items():
        assert fold == fit([e for e in evidence if e.break_key != key])
        assert fold.breaks == 2
    assert leave_one_out(lifts("only", 3, 0.9, 0.95, loss=-0.05))["only"].response == Response()


def test_the_sentence_numbers_follow_the_factors() -> None:
    profile = Profile(age=30, training_years=2.0)
    assert cal.kept_and_regain(Response(), profile) == pytest.approx((0.0, 0.0), abs=1e-9)
    kept, regain = cal.kept_and_regain(Response(loss=0.6, regain=1.3), profile)
    assert kept > 0.0 and regain == pytest.approx(30.0)
    kept, regain = cal.kept_and_regain(Response(loss=1.8, regain=0.7), profile)
    assert kept < 0.0 and regain == pytest.approx(-30.0)


def test_switched_off_or_nothing_learnt_is_the_average_lifter() -> None:
    fitted = fit(lifts("a", 3, 0.9, 0.96, loss=-0.05))
    assert fitted.response != Response()
    on = cal.calibration_for(fitted, Profile())
    assert on.calibrated and on.response == fitted.response
    off = cal.calibration_for(fitted, Profile(), enabled=False)
    assert off.response == Response() and off.kept_pct == on.kept_pct
    assert cal.Calibration().response == Response() and not cal.Calibration().calibrated
    profile = Profile(age=40)
    assert cal.calibrated_profile(profile, off) is profile
    assert cal.calibrated_profile(profile, on).response == fitted.response
    assert cal.calibrated_profile(profile, None) is profile


def test_evidence_the_model_could_not_measure_is_ignored() -> None:
    good = lifts("a", 3, 0.9, 0.96, loss=-0.05)
    odd = [
        Evidence("b", 0.9, float("nan"), (-0.05, 0.0)),
        Evidence("b", 0.9, 0.95, (float("nan"), 0.0)),
        Evidence("b", 0.9, 0.95, (-0.05, float("inf"))),
    ]
    assert fit([*good, *odd]) == fit(good)


def test_a_backtest_that_fails_leaves_the_average_lifter(
    monkeypatch: pytest.MonkeyPatch, app: Any, user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The dashboard must not fail because a log confuses the calibration: the average
    lifter's values, and the log says why."""
    import datetime as dt

    from tests.factories import session_for
    from tests.test_calibration_app import log_breaks
    from tracker.models import User
    from tracker.projections import ProjectionCache
    from tracker.projections import backtest as backtest_module

    log_breaks(app, user, (0.85, 0.85))

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("no")

    monkeypatch.setattr(backtest_module, "run_backtest", broken)
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        found = cal.user_calibration(ProjectionCache(), session, row, dt.date.today())
    assert found.response == Response() and not found.calibrated
    assert "personal calibration failed" in caplog.text
