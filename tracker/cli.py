"""Command-line tools: ``flask --app tracker init-db | user create | demo | import | export``."""

from __future__ import annotations

import json
import secrets
import sys
from collections import Counter
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlmodel import Session

from tracker import crud
from tracker.clock import today_in
from tracker.db import engine
from tracker.importers.dates import DATE_ORDERS
from tracker.importers.incoming import SOURCES
from tracker.migrations import upgrade_database
from tracker.models import User, UserBase

user_cli = AppGroup("user", help="Manage accounts.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(user_cli)
    app.cli.add_command(demo)
    app.cli.add_command(import_file)
    app.cli.add_command(export_data)
    app.cli.add_command(backtest_command)


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
    from tracker.passwords import weakness

    problem = weakness(password, email=email, others=(name,) if name else ())
    if problem is not None:
        raise click.BadParameter(problem, param_hint="--password")
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
    type=click.Choice(SOURCES),
    default=None,
    help="The app that wrote the file (default: detected from its content).",
)
@click.option(
    "--unit",
    type=click.Choice(("kg", "lb")),
    default=None,
    help="The weight unit, for Strong files that do not name one (default: what the numbers "
    "show, else the unit of the user's profile).",
)
@click.option(
    "--date-order",
    type=click.Choice(DATE_ORDERS),
    default=None,
    help="For dates written with numbers only that could be day or month first.",
)
@click.option(
    "--map-unknown",
    type=click.Choice(("custom", "skip")),
    default="custom",
    show_default=True,
    help="Names that are no known exercise: create custom exercises (with the muscles their "
    "names say, or none yet), or leave their sets out.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Write a JSON report of what each exercise name became to this file.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_file(
    email: str,
    source: str | None,
    unit: str | None,
    date_order: str | None,
    map_unknown: str,
    report_path: Path | None,
    file: Path,
) -> None:
    """Import FILE (Strong, Hevy or FitNotes CSV, or a Regain JSON export) for a user.

    Every exercise name becomes an exercise: one the user has answered before, a catalogue
    exercise (by name, or the same movement written differently), or a custom exercise with
    the muscles its name says, or with no muscles yet (assign them on the web page the import
    result links to). With --map-unknown skip, names that are no known exercise are left out
    instead. Workouts already imported are skipped. All or nothing: on any error nothing is
    imported.
    """
    from tracker.crud.matching import Decision, SkipName
    from tracker.importers import AmbiguousDateOrder, ImportFormatError
    from tracker.importers.incoming import read_file
    from tracker.limits import LimitReached

    if report_path is not None:
        _check_writable(report_path)
    data = file.read_bytes()
    err = sys.stderr
    with Session(engine()) as session:
        user = _user_or_fail(session, email)
        assert user.id is not None
        try:
            lines = max(data.count(b"\n"), 1)
            with click.progressbar(length=lines, label="Reading ", file=err) as bar:
                read = 0

                def advance(rows: int) -> None:
                    nonlocal read
                    bar.update(rows - read)
                    read = rows

                incoming = read_file(
                    data,
                    source,
                    unit,
                    date_order=date_order,
                    today=today_in(user.timezone),
                    fallback_unit=user.unit,
                    progress=advance,
                )
                bar.update(lines - read)
        except AmbiguousDateOrder as error:
            raise click.ClickException(
                f"{file.name}: {error}: give --date-order dmy (day first) or --date-order mdy "
                "(month first). Nothing was imported."
            ) from None
        except ImportFormatError as error:
            raise click.ClickException(f"{file.name}: {error}. Nothing was imported.") from None

        decisions: dict[str, Decision] = {}
        if map_unknown == "skip":
            planned = crud.imports.plans(session=session, user_id=user.id, incoming=incoming)
            decisions = {plan.key: SkipName() for plan in planned if not plan.clear}
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
                    filename=file.name,
                    progress=advance_sets,
                )
        except (ImportFormatError, ValueError, LimitReached) as error:
            raise click.ClickException(
                f"{file.name}: {str(error).rstrip('.')}. Nothing was imported."
            ) from None
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
        click.echo(f"Sets left out (exercises skipped): {result.skipped_sets}")
    counts: Counter[str] = Counter(entry.how for entry in result.report)
    click.echo(
        "Exercise names: "
        + ", ".join(f"{counts[how]} {how}" for how in HOW_ORDER if counts[how])
        + f" (of {len(result.report)})"
    )
    for entry in result.report:
        if entry.how in ("inferred", "unassigned", "skipped"):
            click.echo(f"  {entry.name}: {_described(entry)}")
    unassigned = result.unassigned
    if unassigned:
        click.echo(
            f"{sum(e.sets for e in unassigned)} sets in {len(unassigned)} exercises have no "
            "muscle groups yet: assign them on the web page Exercises > Muscles not set."
        )
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
    if report_path is not None:
        report_path.write_text(
            json.dumps(
                crud.import_records.report_document(result.report, parsed.warnings), indent=2
            )
            + "\n",
            encoding="utf-8",
        )
        click.echo(f"Report written to {report_path}")


#: How the report orders the ways a name was understood.
HOW_ORDER = ("remembered", "alias", "matched", "inferred", "unassigned", "skipped")


