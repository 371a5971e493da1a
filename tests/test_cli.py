"""The flask commands: init-db, user create, demo."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import select

from tests.conftest import new_client
from tests.factories import count, session_for
from tracker.models import User


def test_init_db_is_idempotent(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "latest migration" in result.output


def test_user_create_with_password(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["user", "create", "--email", "Cli@Example.com", "--password", "a long password"]
    )
    assert result.exit_code == 0, result.output
    new_client(app).login("cli@example.com", "a long password")


def test_user_create_prompts_for_password(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["user", "create", "--email", "p@example.com"],
        input="prompted password\nprompted password\n",
    )
    assert result.exit_code == 0, result.output
    new_client(app).login("p@example.com", "prompted password")


def test_user_create_bad_input(app: Flask, runner: FlaskCliRunner) -> None:
    short = runner.invoke(
        args=["user", "create", "--email", "s@example.com", "--password", "short"]
    )
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    runner.invoke(
        args=["user", "create", "--email", "d@example.com", "--password", "long enough pw"]
    )
    again = runner.invoke(
        args=["user", "create", "--email", "D@example.com", "--password", "long enough pw"]
    )
    assert again.exit_code != 0 and "already exists" in again.output
    weak = runner.invoke(
        args=["user", "create", "--email", "w@example.com", "--password", "aaaaaaaaaaaa"]
    )
    assert weak.exit_code != 0 and "too easy to guess" in weak.output
    own = runner.invoke(
        args=["user", "create", "--email", "rosalind@example.com", "--password", "rosalind123"]
    )
    assert own.exit_code != 0
    assert count(app, User) == 1


def test_demo_creates_a_user_and_remembers_the_login(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo", "--if-missing"])
    assert result.exit_code == 0, result.output
    assert "Demo login: demo@regain.local / " in result.output
    password = result.output.split("Demo login: demo@regain.local / ")[1].split()[0]
    saved = Path(app.instance_path) / "demo_login.txt"
    assert saved.read_text().strip() == f"demo@regain.local / {password}"
    again = runner.invoke(args=["demo", "--if-missing"])
    assert again.exit_code == 0 and password in again.output
    with session_for(app) as session:
        assert len(session.exec(select(User)).all()) == 1
    new_client(app).login("demo@regain.local", password)


def test_demo_with_given_credentials(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["demo", "--email", "show@example.com", "--password", "show me around"]
    )
    assert result.exit_code == 0, result.output
    new_client(app).login("show@example.com", "show me around")
    again = runner.invoke(args=["demo", "--email", "show@example.com", "--password", "x" * 12])
    assert again.exit_code != 0 and "already exists" in again.output
