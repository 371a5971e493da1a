"""The demo account: two years of plausible training from the catalogue, and three breaks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import event
from sqlmodel import select

from tests.conftest import new_client
from tests.factories import session_for
from tracker import demo
from tracker.catalogue import BY_KEY
from tracker.models import Break, BreakMuscle, Exercise, User, Workout, WorkoutSet
from tracker.physiology.muscles import BODY_REGIONS

TODAY = dt.date(2026, 11, 24)


def make_demo(app: Flask, email: str = "demo@example.com", today: dt.date = TODAY) -> User:
    with session_for(app) as session:
        return demo.create_demo_user(
            session=session, email=email, password="demo password", today=today
        )


def history(app: Flask, user: User) -> list[tuple[Workout, list[tuple[WorkoutSet, Exercise]]]]:
    with session_for(app) as session:
        rows = session.exec(
            select(Workout, WorkoutSet, Exercise)
            .join(WorkoutSet, WorkoutSet.workout_id == Workout.id)  # type: ignore[arg-type]
            .join(Exercise, Exercise.id == WorkoutSet.exercise_id)  # type: ignore[arg-type]
            .where(Workout.user_id == user.id)
            .order_by(Workout.started_at, WorkoutSet.position)  # type: ignore[arg-type]
        ).all()
    grouped: dict[int, tuple[Workout, list[tuple[WorkoutSet, Exercise]]]] = {}
    for workout, item, exercise in rows:
        grouped.setdefault(workout.id or 0, (workout, []))[1].append((item, exercise))
    return list(grouped.values())


@pytest.fixture
def demo_user(app: Flask) -> User:
    return make_demo(app)


@pytest.fixture
def workouts(
    app: Flask, demo_user: User
) -> list[tuple[Workout, list[tuple[WorkoutSet, Exercise]]]]:
    return history(app, demo_user)


def breaks_of(app: Flask, user: User) -> dict[str, Break]:
    with session_for(app) as session:
        return {b.reason: b for b in session.exec(select(Break).where(Break.user_id == user.id))}


def test_it_is_written_in_bulk(app: Flask) -> None:
    """Thousands of rows in a handful of statements (bulk inserts, not a statement a set): what
    keeps a first start quick, counted rather than timed (these machines are noisy)."""
    statements: list[int] = []

    def count(_conn: Any, _cursor: Any, _sql: str, params: Any, _ctx: Any, many: bool) -> None:
        statements.append(len(params) if many else 1)

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        make_demo(app)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sum(statements) > 5000  # the rows (and the few reads) of two years
    assert len(statements) <= 20


def test_about_two_years_ending_today(workouts: list[Any]) -> None:
    first, last = workouts[0][0].started_at.date(), workouts[-1][0].started_at.date()
    assert 720 <= (TODAY - first).days <= 740
    assert (TODAY - last).days <= 3
    assert all(w.started_at.date() <= TODAY for w, _ in workouts)


def test_three_or_four_sessions_a_week_outside_breaks(
    app: Flask, demo_user: User, workouts: list[Any]
) -> None:
    off = [(b.start_date, b.end_date) for b in breaks_of(app, demo_user).values()]
    per_week: Counter[dt.date] = Counter()
    for workout, _ in workouts:
        day = workout.started_at.date()
        per_week[day - dt.timedelta(days=day.weekday())] += 1
    first = min(per_week)
    weeks = [first + dt.timedelta(weeks=n) for n in range(1, 103)]
    clear = [
        w
        for w in weeks
        if all(
            w > end + dt.timedelta(days=7) or w + dt.timedelta(days=6) < start for start, end in off
        )
    ]
    counts = [per_week[w] for w in clear]
    assert max(counts) <= 4 and min(counts) >= 2
    assert 3.2 <= sum(counts) / len(counts) <= 3.9


def test_the_usual_lifts_from_the_catalogue(workouts: list[Any]) -> None:
    used = Counter(exercise.key for _, items in workouts for _, exercise in items)
    assert all(key in BY_KEY for key in used)  # catalogue exercises only, by key
    for key in (
        "bench_press_barbell",
        "squat_barbell",
        "deadlift_barbell",
        "overhead_press_barbell",
    ):
        assert used[key] > 100, key
    titles = Counter(w.title for w, _ in workouts)
    assert {"Upper A", "Lower A", "Upper B", "Lower B"} <= set(titles)
    kinds = Counter(item.kind for _, items in workouts for item, _ in items)
    assert kinds["warmup"] > 500 and kinds["normal"] > 4000
    assert sum(1 for _, items in workouts for item, _ in items if item.rpe is not None) > 300
    # Pull-ups start assisted and move to bodyweight.
    assisted = [
        w.started_at for w, items in workouts if any(e.key == "pull_up_assisted" for _, e in items)
    ]
    free = [w.started_at for w, items in workouts if any(e.key == "pull_up" for _, e in items)]
    assert assisted and free and max(assisted) < max(free)


def test_sets_are_plausible(workouts: list[Any]) -> None:
    for _, items in workouts:
        for item, exercise in items:
            if exercise.kind in ("weighted", "bodyweight", "assisted"):
                assert item.reps is not None and 1 <= item.reps <= 20
            if exercise.kind == "weighted":
                assert item.weight_kg is not None and 0 < item.weight_kg < 400
            if item.rpe is not None:
                assert 6 <= item.rpe <= 10 and (item.rpe * 2) % 1 == 0
            if exercise.kind == "cardio":
                assert item.distance_m and item.seconds and item.reps is None
        assert [item.position for item, _ in items] == list(range(1, len(items) + 1))


def test_three_breaks(app: Flask, demo_user: User) -> None:
    found = breaks_of(app, demo_user)
    assert set(found) == {"vacation", "injury", "illness"}
    vacation, injury, illness = found["vacation"], found["injury"], found["illness"]
    assert vacation.end_date and injury.end_date and illness.end_date
    assert (vacation.mode, (vacation.end_date - vacation.start_date).days + 1) == ("rest", 14)
    assert (injury.mode, injury.body_region) == ("immobilized", "left_arm")
    assert (injury.end_date - injury.start_date).days + 1 == 42
    assert (illness.mode, (illness.end_date - illness.start_date).days + 1) == ("rest", 10)
    months_ago = {reason: (TODAY - b.start_date).days / 30.4 for reason, b in found.items()}
    assert 16 <= months_ago["vacation"] <= 20
    assert 9 <= months_ago["injury"] <= 13
    assert 2 <= months_ago["illness"] <= 4.5
    with session_for(app) as session:
        muscles = session.exec(
            select(BreakMuscle.muscle).where(BreakMuscle.break_id == injury.id)
        ).all()
    assert sorted(muscles) == sorted(BODY_REGIONS["left_arm"][1])


def test_no_workouts_in_rest_breaks_and_legs_only_in_the_cast(
    app: Flask, demo_user: User, workouts: list[Any]
) -> None:
    found = breaks_of(app, demo_user)
    arms = set(BODY_REGIONS["left_arm"][1])
    in_cast = 0
    for workout, items in workouts:
        day = workout.started_at.date()
        for reason in ("vacation", "illness"):
            item = found[reason]
            assert item.end_date is not None
            assert not item.start_date <= day <= item.end_date, (reason, day)
        injury = found["injury"]
        assert injury.end_date is not None
        if injury.start_date <= day <= injury.end_date:
            in_cast += 1
            for _, exercise in items:
                catalogue = BY_KEY[exercise.key]
                assert not arms & {*catalogue.primary, *catalogue.secondary}, exercise.key
                assert {"quads", "glutes", "hamstrings", "calves", "adductors"} & set(
                    catalogue.primary
                )
    assert in_cast >= 8  # about two leg sessions a week for six weeks


def _best_1rm(workouts: list[Any], key: str) -> list[tuple[dt.date, float]]:
    """Each session's best Epley estimate of a lift, computed here by hand."""
    result = []
    for workout, items in workouts:
        estimates = [
            item.weight_kg * (1 + item.reps / 30)
            for item, exercise in items
            if exercise.key == key and item.kind != "warmup" and item.reps <= 12
        ]
        if estimates:
            result.append((workout.started_at.date(), max(estimates)))
    return result


