"""Command-line tools: ``flask --app tracker init-db | user create | demo``."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlmodel import Session

from tracker import crud
from tracker.db import engine
from tracker.migrations import upgrade_database
from tracker.models import UserBase

user_cli = AppGroup("user", help="Manage accounts.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(user_cli)
    app.cli.add_command(demo)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database to the latest migration."""
    upgrade_database(current_app.config["DATABASE_URL"])
    click.echo("Database is at the latest migration.")


@user_cli.command("create")
@click.option("--email", required=True, help="The account's e-mail address.")
@click.option("--password", help="The password; asked for when not given.")
@click.option("--name", default="", help="Display name.")
def create_user(email: str, password: str | None, name: str) -> None:
    """Create an account."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    assert password is not None
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise click.BadParameter(f"use at least {minimum} characters", param_hint="--password")
    with Session(engine()) as session:
        if crud.users.by_email(session=session, email=email) is not None:
            raise click.ClickException(f"An account with the e-mail {email} already exists.")
        profile = UserBase(email=email, display_name=name)
        user = crud.users.create(session=session, profile=profile, password=password)
    click.echo(f"Created user {user.email} (id {user.id}).")


@click.command("demo")
@with_appcontext
@click.option("--email", default=None, help="The demo account's e-mail (default from config).")
@click.option(
    "--password", default=None, help="Its password (default: generated and kept in instance/)."
)
@click.option("--if-missing", is_flag=True, help="Do nothing but print the login if it exists.")
def demo(email: str | None, password: str | None, if_missing: bool) -> None:
    """Create a demo account with about two years of realistic training and three breaks."""
    from tracker import demo as demo_data

    email = email or current_app.config["DEMO_EMAIL"]
    saved = Path(current_app.instance_path) / "demo_login.txt"
    with Session(engine()) as session:
        existing = crud.users.by_email(session=session, email=email)
        if existing is not None:
            if if_missing:
                known = saved.read_text().strip() if saved.exists() else "(password as set before)"
                click.echo(f"Demo login: {known}")
                return
            raise click.ClickException(f"An account with the e-mail {email} already exists.")
        if password is None:
            password = secrets.token_urlsafe(9)
        user = demo_data.create_demo_user(session=session, email=email, password=password)
    login = f"{email} / {password}"
    saved.write_text(login + "\n")
    saved.chmod(0o600)
    click.echo(f"Created demo account {user.email}.")
    click.echo(f"Demo login: {login}")
