"""In a browser on a phone: record an injury break with an immobilised arm, then end it."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.conftest import PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot
from tests.factories import make_user, session_for
from tracker import crud
from tracker.models import Break

ARM = ("Shoulders", "Biceps", "Triceps", "Forearms")


def test_record_an_arm_injury_and_end_it(app: Flask, page: Page, live_server: str) -> None:
    make_user(app, email="cast@example.com", display_name="Casey")
    today = dt.datetime.now(dt.UTC).date()
    start = today - dt.timedelta(days=10)

    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("cast@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Casey")

    page.get_by_text("Menu").click()
    page.get_by_role("link", name="Breaks").click()
    expect(page.get_by_text("No breaks recorded yet")).to_be_visible()
    page.get_by_role("link", name="Record a break").click()

    page.get_by_label("First day of the break").fill(start.isoformat())
    page.get_by_label("Reason").select_option("injury")
    # The script shows only the parts of the chosen mode.
    expect(page.get_by_label("About how many sessions a week?")).to_be_hidden()
    expect(page.get_by_label("Body region")).to_be_hidden()
    page.get_by_label("Immobilised: a cast", exact=False).check()
    expect(page.get_by_label("Body region")).to_be_visible()

    # The shortcut ticks the arm's muscle groups, and only those.
    page.get_by_label("Body region").select_option("left_arm")
    for name in ARM:
        expect(page.get_by_label(name, exact=True)).to_be_checked()
    for name in ("Chest", "Quadriceps", "Abdominals"):
        expect(page.get_by_label(name, exact=True)).not_to_be_checked()
    page.get_by_label("Notes (optional)").fill("Cast on the left wrist")
    assert no_horizontal_scroll(page)
    screenshot(page, "break-form-phone")
    page.get_by_role("button", name="Save the break").click()

    expect(page.get_by_text("Break recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Day 11 of your injury break")).to_be_visible()
    expect(page.get_by_text("Immobilised: left arm")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "breaks-ongoing-phone")

    with session_for(app) as session:
        item = session.exec(select(Break)).one()
        assert item.id is not None
        muscles = crud.breaks.muscles(session=session, break_ids=[item.id])[item.id]
    assert (item.start_date, item.end_date, item.mode) == (start, None, "immobilized")
    assert set(muscles) == {"shoulders", "biceps", "triceps", "forearms"}

    page.get_by_role("button", name="End this break today").click()
    expect(page.get_by_text("Your injury break ended today.")).to_be_visible()
    expect(page.get_by_role("heading", name="Day 11 of your injury break")).to_have_count(0)
    expect(page.get_by_role("link", name="Injury")).to_be_visible()
    with session_for(app) as session:
        ended = session.get(Break, item.id)
        assert ended is not None and ended.end_date == today