def _mean(values: list[float]) -> float:
    assert values
    return sum(values) / len(values)


@pytest.mark.parametrize(
    ("reason", "key"),
    [
        ("injury", "bench_press_barbell"),
        ("injury", "overhead_press_barbell"),
        ("vacation", "squat_barbell"),
    ],
)
def test_loads_dip_after_a_break_and_come_back(
    app: Flask, demo_user: User, workouts: list[Any], reason: str, key: str
) -> None:
    item = breaks_of(app, demo_user)[reason]
    assert item.end_date is not None
    series = _best_1rm(workouts, key)
    before = _mean(
        [v for d, v in series if item.start_date - dt.timedelta(days=28) <= d < item.start_date]
    )
    after = [v for d, v in series if d > item.end_date]
    back = _mean(
        [
            v
            for d, v in series
            if item.end_date + dt.timedelta(days=42) < d <= item.end_date + dt.timedelta(days=84)
        ]
    )
    assert after[0] < before
    assert back > after[0] and back >= 0.97 * before


def test_progress_over_two_years(workouts: list[Any]) -> None:
    for key in ("bench_press_barbell", "squat_barbell", "deadlift_barbell"):
        series = [v for _, v in _best_1rm(workouts, key)]
        assert _mean(series[-8:]) > 1.1 * _mean(series[:8]), key


