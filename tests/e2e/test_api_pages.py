"""In a browser on a phone (390 px): settings -> access tokens, making one and using it, and the
API's readable page."""

from __future__ import annotations

import json
import urllib.request

from flask import Flask
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import no_horizontal_scroll, screenshot
from tests.factories import make_user


def test_making_a_token_from_settings_on_a_phone(app: Flask, page: Page, live_server: str) -> None:
    make_user(app, email="tok@example.com", display_name="Sam")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("tok@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server}/settings")
    page.get_by_role("link", name="Manage access tokens").click()
    expect(page.get_by_role("heading", name="Access tokens")).to_be_visible()
    page.get_by_label("Name (what uses it)").fill("Home dashboard")
    page.get_by_label("Read only: it can see your data, never change it").check()
    page.get_by_role("button", name="Make the token").click()
    token = page.locator("#new-token").inner_text().strip()
    assert token.startswith("rg_")
    assert no_horizontal_scroll(page)
    screenshot(page, "api-token-made-390")

    request = urllib.request.Request(
        f"{live_server}/api/v1/profile", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert json.load(answer)["email"] == "tok@example.com"

    page.goto(f"{live_server}/settings/tokens")
    expect(page.locator(".token-list strong")).to_have_text("Home dashboard")
    expect(page.locator("#new-token")).to_have_count(0)
    page.get_by_role("button", name="Revoke “Home dashboard”").click()
    expect(page.get_by_text("No tokens yet")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "api-tokens-revoked-390")


def test_the_api_page_on_a_phone(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/api/v1/docs")
    expect(page.get_by_role("heading", name="Regain API")).to_be_visible()
    expect(page.locator("#create_set")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "api-docs-390")
    page.locator("#create_set").screenshot(path=str(screenshot(page, "api-docs-390")))
