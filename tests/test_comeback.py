"""The comeback plan, worked by hand: loads rounded to plates, the first session's weight from
the pre-break 1RM and the model's strength, the ramp, what logged sessions change, injuries.

The pure part is tested on a made-up strength path (so every number can be worked by hand);
the cases with the real model (a vacation, a long break, a cast) are in
tests/test_comeback_model.py.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import numpy as np
import pytest

from tracker import loading
from tracker.break_days import BreakSpan
from tracker.projections.comeback import StrengthPath, plan_comeback
from tracker.timeline import LiftInfo, LiftSet

KG_PER_LB = 0.45359237
GROUPS = ("chest", "triceps", "shoulders", "quads", "glutes")
BENCH = LiftInfo(
    1, "Bench Press (Barbell)", "barbell", "weighted", ("chest",), ("triceps", "shoulders")
)
SQUAT = LiftInfo(2, "Squat (Barbell)", "barbell", "weighted", ("quads", "glutes"), ())
CURL = LiftInfo(3, "Bicep Curl (Dumbbell)", "dumbbell", "weighted", ("biceps",), ())
PUSHUP = LiftInfo(4, "Push Up", "bodyweight", "bodyweight", ("chest",), ("triceps",))
INFOS = {i.exercise_id: i for i in (BENCH, SQUAT, CURL, PUSHUP)}

START = dt.date(2026, 6, 1)
END = dt.date(2026, 6, 28)
RETURN = dt.date(2026, 6, 29)
KG = loading.Steps.of("kg")
LB = loading.Steps.of("lb")


def lift_set(info: LiftInfo, day: dt.date, weight: float, reps: int, **kw: object) -> LiftSet:
    return LiftSet(day, info.exercise_id, info.name, info.kind, "normal", weight, reps, **kw)  # type: ignore[arg-type]


def flat_path(value: float, days: int = 400, recover: float | None = None) -> StrengthPath:
    """Every group at ``value`` from the break's first morning on; with ``recover``, climbing
    by that much a day from the return, up to 1.1."""
    values = np.full((days, len(GROUPS)), value)
    if recover:
        back = (RETURN - START).days
        climb = value + recover * np.arange(days - back)
        values[back:] = np.minimum(climb, 1.1)[:, None]
    return StrengthPath(START, GROUPS, values)


# --- loading ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight_kg", "equipment", "steps", "expected_in_unit"),
    [
        (70.0, "barbell", KG, 70.0),  # already on a 2.5 kg step
        (71.9, "barbell", KG, 70.0),  # down, never up
        (72.5, "barbell", KG, 72.5),
        (13.9, "dumbbell", KG, 12.0),  # 2 kg dumbbell steps
        (155.8 * KG_PER_LB, "barbell", LB, 155.0),  # 5 lb on a bar (two 2.5 lb plates)
        (52.0 * KG_PER_LB, "dumbbell", LB, 50.0),  # 5 lb dumbbells
        (33.3, "machine", KG, 32.5),
        (10.3, "band", KG, 10.0),  # other equipment: to 0.5 kg
    ],
)
def test_loads_are_rounded_down_to_what_the_user_can_load(
    weight_kg: float, equipment: str, steps: loading.Steps, expected_in_unit: float
) -> None:
    rounded = loading.round_down(weight_kg, equipment, steps)
    factor = 1.0 if steps.unit == "kg" else KG_PER_LB
    assert rounded / factor == pytest.approx(expected_in_unit)


def test_the_users_own_steps() -> None:
    # A gym with 0.5 kg fractional plates and 1 kg dumbbell steps, set in kg.
    mine = loading.Steps.of("kg", plate_kg=0.5, dumbbell_kg=1.0)
    assert loading.round_down(71.9, "barbell", mine) == pytest.approx(71.0)
    assert loading.round_down(13.9, "dumbbell", mine) == pytest.approx(13.0)
    # A lb user's 1.25 lb plates stored in kg come back as 1.25 lb.
    lb = loading.Steps.of("lb", plate_kg=1.25 * KG_PER_LB)
    assert lb.plate == pytest.approx(1.25)


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        (0.0, "kg", "at least"),
        (-2.5, "kg", "at least"),
        (float("nan"), "kg", "Enter a number"),
        (float("inf"), "lb", "Enter a number"),
        (30.0, "kg", "is not a plate or dumbbell step"),
        (60.0, "lb", "is not a plate or dumbbell step"),
    ],
)
def test_a_step_that_is_not_one_is_refused(value: float, unit: str, message: str) -> None:
    problem = loading.check_step(value, unit)
    assert problem is not None and message in problem
    assert loading.check_step(2.5, unit) is None


def test_working_weight_is_epley_inverted() -> None:
    # 100 kg 1RM, 5 reps with 3.5 in reserve: 100 / (1 + 8.5 / 30) = 77.92 kg.
    assert loading.working_weight(100.0, 5, 3.5) == pytest.approx(100 / (1 + 8.5 / 30))
    assert loading.working_weight(100.0, 1, 0) == 100.0
    with pytest.raises(ValueError):
        loading.working_weight(100.0, 0, 3)


# --- the plan -----------------------------------------------------------------------------

SPAN = BreakSpan(START, END, "rest")


def before_break() -> list[LiftSet]:
    """Bench 80 kg x 8 and squat 100 kg x 5 on two days in the four weeks before the break,
    curls with 14 kg x 10, push-ups."""
    days = (START - dt.timedelta(days=10), START - dt.timedelta(days=3))
    sets = []
    for day in days:
        sets += [lift_set(BENCH, day, 80.0, 8), lift_set(SQUAT, day, 100.0, 5)]
        sets += [lift_set(CURL, day, 14.0, 10)]
        sets.append(LiftSet(day, PUSHUP.exercise_id, PUSHUP.name, "bodyweight", "normal", 0.0, 15))
    return sets


def test_the_first_session_back_worked_by_hand() -> None:
    plan = plan_comeback(flat_path(0.9), SPAN, RETURN, RETURN, before_break(), INFOS, KG, 3)
    bench = next(p for p in plan.lifts if p.lift is BENCH)
    # Best 1RM: 80 x (1 + 8/30) = 101.33 kg; the model says 90 % of it: 91.2 kg. Eight reps
    # with 3.5 in reserve: 91.2 / (1 + 11.5/30) = 65.93 kg, down to 65 kg on a 2.5 kg step.
    assert bench.best_before_kg == pytest.approx(80 * (1 + 8 / 30))
    first = bench.next
    assert first is not None
    assert (first.day, first.reps, first.weight_kg) == (RETURN, 8, pytest.approx(65.0))
    assert first.rir == 3.5 and "comfortable" in first.effort
    squat = next(p for p in plan.lifts if p.lift is SQUAT)
    # 100 x (1 + 5/30) = 116.67; x 0.9 = 105; 5 reps + 3.5: 105 / (1 + 8.5/30) = 81.82 -> 80.
    assert squat.next is not None and squat.next.weight_kg == pytest.approx(80.0)
    curl = next(p for p in plan.lifts if p.lift is CURL)
    # Curls train the biceps, which this path does not have: the lift follows every group.
    # 14 x (1 + 10/30) = 18.67; x 0.9 = 16.8; 10 + 3.5: 16.8 / 1.45 = 11.59 -> 10 kg (2 kg steps).
    assert curl.next is not None and curl.next.weight_kg == pytest.approx(10.0)


def test_pounds_are_rounded_in_pounds() -> None:
    plan = plan_comeback(flat_path(0.9), SPAN, RETURN, RETURN, before_break(), INFOS, LB, 3)
    bench = next(p for p in plan.lifts if p.lift is BENCH)
    # 65.93 kg is 145.35 lb: 145 lb on a bar that goes up by 5 lb.
    assert bench.next is not None
    assert bench.next.weight_kg / KG_PER_LB == pytest.approx(145.0)


def test_the_ramp_climbs_with_the_model_until_the_lift_is_back() -> None:
    path = flat_path(0.9, recover=0.005)  # 0.5 % a day from the return: 99 % on day 18
    plan = plan_comeback(path, SPAN, RETURN, RETURN, before_break(), INFOS, KG, 3)
    bench = next(p for p in plan.lifts if p.lift is BENCH)
    weights = [s.weight_kg for s in bench.sessions]
    days = [s.day for s in bench.sessions]
    assert weights == sorted(weights) and weights[-1] > weights[0]
    assert all((b - a).days == 2 for a, b in pairwise(days))  # 3 sessions a week
    last = bench.sessions[-1]
    assert (last.day, last.expected, last.rir) == (
        RETURN + dt.timedelta(days=18),
        pytest.approx(0.99),
        2.0,
    )
    # Back (within 1 %) on the morning of the 18th day back.
    assert bench.back_on == RETURN + dt.timedelta(days=18)
    # The last session: 0.99 x 101.33 / (1 + 10/30) = 75.24 -> 75 kg, near the 80 x 8 of before.
    assert last.weight_kg == pytest.approx(75.0)


def test_sessions_logged_since_the_return_move_the_plan() -> None:
    path = flat_path(0.9, recover=0.005)
    back = [*before_break()]
    first_day = RETURN
    # Logged 75 kg x 8 at RPE 7 (3 in reserve): a 1RM of 75 x (1 + 11/30) = 102.5 kg that day,
    # where the model expected 90 % of 101.33 = 91.2: the lifter is 12.4 % ahead.
    back.append(lift_set(BENCH, first_day, 75.0, 8, rpe=7.0))
    today = first_day + dt.timedelta(days=1)
    plan = plan_comeback(path, SPAN, RETURN, today, back, INFOS, KG, 3)
    bench = next(p for p in plan.lifts if p.lift is BENCH)
    assert bench.adjustment == pytest.approx(102.5 / (0.9 * 80 * (1 + 8 / 30)))
    assert [item.day for item in bench.logged] == [first_day]
    assert bench.next is not None and bench.next.day == today
    plain = plan_comeback(path, SPAN, RETURN, today, before_break(), INFOS, KG, 3)
    plain_bench = next(p for p in plain.lifts if p.lift is BENCH)
    assert plain_bench.next is not None
    assert bench.next.weight_kg > plain_bench.next.weight_kg
    assert bench.back_on is not None and plain_bench.back_on is not None
    assert bench.back_on < plain_bench.back_on


def test_a_set_without_rpe_only_ever_raises_the_plan() -> None:
    path = flat_path(0.9)
    light = [*before_break(), lift_set(BENCH, RETURN, 40.0, 8)]  # a deliberately light start
    plan = plan_comeback(path, SPAN, RETURN, RETURN + dt.timedelta(days=1), light, INFOS, KG, 3)
    bench = next(p for p in plan.lifts if p.lift is BENCH)
    assert bench.adjustment == 1.0  # 40 kg x 8 says only "at least this"
    heavy = [*before_break(), lift_set(BENCH, RETURN, 82.5, 8)]
    plan = plan_comeback(path, SPAN, RETURN, RETURN + dt.timedelta(days=1), heavy, INFOS, KG, 3)
    bench = next(p for p in plan.lifts if p.lift is BENCH)
    assert bench.back  # 82.5 x 8 beats the best before the break
    assert bench.sessions == ()


def test_the_adjustment_is_bounded() -> None:
    path = flat_path(0.5)
    huge = [*before_break(), lift_set(BENCH, RETURN, 200.0, 3, rpe=6.0)]
    plan = plan_comeback(path, SPAN, RETURN, RETURN + dt.timedelta(days=1), huge, INFOS, KG, 3)
    bench = next(p for p in plan.lifts if p.lift is BENCH)
    assert bench.adjustment == 1.25


def test_bodyweight_lifts_get_no_weight_and_say_why() -> None:
    plan = plan_comeback(flat_path(0.9), SPAN, RETURN, RETURN, before_break(), INFOS, KG, 3)
    pushup = next(p for p in plan.lifts if p.lift is PUSHUP)
    assert (pushup.withheld, pushup.sessions, pushup.best_before_kg) == ("bodyweight", (), None)
    assert plan.lifts[-1] is pushup  # the plans with weights come first


def test_an_immobilised_region_is_held_back_until_cleared() -> None:
    arm = frozenset({"chest", "triceps", "shoulders", "biceps"})
    cast = BreakSpan(START, END, "immobilized", muscles=arm)
    plan = plan_comeback(flat_path(0.8), cast, RETURN, RETURN, before_break(), INFOS, KG, 3)
    bench = next(p for p in plan.lifts if p.lift is BENCH)
    squat = next(p for p in plan.lifts if p.lift is SQUAT)
    assert (bench.withheld, bench.sessions) == ("injured", ())
    assert squat.withheld is None and squat.next is not None  # the legs get their plan
    assert plan.held_back == ("biceps", "chest", "shoulders", "triceps")
    cleared = plan_comeback(
        flat_path(0.8), cast, RETURN, RETURN, before_break(), INFOS, KG, 3, cleared=True
    )
    assert next(p for p in cleared.lifts if p.lift is BENCH).next is not None
    assert cleared.held_back == ()


def test_a_break_with_no_lifts_before_it_has_no_plan() -> None:
    late = [lift_set(BENCH, RETURN + dt.timedelta(days=2), 60.0, 5)]
    plan = plan_comeback(flat_path(0.9), SPAN, RETURN, RETURN, late, INFOS, KG, 3)
    assert plan.lifts == () and plan.planned == ()


def test_the_usual_reps_stay_in_a_first_sessions_range() -> None:
    singles = [lift_set(SQUAT, START - dt.timedelta(days=d), 150.0, 1) for d in (3, 5)]
    plan = plan_comeback(flat_path(0.9), SPAN, RETURN, RETURN, singles, INFOS, KG, 3)
    assert plan.lifts[0].usual_reps == 3  # singles become triples on the way back
