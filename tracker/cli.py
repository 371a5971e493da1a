"""Command-line tools: ``flask --app tracker init-db | user create | demo | import | export``."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlmodel import Session

from tracker import crud
from tracker.db import engine
from tracker.migrations import upgrade_database
from tracker.models import User, UserBase

user_cli = AppGroup("user", help="Manage accounts.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(user_cli)
    app.cli.add_command(demo)
    app.cli.add_command(import_file)
    app.cli.add_command(export_data)


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


# --- import and export ------------------------------------------------------------------------


def _user_or_fail(session: Session, email: str) -> User:
    user = crud.users.by_email(session=session, email=email)
    if user is None or user.id is None:
        raise click.ClickException(f"There is no account with the e-mail {email}.")
    return user


@click.command("import")
@with_appcontext
@click.option("--user", "email", required=True, help="The account's e-mail address.")
@click.option(
    "--format",
    "source",
    type=click.Choice(crud.imports.SOURCES),
    default=None,
    help="The app that wrote the file (default: detected from its content).",
)
@click.option(
    "--unit",
    type=click.Choice(("kg", "lb")),
    default=None,
    help="The weight unit, for Strong files that do not name one.",
)
@click.option(
    "--map-unknown",
    type=click.Choice(("custom", "skip")),
    default="custom",
    show_default=True,
    help="Exercises that match nothing: create custom exercises, or leave their sets out.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_file(
    email: str, source: str | None, unit: str | None, map_unknown: str, file: Path
) -> None:
    """Import FILE (Strong, Hevy or FitNotes CSV, or a Regain JSON export) for a user.

    Names that match no exercise (after the user's earlier answers, the catalogue and their
    custom exercises) are, with --map-unknown custom, created as custom exercises with the
    muscles of the closest catalogue exercise when one is close enough; if any name has no close
    match the import stops, names them, and adds nothing (map them in the web import, create
    custom exercises with those names first, or use --map-unknown skip). Workouts already
    imported are skipped. All or nothing: on any error nothing is imported.
    """
    from tracker.crud.matching import Decision, SkipName
    from tracker.importers import ImportFormatError

    data = file.read_bytes()
    err = sys.stderr
    with Session(engine()) as session:
        user = _user_or_fail(session, email)
        assert user.id is not None
        try:
            if unit is None and crud.imports.upload_needs_unit(data, source):
                raise click.ClickException(
                    f"{file.name} does not say whether its weights are in kg or lb: "
                    "give --unit kg or --unit lb. Nothing was imported."
                )
            lines = max(data.count(b"\n"), 1)
            with click.progressbar(length=lines, label="Reading ", file=err) as bar:
                read = 0

                def advance(rows: int) -> None:
                    nonlocal read
                    bar.update(rows - read)
                    read = rows

                incoming = crud.imports.read_upload(data, source, unit, progress=advance)
                bar.update(lines - read)
        except ImportFormatError as error:
            raise click.ClickException(f"{file.name}: {error}. Nothing was imported.") from None

        unknown = crud.imports.unknown_names(session=session, user_id=user.id, incoming=incoming)
        decisions: dict[str, Decision] = {}
        unmatched = []
        for item in unknown:
            if map_unknown == "skip":
                decisions[item.normalized] = SkipName()
                continue
            guess = crud.matching.guess_custom(item.name)
            if guess is None:
                unmatched.append(item.name)
            else:
                decisions[item.normalized] = guess
        if unmatched:
            names = "\n".join(f"  {name}" for name in unmatched)
            raise click.ClickException(
                f"{len(unmatched)} exercise name(s) match nothing in the catalogue closely "
                f"enough to guess their muscles:\n{names}\n"
                "Nothing was imported. Map them in the web import, create custom exercises "
                "with these names first, or use --map-unknown skip."
            )

        total = incoming.parsed.set_count
        try:
            with click.progressbar(length=max(total, 1), label="Saving  ", file=err) as bar:
                saved = 0

                def advance_sets(sets: int) -> None:
                    nonlocal saved
                    bar.update(sets - saved)
                    saved = sets

                result = crud.imports.run_import(
                    session=session,
                    user_id=user.id,
                    incoming=incoming,
                    decisions=decisions,
                    progress=advance_sets,
                )
        except (ImportFormatError, ValueError) as error:
            raise click.ClickException(f"{file.name}: {error}. Nothing was imported.") from None
        gap_days = user.gap_days

    parsed = incoming.parsed
    days = sorted(w.started_at.date() for w in parsed.workouts)
    span = f", {days[0]} to {days[-1]}" if days else ""
    click.echo(
        f"Read {file.name}: {parsed.source} ({parsed.variant}), {len(parsed.workouts)} workouts, "
        f"{parsed.set_count} sets{span}."
    )
    click.echo(f"Workouts added: {result.workouts_added}")
    click.echo(f"Sets added: {result.sets_added}")
    click.echo(
        f"Duplicates skipped: {result.duplicate_workouts} workouts "
        f"({result.duplicate_sets} sets) already imported"
    )
    if result.skipped_sets:
        click.echo(f"Sets left out (unknown exercises skipped): {result.skipped_sets}")
    click.echo(f"Unknown exercises: {len(result.decisions)}")
    for name, what in result.decisions.items():
        click.echo(f"  {name}: {what}")
    for count, what in (
        (result.breaks_added, "Breaks added"),
        (result.training_gaps_added, "Training gaps added"),
        (result.plans_added, "Plans added"),
    ):
        if count:
            click.echo(f"{what}: {count}")
    click.echo(f"Long gaps (at least {gap_days} days without a workout): {len(result.gaps)}")
    for gap in result.gaps:
        click.echo(f"  {gap.days} days: {gap.last_day_before} to {gap.first_day_after}")
    if result.shortened:
        click.echo(f"Texts shortened to the length Regain keeps: {result.shortened}")
    for warning in parsed.warnings:
        click.echo(f"Note: {warning}")


@click.command("export")
@with_appcontext
@click.option("--user", "email", required=True, help="The account's e-mail address.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("json", "csv")),
    required=True,
    help="json: everything; csv: one line per set.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="The file to write (default: standard output).",
)
def export_data(email: str, fmt: str, output: Path | None) -> None:
    """Export a user's data as JSON (everything) or CSV (their sets)."""
    from tracker.export import build_csv, build_document, to_json
    from tracker.models import utcnow

    with Session(engine()) as session:
        user = _user_or_fail(session, email)
        assert user.id is not None
        rows = crud.exports.export_rows(session=session, user_id=user.id)
    if fmt == "json":
        text = to_json(build_document(rows, utcnow()))
    else:
        text = build_csv(rows, rows.profile["unit"])
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8", newline="")
    click.echo(f"Wrote {output} ({len(rows.workouts)} workouts, {len(rows.sets)} sets).", err=True)
