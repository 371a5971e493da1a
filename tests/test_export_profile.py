"""The settings that change the estimates survive a Regain JSON export and import: whether the
training years are the user's own (users.training_years_set) and the personal calibration's
switch (users.personal_calibration); documents written before they existed still import."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask

from tests.conftest import Client, new_client
from tests.factories import make_user, session_for
from tests.importing import token_of, upload
from tracker.export import read_document
from tracker.importers.records import ImportFormatError
from tracker.models import User

TODAY = dt.date(2026, 3, 1)


def set_profile(app: Flask, user: User, **values: Any) -> None:
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
        session.commit()


def stored(app: Flask, email: str) -> User:
    with session_for(app) as session:
        from sqlmodel import select

        return session.exec(select(User).where(User.email == email)).one()


def import_into(app: Flask, email: str, document: bytes | str) -> User:
    fresh = make_user(app, email=email)
    client = new_client(app)
    client.login(fresh.email)
    token = token_of(upload(client, document, filename="regain.json"))
    response = client.post(f"/import/{token}", data={"accept_all": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return stored(app, email)


@pytest.mark.parametrize(
    ("years_set", "calibration"), [(True, False), (False, True), (True, True), (False, False)]
)
def test_both_settings_go_out_and_come_back(
    app: Flask, auth_client: Client, user: User, years_set: bool, calibration: bool
) -> None:
    set_profile(
        app, user, training_years=3.5, training_years_set=years_set,
        personal_calibration=calibration,
    )  # fmt: skip
    exported = auth_client.get("/export.json").get_data()
    profile = json.loads(exported)["profile"]
    assert profile["training_years_set"] is years_set
    assert profile["personal_calibration"] is calibration
    again = import_into(app, "fresh@example.com", exported)
    assert again.training_years == 3.5
    assert again.training_years_set is years_set
    assert again.personal_calibration is calibration


def old_document(**profile: Any) -> str:
    return json.dumps(
        {"format": "regain", "format_version": 1, "profile": {"unit": "kg", **profile}}
    )


def test_a_document_from_before_these_settings_reads_as_before() -> None:
    """Without the fields: years above 0 are the user's own (as migration 0007 read existing
    accounts), 0 is not set; the calibration is on (as migration 0009 made it)."""
    given = read_document(old_document(training_years=2.0), today=TODAY).profile
    assert given["training_years_set"] is True and given["personal_calibration"] is True
    zero = read_document(old_document(training_years=0), today=TODAY).profile
    assert zero["training_years_set"] is False and zero["personal_calibration"] is True


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("training_years_set", "yes"),
        ("training_years_set", 1),
        ("personal_calibration", "off"),
        ("personal_calibration", 0),
        ("personal_calibration", None),
    ],
)
def test_a_value_that_is_not_true_or_false_is_refused(field: str, value: object) -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_document(old_document(**{field: value}), today=TODAY)
    assert f"profile.{field}" in str(caught.value) and "true or false" in str(caught.value)
