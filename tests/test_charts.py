"""Charts: their data as data, the rendered SVG and PNG, and the routes that serve them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from flask import Flask

from tests.conftest import new_client
from tests.factories import catalogue_exercise, make_break, make_workout
from tracker import chart_data, charts
from tracker.break_days import BreakSpan, today_in
from tracker.chart_data import MAX_POINTS, break_chart, planner_chart, timeline_chart
from tracker.physiology import Profile
from tracker.projections import (
    PlanOption,
    break_projection,
    compute_history,
    plan_break,
)
from tracker.timeline import LiftSet, LogRows, SetAggregate, build_timeline

D0 = dt.date(2022, 1, 3)  # a Monday
PROFILE = Profile(age=28, training_years=2.0)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def _rows(last: int, skip: range) -> list[SetAggregate]:
    rows = []
    for n in range(0, last + 1):
        if n in skip or day(n).weekday() not in (0, 2, 4):
            continue
        rows.append(SetAggregate(day(n), "normal", "weighted", "chest", "primary", 6))
        rows.append(SetAggregate(day(n), "normal", "weighted", "quads", "primary", 3))
    return rows


@pytest.fixture(scope="module")
def history() -> Any:
    """Three years with a vacation and an injury."""
    breaks = (BreakSpan(day(300), day(340), "rest"), BreakSpan(day(700), day(720), "rest"))
    log = LogRows(
        sets=tuple(_rows(1100, skip=range(300, 341))),
        breaks=breaks,
        break_reasons=("vacation", "injury"),
    )
    timeline = build_timeline(log, day(1100), PROFILE)
    assert timeline is not None
    return compute_history(timeline)


# --- chart data, as data -----------------------------------------------------------------------


def test_timeline_chart_data(history: Any) -> None:
    chart = timeline_chart(history, None)
    (panel,) = chart.panels
    size, strength = panel.series
    assert (size.label, strength.label) == ("Size", "Strength")
    # 1101 days thinned to about MAX_POINTS, the first and the last day kept.
    assert len(panel.days) <= MAX_POINTS + 1
    assert panel.days[0] == day(0) and panel.days[-1] == day(1100)
    assert len(size.central) == len(size.low or ()) == len(size.high or ()) == len(panel.days)
    assert all(lo <= c + 1e-9 for lo, c in zip(size.low or (), size.central, strict=True))
    assert max(size.central) == pytest.approx(1.0)  # % of the peak
    assert [(s.start, s.end, s.label) for s in chart.shades] == [
        (day(300), day(340), "Vacation"),
        (day(700), day(720), "Injury"),
    ]
    # Weekly hard sets: 3 sessions x (6 + 3) a week; none in the vacation's full weeks.
    assert chart.bars is not None
    assert chart.bars.starts[0] == day(0)
    assert chart.bars.values[0] == 27
    assert chart.bars.values[chart.bars.starts.index(day(301))] == 0
    assert [row[0].split(",")[0] for row in chart.table.rows] == ["Vacation", "Injury", "Today"]
    assert "Today: size" in chart.alt and "2 breaks shaded" in chart.alt
    assert chart.table.rows[-1][1] in chart.alt  # the same numbers as the table


def test_timeline_chart_for_one_muscle(history: Any) -> None:
    whole = timeline_chart(history, None)
    quads = timeline_chart(history, "quads")
    assert "quadriceps" in quads.alt and "whole body" in whole.alt
    assert quads.bars is not None and quads.bars.values[0] == 9
    assert quads.digest() != whole.digest()
    assert timeline_chart(history, "quads").digest() == quads.digest()  # data -> same key


def test_break_chart_data(history: Any) -> None:
    span = history.timeline.breaks[0]
    lifts = [
        LiftSet(day(290), 1, "Bench Press", "weighted", "normal", 100.0, 1),
        LiftSet(day(350), 1, "Bench Press", "weighted", "normal", 95.0, 1),
    ]
    projection = break_projection(history, span, lifts=lifts)
    chart = break_chart(projection, "vacation", "lb")
    (panel,) = chart.panels
    assert [s.label for s in panel.series] == ["Size", "Strength"]
    (points,) = panel.points
    assert points.days == (day(350),) and points.values == (0.95,)
    assert chart.shades[0].start == day(300) and chart.shades[0].label == "Vacation"
    labels = [m.label for m in panel.markers]
    assert "size 95 %" in labels or projection.outcome.size_95.central == day(340)
    assert all(m.day >= projection.return_day for m in panel.markers)
    lift_row = chart.table.rows[-1]
    assert "Bench Press" in lift_row[0]
    assert "209.44 lb" in lift_row[1]  # 95 kg in the user's unit
    assert "lost" in chart.alt


def test_planner_chart_data(history: Any) -> None:
    options = (PlanOption("rest"), PlanOption("reduced", 1), PlanOption("reduced", 2))
    comparison = plan_break(history, PROFILE, day(1100), day(1110), 42, options, 1.0)
    chart = planner_chart(comparison)
    assert [p.ylabel for p in chart.panels] == ["Size, % of now", "Strength, % of now"]
    for panel in chart.panels:
        assert [s.label for s in panel.series] == [
            "Complete rest",
            "1 session a week",
            "2 sessions a week",
        ]
        assert panel.series[0].low is not None  # the chosen option has its band
        assert all(s.low is None for s in panel.series[1:])
        assert len({len(s.central) for s in panel.series}) == 1
    assert chart.shades[0].start == day(1110) and chart.shades[0].end == day(1151)
    assert len(chart.table.rows) == 3
    assert "Compared with" in chart.alt


def test_thinning_keeps_the_last_point() -> None:
    idx = chart_data._thin(1000)
    assert idx[0] == 0 and idx[-1] == 999 and len(idx) <= MAX_POINTS + 1
    assert list(chart_data._thin(5)) == [0, 1, 2, 3, 4]


def test_regain_wording() -> None:
    from tracker.projections import DateBand

    end = dt.date(2026, 3, 1)
    later = DateBand(dt.date(2026, 3, 20), dt.date(2026, 3, 10), dt.date(2026, 4, 2))
    assert chart_data.date_band_text(later, kept_until=end) == (
        "20 Mar 2026 (between 10 Mar 2026 and 2 Apr 2026)"
    )
    kept = DateBand(dt.date(2026, 2, 20), dt.date(2026, 2, 20), dt.date(2026, 3, 5))
    assert chart_data.date_band_text(kept, kept_until=end) == (
        "kept through the break (at the slow end of the range: 5 Mar 2026)"
    )
    assert chart_data.date_band_text(DateBand(None, None, None), "never") == "never"


def test_percent_wording() -> None:
    from tracker.projections import Estimate

    assert chart_data.pct_band(Estimate(0.934, 0.9, 0.96)) == "93 % (range 90-96 %)"
    assert chart_data.loss_text(Estimate(-0.001, -0.002, 0.0)) == "0 %"
    assert chart_data.loss_text(Estimate(0.05, 0.02, 0.09)) == "5 % (range 2-9 %)"


# --- rendering ---------------------------------------------------------------------------------


def test_render_svg_and_png(history: Any) -> None:
    chart = timeline_chart(history, None)
    light = charts.render(chart, "light", "svg")
    dark = charts.render(chart, "dark", "svg")
    root = ET.fromstring(light)
    assert root.tag.endswith("svg")
    ET.fromstring(dark)
    assert light != dark
    assert charts.THEMES["dark"]["bg"].encode() in dark
    png = charts.render(chart, "light", "png")
    assert png.startswith(PNG_MAGIC)
    with pytest.raises(ValueError):
        charts.render(chart, "sepia", "svg")
    with pytest.raises(ValueError):
        charts.render(chart, "light", "gif")


# --- the routes --------------------------------------------------------------------------------


def _log(app: Flask, user: Any, days: int = 60) -> None:
    today = today_in("UTC")
    bench = catalogue_exercise(app, "bench_press_barbell")
    for n in range(days, 2, -2):
        started = dt.datetime.combine(today - dt.timedelta(days=n), dt.time(7))
        make_workout(app, user, started, [{"exercise_id": bench.id, "reps": 5, "weight_kg": 90.0}])


def _check_svg(response: Any) -> None:
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert ET.fromstring(response.data).tag.endswith("svg")
    assert response.headers["ETag"]
    assert response.headers["Cache-Control"].startswith("private, max-age=")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_timeline_route(app: Flask, user: Any, auth_client: Any, theme: str) -> None:
    _log(app, user)
    response = auth_client.get(f"/charts/timeline.svg?theme={theme}&muscle=chest")
    _check_svg(response)
    etag = response.headers["ETag"]
    again = auth_client.get(
        f"/charts/timeline.svg?theme={theme}&muscle=chest", headers={"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    other_theme = "dark" if theme == "light" else "light"
    assert (
        auth_client.get(f"/charts/timeline.svg?theme={other_theme}&muscle=chest").headers["ETag"]
        != etag
    )


def test_png_download(app: Flask, user: Any, auth_client: Any) -> None:
    _log(app, user)
    response = auth_client.get("/charts/timeline.png?download=1")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(PNG_MAGIC)
    assert "attachment" in response.headers["Content-Disposition"]
    etag = response.headers["ETag"]
    assert (
        auth_client.get("/charts/timeline.png", headers={"If-None-Match": etag}).status_code == 304
    )


def test_rendered_bytes_are_cached(
    app: Flask, user: Any, auth_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _log(app, user)
    from tracker.views import charts as chart_views

    calls = []

    def counting(*args: Any) -> bytes:
        calls.append(args)
        return charts.render(*args)

    monkeypatch.setattr(chart_views, "render", counting)
    first = auth_client.get("/charts/timeline.svg")
    second = auth_client.get("/charts/timeline.svg")
    assert first.data == second.data
    assert len(calls) == 1
    # New data, new chart.
    _log(app, user, days=4)
    third = auth_client.get("/charts/timeline.svg")
    assert len(calls) == 2
    assert third.headers["ETag"] != first.headers["ETag"]


@pytest.mark.parametrize(
    "url",
    [
        "/charts/timeline.svg?muscle=wings",
        "/charts/timeline.svg?theme=sepia",
        "/charts/timeline.gif",
        "/charts/timeline.svg?muscle=%00",
    ],
)
def test_bad_chart_parameters(app: Flask, user: Any, auth_client: Any, url: str) -> None:
    _log(app, user, days=10)
    assert auth_client.get(url).status_code == 404


def test_no_history_no_chart(auth_client: Any) -> None:
    assert auth_client.get("/charts/timeline.svg").status_code == 404


def test_break_chart_route(app: Flask, user: Any, auth_client: Any, other_client: Any) -> None:
    today = today_in("UTC")
    _log(app, user, days=90)
    item = make_break(app, user, today - dt.timedelta(days=30), today - dt.timedelta(days=10))
    response = auth_client.get(f"/charts/break/{item.id}.svg?theme=dark")
    _check_svg(response)
    again = auth_client.get(
        f"/charts/break/{item.id}.svg?theme=dark",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304
    png = auth_client.get(f"/charts/break/{item.id}.png?dose=1.5")
    assert png.data.startswith(PNG_MAGIC)
    assert auth_client.get(f"/charts/break/{item.id}.svg?dose=9").status_code == 404
    assert auth_client.get(f"/charts/break/{item.id + 100}.svg").status_code == 404
    # Someone else's break: not found, whatever they ask.
    assert other_client.get(f"/charts/break/{item.id}.svg").status_code == 404
    assert other_client.get(f"/charts/break/{item.id}.png").status_code == 404


def test_planner_chart_route(auth_client: Any) -> None:
    start = today_in("UTC") + dt.timedelta(days=3)
    url = f"/charts/planner.svg?start={start}&days=30&kind=reduced&sessions=2&dose=1&compare=rest"
    response = auth_client.get(url)
    _check_svg(response)
    assert (
        auth_client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    )
    png = auth_client.get(url.replace(".svg", ".png"))
    assert png.data.startswith(PNG_MAGIC)


def test_visitors_get_no_charts(app: Flask, user: Any) -> None:
    _log(app, user, days=10)
    item = make_break(app, user, today_in("UTC") - dt.timedelta(days=3), None)
    visitor = new_client(app)
    for url in ("/charts/timeline.svg", f"/charts/break/{item.id}.svg", "/charts/planner.png"):
        response = visitor.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
