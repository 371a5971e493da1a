"""The first session back after a break, logged on a phone from the comeback plan's
suggestions (issue 14): "Repeat last Push day" on the dashboard plans every set at the weight
the plan suggests (not the weights from before the break), says it is a suggestion, and one
tap a set logs exactly that."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from playwright.sync_api import BrowserContext, expect

from tests.e2e.conftest import no_horizontal_scroll, screenshot
from tests.e2e.test_logging import PHONE, block, done_button, latest_workout, log_in, sets_of
from tests.factories import catalogue_exercise, make_break, make_user, make_workout
from tracker.clock import local_now, today_in

LIFTS = (
    ("bench_press_barbell", "Bench Press (Barbell)", 8, 80.0),
    ("overhead_press_barbell", "Overhead Press (Barbell)", 6, 50.0),
)


def test_the_first_session_back_is_logged_from_the_suggestions(
    browser: object, live_server: str, app: Flask
) -> None:
    user = make_user(app, email="back@example.com", display_name="Kim")
    ids = {name: catalogue_exercise(app, key).id or 0 for key, name, _, _ in LIFTS}
    today = today_in(user.timezone)
    # Two push days a week for five weeks, then six weeks off that ended yesterday.
    start = today - dt.timedelta(days=43)
    for ago in range(78, 43, -3):
        make_workout(
            app,
            user,
            (local_now(user.timezone) - dt.timedelta(days=ago)).replace(second=0),
            title="Push day",
            sets=[
                {"exercise_id": ids[name], "reps": reps, "weight_kg": weight}
                for _, name, reps, weight in LIFTS
                for _ in range(3)
            ],
        )
    make_break(app, user, start, today - dt.timedelta(days=1), reason="vacation")

    context: BrowserContext = browser.new_context(  # type: ignore[attr-defined]
        viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        log_in(page, live_server, user.email)
        line = page.locator("#comeback-line")
        expect(line).to_contain_text("Today:")
        said = line.inner_text()
        page.get_by_role("button", name="Repeat last Push day").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("Push day")
        planned = {}
        for _, name, _, weight in LIFTS:
            card = block(page, name)
            expect(card.locator(".suggestion")).to_contain_text("Suggested for your comeback")
            value = card.get_by_label(f"Weight (kg), set 1 of {name}").input_value()
            suggested = float(value)
            # Lighter than before the break, and what the dashboard said for today.
            assert suggested < weight
            assert f"{value} kg" in said or name.split(" ")[0] not in said
            expect(card.get_by_label(f"Weight (kg), set 3 of {name}")).to_have_value(value)
            planned[name] = (
                int(card.get_by_label(f"Reps, set 1 of {name}").input_value()),
                suggested,
            )
        expect(page.locator("li.set-row.suggested")).to_have_count(6)
        assert no_horizontal_scroll(page)
        screenshot(page, "comeback-suggested-390")
        for _, name, _, _ in LIFTS:
            for n in (1, 2, 3):
                done_button(page, f"set {n} of {name}").tap()
        expect(page.locator("li.set-row.done")).to_have_count(6)
        # Done rows are no longer marked as suggestions; the note stays (what it was based on).
        expect(page.locator("li.set-row.suggested:not(.done)")).to_have_count(0)
        page.get_by_role("button", name="Finish workout").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("done"))
        screenshot(page, "comeback-summary-390")
    finally:
        context.close()
    logged = sets_of(app, latest_workout(app, user).id or 0)
    assert [(s.exercise_id, s.reps, s.weight_kg) for s in logged] == [
        (ids[name], *planned[name]) for _, name, _, _ in LIFTS for _ in range(3)
    ]
