"""Passwords: long enough, not the e-mail address, not easy to guess; the message says why."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.conftest import PASSWORD, Client, form_values
from tests.factories import count
from tracker.models import User
from tracker.passwords import weakness


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("aaaaaaaaaa", "Repeats"),
        ("1234567890", "common password"),
        ("qwertyuiop", "common password"),
        ("password123", "common password"),
        ("new@example.com", "e-mail address"),
        ("NEWCOMER-2024", "too easy to guess"),  # the display name, uppercased, and a year
        ("newnewnew@1", "too easy to guess"),
    ],
)
def test_weak_passwords_are_refused_at_the_field(
    app: Flask, client: Client, password: str, why: str
) -> None:
    response = client.post(
        "/register",
        data={
            "email": "new@example.com",
            "display_name": "Newcomer",
            "password": password,
            "confirm": password,
        },
    )
    html = response.get_data(as_text=True).replace("&#34;", '"').replace("&quot;", '"')
    assert response.status_code == 400
    assert why in html and 'id="password-error"' in html
    assert count(app, User) == 0
    assert form_values(html, "email") == ["new@example.com"]


def test_the_e_mails_name_part_is_refused() -> None:
    assert weakness("my name is alice.lee!", email="alice.lee@example.com")
    assert weakness("Alice.Lee@Example.com", email="alice.lee@example.com")


def test_strong_passwords_pass() -> None:
    assert weakness(PASSWORD, email="alice@example.com") is None
    assert weakness("x7#Kp!q2 rainy tulip", email="alice@example.com") is None
    # Long ones are scored on their start (zxcvbn refuses more than 72 characters).
    assert weakness("lantern orbit cactus " * 9, email="") is None


def test_a_new_password_is_checked_against_the_accounts_e_mail(
    app: Flask, auth_client: Client
) -> None:
    response = auth_client.post(
        "/settings/password",
        data={"current": PASSWORD, "password": "alice@example.com", "confirm": "alice@example.com"},
    )
    assert response.status_code == 400
    assert "e-mail address" in response.get_data(as_text=True)
    response = auth_client.post(
        "/settings/password",
        data={"current": PASSWORD, "password": "1234567890", "confirm": "1234567890"},
    )
    assert response.status_code == 400
    assert "too easy to guess" in response.get_data(as_text=True)
