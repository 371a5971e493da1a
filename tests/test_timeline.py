"""From a log to the model's daily input: counted by hand from the catalogue's muscles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from flask import Flask

from tests.factories import catalogue_exercise, make_break, make_user, make_workout, session_for
from tracker import crud
from tracker.break_days import BreakSpan
from tracker.catalogue import BY_KEY
from tracker.crud import projections as crud_projections
from tracker.physiology import IMMOBILIZED, REDUCED, REST, TRAIN, Profile
from tracker.physiology.muscles import BODY_REGIONS, MUSCLE_KEYS
from tracker.physiology.params import REDUCED_SETS_PER_WEEK
from tracker.timeline import (
    ExerciseMuscles,
    ExerciseSets,
    LogRows,
    Segment,
    SetAggregate,
    build_timeline,
    daily_hard_sets,
    profile_for,
    reduced_segment,
    scenario_inputs,
    session_days,
    train_segment,
    usual_weekly_sets,
    weekly_totals,
)

D0 = dt.date(2024, 1, 1)  # a Monday
PROFILE = Profile(age=30)
COL = {k: i for i, k in enumerate(MUSCLE_KEYS)}
ARM = BODY_REGIONS["left_arm"][1]


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def at(n: int, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day(n), dt.time(hour))


# --- the known log, through the database ------------------------------------------------------


def _sets(app: Flask, key: str, kinds: list[str]) -> list[dict[str, Any]]:
    exercise = catalogue_exercise(app, key)
    return [{"exercise_id": exercise.id, "reps": 8, "weight_kg": 60.0, "kind": k} for k in kinds]


@pytest.fixture
def known_log(app: Flask) -> tuple[Any, LogRows]:
    """A month and a half: three workouts, a cardio session, four kinds of break, a gap."""
    user = make_user(app, email="log@example.com")
    make_workout(
        app,
        user,
        at(0),
        _sets(app, "bench_press_barbell", ["warmup", "normal", "normal", "failure"])
        + _sets(app, "squat_barbell", ["drop", "normal"]),
    )
    make_workout(app, user, at(2), _sets(app, "pull_up", ["normal"] * 4))
    make_workout(app, user, at(3), _sets(app, "running", ["normal"]))
    make_workout(app, user, at(5, 23), _sets(app, "bench_press_barbell", ["normal"]))
    make_break(app, user, day(10), day(12), mode="rest")
    make_break(app, user, day(20), day(24), ARM, mode="immobilized", body_region="left_arm")
    make_break(app, user, day(30), day(33), mode="reduced", sessions_per_week=1)
    make_workout(app, user, at(60), _sets(app, "bench_press_barbell", ["normal"]))  # future
    with session_for(app) as session:
        crud.breaks.add_training_gap(session=session, user_id=user.id, start=day(40), end=day(41))
        rows = crud_projections.log_rows(session=session, user_id=user.id)
    return user, rows


def test_catalogue_muscles_used_in_the_counts() -> None:
    # The hand counts below rely on these catalogue entries; fail loudly if they change.
    assert BY_KEY["bench_press_barbell"].primary == ("chest",)
    assert set(BY_KEY["bench_press_barbell"].secondary) == {"triceps", "shoulders"}
    assert set(BY_KEY["squat_barbell"].primary) == {"quads", "glutes"}
    assert set(BY_KEY["squat_barbell"].secondary) == {"adductors", "lower_back"}
    assert BY_KEY["pull_up"].primary == ("upper_back",)
    assert set(BY_KEY["pull_up"].secondary) == {"biceps", "forearms"}
    assert BY_KEY["running"].kind == "cardio"
    assert set(ARM) == {"shoulders", "biceps", "triceps", "forearms"}


def test_hard_sets_per_day_counted_by_hand(known_log: tuple[Any, LogRows]) -> None:
    _, rows = known_log
    timeline = build_timeline(rows, today=day(45), profile=PROFILE)
    assert timeline is not None
    assert timeline.first_day == D0
    assert timeline.days == 46  # day 0 to day 45, today included
    hard = timeline.inputs.hard_sets
    expected = np.zeros((46, len(MUSCLE_KEYS)))
    # Day 0: bench 3 hard sets (the warm-up counts 0): chest 3, triceps and shoulders 0.5 each.
    # Squat 2 hard sets (drop and normal): quads 2, glutes 2, adductors 1, lower back 1.
    for muscle, count in {
        "chest": 3,
        "triceps": 1.5,
        "shoulders": 1.5,
        "quads": 2,
        "glutes": 2,
        "adductors": 1,
        "lower_back": 1,
    }.items():
        expected[0, COL[muscle]] = count
    # Day 2: 4 pull-ups: upper back 4, biceps and forearms 2 each.
    expected[2, COL["upper_back"]] = 4
    expected[2, COL["biceps"]] = 2
    expected[2, COL["forearms"]] = 2
    # Day 3: running is cardio: nothing. Day 5, 23:00 local: one bench set on day 5.
    expected[5, COL["chest"]] = 1
    expected[5, COL["triceps"]] = 0.5
    expected[5, COL["shoulders"]] = 0.5
    # Days 40-41, "training, not logging": the mean daily sets of the 40 days before
    # (the history is shorter than 8 weeks): chest 4 sets / 40 days, etc.
    before = expected[:40].sum(axis=0) / 40
    expected[40] = before
    expected[41] = before
    assert hard == pytest.approx(expected)
    assert expected[40, COL["chest"]] == pytest.approx(0.1)
    # The workout on day 60 is after today: not in the history.


def test_states_per_day_and_muscle(known_log: tuple[Any, LogRows]) -> None:
    _, rows = known_log
    timeline = build_timeline(rows, today=day(45), profile=PROFILE)
    assert timeline is not None
    states = timeline.inputs.states
    assert (states[:10] == TRAIN).all()
    assert (states[10:13] == REST).all()  # the rest break, every group
    assert (states[13:20] == TRAIN).all()
    arm = [COL[m] for m in ARM]
    others = [COL[m] for m in MUSCLE_KEYS if m not in ARM]
    assert (states[20:25][:, arm] == IMMOBILIZED).all()  # the cast: the arm only
    assert (states[20:25][:, others] == REST).all()  # the rest of the body rests
    assert (states[30:34] == REDUCED).all()  # reduced, with no logged sets...
    assert timeline.inputs.hard_sets[30:34].sum() == 0  # ...so the model's nominal dose
    assert (states[34:] == TRAIN).all()


def test_history_starts_at_the_first_break_when_it_comes_first() -> None:
    rows = LogRows(
        sets=(SetAggregate(day(5), "normal", "weighted", "chest", "primary", 2),),
        breaks=(BreakSpan(day(1), day(3), "rest"),),
        break_reasons=("illness",),
    )
    timeline = build_timeline(rows, today=day(6), profile=PROFILE)
    assert timeline is not None
    assert timeline.first_day == day(1)
    assert timeline.break_reasons == ("illness",)
    assert timeline.inputs.hard_sets[4, COL["chest"]] == 2
    assert (timeline.inputs.states[0:3] == REST).all()


def test_nothing_to_simulate() -> None:
    assert build_timeline(LogRows(), today=D0, profile=PROFILE) is None
    future = LogRows(sets=(SetAggregate(day(9), "normal", "weighted", "chest", "primary", 1),))
    assert build_timeline(future, today=D0, profile=PROFILE) is None


def test_an_ongoing_break_lasts_until_today() -> None:
    rows = LogRows(
        sets=(SetAggregate(D0, "normal", "weighted", "quads", "primary", 5),),
        breaks=(BreakSpan(day(2), None, "rest"),),
    )
    timeline = build_timeline(rows, today=day(9), profile=PROFILE)
    assert timeline is not None
    assert (timeline.inputs.states[2:] == REST).all()
    assert timeline.row_before(day(2)) == 2
    assert timeline.row_after(day(9)) == timeline.days == 10
    assert timeline.date_of_row(10) == day(9)


def test_daily_hard_sets_follow_the_volume_rule() -> None:
    rows = [
        SetAggregate(D0, "warmup", "weighted", "chest", "primary", 3),
        SetAggregate(D0, "normal", "weighted", "chest", "primary", 2),
        SetAggregate(D0, "normal", "weighted", "triceps", "secondary", 2),
        SetAggregate(D0, "normal", "cardio", "quads", "primary", 4),
    ]
    assert daily_hard_sets(rows) == {D0: {"chest": 2.0, "triceps": 1.0}}


def test_profile_from_settings() -> None:
    today = dt.date(2026, 6, 1)
    assert profile_for(1980, "female", 4.5, today) == Profile(46, "female", 4.5)
    assert profile_for(None, None, 0.0, today) == Profile(30, None, 0.0)
    # Odd stored values are clamped, not refused.
    assert profile_for(2020, "x", 50.0, today) == Profile(14, None, 14.0)


def test_usual_weekly_sets_leave_out_break_days() -> None:
    rows = LogRows(
        sets=tuple(
            SetAggregate(day(n), "normal", "weighted", "chest", "primary", 4)
            for n in range(0, 56, 7)  # one session a week: 4 sets a week
        ),
        breaks=(BreakSpan(day(60), day(80), "rest"),),
    )
    timeline = build_timeline(rows, today=day(80), profile=PROFILE)
    assert timeline is not None
    usual = usual_weekly_sets(timeline.inputs, timeline.days)
    assert usual is not None
    assert usual[COL["chest"]] == pytest.approx(4.0)
    assert usual_weekly_sets(timeline.inputs, 0) is None


def test_weekly_totals_are_monday_weeks() -> None:
    rows = LogRows(
        sets=(
            SetAggregate(day(0), "normal", "weighted", "chest", "primary", 3),
            SetAggregate(day(6), "normal", "weighted", "quads", "primary", 2),
            SetAggregate(day(7), "normal", "weighted", "chest", "primary", 1),
        )
    )
    timeline = build_timeline(rows, today=day(8), profile=PROFILE)
    assert timeline is not None
    mondays, totals = weekly_totals(timeline.inputs, timeline.first_day)
    assert mondays == [day(0), day(7)]
    assert list(totals) == [5.0, 1.0]


# --- days to come ------------------------------------------------------------------------------


def test_session_days_spread_over_the_week() -> None:
    assert session_days(1) == (0,)
    assert session_days(2) == (0, 3)
    assert session_days(3) == (0, 2, 4)
    assert len(session_days(7)) == 7


def test_scenario_inputs() -> None:
    groups = ("chest", "quads")
    train = train_segment(7, [15.0, 6.0])
    reduced = reduced_segment(7, 2, [15.0, 6.0])
    cast = Segment("immobilized", 3, affected=frozenset({"quads"}))
    inputs = scenario_inputs(groups, [train, reduced, cast])
    assert inputs.days == 17
    # Three sessions of 5 chest sets and 2 quad sets on days 0, 2 and 4.
    assert inputs.hard_sets[:7, 0].tolist() == [5, 0, 5, 0, 5, 0, 0]
    assert inputs.hard_sets[:7, 1].sum() == pytest.approx(6.0)
    # Reduced: 2 sessions, each the reduced dose but never more than the usual volume a week.
    assert inputs.hard_sets[7:14, 0].tolist() == [REDUCED_SETS_PER_WEEK, 0, 0, 5, 0, 0, 0]
    assert inputs.hard_sets[7:14, 1].sum() == pytest.approx(6.0)
    assert (inputs.states[7:14] == REDUCED).all()
    assert inputs.states[14:, 1].tolist() == [IMMOBILIZED] * 3
    assert inputs.states[14:, 0].tolist() == [REST] * 3
    assert inputs.hard_sets[14:].sum() == 0


def test_state_codes_follow_the_order_of_severity() -> None:
    # Overlapping breaks keep the larger code: the model's codes must rank as break_days does.
    from tracker.break_days import DAY_STATES
    from tracker.physiology import STATE_CODES

    assert [STATE_CODES[s] for s in DAY_STATES] == [0, 1, 2, 3]


def test_both_forms_of_the_log_count_the_same() -> None:
    """Per-exercise counts (what the database returns) and per-muscle counts agree."""
    bench = BY_KEY["bench_press_barbell"]
    squat = BY_KEY["squat_barbell"]
    exercises = {
        1: ExerciseMuscles(bench.kind, bench.primary, bench.secondary),
        2: ExerciseMuscles(squat.kind, squat.primary, squat.secondary),
        3: ExerciseMuscles("cardio", ("quads",)),  # a custom cardio exercise: counts nothing
    }
    compact = LogRows(
        exercise_sets=(
            ExerciseSets(day(0), 1, "normal", 3),
            ExerciseSets(day(0), 1, "warmup", 2),
            ExerciseSets(day(1), 2, "failure", 2),
            ExerciseSets(day(1), 3, "normal", 4),
        ),
        exercises=exercises,
    )
    per_muscle = LogRows(
        sets=(
            SetAggregate(day(0), "normal", "weighted", "chest", "primary", 3),
            SetAggregate(day(0), "normal", "weighted", "triceps", "secondary", 3),
            SetAggregate(day(0), "normal", "weighted", "shoulders", "secondary", 3),
            SetAggregate(day(0), "warmup", "weighted", "chest", "primary", 2),
            SetAggregate(day(1), "failure", "weighted", "quads", "primary", 2),
            SetAggregate(day(1), "failure", "weighted", "glutes", "primary", 2),
            SetAggregate(day(1), "failure", "weighted", "adductors", "secondary", 2),
            SetAggregate(day(1), "failure", "weighted", "lower_back", "secondary", 2),
        )
    )
    a = build_timeline(compact, day(2), PROFILE)
    b = build_timeline(per_muscle, day(2), PROFILE)
    assert a is not None and b is not None
    assert a.inputs.hard_sets == pytest.approx(b.inputs.hard_sets)
    assert a.inputs.hard_sets[0, COL["chest"]] == 3
    assert a.inputs.hard_sets[1, COL["adductors"]] == 1


def test_counts_by_workout_and_by_exercise_add_up() -> None:
    """A log holding both forms of counts (per exercise, and by workout as the database's
    reader gives them) counts each once, the day's most applied to their sum."""
    from tracker.physiology.inputs import MAX_SETS_PER_DAY

    bench = BY_KEY["bench_press_barbell"]
    exercises = {1: ExerciseMuscles(bench.kind, bench.primary, bench.secondary)}
    by_exercise = (ExerciseSets(day(0), 1, "normal", 3),)
    by_workout = {
        7: (("2026-01-01", "2026-01-01", 0), (ExerciseSets(day(0), 1, "normal", 2),)),
        8: (("2026-01-02", "2026-01-02", 0), (ExerciseSets(day(1), 1, "normal", 4),)),
    }
    both = LogRows(exercise_sets=by_exercise, exercises=exercises, by_workout=by_workout)
    assert sorted(both.counted_sets()) == sorted(
        [*by_exercise, by_workout[7][1][0], by_workout[8][1][0]]
    )
    timeline = build_timeline(both, day(1), PROFILE)
    assert timeline is not None and timeline.first_day == day(0)
    assert timeline.inputs.hard_sets[:, COL["chest"]].tolist() == [5, 4]
    crowded = LogRows(
        exercise_sets=(ExerciseSets(day(0), 1, "normal", int(MAX_SETS_PER_DAY)),),
        exercises=exercises,
        by_workout=by_workout,
    )
    timeline = build_timeline(crowded, day(1), PROFILE)
    assert timeline is not None
    assert timeline.inputs.hard_sets[0, COL["chest"]] == MAX_SETS_PER_DAY


def test_a_huge_usual_week_stays_within_a_days_limit() -> None:
    """Weekly volume crowded into three sessions never asks the model for more than it takes
    in a day (an account whose log holds days of hundreds of sets made the planner fail)."""
    from tracker.physiology.inputs import MAX_SETS_PER_DAY
    from tracker.physiology.model import simulate
    from tracker.physiology.profile import Profile

    inputs = scenario_inputs(("chest",), [train_segment(14, [1400.0])])
    assert inputs.hard_sets.max() == MAX_SETS_PER_DAY
    simulate(inputs, Profile())  # accepted: no ValueError
