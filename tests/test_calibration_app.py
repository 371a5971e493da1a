"""A user's personal calibration in the app (tracker.projections.calibration.user_calibration):
users with no, one and several breaks, isolation between users, refitting only when the
breaks or the days around them change, and the switch."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask

from tests.factories import catalogue_exercise, make_workout, session_for
from tracker import crud
from tracker.models import User
from tracker.physiology import Response
from tracker.projections import ProjectionCache
from tracker.projections import backtest as backtest_module
from tracker.projections.calibration import Calibration, user_calibration

TODAY = dt.date.today()
BLOCK = 12 * 7  # days of training between breaks
GAP = 63  # days off


def log_breaks(app: Flask, user: Any, back: tuple[float, ...]) -> list[dt.date]:
    """Bench and squat three times a week at 100 kg x 5 for 12 weeks, then 63 days off, back
    at ``back[k]`` times the weight before, ...; the last block ends three weeks ago. Returns
    the return days."""
    bench = catalogue_exercise(app, "bench_press_barbell")
    squat = catalogue_exercise(app, "squat_barbell")
    blocks = len(back) + 1
    first = TODAY - dt.timedelta(days=21 + blocks * BLOCK + len(back) * GAP)
    weight, returns = 100.0, []
    for k, factor in enumerate((1.0, *back)):
        weight *= factor
        if k:
            returns.append(first)
        for day in range(0, BLOCK, 1):
            if day % 7 not in (0, 2, 4):
                continue
            started = dt.datetime.combine(first + dt.timedelta(days=day), dt.time(18))
            sets = [{"exercise_id": bench.id, "reps": 5, "weight_kg": weight}] * 3
            sets += [{"exercise_id": squat.id, "reps": 5, "weight_kg": weight}] * 3
            make_workout(app, user, started, sets)
        first += dt.timedelta(days=BLOCK + GAP)
    return returns


def fresh(app: Flask, user: Any) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


def calibration_of(app: Flask, cache: ProjectionCache, user: Any) -> Calibration:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return user_calibration(cache, session, found, TODAY)


def test_no_breaks_is_the_average_lifter(app: Flask, user: Any) -> None:
    cache = ProjectionCache()
    assert calibration_of(app, cache, user).response == Response()
    bench = catalogue_exercise(app, "bench_press_barbell")
    for days_ago in range(60, 0, -2):  # training without a break
        started = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(7))
        make_workout(app, user, started, [{"exercise_id": bench.id, "reps": 5, "weight_kg": 80}])
    found = calibration_of(app, cache, user)
    assert not found.calibrated and found.response == Response() and found.past_breaks == 0


def test_one_break_moves_the_factors_little(app: Flask, user: Any) -> None:
    log_breaks(app, user, (0.85,))
    found = calibration_of(app, ProjectionCache(), user)
    assert found.calibrated and found.fit.breaks == 1
    assert 1.0 < found.response.loss < 1.25


def test_several_breaks_back_weaker_lose_faster_and_other_users_are_untouched(
    app: Flask, user: Any, other_user: Any
) -> None:
    cache = ProjectionCache()
    log_breaks(app, user, (0.85, 0.85, 0.85))
    log_breaks(app, other_user, (1.0, 1.0, 1.0))
    mine, theirs = calibration_of(app, cache, user), calibration_of(app, cache, other_user)
    assert mine.fit.breaks == theirs.fit.breaks == 3
    assert mine.response.loss > 1.0 > theirs.response.loss
    assert mine.kept_pct < 0.0 < theirs.kept_pct
    # More breaks of one user change nothing for the other, in the same cache.
    bench = catalogue_exercise(app, "bench_press_barbell")
    started = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(7))
    make_workout(app, user, started, [{"exercise_id": bench.id, "reps": 5, "weight_kg": 50.0}])
    assert calibration_of(app, cache, other_user) == theirs
    assert calibration_of(app, cache, user).past_breaks == 4  # a new gap: refitted


def test_refits_follow_breaks_and_returns_not_every_set(
    app: Flask, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    returns = log_breaks(app, user, (0.9, 0.9))
    runs: list[int] = []
    real = backtest_module.run_backtest

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(backtest_module, "run_backtest", counted)
    cache = ProjectionCache()
    first = calibration_of(app, cache, user)
    assert len(runs) == 1
    assert calibration_of(app, cache, user) == first and len(runs) == 1  # a page view
    # One more set on a day already logged (the data version moves): no refit.
    bench = catalogue_exercise(app, "bench_press_barbell")
    with session_for(app) as session:
        crud.users.bump_data_version(session=session, user_id=user.id)
        session.commit()
    assert calibration_of(app, cache, user) == first and len(runs) == 1
    # A workout on a new day in the first weeks back from the last break: a refit.
    started = dt.datetime.combine(returns[-1] + dt.timedelta(days=1), dt.time(7))
    make_workout(app, user, started, [{"exercise_id": bench.id, "reps": 5, "weight_kg": 81.0}])
    calibration_of(app, cache, user)
    assert len(runs) == 2


def test_the_switch_turns_it_off_without_refitting(app: Flask, user: Any) -> None:
    log_breaks(app, user, (0.85, 0.85))
    cache = ProjectionCache()
    on = calibration_of(app, cache, user)
    assert on.enabled and on.response != Response()
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        row.personal_calibration = False
        session.add(row)
        session.commit()
    off = calibration_of(app, cache, user)
    assert not off.enabled and off.response == Response()
    assert off.fit == on.fit and off.kept_pct == on.kept_pct  # still shown in settings
    assert fresh(app, user).personal_calibration is False


def test_every_projection_uses_the_calibration_and_the_switch_restores_the_average(
    app: Flask, user: Any, auth_client: Any
) -> None:
    """The user context that feeds the dashboard, the break pages and the planner carries the
    calibrated response; off, the average lifter's; the simulated history follows."""
    from tracker.projections.service import UserProjections

    log_breaks(app, user, (0.85, 0.85, 0.85))
    cache = ProjectionCache()
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        on = UserProjections.of(cache, session, row, TODAY)
        calibration = user_calibration(cache, session, row, TODAY)
        assert on.who.profile.response == calibration.response != Response()
        history_on = on.history()
        row.personal_calibration = False
        row.data_version += 1  # as the settings' switch does
        session.add(row)
        session.commit()
        off = UserProjections.of(cache, session, row, TODAY)
        assert off.who.profile.response == Response()
        history_off = off.history()
    assert history_on is not None and history_off is not None
    # Faster losses: after the breaks, less strength than the average lifter's estimate.
    assert history_on.strength[-1, 1].mean() < history_off.strength[-1, 1].mean()
    for url in ("/", "/planner", "/settings", "/backtest"):
        assert auth_client.get(url).status_code == 200, url


def test_without_a_past_break_the_profile_is_the_population_one(app: Flask, user: Any) -> None:
    from tracker.projections.service import user_context

    cache = ProjectionCache()
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        assert user_context(cache, session, row, TODAY).profile.response == Response()
