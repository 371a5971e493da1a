"""In a browser on a phone-sized screen: register, log out, log in, see the dashboard."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import no_horizontal_scroll, screenshot

PASSWORD = "browser passphrase"


def test_register_logout_login(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/register")
    page.get_by_label("E-mail").fill("phone@example.com")
    page.get_by_label("Name (optional)").fill("Pat")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Pat")

    page.get_by_text("Menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    page.get_by_label("E-mail").fill("phone@example.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("do not match an account")).to_be_visible()

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Pat")
    assert no_horizontal_scroll(page)
    shot = screenshot(page, "dashboard-phone")
    assert shot.stat().st_size > 1000
