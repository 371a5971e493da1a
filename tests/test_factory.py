"""The app factory and its configuration sources."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tracker import config as settings
from tracker import create_app


def test_defaults_use_sqlite_in_the_instance_folder(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'regain.sqlite3'}"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not app.config.get("SESSION_COOKIE_SECURE")
    assert app.config["MAX_CONTENT_LENGTH"] == 16 * 1024 * 1024


def test_secret_key_is_generated_once_with_mode_0600(tmp_path: Path) -> None:
    first = create_app({"INSTANCE_PATH": str(tmp_path)})
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 32
    second = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    other = create_app({"INSTANCE_PATH": str(tmp_path / "elsewhere")})
    assert other.config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_instance_config_file_overrides_defaults(tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text("PASSWORD_MIN_LENGTH = 14\nLOGIN_MAX_ATTEMPTS = 3\n")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["PASSWORD_MIN_LENGTH"] == 14
    assert app.config["LOGIN_MAX_ATTEMPTS"] == 3


def test_environment_overrides_instance_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config.py").write_text("PASSWORD_MIN_LENGTH = 14\n")
    monkeypatch.setenv("TRACKER_PASSWORD_MIN_LENGTH", "16")
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql+psycopg://db.example/regain")
    monkeypatch.setenv("TRACKER_HTTPS", "1")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["PASSWORD_MIN_LENGTH"] == 16
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://db.example/regain"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_explicit_config_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_PASSWORD_MIN_LENGTH", "16")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "PASSWORD_MIN_LENGTH": 12})
    assert app.config["PASSWORD_MIN_LENGTH"] == 12


def test_environment_parsing() -> None:
    found = settings.from_environment(
        {"TRACKER_HTTPS": "no", "TRACKER_LOGIN_MAX_ATTEMPTS": "7", "HOME": "/root", "TRACKER_": "x"}
    )
    assert found == {"HTTPS": False, "LOGIN_MAX_ATTEMPTS": 7}


def test_no_secret_key_literal_in_the_code() -> None:
    source = Path(__file__).resolve().parents[1] / "tracker"
    for path in source.rglob("*.py"):
        text = path.read_text()
        assert 'SECRET_KEY"] = "' not in text and 'SECRET_KEY = "' not in text, path