def test_weekly_volume_is_realistic(app: Flask, demo_user: User) -> None:
    from tracker.crud import workouts as crud_workouts

    with session_for(app) as session:
        weekly = crud_workouts.weekly_hard_sets(
            session=session, user_id=demo_user.id or 0, start=TODAY - dt.timedelta(days=120)
        )
    typical = [counts.get("chest", 0) + counts.get("quads", 0) for counts in weekly.values()]
    assert 6 <= _mean(typical) <= 40


def test_deterministic(app: Flask) -> None:
    first = make_demo(app, "one@example.com")
    second = make_demo(app, "two@example.com")

    def fingerprint(user: User) -> list[tuple[Any, ...]]:
        return [
            (w.started_at, w.title, i.position, e.key, i.reps, i.weight_kg, i.rpe, i.kind)
            for w, items in history(app, user)
            for i, e in items
        ]

    assert fingerprint(first) == fingerprint(second)


def test_data_version_is_bumped_and_it_uses_the_demo_source(
    app: Flask, demo_user: User, workouts: list[Any]
) -> None:
    with session_for(app) as session:
        saved = session.get(User, demo_user.id)
        assert saved is not None and saved.data_version >= 1
    assert {w.source for w, _ in workouts} == {"demo"}


def test_the_demo_login_sees_its_history(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["demo", "--email", "show@example.com", "--password", "show me around"]
    )
    assert result.exit_code == 0, result.output
    client = new_client(app)
    client.login("show@example.com", "show me around")
    html = client.get("/workouts").get_data(as_text=True)
    assert "Page 1 of" in html and "Bench Press (Barbell)" in html
    with session_for(app) as session:
        bench = session.exec(select(Exercise).where(Exercise.key == "bench_press_barbell")).one()
    page = client.get(f"/exercises/{bench.id}").get_data(as_text=True)
    assert "Epley" in page and '<svg class="sparkline"' in page


def test_the_demo_training_years_are_its_own(app: Flask, demo_user: User) -> None:
    """The demo account says it trained a year before its log: that is its own number, not
    one to read from the start of its log (issue 13's users.training_years_set)."""
    with session_for(app) as session:
        saved = session.get(User, demo_user.id)
        assert saved is not None
        assert saved.training_years == 1.0 and saved.training_years_set is True
