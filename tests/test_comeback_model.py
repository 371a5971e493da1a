"""The comeback plan with the real model, on three breaks a lifter takes: a four-week vacation
after two years of training, six months off, and an arm in a cast while the legs train.

What the model may say is bounded by the studies it is calibrated on (../shared/MODEL.md):
strength holds through the first three to four weeks off, is well down after six months, and
comes back faster than it went; an immobilised arm loses more than trained legs. The weights
then follow by hand from the plan's own rule (tests/test_comeback.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from tests.factories import catalogue_exercise, make_break, make_user, session_for
from tracker import loading
from tracker.models import Break, User, Workout, WorkoutSet
from tracker.projections.cache import ProjectionCache
from tracker.projections.comeback import Comeback, LiftPlan
from tracker.projections.service import UserProjections

TODAY = dt.date(2026, 11, 30)


def train(
    app: Flask, user: User, first: dt.date, last: dt.date, lifts: dict[str, tuple[float, int]]
) -> None:
    """Monday, Wednesday and Friday from ``first`` to ``last``: three work sets of each lift
    (catalogue key -> weight x reps) after a warm-up set."""
    ids = {key: catalogue_exercise(app, key).id for key in lifts}
    with session_for(app) as session:
        day = first
        while day <= last:
            if day.weekday() in (0, 2, 4):
                workout = Workout(user_id=user.id, started_at=dt.datetime.combine(day, dt.time(18)))
                session.add(workout)
                session.flush()
                position = 0
                for key, (weight, reps) in lifts.items():
                    for kind in ("warmup", "normal", "normal", "normal"):
                        position += 1
                        load = weight * 0.5 if kind == "warmup" else weight
                        session.add(
                            WorkoutSet(
                                workout_id=workout.id,
                                exercise_id=ids[key],
                                position=position,
                                kind=kind,
                                reps=reps,
                                weight_kg=load,
                            )
                        )
            day += dt.timedelta(days=1)
        row = session.get(User, user.id)
        assert row is not None
        row.data_version += 1
        session.add(row)
        session.commit()


def comeback(app: Flask, user: User, item: Break, today: dt.date = TODAY) -> Comeback:
    with session_for(app) as session:
        row = session.get(User, user.id)
        brk = session.get(Break, item.id)
        assert row is not None and brk is not None
        projections = UserProjections.of(ProjectionCache(), session, row, today)
        history = projections.history()
        assert history is not None
        return projections.comeback(history, brk)


def plan_of(plan: Comeback, key: str, app: Flask) -> LiftPlan:
    exercise_id = catalogue_exercise(app, key).id
    return next(p for p in plan.lifts if p.lift.exercise_id == exercise_id)


LIFTS = {"bench_press_barbell": (80.0, 8), "squat_barbell": (100.0, 5)}


@pytest.fixture
def lifter(app: Flask) -> User:
    """Two years of bench and squat, three times a week, up to the break."""
    return make_user(app, email="lifter@example.com", training_years=2.0)


def test_after_a_four_week_vacation_the_first_session_is_close_to_before(
    app: Flask, lifter: User
) -> None:
    start, end = TODAY - dt.timedelta(days=28), TODAY - dt.timedelta(days=1)
    train(app, lifter, start - dt.timedelta(days=730), start - dt.timedelta(days=1), LIFTS)
    item = make_break(app, lifter, start, end, reason="vacation")
    plan = comeback(app, lifter, item)
    assert plan.return_day == TODAY and plan.held_back == ()
    bench = plan_of(plan, "bench_press_barbell", app)
    first = bench.next
    assert first is not None and first.day == TODAY and first.reps == 8
    # Strength holds through the first weeks off: the model keeps at least 93 % of it.
    assert 0.93 <= first.expected <= 1.0
    # The weight follows from the rule: 80 x (1 + 8/30) x expected, 8 reps + 3.5 in reserve,
    # down to a 2.5 kg step.
    by_hand = loading.round_down(
        80 * (1 + 8 / 30) * first.expected / (1 + 11.5 / 30), "barbell", loading.Steps.of("kg")
    )
    assert first.weight_kg == pytest.approx(by_hand)
    assert 65.0 <= first.weight_kg <= 72.5  # comfortable, below the 80 kg of before
    # Back to the level before within about three weeks.
    assert bench.back_on is not None and (bench.back_on - TODAY).days <= 21


def test_after_six_months_off_the_way_back_is_longer_and_lighter(app: Flask, lifter: User) -> None:
    short = make_user(app, email="short@example.com", training_years=2.0)
    long_start = TODAY - dt.timedelta(days=182)
    short_start = TODAY - dt.timedelta(days=28)
    for user, start in ((lifter, long_start), (short, short_start)):
        train(app, user, start - dt.timedelta(days=730), start - dt.timedelta(days=1), LIFTS)
    long_break = make_break(app, lifter, long_start, TODAY - dt.timedelta(days=1), reason="other")
    short_break = make_break(app, short, short_start, TODAY - dt.timedelta(days=1), reason="other")
    long_plan = plan_of(comeback(app, lifter, long_break), "squat_barbell", app)
    short_plan = plan_of(comeback(app, short, short_break), "squat_barbell", app)
    assert long_plan.next is not None and short_plan.next is not None
    # Well down after six months, far from nothing: the model's range for trained lifters.
    assert 0.6 <= long_plan.next.expected <= 0.93
    assert long_plan.next.weight_kg < short_plan.next.weight_kg
    assert long_plan.back_on is not None and short_plan.back_on is not None
    assert long_plan.back_on > short_plan.back_on
    # Regain is faster than the loss was: back well within another six months.
    assert (long_plan.back_on - TODAY).days < 182
    assert len(long_plan.sessions) > len(short_plan.sessions)


def test_an_arm_in_a_cast_while_the_legs_train(app: Flask, lifter: User) -> None:
    start, end = TODAY - dt.timedelta(days=42), TODAY - dt.timedelta(days=1)
    train(app, lifter, start - dt.timedelta(days=730), start - dt.timedelta(days=1), LIFTS)
    train(app, lifter, start, end, {"squat_barbell": (100.0, 5)})  # the legs keep training
    arm = ("chest", "shoulders", "triceps", "biceps", "forearms")
    item = make_break(app, lifter, start, end, muscles=arm, reason="injury", mode="immobilized")
    plan = comeback(app, lifter, item)
    bench = plan_of(plan, "bench_press_barbell", app)
    squat = plan_of(plan, "squat_barbell", app)
    assert (bench.withheld, bench.sessions) == ("injured", ())
    assert "chest" in plan.held_back
    assert squat.withheld is None and squat.next is not None
    assert squat.next.expected >= 0.97  # trained through the break
    with session_for(app) as session:
        row = session.get(Break, item.id)
        assert row is not None
        row.cleared_on = TODAY
        session.add(row)
        session.commit()
        session.refresh(row)
        item = row
    cleared = comeback(app, lifter, item)
    bench = plan_of(cleared, "bench_press_barbell", app)
    squat = plan_of(cleared, "squat_barbell", app)
    assert bench.next is not None and squat.next is not None
    assert bench.next.expected < squat.next.expected - 0.05  # the cast cost the arm
