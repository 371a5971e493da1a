"""How well the model predicts real lifters' returns: the backtest over the sample logs.

    python bench/bench_returns.py [--samples DIR] [--markdown FILE] [--cases]

Every sample in ``../shared/samples`` (real exports their owners published; never copied into
this repository) goes through the app's own path: parsed and imported into a fresh SQLite
database as the ``import`` command does it (names that match nothing become custom exercises
with the muscles of the closest catalogue exercise, or are left out), read back with
``tracker.crud.backtest`` and run through ``tracker.projections.backtest`` with the training
years unset (inferred from the log). Samples without an eligible break are listed and skipped;
files the importers cannot read yet are named.

It prints, per sample and over all of them: cases, the model's mean absolute error and bias
(predicted - observed) on the return ratio, the same for "nothing lost" and the fitness curve,
and the share of observations inside the band. ``--write`` writes the pooled table into
``tracker/content/backtest_table.py`` and the README (the "How Regain estimates" article
shows it). Goals: the model's error below "nothing lost", |bias| <= 0.02, at least half inside
the band.

Then the personal calibration (issue 15), leave-one-out: for every sample whose lifter has two
or more breaks with a lift to learn from, each break predicted with the factors fitted to the
lifter's other breaks only, against the average lifter's prediction of the same lifts. Goals:
pooled, the error with calibration below the error without; for no lifter more than
:data:`GOAL_WORSE` above it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from tracker.projections.backtest import (  # noqa: E402
    INTENDED_COVERAGE,
    Backtest,
    Summary,
    run_backtest,
    summarise,
)

SAMPLES = ROOT.parent / "shared" / "samples"
#: Units of the Strong S2/S5 samples, which name none (from the samples' README).
UNITS = {
    "strong_vis-strong-go_fixtures_alt.csv": "kg",
    "strong_StrongAppAnalytics_strong.csv": "kg",
    "strong_ShutCoffee-Health-Dashboard_strong.csv": "kg",
    "strong_DericMei-My-WorkOut-Project_strong.csv": "lb",
    "strong_Andrew50-Lifting_aj_strong_data.csv": "lb",
    "strong_strong-stats_strong.csv": "lb",
}
GOAL_BIAS = 0.02
GOAL_COVERAGE = 0.5
#: "Never much worse for any single lifter": at most this much more error with calibration.
GOAL_WORSE = 0.005


@dataclass(frozen=True)
class SampleResult:
    name: str
    backtest: Backtest | None
    problem: str = ""


def import_sample(path: Path, workdir: Path) -> tuple[Session, int] | str:
    """The sample imported for a new user of a fresh database, as ``flask import`` does it:
    (session, user id), or why not."""
    from tracker.crud import imports
    from tracker.crud import users as users_crud
    from tracker.db import make_engine
    from tracker.importers import AmbiguousDateOrder, ImportFormatError
    from tracker.importers.incoming import read_file
    from tracker.migrations import upgrade_database
    from tracker.models import UserBase

    users_crud.HASH_METHOD = "pbkdf2:sha256:1000"
    url = f"sqlite:///{workdir / (path.stem + '.sqlite3')}"
    upgrade_database(url)
    session = Session(make_engine(url))
    user = users_crud.create(
        session=session, profile=UserBase(email="lifter@example.com"), password="x" * 12
    )
    assert user.id is not None
    try:
        incoming = read_file(
            path.read_bytes(),
            None,
            UNITS.get(path.name),
            today=dt.date.today(),
            fallback_unit="kg",
        )
        imports.run_import(
            session=session, user_id=user.id, incoming=incoming, decisions={}, filename=path.name
        )
    except (AmbiguousDateOrder, ImportFormatError, ValueError) as error:
        session.close()
        return f"not readable: {str(error)[:90]}"
    return session, user.id


def run_sample(path: Path, workdir: Path) -> SampleResult:
    from tracker.crud import backtest as crud_backtest
    from tracker.models import User

    imported = import_sample(path, workdir)
    if isinstance(imported, str):
        return SampleResult(path.name, None, imported)
    session, user_id = imported
    with session:
        user = session.get(User, user_id)
        assert user is not None
        log = crud_backtest.backtest_log(session=session, user=user, inferred=True)
    last = max((s.day for s in log.sets), default=dt.date.today())
    today = max(dt.date.today(), last + dt.timedelta(days=1))
    return SampleResult(path.name, run_backtest(log, today))


def _f(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def table(summary: Summary, samples: int) -> str:
    """The pooled result as Markdown: one row per predictor, then the band."""
    intro = (
        f"{summary.cases} lift × break cases over {summary.breaks} breaks in {samples} real "
        "lifters' logs. Return ratio: the best estimated 1RM of the first two weeks back over "
        "the best of the four weeks before the break, predicted from the log before the break."
    )
    band = (
        f"Inside the band: {_pct(summary.band_coverage)} of the returns (it is meant to hold "
        f"{_pct(INTENDED_COVERAGE)}; median width {_f(summary.band_median_width)}); inside the "
        f"parameter sets' range alone: {_pct(summary.model_band_coverage)}. Left out as "
        f"implausible (below half or above double): {summary.left_out}."
    )
    lines = [
        *textwrap.wrap(intro, 96),
        "",
        "| predictor | mean absolute error | bias (predicted − observed) |",
        "|---|---|---|",
        f"| Regain's model | {_f(summary.model_error)} | {_f(summary.model_bias, True)} |",
        f'| "nothing lost" (ratio 1.0) | {_f(summary.nothing_lost_error)} | '
        f"{_f(summary.nothing_lost_bias, True)} |",
        f"| fitness curve (42-day load average) | {_f(summary.fitness_error)} | "
        f"{_f(summary.fitness_bias, True)} |",
        "",
        *textwrap.wrap(band, 96),
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class CalibrationRow:
    """One lifter's leave-one-out result (or the pooled one, ``name`` "all")."""

    name: str
    breaks: int
    cases: int
    without: float
    with_calibration: float
    loss: float | None = None
    regain: float | None = None


