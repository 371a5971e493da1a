"""Fixtures: a fresh app with its own database for every test, clients, users.

The database is SQLite by default. With ``TRACKER_TEST_DATABASE_URL`` pointing at a PostgreSQL
server (``postgresql+psycopg://host/db``), a database is created for the run on that server,
migrated once, emptied of user data after each test and dropped at the end.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker import create_app
from tracker.crud import users as users_crud
from tracker.migrations import upgrade_database

# No per-example time limit for the property tests: a slow or busy machine (CI's) must not
# fail an example for taking 200 ms; what is slow is measured by the benchmarks.
settings.register_profile("regain", deadline=None)
settings.load_profile("regain")

# Fast hashing in tests; production uses scrypt (tested in test_auth.py).
users_crud.HASH_METHOD = "pbkdf2:sha256:1000"

PASSWORD = "correct horse battery"
SHARED_SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI nothing may be skipped: a skip there is a failure (browser, PostgreSQL, samples)."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every test must run: {report.longrepr}"


def pytest_report_header() -> str:
    server = os.environ.get("TRACKER_TEST_DATABASE_URL")
    if server:
        return f"database: PostgreSQL at {make_url(server).render_as_string(hide_password=True)}"
    return "database: SQLite (PostgreSQL: make test-postgres, or TRACKER_TEST_DATABASE_URL)"


# --- the database for the run -----------------------------------------------------------------


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database: a SQLite file to copy, or a PostgreSQL database for the run."""
    server = os.environ.get("TRACKER_TEST_DATABASE_URL")
    if server:
        url = make_url(server)
        name = f"regain_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        test_url = url.set(database=name).render_as_string(hide_password=False)
        try:
            upgrade_database(test_url)
            yield test_url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        return
    path = tmp_path_factory.mktemp("template") / "regain.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    yield str(path)


def using_postgres() -> bool:
    return bool(os.environ.get("TRACKER_TEST_DATABASE_URL"))


def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        # Everything a user owns cascades from the users table; the catalogue stays.
        conn.execute(text("DELETE FROM users"))
    engine.dispose()


@pytest.fixture
def app(database_template: str, tmp_path: Path) -> Iterator[Flask]:
    instance = tmp_path / "instance"
    instance.mkdir()
    if using_postgres():
        url = database_template
    else:
        target = instance / "regain.sqlite3"
        shutil.copyfile(database_template, target)
        url = f"sqlite:///{target}"
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
            "REDIS_URL": None,
        }
    )
    yield app
    app.extensions["engine"].dispose()
    if using_postgres():
        _empty_postgres(url)


# --- clients ----------------------------------------------------------------------------------


class Client(FlaskClient):
    """A test client that adds a valid CSRF token to every form it posts (``csrf=False`` not)."""

    def csrf_token(self) -> str:
        app = self.application
        with self.session_transaction() as sess:
            if "csrf_token" not in sess:
                sess["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()
            raw = sess["csrf_token"]
        serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
        return str(serializer.dumps(raw))

    def post(self, *args: Any, csrf: bool = True, **kwargs: Any) -> Any:
        data = kwargs.get("data")
        if csrf and (data is None or isinstance(data, dict)):
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().post(*args, **kwargs)

    def login(self, email: str, password: str = PASSWORD) -> Any:
        response = self.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def new_client(app: Flask) -> Client:
    app.test_client_class = Client
    client = app.test_client()
    assert isinstance(client, Client)
    return client


# --- users ------------------------------------------------------------------------------------


@pytest.fixture
def user(app: Flask) -> Any:
    from tests.factories import make_user

    return make_user(app, email="alice@example.com", display_name="Alice")


@pytest.fixture
def other_user(app: Flask) -> Any:
    from tests.factories import make_user

    return make_user(app, email="bob@example.com", display_name="Bob")


@pytest.fixture
def auth_client(app: Flask, user: Any) -> Client:
    """A client logged in as ``user``."""
    client = new_client(app)
    client.login(user.email)
    return client


@pytest.fixture
def other_client(app: Flask, other_user: Any) -> Client:
    """A client logged in as ``other_user``."""
    client = new_client(app)
    client.login(other_user.email)
    return client


def form_values(html: str, name: str) -> list[str]:
    """The value attributes of the inputs called ``name`` in a page (to check kept input)."""
    pattern = re.compile(r'<input[^>]*name="' + re.escape(name) + r'"[^>]*>')
    values = []
    for tag in pattern.findall(html):
        match = re.search(r'value="([^"]*)"', tag)
        values.append(match.group(1) if match else "")
    return values
