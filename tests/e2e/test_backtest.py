"""In a browser on a phone: settings -> "How well Regain has predicted you", and the training
years read from the log."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot
from tests.factories import catalogue_exercise, make_user, make_workout


def test_backtest_page_from_settings_on_a_phone(app: Flask, page: Page, live_server: str) -> None:
    user = make_user(app, email="back@example.com", display_name="Sam")
    today = dt.datetime.now(dt.UTC).date()
    bench = catalogue_exercise(app, "bench_press_barbell")
    squat = catalogue_exercise(app, "squat_barbell")
    off, back = today - dt.timedelta(days=110), today - dt.timedelta(days=40)
    day = today - dt.timedelta(days=240)
    while day < today:
        if day.weekday() in (0, 2, 4) and not off <= day < back:
            kg = 95.0 if day < off else 85.0
            sets = [{"exercise_id": bench.id, "reps": 5, "weight_kg": kg}] * 3 + [
                {"exercise_id": squat.id, "reps": 5, "weight_kg": kg + 30}
            ] * 3
            make_workout(app, user, dt.datetime.combine(day, dt.time(18)), sets)
        day += dt.timedelta(days=1)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("back@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server}/settings")
    expect(page.get_by_text("Read from your log")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "settings-training-years-phone")

    page.get_by_role("link", name="See the predictions against your log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How well Regain has predicted you")
    expect(page.get_by_role("row", name="Regain's model")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Bench Press (Barbell)")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "backtest-phone")


def test_personal_calibration_on_a_phone(app: Flask, page: Page, live_server: str) -> None:
    """Settings say what Regain learnt and switch it off; the backtest shows the error with and
    without it, each break predicted from the others."""
    from tests.test_calibration_app import log_breaks

    user = make_user(app, email="cal@example.com", display_name="Kim")
    log_breaks(app, user, (0.85, 0.9, 0.85))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("cal@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server}/settings#calibration")
    card = page.locator("#calibration")
    expect(card.get_by_text("Calibrated on your 3 past breaks")).to_be_visible()
    assert no_horizontal_scroll(page)
    card.scroll_into_view_if_needed()
    screenshot(page, "settings-calibration-phone")
    card.get_by_label("Use the average lifter's values").check()
    card.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your estimates now use the average lifter's values.")).to_be_visible()
    expect(page.locator("#calibration").get_by_text("Off: your estimates use")).to_be_visible()

    page.locator("#calibration").get_by_role("link", name="How well it predicts").click()
    expect(page.get_by_role("heading", name="With your personal calibration")).to_be_visible()
    expect(page.get_by_role("row", name="Calibrated on your other breaks")).to_be_visible()
    expect(page.get_by_text("from your other breaks:").first).to_be_visible()
    expect(page.get_by_text("Turned off: your estimates use")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "backtest-calibration-phone")