def calibration_rows(results: list[SampleResult]) -> list[CalibrationRow]:
    """Leave-one-out per lifter with two or more breaks to learn from, then pooled (over all
    their lifts)."""
    rows: list[CalibrationRow] = []
    for result in results:
        backtest = result.backtest
        if backtest is None or backtest.calibration.fit.breaks < 2:
            continue
        s = backtest.summary
        if s.uncalibrated_error is None or s.calibrated_error is None:
            continue
        response = backtest.calibration.fit.response
        rows.append(
            CalibrationRow(
                label(result.name),
                backtest.calibration.fit.breaks,
                s.calibrated_cases,
                s.uncalibrated_error,
                s.calibrated_error,
                response.loss,
                response.regain,
            )
        )
    cases = sum(r.cases for r in rows)
    if cases:
        rows.append(
            CalibrationRow(
                "all",
                sum(r.breaks for r in rows),
                cases,
                sum(r.without * r.cases for r in rows) / cases,
                sum(r.with_calibration * r.cases for r in rows) / cases,
            )
        )
    return rows


def label(name: str) -> str:
    """A sample's name without its app prefix and extension, shortened."""
    stem = Path(name).stem.split("_", 1)[-1]
    return stem if len(stem) <= 34 else stem[:33] + "…"


def calibration_table(rows: list[CalibrationRow]) -> str:
    """The leave-one-out comparison as Markdown."""
    lifters = [r for r in rows if r.name != "all"]
    intro = (
        f"Personal calibration, leave-one-out, on the {len(lifters)} real lifters' logs with two "
        "or more breaks to learn from: each break predicted with the factors fitted to the "
        "lifter's other breaks only, against the average lifter's prediction of the same "
        "lifts (mean absolute error of the return ratio). The factors are those fitted to all "
        "of the lifter's breaks (1.00: the average lifter)."
    )
    lines = [
        *textwrap.wrap(intro, 96),
        "",
        "| lifter's log | breaks | lifts | error without | error with | loss factor | "
        "regain factor |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        name = "all of them" if r.name == "all" else r.name
        factors = (
            f"{r.loss:.2f} | {r.regain:.2f}"
            if r.loss is not None and r.regain is not None
            else "– | –"
        )
        lines.append(
            f"| {name} | {r.breaks} | {r.cases} | {r.without:.4f} | {r.with_calibration:.4f} | "
            f"{factors} |"
        )
    return "\n".join(lines) + "\n"


CONTENT = ROOT / "tracker" / "content" / "backtest_table.py"
README = ROOT / "README.md"
START, END = "<!-- backtest-table:start -->", "<!-- backtest-table:end -->"
CAL_START, CAL_END = "<!-- calibration-table:start -->", "<!-- calibration-table:end -->"


HEADER = '''"""The backtest on the sample logs, as the "How Regain estimates" article and the README
show it.

Generated by ``bench/bench_returns.py --write``: the logs are real lifters' exports in
``../shared/samples``, which are not part of Regain. ``tests/test_backtest_table.py`` checks it
against a fresh run where the samples are.
"""

'''


def _literal(name: str, markdown: str) -> str:
    body = markdown.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f'{name} = """\\\n' + body + '"""\n'


def write(markdown: str, calibration: str) -> None:
    """The tables into ``tracker/content/backtest_table.py`` (the article's) and the README."""
    CONTENT.write_text(
        HEADER + _literal("TABLE", markdown) + "\n" + _literal("CALIBRATION_TABLE", calibration),
        encoding="utf-8",
    )
    text = README.read_text(encoding="utf-8")
    for start, end, table_text in ((START, END, markdown), (CAL_START, CAL_END, calibration)):
        if start in text and end in text:
            head, rest = text.split(start, 1)
            _, tail = rest.split(end, 1)
            text = f"{head}{start}\n{table_text}{end}{tail}"
    README.write_text(text, encoding="utf-8")


def pooled(samples: Path = SAMPLES) -> tuple[Summary, int, list[SampleResult]]:
    """Every sample through the backtest: the pooled summary, the samples with cases, and
    each sample's result."""
    results: list[SampleResult] = []
    with tempfile.TemporaryDirectory(prefix="regain-backtest-") as tmp:
        for path in sorted(samples.glob("*.csv")):
            results.append(run_sample(path, Path(tmp)))
    cases = [c for r in results if r.backtest is not None for c in r.backtest.cases]
    with_cases = sum(1 for r in results if r.backtest is not None and r.backtest.summary.cases)
    return summarise(cases), with_cases, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument(
        "--write", action="store_true", help="update the article's table and the README's"
    )
    parser.add_argument("--cases", action="store_true", help="print every case")
    args = parser.parse_args(argv)
    if not sorted(args.samples.glob("*.csv")):
        print(f"no samples in {args.samples}")
        return 1
    started = time.perf_counter()
    summary, samples, results = pooled(args.samples)
    print(f"{'sample':58} {'cases':>5} {'model':>7} {'bias':>7} {'nothing':>7} {'fitness':>7} band")
    for result in results:
        if result.backtest is None:
            print(f"{result.name:58} {result.problem}")
            continue
        s = result.backtest.summary
        if not s.cases:
            print(f"{result.name:58} no break with a lift to compare")
            continue
        print(
            f"{result.name:58} {s.cases:5d} {_f(s.model_error):>7} {_f(s.model_bias, True):>7} "
            f"{_f(s.nothing_lost_error):>7} {_f(s.fitness_error):>7} {_pct(s.band_coverage)}"
        )
        if args.cases:
            for c in result.backtest.cases:
                print(
                    f"    {c.break_first_day} +{c.break_days:3d}d {c.exercise[:28]:28} "
                    f"years {c.training_years:4.1f} pred {c.predicted_ratio:.3f} "
                    f"[{c.predicted_ratio_low:.3f}, {c.predicted_ratio_high:.3f}] "
                    f"obs {_f(c.observed_ratio)} fit {c.fitness_ratio:.2f} "
                    f"d95 {c.predicted_days_to_95}/{c.observed_days_to_95}"
                )
    markdown = table(summary, samples)
    print()
    print(markdown, end="")
    rows = calibration_rows(results)
    calibration = calibration_table(rows)
    print()
    print(calibration, end="")
    if args.write:
        write(markdown, calibration)
        print(f"wrote {CONTENT.relative_to(ROOT)} and the README's tables")
    ok = (
        summary.model_error is not None
        and summary.nothing_lost_error is not None
        and summary.model_error < summary.nothing_lost_error
        and abs(summary.model_bias or 0.0) <= GOAL_BIAS
        and (summary.band_coverage or 0.0) >= GOAL_COVERAGE
    )
    print(
        f"goals (error below nothing lost, |bias| <= {GOAL_BIAS}, band >= 50 %): "
        f"{'met' if ok else 'missed'}; {time.perf_counter() - started:.1f} s"
    )
    lifters = [r for r in rows if r.name != "all"]
    worst = max((r.with_calibration - r.without for r in lifters), default=0.0)
    calibrated_ok = bool(rows) and rows[-1].with_calibration < rows[-1].without
    calibrated_ok = calibrated_ok and worst <= GOAL_WORSE
    print(
        f"calibration goals (leave-one-out error with < without pooled, no lifter more than "
        f"{GOAL_WORSE} worse; worst {worst:+.4f}): {'met' if calibrated_ok else 'missed'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
