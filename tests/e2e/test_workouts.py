"""On a phone-sized screen: log a workout of three exercises, fix a typo, see it in the history."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Locator, Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot
from tests.factories import make_user


def block(page: Page, name: str) -> Locator:
    """The card of one exercise on the workout page."""
    return page.locator("section.exercise-block").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )


def pick(page: Page, search: str, name: str) -> Locator:
    page.get_by_label("Search by name").fill(search)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=name).first.click()
    card = block(page, name)
    expect(card).to_be_visible()
    return card


def add_set(card: Locator, reps: str, weight: str | None = None) -> None:
    card.get_by_label("Reps", exact=True).fill(reps)
    if weight is not None:
        card.get_by_label(re.compile(r"^(Weight|Added weight)")).fill(weight)
    card.get_by_role("button", name="Add set").click()


def sets(card: Locator) -> Locator:
    return card.locator(".set-row .set-what")


def test_log_a_workout_fix_a_typo_and_find_it(page: Page, live_server: str, app: Flask) -> None:
    make_user(app, email="lifter@example.com", display_name="Lee")
    page.goto(f"{live_server}/workouts")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("E-mail").fill("lifter@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workouts")
    expect(page.get_by_text("No workouts yet")).to_be_visible()

    page.get_by_role("link", name="Start a workout").click()
    page.get_by_label("Title (optional)").fill("Push and legs")
    page.get_by_role("button", name="Start workout").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Push and legs")
    expect(page.get_by_label("Search by name")).to_be_focused()

    # 1. Bench press: a set, "same as last set", then a heavier one with the + button.
    bench = pick(page, "bench", "Bench Press (Barbell)")
    expect(bench.get_by_label("Reps", exact=True)).to_be_focused()
    add_set(bench, "8", "60")
    bench = block(page, "Bench Press (Barbell)")
    expect(sets(bench)).to_have_text(["8 @ 60 kg"])
    bench.get_by_role("button", name="Same as last set").click()
    bench = block(page, "Bench Press (Barbell)")
    expect(sets(bench)).to_have_text(["8 @ 60 kg", "8 @ 60 kg"])
    expect(bench.get_by_label("Weight (kg)")).to_have_value("60")  # prefilled
    bench.get_by_role("button", name="Increase by 2.5").click()
    expect(bench.get_by_label("Weight (kg)")).to_have_value("62.5")
    add_set(bench, "6")
    bench = block(page, "Bench Press (Barbell)")
    expect(sets(bench)).to_have_text(["8 @ 60 kg", "8 @ 60 kg", "6 @ 62.5 kg"])

    # 2. Squat, found by a plural: three sets, two of them in one tap each.
    squat = pick(page, "squats", "Squat (Barbell)")
    add_set(squat, "5", "100")
    for _ in range(2):
        block(page, "Squat (Barbell)").get_by_role("button", name="Same as last set").click()
    expect(sets(block(page, "Squat (Barbell)"))).to_have_text(["5 @ 100 kg"] * 3)

    # 3. Pull-ups, with a typo in the second set.
    pull = pick(page, "pull up", "Pull Up")
    add_set(pull, "8")
    add_set(block(page, "Pull Up"), "77")
    pull = block(page, "Pull Up")
    expect(sets(pull)).to_have_text(["8 @ bodyweight", "77 @ bodyweight"])
    assert no_horizontal_scroll(page)
    screenshot(page, "workout-phone")

    # Fix the typo.
    pull.get_by_role("link", name="Edit set 2 of Pull Up").click()
    expect(page.get_by_role("heading", name="Edit set")).to_be_visible()
    page.get_by_label("Reps", exact=True).fill("7")
    page.get_by_role("button", name="Save set").click()
    expect(sets(block(page, "Pull Up"))).to_have_text(["8 @ bodyweight", "7 @ bodyweight"])
    expect(sets(block(page, "Bench Press (Barbell)"))).to_have_count(3)

    # Bad input keeps what was typed and says why, at the field.
    squat = block(page, "Squat (Barbell)")
    add_set(squat, "5.5", "100")
    squat = block(page, "Squat (Barbell)")
    expect(squat.get_by_text("Enter the reps as a whole number")).to_be_visible()
    expect(squat.get_by_label("Reps", exact=True)).to_have_value("5.5")
    expect(sets(squat)).to_have_count(3)

    # The history lists it with its three exercises.
    page.get_by_role("link", name="History").click()
    item = page.locator("article.workout-item").filter(has_text="Push and legs")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("8 sets")
    expect(item).to_contain_text("Bench Press (Barbell), Squat (Barbell), Pull Up")
    assert no_horizontal_scroll(page)
    screenshot(page, "history-phone")

    # And the bench press page shows the sets and the estimate.
    page.goto(f"{live_server}/workouts")
    item.get_by_role("link", name="Push and legs").click()
    page.get_by_role("link", name="Bench Press (Barbell)", exact=True).click()
    expect(page.get_by_text("Epley formula")).to_be_visible()
    expect(page.locator("table.exercise-history")).to_contain_text("2 x 8 @ 60 kg, 6 @ 62.5 kg")
    assert no_horizontal_scroll(page)
