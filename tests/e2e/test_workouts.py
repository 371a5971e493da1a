"""On a phone-sized screen: log a workout of three exercises (live search, rows filled in place,
a typo fixed in place, a bad value refused at its row), see it in the history; the same with
JavaScript off; and the new pages at 390 px, light and dark."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from sqlmodel import select

from tests.conftest import PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot
from tests.factories import catalogue_exercise, make_user, make_workout, session_for
from tracker import crud
from tracker.models import PlannedValues, User, Workout, WorkoutSet


def block(page: Page, name: str) -> Locator:
    """The card of one exercise on the workout page."""
    return page.locator("section.exercise-block").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def logged(app: Flask, user: User) -> list[tuple[str, int | None, float | None]]:
    with session_for(app) as session:
        rows = session.exec(
            select(WorkoutSet, Workout)
            .join(Workout, Workout.id == WorkoutSet.workout_id)  # type: ignore[arg-type]
            .where(Workout.user_id == user.id)
        )
        names = {
            e.id: e.name for e in crud.exercises.all_visible(session=session, user_id=user.id or 0)
        }
        return [
            (names[s.exercise_id], s.reps, s.weight_kg)
            for s, _ in sorted(rows, key=lambda pair: (pair[1].id, pair[0].position))
        ]


def search(page: Page, words: str, name: str) -> Locator:
    page.get_by_label("Search by name").fill(words)
    page.locator("#search-results").get_by_role("button", name=name, exact=True).click()
    card = block(page, name)
    expect(card).to_be_visible()
    return card


def test_log_a_workout_fix_a_typo_and_find_it(page: Page, live_server: str, app: Flask) -> None:
    user = make_user(app, email="lifter@example.com", display_name="Lee")
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/workouts")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workouts")
    expect(page.get_by_text("No workouts yet")).to_be_visible()
    page.get_by_role("button", name="Start an empty workout").click()
    expect(page.get_by_label("Search by name")).to_be_focused()

    # 1. Bench press, found as it is typed (no Search button), 3 sets of 8 at 60 in one go.
    bench = search(page, "bench", "Bench Press (Barbell)")
    expect(bench.get_by_label("Reps, set 1 of Bench Press (Barbell)")).to_be_focused()
    page.keyboard.type("8")
    bench.get_by_label("Weight (kg), set 1 of Bench Press (Barbell)").fill("60")
    expect(bench.get_by_label("Weight (kg), set 3 of Bench Press (Barbell)")).to_have_value("60")
    for n in (1, 2, 3):
        bench.get_by_role("button", name=f"Mark set {n} of Bench Press (Barbell) done").click()

    # 2. Squat, found by a plural, and a fourth set added without a reload.
    squat = search(page, "squats", "Squat (Barbell)")
    squat.get_by_label("Reps, set 1 of Squat (Barbell)").fill("5")
    squat.get_by_label("Weight (kg), set 1 of Squat (Barbell)").fill("100")
    squat.get_by_role("button", name="+ Add a set of Squat (Barbell)").click()
    expect(squat.get_by_label("Weight (kg), set 4 of Squat (Barbell)")).to_have_value("100")
    for n in (1, 2, 3, 4):
        squat.get_by_role("button", name=f"Mark set {n} of Squat (Barbell) done").click()

    # 3. Pull-ups, with a typo in the second set, fixed in place once it is done.
    pull = search(page, "pull up", "Pull Up")
    pull.get_by_label("Reps, set 1 of Pull Up").fill("8")
    pull.get_by_label("Reps, set 2 of Pull Up").fill("77")
    pull.get_by_role("button", name="Mark set 1 of Pull Up done").click()
    pull.get_by_role("button", name="Mark set 2 of Pull Up done").click()
    expect(page.locator("li.set-row.pending")).to_have_count(0)
    typo = pull.get_by_label("Reps, set 2 of Pull Up")
    typo.fill("7")
    typo.press("Enter")
    expect(page.locator("li.set-row.pending")).to_have_count(0)
    assert no_horizontal_scroll(page)
    screenshot(page, "workout-phone")

    # A value the server refuses: said at its row, nothing logged, the row not done.
    third = pull.get_by_label("Reps, set 3 of Pull Up")
    third.fill("5.5")
    pull.get_by_role("button", name="Mark set 3 of Pull Up done").click()
    expect(pull.get_by_text("Enter the reps as a whole number")).to_be_visible()
    expect(pull.get_by_role("button", name="Mark set 3 of Pull Up done")).to_be_visible()

    page.wait_for_function("() => !document.querySelector('li.set-row.pending')")

    assert logged(app, user) == [
        *[("Bench Press (Barbell)", 8, 60.0)] * 3,
        *[("Squat (Barbell)", 5, 100.0)] * 4,
        ("Pull Up", 8, None),
        ("Pull Up", 7, None),
    ]

    # The history lists it with its three exercises.
    page.get_by_role("button", name="Finish workout").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workout: done")
    page.goto(f"{live_server}/workouts")
    item = page.locator("article.workout-item").first
    expect(item).to_contain_text("9 sets")
    expect(item).to_contain_text("Bench Press (Barbell), Squat (Barbell), Pull Up")
    assert no_horizontal_scroll(page)
    screenshot(page, "history-phone")

    # And the bench press page shows the sets and the estimate.
    item.get_by_role("link").first.click()
    page.get_by_role("link", name="Bench Press (Barbell)", exact=True).click()
    expect(page.get_by_text("Epley formula")).to_be_visible()
    expect(page.locator("table.exercise-history")).to_contain_text("3 x 8 @ 60 kg")
    assert no_horizontal_scroll(page)


@pytest.fixture
def no_script(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        java_script_enabled=False,
    )  # fmt: skip
    yield context
    context.close()


def test_everything_works_without_javascript(
    no_script: BrowserContext, live_server: str, app: Flask
) -> None:
    user = make_user(app, email="plain@example.com")
    page = no_script.new_page()
    log_in(page, live_server, user.email)
    page.get_by_role("button", name="Start an empty workout").click()
    page.get_by_label("Search by name").fill("bench")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Bench Press (Barbell)").first.click()
    bench = block(page, "Bench Press (Barbell)")
    bench.get_by_label("Reps, set 1 of Bench Press (Barbell)").fill("8")
    bench.get_by_label("Weight (kg), set 1 of Bench Press (Barbell)").fill("60")
    bench.get_by_role("button", name="Mark set 1 of Bench Press (Barbell) done").click()
    bench = block(page, "Bench Press (Barbell)")
    expect(
        bench.get_by_role("button", name="Done: set 1 of Bench Press (Barbell). Tap to undo")
    ).to_be_visible()
    # A refused value comes back at its field, as typed.
    bench.get_by_label("Weight (kg), set 2 of Bench Press (Barbell)").fill("60")
    bench.get_by_role("button", name="Mark set 2 of Bench Press (Barbell) done").click()
    bench = block(page, "Bench Press (Barbell)")
    expect(bench.get_by_text("Enter the reps.")).to_be_visible()
    # Fixed, then a set added and the done one saved with new values.
    bench.get_by_label("Reps, set 2 of Bench Press (Barbell)").fill("7")
    bench.get_by_role("button", name="Mark set 2 of Bench Press (Barbell) done").click()
    page.get_by_role("button", name="+ Add a set of Bench Press (Barbell)").click()
    expect(block(page, "Bench Press (Barbell)").locator("li.set-row")).to_have_count(4)
    bench = block(page, "Bench Press (Barbell)")
    bench.get_by_label("Reps, set 1 of Bench Press (Barbell)").fill("9")
    bench.locator("li.set-row").first.get_by_role("button", name="Save").click()
    assert no_horizontal_scroll(page)
    screenshot(page, "workout-no-script-390")
    page.get_by_role("button", name="Finish workout").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workout: done")

    assert logged(app, user) == [
        ("Bench Press (Barbell)", 9, 60.0),
        ("Bench Press (Barbell)", 7, 60.0),
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_pages_at_390_px(
    browser: Browser, live_server: str, app: Flask, scheme: str
) -> None:
    user = make_user(app, email="looks@example.com", display_name="Ada")
    bench = catalogue_exercise(app, "bench_press_barbell")
    pull = catalogue_exercise(app, "pull_up")
    run = catalogue_exercise(app, "treadmill")
    plank = catalogue_exercise(app, "plank")
    when = dt.datetime(2026, 11, 2, 18)
    make_workout(app, user, when, title="Upper A",
                 sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 100.0}])  # fmt: skip
    workout = make_workout(
        app,
        user,
        when + dt.timedelta(days=2),
        title="Upper A with a rather long title for a phone",
        sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 102.5}],
    )
    with session_for(app) as session:
        crud.planned.plan(
            session=session,
            workout=workout,
            values=[
                PlannedValues(exercise_id=pull.id or 0, reps=12, weight_kg=17.5),
                PlannedValues(exercise_id=run.id or 0, distance_m=5000.0, seconds=1530),
                PlannedValues(exercise_id=plank.id or 0, seconds=75),
                PlannedValues(exercise_id=bench.id or 0, reps=5, weight_kg=1000.0),
            ],
        )
        routine = crud.routines.create(
            session=session,
            user_id=user.id or 0,
            name="Push day, the heavy one",
            values=[
                PlannedValues(exercise_id=e.id or 0, reps=8, weight_kg=60.0) for e in (bench, pull)
            ],
        )
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        color_scheme=scheme,  # type: ignore[arg-type]
    )  # fmt: skip
    try:
        page = context.new_page()
        log_in(page, live_server, user.email)
        for path, name in [
            ("/", "dashboard-start"),
            (f"/workouts/{workout.id}", "workout-kinds"),
            (f"/workouts/{workout.id}/summary", "summary"),
            ("/routines", "routines"),
            (f"/routines/{routine.id}/edit", "routine-edit"),
            ("/workouts", "history-start"),
        ]:
            page.goto(f"{live_server}{path}")
            assert no_horizontal_scroll(page), path
            if path.startswith("/workouts/") and not path.endswith("summary"):
                page.get_by_role("button", name="Mark set 1 of Pull Up done").click()
                expect(page.locator("#rest-bar")).to_be_visible()
                assert no_horizontal_scroll(page), path
            screenshot(page, f"{name}-390-{scheme}")
    finally:
        context.close()


def test_the_heading_of_a_summary_counts_records(page: Page, live_server: str, app: Flask) -> None:
    user = make_user(app, email="pr@example.com")
    bench = catalogue_exercise(app, "bench_press_barbell")
    make_workout(app, user, dt.datetime(2026, 11, 2, 18),
                 sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 100.0}])  # fmt: skip
    best = make_workout(
        app,
        user,
        dt.datetime(2026, 11, 4, 18),
        sets=[{"exercise_id": bench.id, "reps": 5, "weight_kg": 105.0}],
    )
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/workouts/{best.id}/summary")
    expect(page.locator(".record-list li")).to_have_count(2)
    expect(page.locator(".record-list")).to_contain_text("Heaviest: 105 kg (before: 100 kg)")
    expect(page.locator(".record-list")).to_contain_text(
        re.compile(r"Best estimated 1RM: 122\.5 kg")
    )
