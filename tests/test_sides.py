"""One-sided breaks in a user's history (issue 17): the injured side's limb simulated apart
from the other side, sets that say their side, cross-education; and nothing changed, to the
bit, for a history without a one-sided break (``tracker.timeline``, ``tracker.sides``,
``tracker.projections.sides``)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from tracker.break_days import BreakSpan
from tracker.physiology import IMMOBILIZED, Profile
from tracker.physiology.muscles import BODY_REGIONS
from tracker.projections.breaks import break_projection, ongoing_break
from tracker.projections.cache import compute_history
from tracker.projections.sides import side_histories
from tracker.sides import default_side, name_side, side_problem
from tracker.timeline import ExerciseMuscles, ExerciseSets, LogRows, SidedSets, build_timeline

D0 = dt.date(2024, 1, 1)  # a Monday
PROFILE = Profile(age=30, training_years=2.0)
ARM = BODY_REGIONS["left_arm"][1]
CURL, PRESS, ROW = 1, 2, 3
EXERCISES = {
    CURL: ExerciseMuscles("weighted", ("biceps",), ("forearms",)),
    PRESS: ExerciseMuscles("weighted", ("chest",), ("shoulders", "triceps")),
    ROW: ExerciseMuscles("weighted", ("upper_back",), ("biceps", "forearms")),
}
CAST_START, CAST_DAYS = 200, 42


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def program(days: range, *, curl_side: str | None = None) -> tuple[list[ExerciseSets], list]:
    """Monday-Wednesday-Friday: 3 sets of presses, rows and curls (curls of one side when
    ``curl_side`` says so: then they are also in the sided sets)."""
    sets: list[ExerciseSets] = []
    sided: list[SidedSets] = []
    for n in days:
        if day(n).weekday() not in (0, 2, 4):
            continue
        sets += [ExerciseSets(day(n), PRESS, "normal", 3), ExerciseSets(day(n), ROW, "normal", 3)]
        sets.append(ExerciseSets(day(n), CURL, "normal", 3))
        if curl_side is not None:
            sided.append(SidedSets(day(n), CURL, "normal", curl_side, 3))
    return sets, sided


def cast(side: str | None = "left", start: int = CAST_START, days: int = CAST_DAYS) -> BreakSpan:
    return BreakSpan(day(start), day(start + days - 1), "immobilized", muscles=ARM, side=side)


def log(
    breaks: tuple[BreakSpan, ...], during: str | None = "right", train_in_cast: bool = True
) -> LogRows:
    """A year of training with a cast on day 200: during it, one-arm curls of ``during``
    (and the presses and rows, two-sided, when ``train_in_cast``)."""
    before, _ = program(range(CAST_START))
    cast_sets, cast_sided = program(range(CAST_START, CAST_START + CAST_DAYS), curl_side=during)
    if not train_in_cast:
        cast_sets = [s for s in cast_sets if s.exercise_id == CURL] if during else []
        cast_sided = cast_sided if during else []
    after, _ = program(range(CAST_START + CAST_DAYS, 330))
    return LogRows(
        exercise_sets=tuple(before + cast_sets + after),
        exercises=EXERCISES,
        sided_sets=tuple(cast_sided),
        breaks=breaks,
        break_reasons=("injury",) * len(breaks),
    )


def history(rows: LogRows, today: int = 329):  # type: ignore[no-untyped-def]
    timeline = build_timeline(rows, day(today), PROFILE)
    assert timeline is not None
    return compute_history(timeline)


def arrays(h) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    return [h.size, h.strength, h.phase, h.timeline.inputs.hard_sets, h.timeline.inputs.states]


# --- nothing changes without a one-sided break -------------------------------------------------


def test_a_history_without_a_one_sided_break_is_bit_identical_whatever_its_sets_say() -> None:
    """Sides on sets and an old "Left arm" cast without a side: no side is simulated apart,
    and every input and output equals, to the bit, the same log with no side anywhere."""
    two_sided = (cast(side=None),)
    marked = log(two_sided, during="right")
    plain = dataclasses.replace(marked, sided_sets=())
    a, b = history(marked), history(plain)
    assert a.timeline.sides == () and b.timeline.sides == ()
    for x, y in zip(arrays(a), arrays(b), strict=True):
        assert np.array_equal(x, y)
    assert side_histories(a) == ()
    # The old cast immobilises the arm groups of the history itself, as it always did.
    j = a.timeline.groups.index("biceps")
    assert a.timeline.inputs.states[a.timeline.index_of(day(CAST_START + 1)), j] == IMMOBILIZED


# --- a one-arm cast ---------------------------------------------------------------------------


def _strength_at(h, group: str, n: int) -> float:  # type: ignore[no-untyped-def]
    row = h.timeline.row_after(day(n))
    return float(
        h.strength[row, 1, h.timeline.groups.index(group)]
        / h.strength[h.timeline.row_before(day(CAST_START)), 1, h.timeline.groups.index(group)]
    )


def test_a_one_arm_cast_loses_more_on_that_side_than_on_the_other() -> None:
    h = history(log((cast("left"),)))
    (left,) = side_histories(h)
    assert left.side == "left" and set(left.groups) == set(ARM)
    end = CAST_START + CAST_DAYS - 1
    for group in ARM:
        injured, healthy = _strength_at(left, group, end), _strength_at(h, group, end)
        assert injured < healthy - 0.05, group
        assert healthy > 0.97, group  # the free arm trained on: nothing much lost
    # Before the cast both sides are one: the side starts from the history's state.
    start = left.inputs.start
    assert start == h.timeline.index_of(day(CAST_START))
    cols = [h.timeline.groups.index(g) for g in left.groups]
    assert np.array_equal(left.strength[: start + 1], h.strength[: start + 1, :, cols])


def test_training_the_other_arm_loses_less_than_not_training_it() -> None:
    """Cross-education: the same cast, the right arm trained (one-arm curls, presses and
    rows) or not at all; the left arm keeps more strength when the right one trains."""
    trained = side_histories(history(log((cast("left"),), during="right")))[0]
    idle = side_histories(history(log((cast("left"),), during=None, train_in_cast=False)))[0]
    end = CAST_START + CAST_DAYS - 1
    for group in ARM:
        assert _strength_at(trained, group, end) > _strength_at(idle, group, end) + 0.01, group


def test_two_sided_lifts_in_the_cast_count_for_the_healthy_side_only() -> None:
    h = history(log((cast("left"),)))
    (left,) = side_histories(h)
    rows = range(
        h.timeline.index_of(day(CAST_START)), h.timeline.index_of(day(CAST_START + CAST_DAYS))
    )
    j = left.groups.index("triceps")
    # The presses train the right triceps (the history's columns: trained, not immobilised)...
    base = h.timeline.inputs
    k = base.groups.index("triceps")
    assert base.hard_sets[list(rows), k].sum() > 0
    assert not np.any(base.states[list(rows), k] == IMMOBILIZED)
    # ... and not the left one, which is immobilised; they reach it as cross-education.
    assert np.all(left.inputs.inputs.states[list(rows), j] == IMMOBILIZED)
    assert left.inputs.inputs.cross is not None
    assert left.inputs.inputs.cross[list(rows), j].sum() == base.hard_sets[list(rows), k].sum()


def test_one_arm_sets_count_for_their_side_only() -> None:
    """During the cast, 3 sets of right curls a session: the right biceps (the history) gets
    them, the left does not (and they are its cross-education input)."""
    h = history(log((cast("left"),)))
    (left,) = side_histories(h)
    n = CAST_START + 3  # a Monday of the cast
    assert day(n).weekday() == 0
    i = h.timeline.index_of(day(n))
    biceps = h.timeline.inputs.groups.index("biceps")
    assert h.timeline.inputs.hard_sets[i, biceps] == pytest.approx(3 + 1.5)  # curls + rows' half
    assert left.inputs.inputs.hard_sets[i, left.groups.index("biceps")] == pytest.approx(1.5)


def test_overlapping_casts_on_both_arms_are_each_their_own() -> None:
    both = (cast("left", CAST_START, 42), cast("right", CAST_START + 21, 42))
    h = history(log(both, during=None, train_in_cast=False))
    sides = {s.side: s for s in side_histories(h)}
    assert set(sides) == {"left", "right"}
    # The left arm is cast three weeks sooner: by day 220 it has lost more than the right.
    assert _strength_at(sides["left"], "biceps", CAST_START + 20) < _strength_at(
        sides["right"], "biceps", CAST_START + 20
    )
    # While both are in a cast, neither trains the other: no cross-education input.
    i = h.timeline.index_of(day(CAST_START + 30))
    assert sides["left"].inputs.inputs.cross[i].sum() == 0  # type: ignore[index]


def test_the_break_page_and_the_dashboard_show_both_sides() -> None:
    h = history(log((cast("left"),)))
    bp = break_projection(h, cast("left"))
    assert [s.side for s in bp.sides] == ["left", "right"]
    assert bp.sides[0].name == "left arm" and bp.sides[0].injured
    assert bp.sides_differ
    assert bp.sides[0].strength.central < bp.sides[1].strength.central
    # The headline is the injured side's.
    assert bp.outcome.loss_strength.central == pytest.approx(1 - bp.sides[0].strength.central)
    assert bp.sides[0].series is not None and bp.sides[0].series.shape == bp.strength.shape
    going = cast("left", CAST_START, 400)
    h2 = history(log((going,)), today=CAST_START + 20)
    ob = ongoing_break(h2, going)
    assert [s.side for s in ob.sides] == ["left", "right"] and ob.sides_differ


# --- words and defaults -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "injured", "expected"),
    [
        ("Dumbbell Curl (Left)", None, "left"),
        ("Right Leg Extension", "right", "right"),  # the name says it, whatever the break
        ("Single-Arm Dumbbell Row", "left", "right"),  # the healthy side during a cast
        ("One Arm Cable Row", None, None),  # no one-sided break: both sides, as ever
        ("Unilateral Leg Press", "right", "left"),
        ("Bench Press (Barbell)", "left", None),
        ("L-Sit", "left", None),
    ],
)
def test_the_default_side_from_an_exercise_name(
    name: str, injured: str | None, expected: str | None
) -> None:
    assert default_side(name, injured) == expected


def test_a_name_naming_both_sides_says_none() -> None:
    assert name_side("Left and right lunges") is None


def test_a_one_sided_break_on_the_trunk_is_refused() -> None:
    assert side_problem("left", ("abs", "lower_back"))
    assert "abdominals" in side_problem("left", ("biceps", "abs"))
    assert side_problem("left", ARM) == ""
    assert side_problem(None, ("abs",)) == ""
    assert "right side" in side_problem("left", ARM, region="right_arm")
