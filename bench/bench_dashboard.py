"""The dashboard for a heavy user: warm (cache filled) and cold (after one new set).

A fresh SQLite database gets five years of training (about 750 workouts, 20,000 sets) and 8
breaks, written with bulk inserts. Then, in one run, through the Flask test client:

- **warm**: the dashboard page plus the chart it references (the one a browser in light mode
  fetches: ``<picture>`` loads one theme), median of N, against a bare route that renders the
  base template for the same logged-in user. Goal: at most 2 times.
- **cold**: the same page and chart right after one new set was logged (the projection
  recomputed from its checkpoint, the chart's data rebuilt and the chart rendered), against
  rendering the same chart from its precomputed data, each from a collected heap. Goal: at most
  1.5 times.
- **chart**: the dashboard's chart as the page shows it (the wide size, drawn for its pixels:
  at most two points per pixel column, each column's lowest and highest), against the same
  chart drawn naively: every daily point of five years, with matplotlib's Axes (ticks, date
  locator, legend), at the same size and text size. Goal: at most 0.5 times.

Times are the CPU time of this process (the test client runs the app in process), so other
load on the machine disturbs them less than wall-clock time; each measurement is paired with
its baseline, measured right after it, and the ratio printed is the median of those pairs.

Run: ``python bench/bench_dashboard.py`` (``--runs 0.05`` for a quick check that it runs). Exit
status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")

from flask import Flask, render_template  # noqa: E402
from flask_login import login_required  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from tracker import chart_data, create_app, crud  # noqa: E402
from tracker.break_days import today_in  # noqa: E402
from tracker.chart_data import WIDE, Chart, timeline_chart  # noqa: E402
from tracker.charts import THEMES, render  # noqa: E402
from tracker.migrations import upgrade_database  # noqa: E402
from tracker.models import (  # noqa: E402
    Break,
    BreakMuscle,
    Exercise,
    User,
    UserBase,
    Workout,
    WorkoutSet,
    WorkoutSetBase,
)
from tracker.physiology import kernels  # noqa: E402
from tracker.projections import cache_for  # noqa: E402
from tracker.projections.service import UserProjections  # noqa: E402

WARM_RUNS = 300
COLD_RUNS = 31
CHART_RUNS = 31
PASSWORD = "benchmark passphrase"
EMAIL = "heavy@example.com"

#: Three rotating sessions: (catalogue key, sets).
PROGRAMME: tuple[tuple[tuple[str, int], ...], ...] = (
    (
        ("bench_press_barbell", 5),
        ("incline_bench_press_dumbbell", 4),
        ("overhead_press_barbell", 4),
        ("lateral_raise_dumbbell", 4),
        ("triceps_pushdown_cable", 4),
        ("chest_fly_cable", 3),
        ("crunch", 3),
    ),
    (
        ("deadlift_barbell", 4),
        ("pull_up", 4),
        ("bent_over_row_barbell", 4),
        ("lat_pulldown_cable", 4),
        ("bicep_curl_barbell", 4),
        ("face_pull_cable", 4),
        ("shrug_barbell", 3),
    ),
    (
        ("squat_barbell", 5),
        ("romanian_deadlift_barbell", 4),
        ("leg_press_machine", 4),
        ("lying_leg_curl_machine", 4),
        ("standing_calf_raise_machine", 4),
        ("hip_adduction_machine", 3),
        ("plank", 3),
    ),
)
#: (days before today it starts, length in days, mode, reason, immobilised muscles)
BREAKS: tuple[tuple[int, int, str, str, tuple[str, ...]], ...] = (
    (1700, 14, "rest", "vacation", ()),
    (1480, 10, "rest", "illness", ()),
    (1250, 42, "immobilized", "injury", ("shoulders", "biceps", "triceps", "forearms")),
    (1020, 30, "reduced", "stress", ()),
    (800, 60, "rest", "motivation", ()),
    (560, 21, "rest", "vacation", ()),
    (330, 12, "rest", "illness", ()),
    (120, 28, "reduced", "vacation", ()),
)


def _keys_to_ids(session: Session) -> dict[str, int]:
    wanted = {key for day in PROGRAMME for key, _ in day}
    rows = session.execute(select(Exercise.key, Exercise.id).where(Exercise.key.in_(wanted)))  # type: ignore[union-attr]
    found = {key: ident for key, ident in rows}
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"catalogue keys missing: {sorted(missing)}")
    return found


def build_heavy_user(app: Flask) -> tuple[int, int]:
    """The heavy user's account and history; returns (user id, id of the latest workout)."""
    rng = random.Random(6)
    engine = app.extensions["engine"]
    today = today_in("UTC")
    first = today - dt.timedelta(days=5 * 365)
    with Session(engine) as session:
        user = crud.users.create(
            session=session,
            profile=UserBase(email=EMAIL, display_name="Heavy", birth_year=1988, training_years=2),
            password=PASSWORD,
        )
        assert user.id is not None
        user_id = user.id
        ids = _keys_to_ids(session)
        off: list[tuple[dt.date, dt.date, str]] = []
        for ago, days, mode, reason, muscles in BREAKS:
            start = today - dt.timedelta(days=ago)
            end = start + dt.timedelta(days=days - 1)
            item = Break(
                user_id=user_id, start_date=start, end_date=end, mode=mode, reason=reason,
                sessions_per_week=1 if mode == "reduced" else None,
            )  # fmt: skip
            session.add(item)
            session.flush()
            for muscle in muscles:
                session.add(BreakMuscle(break_id=item.id, muscle=muscle))
            off.append((start, end, mode))
        session.commit()

        workouts: list[dict[str, Any]] = []
        rotation = 0
        day = first
        while day < today:
            in_break = next((mode for s, e, mode in off if s <= day <= e), None)
            # Monday, Wednesday, Friday, and a Saturday every third week; once a week in a
            # reduced break.
            usual = day.weekday() in (0, 2, 4) or (
                day.weekday() == 5 and day.isocalendar().week % 3 == 0
            )
            trains = usual if in_break is None else day.weekday() == 2
            if trains and in_break not in ("rest", "immobilized"):
                workouts.append(
                    {
                        "user_id": user_id,
                        "started_at": dt.datetime.combine(day, dt.time(18, rng.randrange(60))),
                        "title": f"Day {rotation % 3 + 1}",
                        "source": "manual",
                        "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                        "duration_minutes": 70,
                        "notes": "",
                    }
                )
                rotation += 1
            day += dt.timedelta(days=1)
        session.execute(insert(Workout), workouts)
        workout_ids = [
            row[0]
            for row in session.execute(
                select(Workout.id).where(Workout.user_id == user_id).order_by(Workout.started_at)  # type: ignore[arg-type]
            )
        ]
        sets: list[dict[str, Any]] = []
        for n, workout_id in enumerate(workout_ids):
            position = 1
            for key, count in PROGRAMME[n % 3]:
                load = 40 + 0.02 * n + rng.uniform(-2, 2)
                warmups = 1 if position == 1 else 0  # a warm-up set before the first lift
                for k in range(1 - warmups, count + 1):
                    sets.append(
                        {
                            "workout_id": workout_id,
                            "exercise_id": ids[key],
                            "position": position,
                            "reps": 8 if k else 10,
                            "weight_kg": round(load * (0.5 if k == 0 else 1.0), 1),
                            "kind": "warmup" if k == 0 else "normal",
                            "notes": "",
                        }
                    )
                    position += 1
        session.execute(insert(WorkoutSet), sets)
        crud.users.bump_data_version(session=session, user_id=user_id)
        session.commit()
    print(
        f"heavy user: {len(workout_ids)} workouts, {len(sets)} sets, {len(BREAKS)} breaks, "
        f"{(today - first).days} days"
    )
    return user_id, workout_ids[-1]


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def cpu(action: Callable[[], Any]) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def chart_url(page: str) -> str:
    """The chart a browser in light mode fetches: the <img> inside the <picture>."""
    match = re.search(r'<img class="chart-image" src="([^"]+)"', page)
    if match is None:
        raise SystemExit("the dashboard shows no chart")
    return match.group(1).replace("&amp;", "&")


