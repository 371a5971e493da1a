"""Exports written in the phone's language and clock: small hand-written fixtures.

Each fixture is written here from what the apps are known to write (see the samples README
for the real files these forms come from); expected values are worked out by hand.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime

import pytest

from tracker.importers import AmbiguousDateOrder, ImportFormatError, detect, parse
from tracker.importers.dates import DateColumn, read
from tracker.importers.fields import duration_minutes
from tracker.importers.unit_guess import guess_unit

KG_PER_LB = 0.45359237

# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-12-30 18:51:52", datetime(2020, 12, 30, 18, 51, 52)),
        ("2025-01-30 12:34:56\u202fpm", datetime(2025, 1, 30, 12, 34, 56)),  # noon
        ("2025-01-30 12:34:56 AM", datetime(2025, 1, 30, 0, 34, 56)),  # midnight
        ("2025-01-30 1:05\u00a0p.m.", datetime(2025, 1, 30, 13, 5)),
        ("2025-01-30 9:05 Pm", datetime(2025, 1, 30, 21, 5)),
        ("2025-01-30 18:05", datetime(2025, 1, 30, 18, 5)),  # no seconds
        ("2025-01-30T18:05:09Z", datetime(2025, 1, 30, 18, 5, 9)),
        ("7 Apr 2024, 16:34", datetime(2024, 4, 7, 16, 34)),
        ("Jul 28, 2026, 6:49\u202fPM", datetime(2026, 7, 28, 18, 49)),
        ("Sept 3, 2025, 6:00 am", datetime(2025, 9, 3, 6, 0)),
        ("5 Mai 2026, 07:34", datetime(2026, 5, 5, 7, 34)),  # Portuguese/German May
        ("7 Ago 2023, 18:16", datetime(2023, 8, 7, 18, 16)),  # agosto
        ("12 Dez 2025, 18:00", datetime(2025, 12, 12, 18, 0)),
        ("3 Set 2025, 18:00", datetime(2025, 9, 3, 18, 0)),  # setembro
        ("1 Out 2025, 18:00", datetime(2025, 10, 1, 18, 0)),  # outubro
        ("5 de mai. de 2026 07:34", datetime(2026, 5, 5, 7, 34)),
        ("5. März 2026 um 07:34", datetime(2026, 3, 5, 7, 34)),
        ("mardi 5 mai 2026 07:34", datetime(2026, 5, 5, 7, 34)),
        ("28 févr. 2026 10:00", datetime(2026, 2, 28, 10, 0)),
        ("14 ene 2026 10:00", datetime(2026, 1, 14, 10, 0)),  # enero
        ("14 gen 2026 10:00", datetime(2026, 1, 14, 10, 0)),  # gennaio
        ("5 сентября 2025 г. 18:00", datetime(2025, 9, 5, 18, 0)),
        ("2026年5月5日 07:34", datetime(2026, 5, 5, 7, 34)),
        ("2026年5月5日 下午7:34", datetime(2026, 5, 5, 19, 34)),
        ("2026. 5. 5. 오후 7:34", datetime(2026, 5, 5, 19, 34)),
        ("30.01.2025 18:51", datetime(2025, 1, 30, 18, 51)),  # the 30 settles it
        ("01/30/2025 6:51 PM", datetime(2025, 1, 30, 18, 51)),
        ("2025-04-29", datetime(2025, 4, 29)),
    ],
)
def test_date_forms(text: str, expected: datetime) -> None:
    found = read(text)
    assert found is not None
    assert found.build(None) == expected


@pytest.mark.parametrize(
    "text",
    ["", "soon", "2025-01-30 25:00", "2025-01-30 13:00 pm", "2025-01-30 0:10 am", "Foo 3, 2025"],
)
def test_not_dates(text: str) -> None:
    assert read(text) is None


def test_numeric_dates_take_their_order_from_the_whole_file() -> None:
    column = DateColumn("Date")
    for line, text in enumerate(("03/04/2025 10:00", "20/04/2025 10:00"), start=2):
        column.add(text, line)
    # "20/04" can only be day first, so "03/04" is the 3rd of April, not the 4th of March.
    assert column.resolve()["03/04/2025 10:00"] == datetime(2025, 4, 3, 10, 0)
    assert column.order == "dmy"


def test_numeric_dates_take_their_order_from_the_listing() -> None:
    column = DateColumn("Date")
    texts = ("01/02/2025", "01/03/2025", "01/04/2025", "02/04/2025")
    for line, text in enumerate(texts, start=2):
        column.add(text, line)
    # Month first they run Jan 2, 3, 4, Feb 4 (in order); day first Feb 1, Mar 1, Apr 1, Apr 2
    # (also in order)... both fit, so this file must ask.
    with pytest.raises(AmbiguousDateOrder):
        column.resolve()
    column = DateColumn("Date")
    for line, text in enumerate(("01/05/2025", "01/03/2025", "02/02/2025"), start=2):
        column.add(text, line)
    # Day first: May 1, Mar 1, Feb 2 (newest first, as Hevy lists); month first: Jan 5,
    # Jan 3, Feb 2 (neither order): day first it is.
    assert column.resolve()["01/05/2025"] == datetime(2025, 5, 1)


def test_ambiguous_dates_in_a_hevy_file_ask_then_read() -> None:
    text = (
        '"title","start_time","end_time","description","exercise_title","superset_id",'
        '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        '"duration_seconds","rpe"\n'
        '"A","04/05/2025 18:00","04/05/2025 19:00","","Squat (Barbell)",,"",0,"normal",100,5,,,\n'
        '"B","03/05/2025 18:00","03/05/2025 18:30","","Squat (Barbell)",,"",0,"normal",100,5,,,\n'
        '"C","03/04/2025 18:00","03/04/2025 18:45","","Squat (Barbell)",,"",0,"normal",100,5,,,\n'
    )
    with pytest.raises(AmbiguousDateOrder) as caught:
        parse(text)
    assert caught.value.column == "start_time"
    result = parse(text, date_order="dmy")
    assert [w.started_at for w in result.workouts] == [
        datetime(2025, 4, 3, 18, 0),
        datetime(2025, 5, 3, 18, 0),
        datetime(2025, 5, 4, 18, 0),
    ]
    assert [w.duration_minutes for w in result.workouts] == [45, 30, 60]
    with pytest.raises(ImportFormatError, match="date order must be"):
        parse(text, date_order="ymd")


# --- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2h 38m", 158),
        ("45m", 45),
        ("264h 1m", 264 * 60 + 1),
        ("38min", 38),
        ("1h 2min", 62),
        ("1小时13分钟", 73),
        ("54分钟", 54),
        ("1時間5分", 65),
        ("1 Std. 5 Min.", 65),
        ("1:13:00", 73),
        ("90s", 2),  # 1.5 minutes, rounded to even
        ("2h", 120),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert duration_minutes(text, 2, "Duration") == minutes


@pytest.mark.parametrize("text", ["soon", "2x 3m", "h", "5 parsecs"])
def test_not_durations(text: str) -> None:
    with pytest.raises(ImportFormatError, match="is not a duration"):
        duration_minutes(text, 2, "Duration")


# --- Strong headers ---------------------------------------------------------------------------

S5_ROWS = (
    '2024-03-04 18:00:00,"Beine",1h 2min,"Squat (Barbell)",W,40.0,8,0,0,"","",\n'
    '2024-03-04 18:00:00,"Beine",1h 2min,"Squat (Barbell)",1,100.0,5,0,0,,,8\n'
    '2024-03-04 18:00:00,"Beine",1h 2min,"Laufen",1,0,0,3.5,1200,,,\n'
)


def test_strong_german_header() -> None:
    header = (
        "Datum,Workout-Name,Dauer,Name der Übung,Reihenfolge festlegen,Gewicht,Wiederh.,"
        "Entfernung,Sekunden,Notizen,Workout-Notizen,RPE\n"
    )
    assert detect(header + S5_ROWS) == ("strong", "S5")
    result = parse(header + S5_ROWS, unit="kg")
    (workout,) = result.workouts
    assert (workout.title, workout.duration_minutes) == ("Beine", 62)
    warmup, work, run = workout.sets
    assert (warmup.kind, warmup.weight_kg, work.rpe) == ("warmup", 40.0, 8.0)
    assert (run.distance_m, run.seconds) == (3500.0, 1200)
    assert any("phone's language" in warning for warning in result.warnings)


def test_strong_german_header_errors_name_the_german_column() -> None:
    header = (
        "Datum,Workout-Name,Dauer,Name der Übung,Reihenfolge festlegen,Gewicht,Wiederh.,"
        "Entfernung,Sekunden,Notizen,Workout-Notizen,RPE\n"
    )
    bad = '2024-03-04 18:00:00,"Beine",1h,"Squat (Barbell)",1,100.0,fünf,0,0,,,\n'
    with pytest.raises(ImportFormatError) as caught:
        parse(header + bad, unit="kg")
    assert (caught.value.row, caught.value.column) == (2, "Wiederh.")


def test_strong_chinese_header_in_pounds() -> None:
    header = "日期,锻炼名称,时长,运动名称,设置顺序,重量,次,距离,秒,备注,锻炼备注,RPE\n"
    rows = (
        '2020-09-29 07:10:22,"4.Pull",1小时13分钟,"Bent Over Row (Barbell)",1,'
        '44.09245243697551,5,0,0,"4x8","星期二",\n'
    )
    result = parse(header + rows, unit="lb")
    (workout,) = result.workouts
    assert (workout.duration_minutes, workout.notes) == (73, "星期二")
    assert workout.sets[0].weight_kg == pytest.approx(20.0)  # 44.0924... lb is 20 kg
    assert workout.sets[0].notes == "4x8"


def test_strong_header_in_an_unknown_language_is_read_by_position() -> None:
    # Made-up column names: only their order and the rows' contents say it is Strong S5.
    header = "Aa,Bb,Cc,Dd,Ee,Ff,Gg,Hh,Ii,Jj,Kk,Ll\n"
    result = parse(header + S5_ROWS, unit="kg")
    assert (result.source, result.variant) == ("strong", "S5")
    assert result.set_count == 3
    assert any("order Strong writes them" in warning for warning in result.warnings)


def test_a_header_of_the_right_width_with_other_rows_is_still_refused() -> None:
    header = "Aa,Bb,Cc,Dd,Ee,Ff,Gg,Hh,Ii,Jj,Kk,Ll\n"
    rows = "x,y,z,1,2,3,4,5,6,7,8,9\n" * 3  # no date where Strong puts it
    with pytest.raises(ImportFormatError, match="not the header of a Strong"):
        parse(header + rows, unit="kg")


def test_strong_2015_header_units_as_column_names_and_set_order_from_zero() -> None:
    text = (
        "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n"
        "2015-03-02 18:00:00,Legs,Squat,0,60,5,,,\n"
        "2015-03-02 18:00:00,Legs,Squat,1,70,5,,,\n"
        "2015-03-02 18:00:00,Legs,Running,0,,,2.5,900,easy\n"
    )
    assert detect(text) == ("strong", "S0")
    result = parse(text)  # the unit is in the header: none needed
    assert result.unit == "kg"
    squat1, squat2, run = result.workouts[0].sets
    assert [(s.position, s.weight_kg) for s in (squat1, squat2)] == [(1, 60.0), (2, 70.0)]
    assert (run.distance_m, run.seconds, run.notes) == (2500.0, 900, "easy")
    pounds = parse(text.replace(",kg,", ",lbs,").replace(",km,", ",mi,"))
    assert pounds.workouts[0].sets[0].weight_kg == pytest.approx(60 * KG_PER_LB)
    assert pounds.workouts[0].sets[2].distance_m == pytest.approx(2.5 * 1609.344)


def test_strong_twelve_hour_clock_with_narrow_no_break_space() -> None:
    header = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
    )
    rows = (
        "2025-01-30 12:34:56\u202fpm,Push,45m,Bench Press (Barbell),1,60,5,0,0,,,\n"
        "2025-01-31 7:05:00 AM,Pull,45m,Pull Up,1,0,8,0,0,,,\n"
        "2025-01-31 7:05:00\u00a0pm,Legs,45m,Squat (Barbell),1,80,5,0,0,,,\n"
    )
    result = parse(header + rows, unit="kg")
    assert [w.started_at for w in result.workouts] == [
        datetime(2025, 1, 30, 12, 34, 56),
        datetime(2025, 1, 31, 7, 5),
        datetime(2025, 1, 31, 19, 5),
    ]
    # The key keeps one spelling of time for all clocks: re-exporting with a 24-hour clock
    # gives the same workouts.
    assert result.workouts[0].source_key == "strong|2025-01-30 12:34:56|Push"


@pytest.mark.parametrize(
    ("day", "message"),
    [("9999-01-01 10:00:00", "in the future"), ("1850-06-01 10:00:00", "before 1900")],
)
def test_dates_out_of_range_are_refused_with_line_and_column(day: str, message: str) -> None:
    header = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
    )
    rows = "2024-01-01 10:00:00,A,1h,Squat,1,60,5,0,0,,,\n" + f"{day},B,1h,Squat,1,60,5,0,0,,,\n"
    with pytest.raises(ImportFormatError) as caught:
        parse(header + rows, unit="kg", latest=dt.date(2026, 12, 2))
    assert (caught.value.row, caught.value.column) == (3, "Date")
    assert message in str(caught.value)


def test_the_latest_day_is_the_callers() -> None:
    header = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
    text = header + "2025-04-29,Squat,Legs,60,kgs,5,,,\n"
    assert parse(text, latest=dt.date(2025, 4, 29)).set_count == 1
    assert parse(text).set_count == 1  # no end given: only 1900 bounds it
    with pytest.raises(ImportFormatError, match="after 2025-04-28"):
        parse(text, latest=dt.date(2025, 4, 28))


# --- units ------------------------------------------------------------------------------------


def test_converted_numbers_tell_the_unit() -> None:
    # 20, 60 and 80 kg written in pounds, as an app switched to lb writes them.
    pounds = [20 / KG_PER_LB, 60 / KG_PER_LB, 80 / KG_PER_LB, 45.0] * 5
    assert guess_unit(pounds).unit == "lb"
    # 15 and 25 lb written in kilograms.
    kilograms = [15 * KG_PER_LB, 25 * KG_PER_LB, 40.0] * 5
    assert guess_unit(kilograms).unit == "kg"


def test_plate_arithmetic_tells_the_unit() -> None:
    pounds = [135.0, 185.0, 225.0, 315.0, 95.0, 100.0, 110.0] * 6
    assert guess_unit(pounds).unit == "lb"
    kilograms = [100.0, 110.0, 120.0, 140.0, 160.0, 105.0, 60.0, 22.5] * 6
    assert guess_unit(kilograms).unit == "kg"


def test_no_guess_when_the_numbers_do_not_tell() -> None:
    assert guess_unit([]).unit is None
    assert guess_unit([20.0, 25.0, 30.0, 12.5] * 20).unit is None  # nothing of 95 and up
    assert guess_unit([100.0, 105.0, 102.5, 107.5, 110.0] * 10).unit is None  # 1/3 end in 5
