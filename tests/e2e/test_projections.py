"""In a browser on a phone: the dashboard, a break's projection and the planner, charts loaded."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot
from tests.factories import catalogue_exercise, make_break, make_user, make_workout

CHARTS_LOADED = """() => {
  const images = [...document.querySelectorAll('img.chart-image')];
  return images.length > 0 && images.every((i) => i.complete && i.naturalWidth > 0);
}"""


def _charts_loaded(page: Page) -> None:
    page.wait_for_function(CHARTS_LOADED, timeout=20_000)
    widths = page.eval_on_selector_all("img.chart-image", "els => els.map(e => e.naturalWidth)")
    assert widths and all(w > 0 for w in widths)


def test_dashboard_break_and_planner_charts(app: Flask, page: Page, live_server: str) -> None:
    user = make_user(app, email="charts@example.com", display_name="Robin", training_years=2.0)
    today = dt.datetime.now(dt.UTC).date()
    bench = catalogue_exercise(app, "bench_press_barbell")
    squat = catalogue_exercise(app, "squat_barbell")
    break_start, break_end = today - dt.timedelta(days=50), today - dt.timedelta(days=22)
    day = today - dt.timedelta(days=150)
    while day < today:
        if day.weekday() in (0, 2, 4) and not break_start <= day <= break_end:
            sets = [{"exercise_id": bench.id, "reps": 6, "weight_kg": 85.0}] * 3 + [
                {"exercise_id": squat.id, "reps": 5, "weight_kg": 110.0}
            ] * 3
            make_workout(app, user, dt.datetime.combine(day, dt.time(18)), sets)
        day += dt.timedelta(days=1)
    item = make_break(app, user, break_start, break_end, reason="vacation")

    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("charts@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Robin")

    # The dashboard: the answer first, then the history chart.
    answer = page.get_by_role("heading", name=re.compile(r"Strength: about \d+ % of your peak"))
    expect(answer).to_be_visible()
    _charts_loaded(page)
    page.get_by_label("Muscle group").select_option("quads")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_label("Muscle group")).to_have_value("quads")
    _charts_loaded(page)
    assert no_horizontal_scroll(page)
    screenshot(page, "dashboard-chart-phone")

    # The break's projection.
    page.goto(f"{live_server}/breaks/{item.id}/projection")
    expect(page.get_by_text("Lost during the break")).to_be_visible()
    _charts_loaded(page)
    page.get_by_label("Training after the break", exact=False).fill("1.5")
    page.get_by_role("button", name="Recalculate").click()
    expect(page.get_by_text("1.5 times your usual volume").first).to_be_visible()
    _charts_loaded(page)
    assert no_horizontal_scroll(page)
    screenshot(page, "break-projection-phone")

    # The planner: the script shows only the parts of the chosen kind.
    page.get_by_text("Menu").click()
    page.get_by_role("link", name="Planner").click()
    _charts_loaded(page)
    expect(page.get_by_label("Sessions a week", exact=True)).to_be_hidden()
    page.get_by_role("radio", name="Reduced training", exact=False).check()
    expect(page.get_by_label("Sessions a week", exact=True)).to_be_visible()
    page.get_by_label("Sessions a week", exact=True).fill("2")
    page.get_by_label("Length in days").fill("42")
    page.get_by_role("button", name="Show the estimate").click()
    expect(page).to_have_url(re.compile(r"days=42.*kind=reduced"))
    expect(page.get_by_role("heading", name="The options over time")).to_be_visible()
    _charts_loaded(page)
    assert no_horizontal_scroll(page)
    screenshot(page, "planner-phone")
