"""Charts: their data as data, the rendered SVG and PNG, and the routes that serve them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import numpy as np
import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import new_client
from tests.factories import catalogue_exercise, make_break, make_workout
from tracker import chart_data, charts
from tracker.break_days import BreakSpan, today_in
from tracker.chart_data import PHONE, WIDE, break_chart, planner_chart, timeline_chart
from tracker.physiology import Profile
from tracker.projections import (
    PlanOption,
    break_projection,
    compute_history,
    plan_break,
)
from tracker.projections.service import ChartBox, ChartEntry
from tracker.template_filters import DEFAULT_STYLE, DateStyle
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


def _per_column(days: tuple[dt.date, ...], first: dt.date, n: int, columns: int) -> int:
    """The most points of a line in one pixel column (``n`` days over ``columns`` columns)."""
    buckets = Counter(((d - first).days * columns) // n for d in days)
    return max(buckets.values())


def test_timeline_chart_data(history: Any) -> None:
    chart = timeline_chart(history, None, PHONE)
    (panel,) = chart.panels
    size, strength = panel.series
    assert (size.label, strength.label) == ("Size", "Strength")
    assert panel.ylabel == "Size and strength, % of your peak"  # says what 100 % is
    assert chart.first_day == day(0) and chart.last_day == day(1100)
    for line in (size.line, size.low, size.high, strength.line):
        assert line is not None
        # 1101 days on about 280 columns: at most two points a column, first and last kept.
        assert line.days[0] == day(0) and line.days[-1] == day(1100)
        assert len(line.days) == len(line.values) <= 2 * PHONE.columns + 2
        assert _per_column(line.days, day(0), 1101, PHONE.columns) <= 2
    assert max(size.line.values) == pytest.approx(1.0)  # % of the peak
    # The extremes survive: the lowest value of the central line is the lowest of the day series.
    wide = timeline_chart(history, None, WIDE)
    assert len(wide.panels[0].series[0].line.days) == 1101  # 1101 days fit 656 columns x 2
    assert min(size.line.values) == pytest.approx(min(wide.panels[0].series[0].line.values))
    assert [(s.start, s.end, s.label) for s in chart.shades] == [
        (day(300), day(340), "Vacation"),
        (day(700), day(720), "Injury"),
    ]
    # Weekly hard sets: 3 sessions x (6 + 3) a week; none in the vacation's full weeks.
    assert chart.bars is not None
    assert chart.bars.starts[0] == day(0)
    assert chart.bars.values[0] == 27
    assert chart.bars.values[chart.bars.starts.index(day(301))] == 0
    assert [row[0] for row in chart.table.rows] == [
        "Vacation, 30 October to 9 December 2022",  # day(300) to day(340)
        "Injury, 4-24 December 2023",
        "Today",
    ]
    assert "Today: size" in chart.alt and "2 breaks shaded" in chart.alt
    assert chart.table.rows[-1][1] in chart.alt  # the same numbers as the table
    assert "% of your peak" in chart.table.caption


def test_timeline_chart_in_the_users_date_style(history: Any) -> None:
    chart = timeline_chart(history, None, PHONE, DateStyle("mdy", "12"))
    assert chart.table.rows[0][0] == "Vacation, October 30 to December 9, 2022"
    assert chart.table.rows[1][0] == "Injury, December 4-24, 2023"
    assert chart.digest() != timeline_chart(history, None, PHONE).digest()


def test_timeline_chart_for_one_muscle(history: Any) -> None:
    whole = timeline_chart(history, None)
    quads = timeline_chart(history, "quads")
    assert "quadriceps" in quads.alt and "whole body" in whole.alt
    assert quads.bars is not None and quads.bars.values[0] == 9
    assert quads.digest() != whole.digest()
    assert timeline_chart(history, "quads").digest() == quads.digest()  # data -> same key
    assert timeline_chart(history, "quads", PHONE).digest() != quads.digest()  # and size


def test_a_charts_digest_follows_every_value_of_its_lines(history: Any) -> None:
    """The digest takes each line as its fingerprint: made from the arrays or from the plain
    values, a line has the same, and any value, day or offset changed gives another digest."""
    chart = timeline_chart(history, None)
    line = chart.panels[0].series[0].line
    again = chart_data.Line(line.first, line.offsets, line.values)  # from the plain values
    assert again == line and again.fingerprint == line.fingerprint
    assert again.extent == (min(line.values), max(line.values))

    def with_line(new: Any) -> Any:
        series = dataclasses.replace(chart.panels[0].series[0], line=new)
        panel = dataclasses.replace(chart.panels[0], series=(series, *chart.panels[0].series[1:]))
        return dataclasses.replace(chart, panels=(panel,))

    assert with_line(again).digest() == chart.digest()
    values = list(line.values)
    values[len(values) // 2] += 0.0001
    changed = [
        chart_data.Line(line.first, line.offsets, tuple(values)),
        chart_data.Line(line.first + dt.timedelta(days=1), line.offsets, line.values),
        chart_data.Line(line.first, (*line.offsets[:-1], line.offsets[-1] + 1), line.values),
    ]
    digests = {with_line(new).digest() for new in changed}
    assert len(digests) == 3 and chart.digest() not in digests


def test_a_line_holds_its_own_read_only_arrays() -> None:
    """A line keeps copies of what it was given, read-only: changing the caller's array later
    changes neither the line nor its fingerprint; equal values make equal lines."""
    offsets, values = np.array([0, 3, 7]), np.array([0.9, 1.0, 0.95])
    line = chart_data.Line(dt.date(2026, 1, 1), offsets, values)
    before = line.fingerprint
    values[1] = 2.0
    assert line.values.tolist() == [0.9, 1.0, 0.95] and line.fingerprint == before
    assert not line.values.flags.writeable and not line.offsets.flags.writeable
    with pytest.raises(ValueError):
        line.values[0] = 1.0
    assert line.extent == (0.9, 1.0)
    assert line.days == (dt.date(2026, 1, 1), dt.date(2026, 1, 4), dt.date(2026, 1, 8))
    same = chart_data.Line(dt.date(2026, 1, 1), (0, 3, 7), (0.9, 1.0, 0.95))
    assert same == line and hash(same) == hash(line)
    assert chart_data.Line(dt.date(2026, 1, 1), (0, 3, 7), (0.9, 1.0, 0.96)) != line
    with pytest.raises(ValueError):
        chart_data.Line(dt.date(2026, 1, 1), (0, 3), (0.9, 1.0, 0.95))


def test_a_charts_digest_follows_its_bars(history: Any) -> None:
    """The bars go into the digest as their fingerprint: the same bars give the same digest,
    any week, value or label changed another."""
    chart = timeline_chart(history, None)
    bars = chart.bars
    assert bars is not None
    again = chart_data.Bars(bars.label, bars.starts, bars.values)
    assert again == bars and dataclasses.replace(chart, bars=again).digest() == chart.digest()
    values = list(bars.values)
    values[len(values) // 2] += 0.01
    week = dt.timedelta(days=7)
    changed = [
        chart_data.Bars(bars.label, bars.starts, tuple(values)),
        chart_data.Bars(bars.label, (*bars.starts[:-1], bars.starts[-1] + week), bars.values),
        chart_data.Bars("Sets a week", bars.starts, bars.values),
        None,
    ]
    digests = {dataclasses.replace(chart, bars=new).digest() for new in changed}
    assert len(digests) == 4 and chart.digest() not in digests


def test_break_chart_data(history: Any) -> None:
    span = history.timeline.breaks[0]
    lifts = [
        LiftSet(day(290), 1, "Bench Press", "weighted", "normal", 100.0, 1),
        LiftSet(day(350), 1, "Bench Press", "weighted", "normal", 95.0, 1),
    ]
    projection = break_projection(history, span, lifts=lifts)
    chart = break_chart(projection, "vacation", "lb", PHONE)
    (panel,) = chart.panels
    assert [s.label for s in panel.series] == ["Size", "Strength"]
    assert panel.ylabel == "% of the level before the break"
    (points,) = panel.points
    assert points.days == (day(350),) and points.values == (0.95,)
    assert points.label == "Bench Press, estimated 1RM"
    assert chart.shades[0].start == day(300) and chart.shades[0].label == "Vacation"
    # The 95 % and 100 % days after the return, each named in the legend with its date.
    o = projection.outcome
    expected = [
        (band.central, f"{what} back to {level} %")
        for band, what, level in (
            (o.size_95, "Size", 95),
            (o.size_100, "Size", 100),
            (o.strength_95, "Strength", 95),
            (o.strength_100, "Strength", 100),
        )
        if band.central is not None and band.central >= projection.return_day
    ]
    assert expected  # the vacation cost something, so something comes back after it
    assert [(m.day, m.label.split(":")[0]) for m in panel.markers] == expected
    for m in panel.markers:
        assert m.label.endswith(DEFAULT_STYLE.day(m.day))
    lift_row = chart.table.rows[-1]
    assert "Bench Press" in lift_row[0]
    assert "209.4 lb" in lift_row[1]  # 95 kg in the user's unit, to one decimal
    assert "lost" in chart.alt


def test_planner_chart_data(history: Any) -> None:
    options = (PlanOption("rest"), PlanOption("reduced", 1), PlanOption("reduced", 2))
    comparison = plan_break(history, PROFILE, day(1100), day(1110), 42, options, 1.0)
    chart = planner_chart(comparison, PHONE)
    assert [p.ylabel for p in chart.panels] == [
        "Size, % of the level when the break starts",
        "Strength, % of the level when the break starts",
    ]
    for panel in chart.panels:
        assert [s.label for s in panel.series] == [
            "Complete rest",
            "1 session a week",
            "2 sessions a week",
        ]
        assert panel.series[0].low is not None  # the chosen option has its band
        assert all(s.low is None for s in panel.series[1:])
        assert {s.line.days[-1] for s in panel.series} == {chart.last_day}
    assert chart.shades[0].start == day(1110) and chart.shades[0].end == day(1151)
    assert len(chart.table.rows) == 3
    assert "Compared with" in chart.alt


def _columns(values: list[float], columns: int) -> dict[int, list[int]]:
    """The points of each pixel column, found one by one."""
    found: dict[int, list[int]] = {}
    for i in range(len(values)):
        found.setdefault((i * columns) // len(values), []).append(i)
    return found


@given(
    st.lists(st.floats(-5, 5, allow_nan=False), min_size=0, max_size=400),
    st.integers(1, 120),
)
@settings(max_examples=150, deadline=None)
def test_downsample_keeps_every_columns_extremes(values: list[float], columns: int) -> None:
    kept = chart_data.downsample(np.array(values), columns).tolist()
    assert kept == sorted(set(kept))  # in order, once each
    n = len(values)
    if n <= 2 * columns:
        assert kept == list(range(n))  # nothing to spare: every point
        return
    assert kept[0] == 0 and kept[-1] == n - 1
    for column, members in _columns(values, columns).items():
        in_column = [i for i in kept if i in members]
        # Its lowest and its highest value, and at most those two (and the very first or last).
        assert min(values[i] for i in members) in [values[i] for i in in_column]
        assert max(values[i] for i in members) in [values[i] for i in in_column]
        assert len(in_column) <= 2 + (0 in in_column) + (n - 1 in in_column), column


def _downsample_with_numpy(values: np.ndarray, columns: int) -> np.ndarray:
    """The downsampling as whole-array numpy operations (before it was compiled)."""
    n = values.shape[0]
    if columns < 1 or n <= 2 * columns:
        return np.arange(n)
    bucket = (np.arange(n) * columns) // n
    starts = np.searchsorted(bucket, np.arange(columns))
    counts = np.diff(np.append(starts, n))
    index = np.arange(n)
    lowest = np.repeat(np.minimum.reduceat(values, starts), counts)
    highest = np.repeat(np.maximum.reduceat(values, starts), counts)
    first_low = np.minimum.reduceat(np.where(values == lowest, index, n), starts)
    last_high = np.maximum.reduceat(np.where(values == highest, index, -1), starts)
    kept = np.zeros(n, dtype=bool)
    kept[first_low] = kept[last_high] = True
    kept[0] = kept[-1] = True
    return np.flatnonzero(kept)


@given(
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5]) | st.floats(-5, 5), min_size=0, max_size=900),
    st.integers(1, 300),
)
@settings(max_examples=200, deadline=None)
def test_downsample_keeps_the_first_lowest_and_the_last_highest(
    values: list[float], columns: int
) -> None:
    """The compiled pass picks the very points the numpy operations did, ties included (the
    first of a column's lowest values, the last of its highest)."""
    array = np.array(values, dtype=np.float64)
    assert chart_data.downsample(array, columns).tolist() == (
        _downsample_with_numpy(array, columns).tolist()
    )


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


Box = tuple[str, float, float, float, float]


def _boxes(chart: Any) -> list[Box]:
    """Every text of the chart's layout as (text, left, top, right, bottom), from its width as
    drawn and the height of a line."""
    plan = charts.layout(chart)
    font = chart.size.font
    found: list[Box] = []

    def add(label: Any) -> None:
        w = charts.text_width(label.text, font)
        left = {"left": label.x, "right": label.x - w, "center": label.x - w / 2}[label.ha]
        top = label.y - 0.6 * font if label.va == "center" else label.y
        found.append((label.text, left, top, left + w, top + 1.2 * font))

    swatch = charts._swatch(chart.size)
    for item in plan.legend:
        for k, text in enumerate(item.lines):
            add(charts.Label(text, item.x + swatch + 0.4 * font, item.y + k * 1.3 * font))
    for label in plan.shade_labels:
        add(label)
    for _, label in plan.x_ticks:
        add(label)
    for area in [*plan.panels, *([plan.bars] if plan.bars else [])]:
        for heading in area.heading:
            add(heading)
        for value, text in area.ticks:
            y = area.box.y1 - (value - area.low) / (area.high - area.low) * area.box.height
            add(charts.Label(text, area.box.x0 - 0.45 * font, y, "right", "center"))
    return found


def _overlaps(boxes: list[Box]) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


def _check_layout(chart: Any) -> None:
    plan = charts.layout(chart)
    boxes = _boxes(chart)
    assert not _overlaps(boxes)
    for text, left, top, right, bottom in boxes:
        assert left >= 0 and right <= plan.width, text
        assert top >= 0 and bottom <= plan.height, text
    # The legend and the breaks' labels sit above the data, never on it.
    first = plan.panels[0].box
    for item in plan.legend:
        assert item.y + len(item.lines) * 1.2 * chart.size.font <= first.y0
    for label in plan.shade_labels:
        assert label.y + 1.2 * chart.size.font <= first.y0
    root = ET.fromstring(charts.render(chart))
    assert root.get("width") == f"{plan.width:g}pt"  # one point per CSS pixel of its size
    assert root.get("height") == f"{plan.height:g}pt"
    assert charts.figure_size(chart) == (int(plan.width), int(plan.height))


def _every_chart(history: Any, size: Any) -> list[Any]:
    span = history.timeline.breaks[0]
    lifts = [
        LiftSet(day(290), 1, LONG_NAME, "weighted", "normal", 100.0, 1),
        LiftSet(day(350), 1, LONG_NAME, "weighted", "normal", 95.0, 1),
    ]
    projection = break_projection(history, span, lifts=lifts)
    options = (PlanOption("rest"), PlanOption("reduced", 1), PlanOption("reduced", 2))
    comparison = plan_break(history, PROFILE, day(1100), day(1110), 42, options, 1.0)
    return [
        timeline_chart(history, None, size),
        timeline_chart(history, "quads", size),
        break_chart(projection, "injury", "kg", size),
        planner_chart(comparison, size),
    ]


def test_the_phone_charts_room_comes_from_the_wide_charts_data(history: Any) -> None:
    # The page lays out the phone's image from the wide chart's data (its own is built when a
    # phone asks for it): the room must be exactly what the phone's chart takes.
    for wide, phone in zip(_every_chart(history, WIDE), _every_chart(history, PHONE), strict=True):
        box = ChartEntry.of(wide).box_at(PHONE)
        assert (box.size, box.width, box.height) == (PHONE, *charts.figure_size(phone))
        # Not only its outer size: everything laid out (the y ranges and ticks included).
        assert charts.layout(dataclasses.replace(wide, size=PHONE)) == charts.layout(phone)
        assert box.width < ChartEntry.of(wide).width
        assert ChartEntry.of(wide).box_at(WIDE) == ChartBox(WIDE, *charts.figure_size(wide))


@given(st.integers(3, 3000), st.floats(0.2, 1.0), st.floats(0.01, 0.8), st.integers(0, 10**6))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_phone_charts_room_for_any_values(
    history: Any, days: int, low: float, spread: float, seed: int
) -> None:
    # Whatever the series (its extremes anywhere, a range that needs other ticks), the room laid
    # out from the wide size's downsampled data is the phone chart's.
    rng = np.random.default_rng(seed)
    central = low + spread * rng.random(days) ** rng.uniform(0.2, 5.0)
    band = np.stack([central * 0.97, central, central * rng.uniform(1.0, 1.05)], axis=1)
    values = central.tolist()

    def chart_at(size: Any) -> Any:
        base = timeline_chart(history, None, size)
        series = chart_data._band_series("Size", day(0), band, size.columns, "blue")
        panel = dataclasses.replace(base.panels[0], series=(series,))
        last = day(len(values) - 1)
        return dataclasses.replace(base, panels=(panel,), last_day=last, shades=(), bars=None)

    wide, phone = chart_at(WIDE), chart_at(PHONE)
    box = ChartEntry.of(wide).box_at(PHONE)
    assert (box.width, box.height) == charts.figure_size(phone)
    assert charts.layout(dataclasses.replace(wide, size=PHONE)) == charts.layout(phone)


LONG_NAME = "Bench Press (Barbell) on the old bench by the window, paused"


@pytest.mark.parametrize("size", [PHONE, WIDE], ids=["phone", "wide"])
def test_every_chart_is_laid_out_without_overlaps(history: Any, size: Any) -> None:
    for chart in _every_chart(history, size):
        _check_layout(chart)


@given(
    st.lists(st.tuples(st.integers(0, 1090), st.integers(1, 60)), max_size=45),
    st.sampled_from([PHONE, WIDE]),
)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_many_breaks_never_make_labels_overlap(
    history: Any, periods: list[tuple[int, int]], size: Any
) -> None:
    labels = itertools.cycle(["Vacation", "Injury", "3 breaks"])
    shades = tuple(
        chart_data.Shade(day(a), day(min(a + n, 1100)), label)
        for (a, n), label in zip(periods, labels, strict=False)
    )
    _check_layout(dataclasses.replace(timeline_chart(history, None, size), shades=shades))


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
