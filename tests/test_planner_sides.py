"""The planner's "cast, nothing trained" against "cast, training the other arm" (issue 17)."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from tests.conftest import Client
from tests.factories import catalogue_exercise, make_workout
from tracker.models import User
from tracker.physiology import Profile
from tracker.physiology.muscles import BODY_REGIONS
from tracker.projections import PlanOption
from tracker.projections.planner import plan_break, with_other_side

ARM = BODY_REGIONS["right_arm"][1]
TODAY = dt.date(2026, 3, 2)


def test_an_arm_in_a_cast_is_compared_with_the_other_arm_training() -> None:
    options = with_other_side([PlanOption("immobilized", muscles=ARM), PlanOption("rest")])
    assert [o.key for o in options] == ["immobilized", "immobilized_other_side", "rest"]
    assert options[0].label.endswith("nothing trained")
    assert options[1].label.endswith("the other side trained")
    pc = plan_break(None, Profile(training_years=2.0), TODAY, TODAY + dt.timedelta(days=7), 28,
                    options)  # fmt: skip
    cast, crossed = pc.results[0], pc.results[1]
    strength_kept = cast.outcome.loss_strength.central - crossed.outcome.loss_strength.central
    size_kept = cast.outcome.loss_size.central - crossed.outcome.loss_size.central
    assert strength_kept > 0.03  # a meaningful share of the strength
    assert 0 <= size_kept < strength_kept  # and less of the size
    # The band agrees on the direction: even the least effect keeps some strength.
    assert crossed.outcome.loss_strength.high < cast.outcome.loss_strength.high


def test_the_trunk_has_no_other_side_to_train() -> None:
    trunk = PlanOption("immobilized", muscles=("abs", "lower_back"))
    assert with_other_side([trunk]) == [trunk]
    mixed = PlanOption("immobilized", muscles=("chest", "biceps"))
    assert with_other_side([mixed]) == [mixed]


def test_the_planner_page_shows_both_casts(app: Flask, auth_client: Client, user: User) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell").id
    today = dt.datetime.now(dt.UTC).date()
    for n in range(60, 0, -2):
        day = dt.datetime.combine(today - dt.timedelta(days=n), dt.time(18))
        make_workout(app, user, day, [{"exercise_id": bench, "reps": 8, "weight_kg": 80.0}] * 3)
    start = (today + dt.timedelta(days=10)).isoformat()
    query = f"/planner?start={start}&days=28&kind=immobilized&region=left_arm&dose=1"
    html = auth_client.get(query).get_data(as_text=True)
    assert "nothing trained" in html and "the other side trained" in html