def naive_render(chart: Chart) -> bytes:
    """The chart drawn the usual matplotlib way: an Axes per panel, every point given, date
    ticks and a legend from matplotlib, the same size and text size as ``render``'s."""
    from io import BytesIO

    import numpy as np
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    colours = THEMES["light"]
    size = chart.size
    font = size.font
    heights = [size.panel_height] * len(chart.panels) + ([size.bars_height] if chart.bars else [])
    fig = Figure(figsize=(size.width / 72, (sum(heights) + 160) / 72), dpi=72)
    grid = fig.add_gridspec(len(heights), 1, height_ratios=heights, hspace=0.25)
    axes = [fig.add_subplot(grid[i, 0]) for i in range(len(heights))]
    for ax in axes[1:]:
        ax.sharex(axes[0])
    for ax, panel in zip(axes, chart.panels, strict=False):
        for shade in chart.shades:
            ax.axvspan(shade.start, shade.end, color=colours["shade"], alpha=0.18, linewidth=0)
            ax.annotate(shade.label, (shade.start, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(0, 4), textcoords="offset points", fontsize=font)  # fmt: skip
        for series in panel.series:
            colour = colours[series.color]
            if series.low is not None and series.high is not None:
                ax.fill_between(series.low.days, series.low.values, series.high.values,
                                color=colour, alpha=0.22, linewidth=0)  # fmt: skip
            ax.plot(series.line.days, series.line.values, color=colour, linewidth=2.2,
                    linestyle="--" if series.dashed else "-", label=series.label)  # fmt: skip
        ax.axhline(1.0, color=colours["muted"], linestyle=":")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v * 100:.0f} %"))
        ax.set_title(panel.ylabel, fontsize=font, loc="left")
        ax.tick_params(labelsize=font)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.08), ncol=3, fontsize=font)
    if chart.bars is not None:
        starts = np.array(chart.bars.starts, dtype="datetime64[D]")
        edges = np.append(starts, starts[-1] + np.timedelta64(7, "D"))
        axes[-1].stairs(chart.bars.values, edges, fill=True, color=colours["bars"])
        axes[-1].set_title(chart.bars.label, fontsize=font, loc="left")
        axes[-1].tick_params(labelsize=font)
    locator = AutoDateLocator(minticks=3, maxticks=8)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(ConciseDateFormatter(locator))
    buffer = BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def chart_against_naive(
    app: Flask, user_id: int, runs: int = CHART_RUNS
) -> tuple[float, float, float, int, int]:
    """The dashboard's wide chart rendered the new way against every daily point drawn
    naively: (ratio, new ms, naive ms, points drawn, points naively), CPU time."""
    engine = app.extensions["engine"]
    with app.test_request_context(), Session(engine) as session:
        user = session.get(User, user_id)
        assert user is not None
        history = UserProjections.of(cache_for(app.extensions), session, user).history()
    assert history is not None
    drawn = timeline_chart(history, None, WIDE)
    # The same chart with nothing left out: more columns than days.
    everything = timeline_chart(history, None, dataclasses.replace(WIDE, axis_room=-(10**7)))
    points = sum(len(s.line.values) for s in drawn.panels[0].series)
    every = sum(len(s.line.values) for s in everything.panels[0].series)
    assert every == 2 * (history.rows - 1) > points
    render(drawn)
    naive_render(everything)
    news, naives = [], []
    for _ in range(runs):
        gc.collect()
        news.append(cpu(lambda: render(drawn, "light", "svg")))
        gc.collect()
        naives.append(cpu(lambda: naive_render(everything)))
    ratio = statistics.median(n / v for n, v in zip(news, naives, strict=True))
    return (
        ratio,
        statistics.median(news) * 1000,
        statistics.median(naives) * 1000,
        points,
        every,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--runs", type=float, default=1.0, help="scale the number of runs (a quick check: 0.05)"
    )
    args = parser.parse_args(argv)
    warm_runs = max(int(WARM_RUNS * args.runs), 3)
    cold_runs = max(int(COLD_RUNS * args.runs), 3)
    folder = Path(tempfile.mkdtemp(prefix="regain-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade_database(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )

    @login_required
    def bare() -> str:
        return render_template("base.html")

    app.add_url_rule("/bench/bare", "bench_bare", bare)
    user_id, last_workout = build_heavy_user(app)
    client = app.test_client()
    response = client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.status_code

    def get(path: str) -> str:
        result = client.get(path)
        assert result.status_code == 200, (path, result.status_code)
        return result.get_data(as_text=True)

    def hit(path: str) -> None:
        """A request whose answer is not read here (the server's work only)."""
        client.get(path)

    # The model's day loop and the charts' downsampling compiled first, as a server does
    # before its workers fork (tracker.cluster.warm_up): the first view measures the
    # simulation and the render, not the compiler.
    kernels.compile_now()
    chart_data.compile_now()
    # First view: the whole history simulated, the chart rendered (not measured).
    first = timed(lambda: get(chart_url(get("/"))))
    print(f"first view (full simulation + render): {first * 1000:.0f} ms")

    # --- warm ---------------------------------------------------------------------------------
    # Interleaved, so that load from elsewhere on the machine hits both sides alike; CPU time of
    # this process (the server's work: the test client runs the app in process).
    page = get("/")
    chart = chart_url(page)
    get(chart)
    for _ in range(5):
        get("/bench/bare")
    bare_times, warm_times, bare_wall, warm_wall = [], [], [], []
    for _ in range(warm_runs):
        # The chart's URL stays the same while nothing changes (checked below): a browser reads
        # it from the page; finding it is not the server's work.
        bare_times.append(cpu(lambda: hit("/bench/bare")))
        warm_times.append(cpu(lambda: (hit("/"), hit(chart))))
        bare_wall.append(timed(lambda: hit("/bench/bare")))
        warm_wall.append(timed(lambda: (hit("/"), hit(chart))))
    assert chart_url(get("/")) == chart and client.get(chart).status_code == 200
    bare_ms = statistics.median(bare_times) * 1000
    warm_ms = statistics.median(warm_times) * 1000
    # Each warm view was measured right after a bare one: the median of those ratios.
    warm_ratio = statistics.median(w / b for w, b in zip(warm_times, bare_times, strict=True))
    wall_ratio = statistics.median(warm_wall) / statistics.median(bare_wall)

    # --- cold after one new set ---------------------------------------------------------------
    cache = cache_for(app.extensions)
    engine = app.extensions["engine"]
    cold_times, render_times, simulated = [], [], []
    exercise_id = _first_exercise(engine)
    for _ in range(cold_runs):
        with Session(engine) as session:
            workout = session.get(Workout, last_workout)
            assert workout is not None
            crud.workouts.add_set(
                session=session,
                workout=workout,
                data=WorkoutSetBase(exercise_id=exercise_id, reps=8, weight_kg=60.0),
            )
        # Both sides start from a collected heap, so a garbage-collector pause left over from
        # earlier work (the bulk inserts, the previous render) lands in neither.
        gc.collect()
        cold_times.append(cpu(lambda: get(chart_url(get("/")))))
        history = cache._histories[user_id][1]
        assert history is not None
        simulated.append(history.simulated_rows)
        entry = _dashboard_chart(cache)
        gc.collect()
        render_times.append(cpu(lambda entry=entry: render(entry.chart, "light", "svg")))
    cold_ms = statistics.median(cold_times) * 1000
    render_ms = statistics.median(render_times) * 1000
    # Each cold view and the render of its chart run back to back: the median of their ratios
    # is steadier on a busy machine than the ratio of the medians (printed too).
    cold_ratio = statistics.median(c / r for c, r in zip(cold_times, render_times, strict=True))

    print("CPU time of the server's work, median per request:")
    print(f"bare route (base template, logged in): {bare_ms:.2f} ms (median of {warm_runs})")
    print(f"dashboard + its chart, warm:           {warm_ms:.2f} ms (median of {warm_runs})")
    print(
        f"  ratio to the bare route: {warm_ratio:.2f} (of the medians: {warm_ms / bare_ms:.2f}; "
        f"wall clock: {wall_ratio:.2f}) (goal: at most 2)"
    )
    print(f"dashboard + its chart, after a new set: {cold_ms:.1f} ms (median of {cold_runs})")
    print(f"rendering that chart from its data:     {render_ms:.1f} ms (median of {cold_runs})")
    print(
        f"  ratio: {cold_ratio:.2f} (of the medians: {cold_ms / render_ms:.2f}) (goal: at most 1.5)"
    )
    print(f"  days re-simulated per new set: {sorted(set(simulated))} (of {history.rows - 1})")

    chart_ratio, new_ms, naive_ms, points, every = chart_against_naive(app, user_id, cold_runs)
    print(f"the dashboard's chart drawn for its size:  {new_ms:.1f} ms ({points} points)")
    print(f"the same chart, every day drawn naively:   {naive_ms:.1f} ms ({every} points)")
    print(f"  ratio: {chart_ratio:.2f} (goal: at most 0.5)")
    # The cold view's baseline above is the chart as drawn now, a third of what drawing it
    # cost before issue 16: against the naive drawing the same cold view stands at this.
    print(f"the cold view against the naive drawing of its chart: {cold_ms / naive_ms:.2f}")
    ok = warm_ratio <= 2.0 and cold_ratio <= 1.5 and chart_ratio <= 0.5
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


def _first_exercise(engine: Any) -> int:
    with Session(engine) as session:
        ident = session.execute(
            select(Exercise.id).where(Exercise.key == "bench_press_barbell")  # type: ignore[arg-type]
        ).scalar_one()
    return int(ident)


def _dashboard_chart(cache: Any) -> Any:
    """The newest cached timeline chart (the one the last dashboard view built)."""
    entries = [v for k, v in cache._results.items() if isinstance(k, tuple) and k[0] == "timeline"]
    return entries[-1]


if __name__ == "__main__":
    raise SystemExit(main())
