"""The access tokens page: make a token (shown once), see them, revoke one; bad input, another
user, nobody logged in, no CSRF token."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.api_helpers import Api, make_token
from tests.factories import count
from tracker import limits
from tracker.models import ApiToken


def _token_in(html: str) -> str:
    start = html.index('id="new-token">') + len('id="new-token">')
    return html[start : html.index("</code>", start)]


def test_settings_link_to_the_tokens_page(auth_client: Any) -> None:
    html = auth_client.get("/settings").get_data(as_text=True)
    assert 'href="/settings/tokens"' in html


def test_a_new_token_is_shown_once_and_works(app: Flask, auth_client: Any) -> None:
    page = auth_client.post("/settings/tokens", data={"name": " Watch ", "scope": "write"})
    assert page.status_code == 201
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    token = _token_in(html)
    assert token.startswith("rg_")
    assert Api(auth_client, token).get("/token").get_json()["scope"] == "write"
    again = auth_client.get("/settings/tokens").get_data(as_text=True)
    assert token not in again and "Watch" in again and token[:9] in again
    assert "read and write" in again


def test_a_read_only_token_by_default(auth_client: Any) -> None:
    html = auth_client.post("/settings/tokens", data={"name": "Dashboard"}).get_data(as_text=True)
    api = Api(auth_client, _token_in(html))
    assert api.get("/token").get_json()["scope"] == "read"
    assert api.post("/workouts", {"started_at": "2026-01-01T10:00"}).status_code == 403


def test_bad_input_is_refused_at_its_field(app: Flask, auth_client: Any, user: Any) -> None:
    make_token(app, user, name="Dashboard")
    for data, message in (
        ({"name": ""}, "Name the token"),
        ({"name": "x" * 81}, "under 80 characters"),
        ({"name": "dashboard "}, "already have a token with this name"),
        ({"name": "Other", "scope": "admin"}, "Not a valid choice"),
    ):
        page = auth_client.post("/settings/tokens", data=data)
        assert page.status_code == 400, data
        assert message in page.get_data(as_text=True), data
    assert count(app, ApiToken) == 1


def test_an_account_holds_so_many_tokens(app: Flask, auth_client: Any, user: Any) -> None:
    for number in range(limits.MAX_API_TOKENS):
        make_token(app, user, name=f"t{number}")
    page = auth_client.post("/settings/tokens", data={"name": "one more"})
    assert page.status_code == 400
    assert "You have 50 tokens, the most an account holds" in page.get_data(as_text=True)
    assert count(app, ApiToken) == limits.MAX_API_TOKENS


def test_revoking_a_token_ends_it(app: Flask, auth_client: Any, user: Any) -> None:
    token = make_token(app, user, name="Old script")
    api = Api(auth_client, token)
    assert api.get("/profile").status_code == 200
    with app.app_context():
        from tracker.crud import tokens as tokens_crud
        from tracker.db import get_session

        row = tokens_crud.find(session=get_session(), token=token)
        assert row is not None
        token_id = row.id
    answer = auth_client.post(f"/settings/tokens/{token_id}/revoke")
    assert answer.status_code == 302
    assert api.get("/profile").status_code == 401
    assert "Revoke “Old script”" not in auth_client.get("/settings/tokens").get_data(as_text=True)


def test_another_user_cannot_revoke_or_see_a_token(
    app: Flask, auth_client: Any, other_client: Any, user: Any
) -> None:
    make_token(app, user, name="Alice's dashboard")
    assert "Alice" not in other_client.get("/settings/tokens").get_data(as_text=True)
    assert other_client.post("/settings/tokens/1/revoke").status_code == 404
    assert count(app, ApiToken) == 1


def test_nobody_logged_in_is_sent_to_log_in(client: Any) -> None:
    assert client.get("/settings/tokens").status_code == 302
    assert client.post("/settings/tokens", data={"name": "x"}).status_code == 302


def test_the_forms_need_their_csrf_token(app: Flask, auth_client: Any, user: Any) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    make_token(app, user, name="Kept")
    assert auth_client.post("/settings/tokens", data={"name": "x"}, csrf=False).status_code == 400
    assert auth_client.post("/settings/tokens/1/revoke", csrf=False).status_code == 400
    assert count(app, ApiToken) == 1
