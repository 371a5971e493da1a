"""What the pages ask of the model (tracker.projections.service, .rhythm) and the queries behind
them: the dashboard's first card, a user's training rhythm, the planner's starting volume, and
the workout page's previous sets in one query."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from tests.conftest import Client
from tests.factories import catalogue_exercise, make_break, make_workout, session_for
from tracker import crud
from tracker.break_days import BreakSpan, may_be_going_on, may_be_just_over, today_in
from tracker.crud import projections as crud_projections
from tracker.models import User, Workout
from tracker.physiology import Profile
from tracker.projections import now_summary
from tracker.projections.rhythm import THIN_SESSIONS, rhythm_before
from tracker.projections.service import RECENT_RETURN, UserProjections, parse_dose
from tracker.timeline import LogRows, SetAggregate, build_timeline

D0 = dt.date(2024, 1, 1)  # a Monday
PROFILE = Profile(age=30, training_years=1.0)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def _timeline(rows: list[SetAggregate], today: dt.date, breaks: tuple[BreakSpan, ...] = ()) -> Any:
    log = LogRows(sets=tuple(rows), breaks=breaks, break_reasons=("vacation",) * len(breaks))
    found = build_timeline(log, today, PROFILE)
    assert found is not None
    return found


def words(html: str) -> str:
    """The page with its runs of white space as one space (templates wrap their lines)."""
    return re.sub(r"\s+", " ", html)


def sessions(days: list[int], chest: int = 4) -> list[SetAggregate]:
    return [SetAggregate(day(n), "normal", "weighted", "chest", "primary", chest) for n in days]


# --- the rhythm -------------------------------------------------------------------------------


def test_rhythm_counts_sessions_and_sets_over_the_usual_weeks() -> None:
    # Monday, Wednesday, Friday for twelve weeks, 4 chest sets each.
    days = [n for n in range(84) if day(n).weekday() in (0, 2, 4)]
    rhythm = rhythm_before(_timeline(sessions(days), day(83)))
    assert rhythm.sessions_per_week == pytest.approx(3.0)
    assert rhythm.sessions_rounded == 3
    assert rhythm.weekly_sets == pytest.approx(12.0)
    assert rhythm.logged_sessions == len(days) == 36
    assert rhythm.first_day == day(0) and not rhythm.thin


def test_rhythm_before_a_break_leaves_the_break_out() -> None:
    days = [n for n in range(120) if day(n).weekday() in (0, 3) and not 56 <= n < 84]
    span = BreakSpan(day(56), day(83), "rest")
    timeline = _timeline(sessions(days), day(119), (span,))
    before = rhythm_before(timeline, day(56))
    assert before.sessions_per_week == pytest.approx(2.0)  # Monday and Thursday
    assert before.sessions == 16  # the 8 weeks before the break


def test_a_few_sessions_are_a_thin_rhythm_not_an_invented_one() -> None:
    one = rhythm_before(_timeline(sessions([0]), day(0)))
    # One session of 4 sets today: 4 sets a week, nothing else assumed.
    assert (one.logged_sessions, one.weekly_sets, one.thin) == (1, pytest.approx(4.0), True)
    assert one.sessions_rounded == 1
    few = rhythm_before(_timeline(sessions(list(range(0, 2 * (THIN_SESSIONS - 1), 2))), day(30)))
    assert few.thin
    none = rhythm_before(_timeline([], day(10), (BreakSpan(day(0), day(5), "rest"),)))
    assert none.logged_sessions == 0 and none.sessions_rounded == 0 and none.first_day is None


# --- the dashboard's first card ----------------------------------------------------------------


def _log_weeks(app: Flask, user: Any, weeks: int, end: dt.date) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    sets = [{"exercise_id": bench.id, "reps": 8, "weight_kg": 80.0}] * 3
    when = end - dt.timedelta(weeks=weeks)
    while when < end:
        if when.weekday() in (0, 2, 4):
            make_workout(app, user, dt.datetime.combine(when, dt.time(18)), sets)
        when += dt.timedelta(days=1)


def _projections(app: Flask, user: Any) -> Iterator[UserProjections]:
    from tracker.projections import cache_for

    with app.test_request_context(), session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        yield UserProjections.of(cache_for(app.extensions), session, row)


def test_standing_without_a_break(app: Flask, user: Any) -> None:
    _log_weeks(app, user, 10, today_in("UTC"))
    for p in _projections(app, user):
        history = p.history()
        assert history is not None
        standing = p.standing(history, None)
        assert not standing.in_break and not standing.returning and standing.item is None
        assert standing.rhythm.sessions_rounded == 3
        assert standing.now == now_summary(history)


def test_standing_during_and_after_a_break(app: Flask, user: Any) -> None:
    today = today_in("UTC")
    start = today - dt.timedelta(days=20)
    _log_weeks(app, user, 12, start)
    item = make_break(app, user, start, None, reason="illness")
    for p in _projections(app, user):
        history = p.history()
        assert history is not None
        during = p.standing(history, item)
        assert during.in_break and during.ongoing is not None and during.item == item
        assert during.ongoing.day == 21
        assert during.rhythm.sessions_rounded == 3  # the weeks before the break
    # Ended a week ago: the card is about the way back.
    with session_for(app) as session:
        row = crud.breaks.get(session=session, user_id=user.id, break_id=item.id)
        assert row is not None
        row.end_date = today - dt.timedelta(days=7)
        crud.users.bump_data_version(session=session, user_id=user.id)
        session.add(row)
        session.commit()
    for p in _projections(app, user):
        history = p.history()
        assert history is not None
        after = p.standing(history, None)
        assert after.returning and after.back is not None and after.item is not None
        assert after.back.span.start == start


def test_only_the_latest_break_and_only_when_recent(app: Flask, user: Any) -> None:
    today = today_in("UTC")
    old = make_break(app, user, today - dt.timedelta(days=200), today - dt.timedelta(days=190))
    with session_for(app) as session:
        assert crud_projections.recent_break(
            session=session, user_id=user.id, today=today, within=RECENT_RETURN
        ) is None  # fmt: skip
    recent = make_break(app, user, today - dt.timedelta(days=30), today - dt.timedelta(days=20))
    ending_today = make_break(app, user, today - dt.timedelta(days=5), today)
    with session_for(app) as session:
        found = crud_projections.recent_break(
            session=session, user_id=user.id, today=today, within=RECENT_RETURN
        )
        assert found is not None and found.id == ending_today.id != recent.id != old.id
        # Someone else's break is never theirs.
        assert (
            crud_projections.recent_break(
                session=session, user_id=user.id + 1000, today=today, within=RECENT_RETURN
            )
            is None
        )


def _random_breaks(
    app: Flask, user: Any, rng: random.Random, most: int, earliest: int, latest: int
) -> None:
    """The user's breaks replaced by up to ``most`` random ones, starting from ``earliest``
    to ``latest`` days from today, a third of them without an end."""
    today = today_in("UTC")
    with session_for(app) as session:
        for item in crud.breaks.list_for_user(session=session, user_id=user.id):
            crud.breaks.delete(session=session, item=item)
    for _ in range(rng.randint(0, most)):
        start = today + dt.timedelta(days=rng.randint(earliest, latest))
        end = None if rng.random() < 0.3 else start + dt.timedelta(days=rng.randint(0, 60))
        make_break(app, user, start, end)


#: The day the break-rule tests below count from.
TODAY = D0 + dt.timedelta(days=365)


def span(start: int, end: int | None) -> BreakSpan:
    """A break from ``start`` to ``end`` days from :data:`TODAY` (``None``: no end)."""
    return BreakSpan(
        TODAY + dt.timedelta(days=start), None if end is None else TODAY + dt.timedelta(days=end)
    )


def test_the_history_tells_when_no_break_can_be_just_over() -> None:
    today = TODAY
    weeks = RECENT_RETURN

    assert not may_be_just_over([], today, weeks)
    assert may_be_just_over([span(-30, -1)], today, weeks)
    assert may_be_just_over([span(-5, 0)], today, weeks)  # its last day is today
    assert not may_be_just_over([span(-200, -100)], today, weeks)  # over long ago
    assert may_be_just_over([span(-100, -weeks.days)], today, weeks)  # the last day it counts
    assert not may_be_just_over([span(-100, -weeks.days - 1)], today, weeks)
    assert not may_be_just_over([span(-10, None)], today, weeks)  # going on
    assert not may_be_just_over([span(-10, 5)], today, weeks)  # ends later
    # The latest started decides: a break just over before one going on is not "just over".
    assert not may_be_just_over([span(-40, -20), span(-3, None)], today, weeks)
    # One that has not started yet is not the latest.
    assert may_be_just_over([span(-40, -20), span(3, 10)], today, weeks)
    # Two starting on the same latest day: the database's order decides.
    assert may_be_just_over([span(-10, None), span(-10, -5)], today, weeks)


def test_the_database_is_asked_for_a_break_just_over_only_when_there_can_be_one(
    app: Flask, user: Any
) -> None:
    """Whatever the breaks, the history's breaks never hide one the database finds just over
    (the standing asks the database only when they say there may be one)."""
    today = today_in("UTC")
    _log_weeks(app, user, 2, today - dt.timedelta(days=170))  # a history from before them all
    rng = random.Random(16)
    for _ in range(40):
        _random_breaks(app, user, rng, most=4, earliest=-150, latest=5)
        for p in _projections(app, user):
            history = p.history()
            assert history is not None
            spans = history.timeline.breaks
            found = crud_projections.recent_break(
                session=p.session, user_id=user.id, today=today, within=RECENT_RETURN
            )
            # The history has every break started by today.
            stored = crud.breaks.spans(session=p.session, user_id=user.id)
            assert Counter(spans) == Counter(s for s in stored if s.start <= today)
        starts = [s.start for s in spans]
        if starts and starts.count(max(starts)) > 1:
            assert may_be_just_over(spans, today, RECENT_RETURN)
        else:
            assert may_be_just_over(spans, today, RECENT_RETURN) == (found is not None), spans


def test_the_history_tells_when_no_break_can_be_going_on() -> None:
    today = TODAY

    assert not may_be_going_on([], today)
    assert may_be_going_on([span(-10, None)], today)  # no end
    assert may_be_going_on([span(0, None)], today)  # started today
    assert may_be_going_on([span(-10, 1)], today)  # ends tomorrow
    assert not may_be_going_on([span(-10, 0)], today)  # ended today: no longer going on
    assert not may_be_going_on([span(-30, -20)], today)
    assert not may_be_going_on([span(1, None)], today)  # not started yet
    assert may_be_going_on([span(-30, -20), span(-3, 4)], today)


def test_the_break_going_on_is_the_databases_whatever_the_breaks(app: Flask, user: Any) -> None:
    """The history's breaks never hide a break going on that the database finds, and the
    database is asked only when they hold one."""
    today = today_in("UTC")
    _log_weeks(app, user, 2, today - dt.timedelta(days=170))
    rng = random.Random(17)
    asked = 0
    for _ in range(40):
        _random_breaks(app, user, rng, most=3, earliest=-60, latest=3)
        for p in _projections(app, user):
            history = p.history()
            with statements(app) as seen:
                found = p.break_going_on(history)
            expected = crud.breaks.ongoing(session=p.session, user_id=user.id, today=today)
            assert (found and found.id) == (expected and expected.id)
            queried = any("FROM breaks" in q for q in seen)
            assert queried == (history is not None and may_be_going_on(
                history.timeline.breaks, today))  # fmt: skip
            asked += queried
    assert 0 < asked < 40


def test_the_standing_asks_for_a_break_just_over_only_when_there_can_be_one(
    app: Flask, user: Any
) -> None:
    today = today_in("UTC")
    _log_weeks(app, user, 10, today)
    make_break(app, user, today - dt.timedelta(days=200), today - dt.timedelta(days=190))

    def break_queries() -> list[str]:
        for p in _projections(app, user):
            history = p.history()
            assert history is not None
            with statements(app) as seen:
                standing = p.standing(history, None)
        return [q for q in seen if "FROM breaks" in q] if not standing.returning else ["back"]

    assert break_queries() == []  # over long ago: nothing to ask
    make_break(app, user, today - dt.timedelta(days=30), today - dt.timedelta(days=20))
    assert break_queries() == ["back"]


def test_the_dashboard_after_a_break_says_when_it_is_back(
    app: Flask, user: Any, auth_client: Client
) -> None:
    today = today_in("UTC")
    start, end = today - dt.timedelta(days=40), today - dt.timedelta(days=5)
    _log_weeks(app, user, 12, start)
    make_break(app, user, start, end, reason="vacation")
    page = words(auth_client.get("/").text)
    assert "Back from your vacation break" in page
    # Whichever level is next: 95 %, then 100 %, of the level before the break.
    assert re.search(
        r"(Back to 95 % of the level before the break|Past 95 % of the level before the break; "
        r"back to 100 %) around .+?, at your usual 3 sessions a week"
        r"|Back to the level before the break",
        page,
    )
    assert "muscle memory" in page  # one line of why
    assert "/articles/coming-back" in page  # the explainer that fits


@pytest.mark.parametrize(
    ("raw", "value", "error"),
    [
        (None, 1.0, False),
        ("1.5", 1.5, False),
        ("1,25", 1.25, False),
        ("0.1", 1.0, True),
        ("nan", 1.0, True),
        ("inf", 1.0, True),
        ("abc", 1.0, True),
    ],
)
def test_parse_dose(raw: str | None, value: float, error: bool) -> None:
    found, message = parse_dose(raw, 0.5, 2.0)
    assert found == value and (message is not None) == error


# --- the planner starts from the user's own volume ----------------------------------------------


def test_one_session_plans_from_that_session(app: Flask, user: Any, auth_client: Client) -> None:
    """Issue 16: one logged session made the planner assume ~150 hard sets a week."""
    bench = catalogue_exercise(app, "bench_press_barbell")
    make_workout(
        app,
        user,
        dt.datetime.combine(today_in("UTC"), dt.time(7)),
        [{"exercise_id": bench.id, "reps": 8, "weight_kg": 60.0}] * 4,
    )
    page = words(auth_client.get("/planner").text)
    assert "profile-only" not in page
    assert "You have logged only 1 session" in page and "rough guide" in page
    # 4 bench sets: chest 4, shoulders 2, triceps 2 (the hard-set rule): 8 a week, as logged.
    assert "about 8 hard sets a week, not a programme Regain made up" in page
    assert "you train as in your log (about 8 hard sets a week, 1 session)" in page
    dashboard = auth_client.get("/").text
    assert '<td data-label="Hard sets a week" class="num">8</td>' in dashboard  # the same volume


def test_no_log_at_all_says_it_is_profile_only(auth_client: Client) -> None:
    page = auth_client.get("/planner").text
    assert "profile-only" in page and "model's typical programme" in page


# --- the workout page's previous sets -----------------------------------------------------------


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    engine = app.extensions["engine"]
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


KEYS = ("bench_press_barbell", "squat_barbell", "deadlift_barbell", "pull_up", "plank")


def test_previous_sets_in_one_query_match_asking_one_by_one(app: Flask, user: Any) -> None:
    rng = random.Random(16)
    exercises = [catalogue_exercise(app, key) for key in KEYS]
    start = dt.datetime(2026, 1, 5, 18, 0)
    workouts = []
    for n in range(30):
        # Some workouts at the same minute (ordered by id), each with a few of the exercises.
        when = start + dt.timedelta(days=n // 2)
        picked = rng.sample(exercises, rng.randint(1, 3))
        sets = [{"exercise_id": e.id, "reps": rng.randint(1, 12)} for e in picked for _ in range(2)]
        workouts.append(make_workout(app, user, when, sets))
    other = make_workout(app, user, start, [{"exercise_id": exercises[0].id, "reps": 99}])
    ids = [e.id for e in exercises if e.id is not None]
    with session_for(app) as session:
        for before in [*workouts[::3], other]:
            current = session.get(Workout, before.id)
            assert current is not None
            together = crud.workouts.previous_sets_for(
                session=session, user_id=user.id, exercise_ids=ids, before=current
            )
            for exercise_id in ids:
                alone = crud.workouts.previous_sets(
                    session=session, user_id=user.id, exercise_id=exercise_id, before=current
                )
                got = together.get(exercise_id)
                if alone is None:
                    assert got is None
                else:
                    assert got is not None and got.workout.id == alone.workout.id
                    assert [s.id for s in got.sets] == [s.id for s in alone.sets]


def test_previous_sets_are_the_users_own(app: Flask, user: Any, other_user: Any) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    make_workout(app, other_user, dt.datetime(2026, 1, 1, 9), [{"exercise_id": bench.id}])
    mine = make_workout(app, user, dt.datetime(2026, 1, 2, 9), [{"exercise_id": bench.id}])
    with session_for(app) as session:
        current = session.get(Workout, mine.id)
        assert current is not None
        assert (
            crud.workouts.previous_sets_for(
                session=session, user_id=user.id, exercise_ids=[bench.id or 0], before=current
            )
            == {}
        )


def test_the_workout_page_asks_the_same_number_of_queries_for_any_number_of_exercises(
    app: Flask, user: Any, auth_client: Client
) -> None:
    exercises = [catalogue_exercise(app, key) for key in KEYS]
    for n in range(3):  # earlier workouts with every exercise
        make_workout(
            app,
            user,
            dt.datetime(2026, 2, 1 + n, 18),
            [{"exercise_id": e.id, "reps": 5, "weight_kg": 50.0} for e in exercises],
        )
    counts = []
    for k in (1, len(exercises)):
        workout = make_workout(
            app,
            user,
            dt.datetime(2026, 2, 10 + k, 18),
            [{"exercise_id": e.id, "reps": 5} for e in exercises[:k]],
        )
        auth_client.get(f"/workouts/{workout.id}")  # warm: the session's user, the catalogue
        with statements(app) as seen:
            assert auth_client.get(f"/workouts/{workout.id}").status_code == 200
        counts.append(len(seen))
    assert counts[0] == counts[1], counts


MONTH_NUMBERS = {
    name: n + 1
    for n, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December")
    )
}  # fmt: skip


@pytest.mark.parametrize("days_in", [2, 9, 25])
def test_a_break_going_on_never_names_a_way_back_before_the_return(
    app: Flask, user: Any, auth_client: Client, days_in: int
) -> None:
    """In the first days of a break nothing is lost yet: the card must not say strength is
    "back to 95 %" on a day before the user is even back."""
    today = today_in("UTC")
    start = today - dt.timedelta(days=days_in)
    _log_weeks(app, user, 12, start)
    make_break(app, user, start, None, reason="vacation")
    page = words(auth_client.get("/").text)
    card = page[page.index('id="standing"') : page.index("</section>", page.index('id="standing"'))]
    back = re.search(r"Back on (\d+) (\w+) (\d{4})\?", card)
    assert back is not None
    monday = dt.date(int(back[3]), MONTH_NUMBERS[back[2]], int(back[1]))
    assert monday == today + dt.timedelta(days=7 - today.weekday())
    around = re.search(
        r"back to 95 % of its level before the break around (\d+) (\w+) (\d{4})", card
    )
    if around is not None:
        assert dt.date(int(around[3]), MONTH_NUMBERS[around[2]], int(around[1])) > monday
    else:
        assert "never falls below 95 %" in card
    assert "of your peak" in card  # where the user stands, with its range


# --- who the projections are for ----------------------------------------------------------------


def test_the_users_context_is_kept_per_version_and_follows_every_setting_it_reads(
    app: Flask, user: Any
) -> None:
    from tracker.projections.cache import ProjectionCache
    from tracker.projections.service import user_context

    today = today_in("UTC")
    _log_weeks(app, user, 6, today)
    cache = ProjectionCache()
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        row.birth_year, row.training_years, row.training_years_set = 1990, 2.0, True
        first = user_context(cache, session, row, today)
        queries: list[str] = []
        event.listen(session.get_bind(), "before_cursor_execute", _record(queries))
        assert user_context(cache, session, row, today) is first
        assert first.key is first.key  # one history key per context: cache keys hold it
        assert queries == []
        # Each setting the context reads changes it, with or without a new data version.
        row.birth_year = 1960
        older = user_context(cache, session, row, today)
        assert older.profile.age == today.year - 1960 != first.profile.age
        row.training_years = 9.0
        assert user_context(cache, session, row, today).profile.training_years == 9.0
        row.training_years_set = False  # inferred from the log now: six weeks of it
        inferred = user_context(cache, session, row, today).profile.training_years
        assert inferred < 9.0
        row.data_version += 1
        bumped = user_context(cache, session, row, today)
        assert bumped.data_version == row.data_version and bumped.key != older.key
        # Another day is another context.
        assert user_context(cache, session, row, today + dt.timedelta(days=1)).today > today


def _record(queries: list[str]) -> Any:
    def listener(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        queries.append(statement)

    return listener