def _described(entry: crud.import_records.ReportEntry) -> str:
    if entry.how == "skipped":
        return "skipped (its sets were left out)"
    if entry.how == "unassigned":
        return f"custom exercise {entry.exercise!r}, muscle groups not set yet"
    muscles = ", ".join(entry.primary) or "no muscles (cardio)"
    return f"custom exercise {entry.exercise!r} ({entry.kind}; {muscles})"


def _check_writable(path: Path) -> None:
    """Refuse a report path that cannot be written, before anything is imported."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise click.ClickException(
            f"cannot write the report to {path}: it is a folder; give a file name. "
            "Nothing was imported."
        )
    if not folder.is_dir():
        raise click.ClickException(
            f"cannot write the report to {path}: the folder {folder} does not exist. "
            "Nothing was imported."
        )
    try:
        existed = path.exists()
        with path.open("a", encoding="utf-8"):
            pass
        if not existed:
            path.unlink()
    except OSError as error:
        raise click.ClickException(
            f"cannot write the report to {path}: {error.strerror}. Nothing was imported."
        ) from None


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


# --- backtest --------------------------------------------------------------------------------


@click.command("backtest")
@with_appcontext
@click.option("--user", "email", required=True, help="The account's e-mail address.")
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help='Also write every case and the summary to this file ({"cases": [...], "summary": {...}}).',
)
def backtest_command(email: str, json_file: Path | None) -> None:
    """How well Regain has predicted a user: every past break predicted again from the log
    before it, next to what the user lifted in the first two weeks back."""
    from tracker.projections import cache_for
    from tracker.projections.backtest import INTENDED_COVERAGE, to_json, user_backtest
    from tracker.projections.training_status import (
        effective_training_years,
        user_training_status,
    )
    from tracker.units import format_weight

    with Session(engine()) as session:
        user = _user_or_fail(session, email)
        assert user.id is not None
        cache = cache_for(current_app.extensions)
        today = today_in(user.timezone)
        result = user_backtest(cache, session, user, today)
        years = float(user.training_years or 0)
        if not user.training_years_set:
            status = user_training_status(
                cache,
                session,
                user_id=user.id,
                data_version=user.data_version,
                sex=user.sex,
                account=user.created_at,
            )
            years = effective_training_years(years, False, status)
        unit = user.unit
        how = "yours" if user.training_years_set else "read from the start of the log"
    summary = result.summary
    click.echo(f"Backtest for {email}: training years {years:.1f} ({how}).")
    if not result.breaks:
        click.echo("No past breaks (recorded and ended, or 21 days or more without a workout).")
    elif not result.cases:
        click.echo(
            f"{len(result.breaks)} past break(s), but no loaded lift done on at least 2 days in "
            "the 8 weeks before one and 2 days in the 12 weeks after it: nothing to compare."
        )
    else:
        click.echo(
            f"{summary.cases} lift x break cases over {summary.breaks} breaks "
            "(return ratio: best estimated 1RM of the first 14 days back over the best of the "
            "last 4 weeks before)."
        )
        if summary.cases:
            click.echo(f"  {'':34} {'mean error':>10} {'bias':>8}")
            for label, error, bias in (
                ("Regain's model", summary.model_error, summary.model_bias),
                (
                    '"nothing lost" (ratio 1.0)',
                    summary.nothing_lost_error,
                    summary.nothing_lost_bias,
                ),
                (
                    "fitness curve (42-day load average)",
                    summary.fitness_error,
                    summary.fitness_bias,
                ),
            ):
                click.echo(f"  {label:34} {error or 0.0:10.3f} {bias or 0.0:+8.3f}")
            click.echo(
                f"  Inside the band (meant to hold {INTENDED_COVERAGE:.0%} of returns): "
                f"{summary.band_coverage or 0.0:.0%}."
            )
        if summary.left_out:
            click.echo(
                f"  Left out as implausible (below half or above double): {summary.left_out}"
            )
        fitted = result.calibration.fit
        if fitted.breaks >= 2 and summary.calibrated_error is not None:
            response = fitted.response
            click.echo(
                f"  Personal calibration (loss factor {response.loss:.2f}, regain factor "
                f"{response.regain:.2f}), each break predicted from the others: mean error "
                f"{summary.calibrated_error:.3f} (bias {summary.calibrated_bias or 0.0:+.3f}) "
                f"against {summary.uncalibrated_error or 0.0:.3f} without."
            )
        for period in result.breaks:
            cases = [c for c in result.cases if c.break_first_day == period.first_day]
            kind = "recorded" if period.recorded else "no workout logged"
            click.echo(
                f"{period.first_day} to {period.return_day} ({period.days} days, {kind}): "
                f"{len(cases)} lift(s)"
            )
            for c in cases:
                lifted = "-" if c.observed_ratio is None else f"{c.observed_ratio:.2f}"
                predicted_days = "-" if c.predicted_days_to_95 is None else c.predicted_days_to_95
                observed_days = "-" if c.observed_days_to_95 is None else c.observed_days_to_95
                click.echo(
                    f"  {c.exercise}: before {format_weight(round(c.pre_e1rm_kg, 1), unit)}, "
                    f"predicted {c.predicted_ratio:.2f} ({c.predicted_ratio_low:.2f}-"
                    f"{c.predicted_ratio_high:.2f}), lifted {lifted}; days to 95 %: "
                    f"{predicted_days} predicted, {observed_days} observed"
                )
    if json_file is not None:
        json_file.write_text(
            json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        click.echo(f"Wrote {json_file} ({len(result.cases)} cases).")
