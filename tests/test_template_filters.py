"""How Regain words dates, numbers and labels (tracker.template_filters), and the filters the app
factory registers."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from flask import Flask, render_template_string

from tracker import template_filters as tf
from tracker.forms.breaks import REASON_LABELS as FORM_REASONS
from tracker.models import SET_KINDS
from tracker.physiology import PHASES
from tracker.projections import DateBand, Estimate

DMY, MDY, YMD = tf.DateStyle("dmy"), tf.DateStyle("mdy"), tf.DateStyle("ymd")
D = dt.date(2026, 3, 9)


def test_one_date_format_in_three_orders() -> None:
    assert DMY.day(D) == "9 March 2026"
    assert MDY.day(D) == "March 9, 2026"
    assert YMD.day(D) == "2026-03-09"
    assert [s.axis_day(D) for s in (DMY, MDY, YMD)] == ["9 Mar", "Mar 9", "03-09"]


@pytest.mark.parametrize(
    ("style", "start", "end", "expected"),
    [
        (DMY, dt.date(2026, 3, 3), dt.date(2026, 3, 17), "3-17 March 2026"),
        (DMY, dt.date(2026, 2, 28), dt.date(2026, 3, 3), "28 February to 3 March 2026"),
        (DMY, dt.date(2025, 12, 28), dt.date(2026, 1, 3), "28 December 2025 to 3 January 2026"),
        (DMY, D, D, "9 March 2026"),
        (DMY, D, None, "since 9 March 2026"),
        (MDY, dt.date(2026, 3, 3), dt.date(2026, 3, 17), "March 3-17, 2026"),
        (MDY, dt.date(2026, 2, 28), dt.date(2026, 3, 3), "February 28 to March 3, 2026"),
        (YMD, dt.date(2026, 3, 3), dt.date(2026, 3, 17), "2026-03-03 to 2026-03-17"),
    ],
)
def test_ranges(style: tf.DateStyle, start: dt.date, end: dt.date | None, expected: str) -> None:
    assert style.range(start, end) == expected


def test_between() -> None:
    a, b = dt.date(2026, 3, 3), dt.date(2026, 3, 20)
    assert DMY.between(a, b) == "between 3 and 20 March 2026"
    assert MDY.between(a, b) == "between March 3 and 20, 2026"
    assert YMD.between(a, b) == "between 2026-03-03 and 2026-03-20"
    assert DMY.between(dt.date(2026, 2, 27), b) == "between 27 February and 20 March 2026"
    assert DMY.between(dt.date(2025, 12, 30), b) == "between 30 December 2025 and 20 March 2026"


@pytest.mark.parametrize(
    ("hour", "minute", "h24", "h12"),
    [(18, 30, "18:30", "6:30 pm"), (0, 5, "00:05", "12:05 am"), (12, 0, "12:00", "12:00 pm"),
     (9, 7, "09:07", "9:07 am")],
)  # fmt: skip
def test_clocks(hour: int, minute: int, h24: str, h12: str) -> None:
    assert tf.DateStyle(clock="24").time(dt.time(hour, minute)) == h24
    assert tf.DateStyle(clock="12").time(dt.time(hour, minute)) == h12


def test_when_a_workout_started() -> None:
    moment = dt.datetime(2026, 3, 10, 18, 30)  # a Tuesday
    assert DMY.when(moment) == "Tue 10 March 2026, 18:30"
    assert tf.DateStyle("mdy", "12").when(moment) == "Tue March 10, 2026, 6:30 pm"


def test_style_of_a_user_and_of_nobody() -> None:
    assert tf.style_of(SimpleNamespace(date_order="mdy", clock="12")) == tf.DateStyle("mdy", "12")
    assert tf.style_of(None) == tf.DEFAULT_STYLE
    assert tf.style_of(SimpleNamespace(date_order="xyz", clock="25")) == tf.DEFAULT_STYLE


def test_estimates_in_words() -> None:
    e = Estimate(0.934, 0.9, 0.96)
    assert tf.pct(0.934) == "93 %"
    assert tf.pct_band(e) == "93 % (likely 90-96 %)"
    assert tf.band_words(e) == "between 90 and 96 %"
    assert tf.band_words(Estimate(0.97, 0.971, 0.969)) == "about 97 %"
    assert tf.loss_text(Estimate(-0.001, -0.002, 0.0)) == "0 %"
    assert tf.loss_text(Estimate(0.05, 0.02, 0.09)) == "5 % (likely 2-9 %)"
    assert [tf.sets_text(v) for v in (7.0, 7.25, 9.94, 123.4)] == ["7", "7.2", "9.9", "123"]


def test_regain_dates_in_words() -> None:
    end = dt.date(2026, 3, 1)
    later = DateBand(dt.date(2026, 3, 20), dt.date(2026, 3, 10), dt.date(2026, 4, 2))
    assert tf.date_band_text(later, kept_until=end) == (
        "20 March 2026 (between 10 March and 2 April 2026)"
    )
    assert (
        tf.around_text(later, MDY) == "around March 20, 2026 (between March 10 and April 2, 2026)"
    )
    # Never below the level during the break: not lost, and when it is back at worst.
    kept = DateBand(dt.date(2026, 2, 20), dt.date(2026, 2, 20), dt.date(2026, 3, 5))
    assert tf.date_band_text(kept, kept_until=end) == "not lost, or back by 5 March 2026 at worst"
    assert tf.date_band_text(DateBand(end, end, end), kept_until=end) == "not lost"
    assert tf.date_band_text(DateBand(None, None, None), horizon_text="never") == "never"


def test_label_tables_match_the_forms_and_the_model() -> None:
    assert tf.REASON_LABELS == FORM_REASONS
    assert set(tf.SHADE_LABELS) == set(FORM_REASONS)
    assert tuple(tf.SET_KIND_LABELS) == SET_KINDS
    assert set(tf.PHASE_LABELS) == set(PHASES)
    # Phases as a person says them: no model words.
    assert not any("peak" in label.lower() and "," in label for label in tf.PHASE_LABELS.values())


def test_set_descriptions() -> None:
    item = SimpleNamespace(reps=8, weight_kg=60.0, seconds=None, distance_m=None, kind="normal")
    assert tf.describe_set(item, "weighted", "lb") == "8 @ 132.3 lb"
    assert tf.describe_set(item, "assisted", "kg") == "8 @ \u221260 kg assistance"
    run = SimpleNamespace(reps=None, weight_kg=None, seconds=1530, distance_m=5000, kind="normal")
    assert tf.describe_set(run, "cardio", "kg") == "5 km in 25:30"
    warm = SimpleNamespace(reps=10, weight_kg=30.0, seconds=None, distance_m=None, kind="warmup")
    assert tf.summarise_sets([warm, item, item], "weighted", "kg") == "2 x 8 @ 60 kg"


def test_the_factory_registers_the_filters(app: Flask) -> None:
    for name in tf.FILTERS:
        assert name in app.jinja_env.filters
    for name in tf.GLOBALS:
        assert name in app.jinja_env.globals
    template = "{{ d | est_date }} | {{ d | date_range(e) }} | {{ t | clock_time }}"
    values = {"d": D, "e": dt.date(2026, 3, 12), "t": dt.time(18, 30)}
    with app.test_request_context():
        # Nobody logged in: the default style.
        assert render_template_string(template, **values) == (
            "9 March 2026 | 9-12 March 2026 | 18:30"
        )
        user = SimpleNamespace(date_order="mdy", clock="12")
        assert render_template_string(template, current_user=user, **values) == (
            "March 9, 2026 | March 9-12, 2026 | 6:30 pm"
        )
