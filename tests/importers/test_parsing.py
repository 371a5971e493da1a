"""Parsing small hand-written exports, one per header variant and quirk.

Expected values are worked out by hand from the fixture text: 1 lb = 0.45359237 kg and
1 mile = 1609.344 m exactly, so e.g. 135 lb = 61.23496995 kg and 1.5 mi = 2414.016 m.
Line numbers count the header as line 1.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tracker.importers import (
    SOURCES,
    ImportFormatError,
    ParsedImport,
    ParsedSet,
    detect,
    needs_unit,
    parse,
)
from tracker.importers.fitnotes import START_TIME

# --- Strong -------------------------------------------------------------------------------

STRONG_S1 = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
    '"39";"2019-03-28 15:24:28";"Shoulder";"1267";"Shoulder Press (Machine)";"1";"40.0";"8";'
    '"";"";"";"seat 4";"tired"\n'
    '"39";"2019-03-28 15:24:28";"Shoulder";"1267";"Shoulder Press (Machine)";"2";"45.0";"5";'
    '"8.5";"";"";"";""\n'
    '"40";"2019-03-31 05:42:20";"Back, Core";"4422";"Plank";"1";"";"";"";"";"75.0";"";""\n'
    '"40";"2019-03-31 05:42:20";"Back, Core";"4422";"Rowing (Machine)";"1";"";"";"";"2000";'
    '"480";"";""\n'
)


def test_strong_s1_semicolons_quoted_units_in_header() -> None:
    result = parse(STRONG_S1)
    assert (result.source, result.variant, result.unit) == ("strong", "S1", "kg")
    assert result.skipped_rows == 0
    assert [w.title for w in result.workouts] == ["Shoulder", "Back, Core"]
    shoulder, back = result.workouts
    assert shoulder.started_at == datetime(2019, 3, 28, 15, 24, 28)
    assert shoulder.duration_minutes == 21  # 1267 s = 21.1 min
    assert back.duration_minutes == 74  # 4422 s = 73.7 min
    assert shoulder.notes == "tired"
    assert shoulder.source_key == "strong|2019-03-28 15:24:28|Shoulder"
    assert shoulder.sets == (
        ParsedSet("Shoulder Press (Machine)", 1, 8, 40.0, None, "normal", None, None, "seat 4", 2),
        ParsedSet("Shoulder Press (Machine)", 2, 5, 45.0, 8.5, "normal", None, None, "", 3),
    )
    plank, rowing = back.sets
    assert (plank.reps, plank.weight_kg, plank.seconds, plank.distance_m) == (None, None, 75, None)
    assert (rowing.distance_m, rowing.seconds, rowing.reps) == (2000.0, 480, None)


def test_strong_s1_in_pounds_is_converted() -> None:
    text = STRONG_S1.replace('"Weight (kg)"', '"Weight (lbs)"').replace('"40.0"', '"135"')
    result = parse(text)
    assert result.unit == "lb"
    first = result.workouts[0].sets[0]
    assert first.weight_kg == pytest.approx(61.23496995)
    assert result.workouts[0].sets[1].weight_kg == pytest.approx(45 * 0.45359237)


STRONG_S2 = (
    "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    '2019-02-14 07:33:40,"Phraks Wed","Bent Over Row (Barbell)",1,135,5,0,0,"","",8\n'
    '2019-02-14 07:33:40,"Phraks Wed","Bent Over Row (Barbell)",2,135,5,0,0,,,\n'
    '2019-02-14 07:33:40,"Phraks Wed","Running",1,0,0,3.1,1500,,,\n'
)


def test_strong_s2_needs_a_unit() -> None:
    assert detect(STRONG_S2) == ("strong", "S2")
    assert needs_unit("strong", "S2")
    with pytest.raises(ImportFormatError, match="kg or lb"):
        parse(STRONG_S2)


def test_strong_s2_in_pounds_takes_distances_as_miles() -> None:
    result = parse(STRONG_S2, unit="lb")
    assert (result.variant, result.unit) == ("S2", "lb")
    (workout,) = result.workouts
    assert workout.duration_minutes is None  # S2 has no duration column
    row1, row2, run = workout.sets
    assert row1.weight_kg == pytest.approx(61.23496995)
    assert row1.rpe == 8.0
    assert row2.rpe is None
    assert run.weight_kg is None and run.reps is None  # 0 means "not recorded"
    assert run.distance_m == pytest.approx(3.1 * 1609.344)
    assert run.seconds == 1500
    assert any("miles" in warning for warning in result.warnings)


def test_strong_s2_in_kg_takes_distances_as_km() -> None:
    result = parse(STRONG_S2, unit="kgs")
    assert result.unit == "kg"
    assert result.workouts[0].sets[0].weight_kg == 135.0
    assert result.workouts[0].sets[2].distance_m == pytest.approx(3100.0)


STRONG_S3 = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes\n"
    '2019-01-11 12:31:54;"Leg";"Deadlift (Barbell)";1;20;kg;5;;;;0;"";""\n'
    '2019-01-11 12:31:54;"Leg";"Deadlift (Barbell)";2;45;lbs;4;;;;0;;\n'
    '2019-01-11 12:31:54;"Leg";"Leg Press";1;18,5;kg;8;7,5;;;0;;\n'
    '2019-01-11 12:31:54;"Leg";"Plank";1;;;;;;mi.;60;"";\n'
    '2019-01-11 12:31:54;"Leg";"Running";1;;;;;2;mi.;900;"";\n'
    '2019-01-11 12:31:54;"Leg";"Cycling";1;;;;;5.5;km;1200;"";\n'
    '2019-01-13 07:55:13;"Back, Core, Biceps";"Pull Up";1;0;kg;8;;;;0;"";""\n'
)


def test_strong_s3_units_per_row() -> None:
    result = parse(STRONG_S3)
    assert (result.variant, result.unit) == ("S3", "mixed")
    leg, back = result.workouts
    assert leg.duration_minutes is None
    deadlift1, deadlift2, press, plank, run, bike = leg.sets
    assert deadlift1.weight_kg == 20.0
    assert deadlift2.weight_kg == pytest.approx(45 * 0.45359237)  # 20.41165665
    assert deadlift2.position == 2
    # decimal commas are read in semicolon files
    assert press.weight_kg == 18.5 and press.rpe == 7.5
    # a distance unit without a distance is ignored
    assert (plank.distance_m, plank.seconds) == (None, 60)
    assert run.distance_m == pytest.approx(3218.688)  # 2 mi
    assert (bike.distance_m, bike.seconds) == (pytest.approx(5500.0), 1200)
    assert back.title == "Back, Core, Biceps"
    assert back.sets[0].weight_kg is None  # bodyweight written as 0
    assert back.sets[0].reps == 8
    assert any("kg on 2 rows and in lb on 1 row;" in w for w in result.warnings)


def test_strong_s4_has_workout_duration() -> None:
    text = STRONG_S3.replace("Workout Notes\n", "Workout Notes;Workout Duration\n", 1)
    lines = text.splitlines()
    lines = [lines[0]] + [line + ";1h 5m" for line in lines[1:]]
    result = parse("\n".join(lines) + "\n")
    assert result.variant == "S4"
    assert [w.duration_minutes for w in result.workouts] == [65, 65]


STRONG_S5 = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    '2025-06-03 20:23:00,"Evening Workout",264h 1m,"Bench Press (Dumbbell)",W,20.0,12.0,0,0.0,'
    '"","Shoulder felt ok",\n'
    '2025-06-03 20:23:00,"Evening Workout",264h 1m,"Bench Press (Dumbbell)",Rest Timer,0,0.0,0,'
    "120.0,,,\n"
    '2025-06-03 20:23:00,"Evening Workout",264h 1m,"Bench Press (Dumbbell)",1,35.0,10.0,0,0.0,'
    ",,9\n"
    '2025-06-03 20:23:00,"Evening Workout",264h 1m,"Bench Press (Dumbbell)",Rest Timer,0,0.0,0,'
    "120.0,,,\n"
    '2025-06-03 20:23:00,"Evening Workout",264h 1m,"Bench Press (Dumbbell)",D,25.0,8.0,0,0.0,'
    ",,\n"
    '2025-06-03 20:23:00,"Evening Workout",264h 1m,"Pull Up (Assisted)",F,55.0,5.0,0,0.0,,,\n'
    '2025-06-05 18:00:00,"Afternoon Workout",45m,"Squat (Barbell)",1,100,5,0,0,,,\n'
    '2025-06-07 09:00:00,"Morning Workout",2h 38m,"Squat (Barbell)",1,102.5,5,0,0,,,\n'
)


def test_strong_s5_rest_timer_kinds_reps_and_durations() -> None:
    result = parse(STRONG_S5, unit="kg")
    assert (result.variant, result.unit) == ("S5", "kg")
    assert result.skipped_rows == 2
    assert [w.duration_minutes for w in result.workouts] == [15841, 45, 158]  # 264*60+1
    first = result.workouts[0]
    assert first.notes == "Shoulder felt ok"
    assert [(s.exercise_name, s.position, s.kind, s.reps) for s in first.sets] == [
        ("Bench Press (Dumbbell)", 1, "warmup", 12),
        ("Bench Press (Dumbbell)", 2, "normal", 10),
        ("Bench Press (Dumbbell)", 3, "drop", 8),
        ("Pull Up (Assisted)", 1, "failure", 5),
    ]
    assert [s.row for s in first.sets] == [2, 4, 6, 7]
    assert first.sets[1].rpe == 9.0
    assert first.sets[3].weight_kg == 55.0  # assisted: the number as given
    assert any("264h 1m" in w and "1 workouts" in w for w in result.warnings)


def test_strong_set_order_numbers_with_letters() -> None:
    text = STRONG_S5.replace(",W,", ",W1,", 1)
    assert parse(text, unit="kg").workouts[0].sets[0].kind == "warmup"


def test_byte_order_mark_and_crlf() -> None:
    data = b"\xef\xbb\xbf" + STRONG_S5.replace("\n", "\r\n").encode()
    result = parse(data, unit="kg")
    assert result.set_count == 6
    assert result.workouts[2].sets[0].row == 9
    assert detect(data) == ("strong", "S5")


def test_notes_over_several_lines_keep_line_numbers() -> None:
    text = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
        '2025-06-05 18:00:00,"Legs",45m,"Squat (Barbell)",1,100,5,0,0,"deep,\nslow","day 1\n'
        'of the plan",\n'
        '2025-06-05 18:00:00,"Legs",45m,"Squat (Barbell)",2,100,5,0,0,,,\n'
    )
    (workout,) = parse(text, unit="kg").workouts
    assert workout.notes == "day 1\nof the plan"
    assert workout.sets[0].notes == "deep,\nslow"
    # the first record holds two line breaks, so it covers lines 2-4 and the next starts on 5
    assert [s.row for s in workout.sets] == [2, 5]


def test_latin1_bytes_are_read_with_a_warning() -> None:
    text = STRONG_S5.replace("Squat (Barbell)", "Kniebeuge (Langhantel) ü", 1)
    result = parse(text.encode("cp1252"), unit="kg")
    assert result.workouts[1].sets[0].exercise_name == "Kniebeuge (Langhantel) ü"
    assert "not UTF-8" in result.warnings[0]


def test_unit_given_for_a_file_with_units_is_ignored_with_a_warning() -> None:
    result = parse(STRONG_S1, unit="lb")
    assert result.workouts[0].sets[0].weight_kg == 40.0
    assert any("was not used" in w for w in result.warnings)


# --- Hevy ---------------------------------------------------------------------------------

HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)
HEVY_METRIC = HEVY_HEADER + (
    '"Upper","7 Apr 2024, 16:34","7 Apr 2024, 17:35","Back after\na long break",'
    '"Pull Up (Assisted)",,"band, then\nmachine",0,"normal",15,6,,,\n'
    '"Upper","7 Apr 2024, 16:34","7 Apr 2024, 17:35","Back after\na long break",'
    '"Pull Up (Assisted)",,"band, then\nmachine",1,"failure",25,6,,,9.5\n'
    '"Upper","7 Apr 2024, 16:34","7 Apr 2024, 17:35","Back after\na long break",'
    '"Bench Press (Dumbbell)",0,"",0,"warmup",28,10,,,\n'
    '"Upper","7 Apr 2024, 16:34","7 Apr 2024, 17:35","Back after\na long break",'
    '"Bench Press (Dumbbell)",0,"",1,"dropset",22.5,8,,,8\n'
    '"Joggen","28 Jan 2024, 21:35","28 Jan 2024, 21:49","","Running",,"",0,"normal",,,2.3,810,\n'
)


def test_hevy_metric_sorted_oldest_first_with_notes_and_kinds() -> None:
    result = parse(HEVY_METRIC)
    assert (result.source, result.variant, result.unit) == ("hevy", "metric", "kg")
    run, upper = result.workouts
    assert run.started_at == datetime(2024, 1, 28, 21, 35)
    assert run.duration_minutes == 14
    assert run.sets == (ParsedSet("Running", 1, None, None, None, "normal", 2300.0, 810, "", 12),)
    assert upper.started_at == datetime(2024, 4, 7, 16, 34)
    assert upper.duration_minutes == 61
    assert upper.notes == "Back after\na long break"
    assert upper.source_key == "hevy|2024-04-07 16:34:00|Upper"
    assert [
        (s.exercise_name, s.position, s.kind, s.weight_kg, s.reps, s.rpe) for s in upper.sets
    ] == [
        ("Pull Up (Assisted)", 1, "normal", 15.0, 6, None),
        ("Pull Up (Assisted)", 2, "failure", 25.0, 6, 9.5),
        ("Bench Press (Dumbbell)", 1, "warmup", 28.0, 10, None),
        ("Bench Press (Dumbbell)", 2, "drop", 22.5, 8, 8.0),
    ]
    assert upper.sets[0].notes == "band, then\nmachine"
    # a set is numbered by the line its record starts on: the first two records hold two line
    # breaks (description and notes), the next two one (description), so lines 2, 5, 8, 10
    assert [s.row for s in upper.sets] == [2, 5, 8, 10]


HEVY_IMPERIAL = HEVY_HEADER.replace("weight_kg", "weight_lbs").replace(
    "distance_km", "distance_miles"
) + (
    '"Home Gym - Wed","Jul 28, 2026, 6:49 PM","Jul 28, 2026, 7:34 PM","",'
    '"Shoulder Press (Dumbbell)",,"",0,"normal",135,10,,,\n'
    '"Late","Jul 29, 2026, 12:05 AM","Jul 29, 2026, 12:40 AM","","Treadmill",,"",0,"normal",'
    ",,1.5,600,\n"
    '"Lunch","Jul 30, 2026, 12:30\u202fPM","Jul 30, 2026, 1:10\u202fPM","","Push Up",,"",0,'
    '"normal",,20,,,\n'
)


def test_hevy_imperial_us_dates_and_conversion() -> None:
    result = parse(HEVY_IMPERIAL.encode("utf-8"))
    assert (result.variant, result.unit) == ("imperial", "lb")
    press, run, lunch = result.workouts
    assert press.started_at == datetime(2026, 7, 28, 18, 49)
    assert press.duration_minutes == 45
    assert press.sets[0].weight_kg == pytest.approx(61.23496995)
    assert run.started_at == datetime(2026, 7, 29, 0, 5)  # 12:05 AM is just after midnight
    assert run.sets[0].distance_m == pytest.approx(2414.016)
    assert run.sets[0].seconds == 600
    assert lunch.started_at == datetime(2026, 7, 30, 12, 30)  # narrow no-break space before PM
    assert lunch.duration_minutes == 40
    assert lunch.sets[0].weight_kg is None and lunch.sets[0].reps == 20


def test_hevy_iso_dates() -> None:
    text = HEVY_HEADER + (
        '"Legs","2024-04-07 16:34:00","2024-04-07 17:30:00","","Squat (Barbell)",,"",0,'
        '"normal",100,5,,,\n'
    )
    (workout,) = parse(text).workouts
    assert workout.started_at == datetime(2024, 4, 7, 16, 34)
    assert workout.duration_minutes == 56


def test_hevy_long_month_names_and_sept() -> None:
    text = HEVY_HEADER + (
        '"Legs","7 Sept 2024, 16:34","7 September 2024, 17:00","","Squat (Barbell)",,"",0,'
        '"normal",100,5,,,\n'
    )
    (workout,) = parse(text).workouts
    assert workout.started_at == datetime(2024, 9, 7, 16, 34)
    assert workout.duration_minutes == 26


# --- FitNotes -----------------------------------------------------------------------------

FITNOTES_OLD = (
    "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time\n"
    "2020-09-13,Barbell Squat,Legs,135.0,10,,,\n"
    "2020-09-13,Pull Up,Back,0.0,8,,,\n"
    "2020-09-13,Barbell Squat,Legs,185.0,5,,,\n"
    "2020-09-15,Flat Barbell Bench Press,Chest,95.0,12,,,\n"
)


def test_fitnotes_old_header_in_pounds() -> None:
    result = parse(FITNOTES_OLD)
    assert (result.source, result.variant, result.unit) == ("fitnotes", "old", "lb")
    day1, day2 = result.workouts
    assert day1.started_at == datetime(2020, 9, 13, 12, 0)
    assert START_TIME.hour == 12
    assert day1.title == "Legs, Back"
    assert day1.source_key == "fitnotes|2020-09-13"
    assert day1.duration_minutes is None
    squat1, pull_up, squat2 = day1.sets
    assert squat1.weight_kg == pytest.approx(61.23496995)
    assert pull_up.weight_kg is None and pull_up.reps == 8
    assert (squat2.position, squat2.weight_kg) == (2, pytest.approx(185 * 0.45359237))
    assert day2.title == "Chest"


def test_fitnotes_old_header_in_kilograms() -> None:
    result = parse(FITNOTES_OLD.replace("Weight (lbs)", "Weight (kgs)"))
    assert result.unit == "kg"
    assert result.workouts[0].sets[0].weight_kg == 135.0


FITNOTES_NEW = (
    "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
    '2026-08-04,Lat Pulldown,Back,35.0,kgs,10,,,,""\n'
    '2026-08-04,Lat Pulldown,Back,77.16,lbs,8,,,,"testing note 1"\n'
    '2026-08-13,Cycling,Cardio,,,,2.0,km,0:12:00,"reps + distance + time"\n'
    "2026-08-13,Running (Outdoor),Cardio,,,,42.19,km,1:59:30,distance + time\n"
    '2026-08-13,Rowing,Cardio,,,,1000.0,m,90,""\n'
    '2026-08-13,Running (Outdoor),Cardio,,,,1.0,mi,5:30,""\n'
)


def test_fitnotes_new_header_cardio_and_mixed_units() -> None:
    result = parse(FITNOTES_NEW)
    assert (result.variant, result.unit) == ("new", "mixed")
    back, cardio = result.workouts
    assert back.sets[0].weight_kg == 35.0
    assert back.sets[1].weight_kg == pytest.approx(34.9991872692)  # 77.16 lb
    assert back.sets[1].notes == "testing note 1"
    assert cardio.title == "Cardio"
    cycling, marathon, rowing, mile = cardio.sets
    assert (cycling.distance_m, cycling.seconds, cycling.reps) == (2000.0, 720, None)
    assert (marathon.distance_m, marathon.seconds) == (pytest.approx(42190.0), 7170)
    assert marathon.notes == "distance + time"
    assert (rowing.distance_m, rowing.seconds) == (1000.0, 90)
    assert (mile.distance_m, mile.seconds, mile.position) == (pytest.approx(1609.344), 330, 2)


def test_fitnotes_without_comment_column() -> None:
    text = (
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
        "2025-04-29,Seated Cable Row,Back,15.0,kgs,20,,,\n"
    )
    result = parse(text)
    assert result.variant == "new"
    assert result.workouts[0].sets[0].notes == ""


def test_fitnotes_unquoted_commas_in_exercise_names_are_joined_back() -> None:
    text = (
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
        "2025-04-29,Overhead Press (Each Side, Dumbbells),Shoulders,8.0,kgs,5,,,\n"
        "2025-04-29,Rear Delt Pulling (Each Side, Cable, Eyes Area),Shoulders,5.0,kgs,12,,,\n"
        "2025-04-29,Seated Cable Row,Back,15.0,kgs,20,,,\n"
    )
    result = parse(text)
    press, rear, row = result.workouts[0].sets
    assert (press.exercise_name, press.weight_kg, press.reps) == (
        "Overhead Press (Each Side, Dumbbells)",
        8.0,
        5,
    )
    assert (rear.exercise_name, rear.reps) == (
        "Rear Delt Pulling (Each Side, Cable, Eyes Area)",
        12,
    )
    assert row.exercise_name == "Seated Cable Row"
    assert result.workouts[0].title == "Shoulders, Back"
    assert any("2 rows had unquoted commas" in w for w in result.warnings)


def test_fitnotes_unquoted_comma_in_a_trailing_comment() -> None:
    text = (
        FITNOTES_NEW.splitlines()[0] + "\n2026-08-04,Lat Pulldown,Back,35.0,kgs,10,,,,good, easy\n"
    )
    (workout,) = parse(text).workouts
    assert workout.sets[0].notes == "good, easy"
    assert workout.sets[0].exercise_name == "Lat Pulldown"


# --- detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (STRONG_S1, ("strong", "S1")),
        (STRONG_S2, ("strong", "S2")),
        (STRONG_S3, ("strong", "S3")),
        (STRONG_S5, ("strong", "S5")),
        (HEVY_METRIC, ("hevy", "metric")),
        (HEVY_IMPERIAL, ("hevy", "imperial")),
        (FITNOTES_OLD, ("fitnotes", "old")),
        (FITNOTES_NEW, ("fitnotes", "new")),
    ],
)
def test_detect(text: str, expected: tuple[str, str]) -> None:
    assert detect(text) == expected
    assert expected[0] in SOURCES


def test_needs_unit_only_for_strong_s2_and_s5() -> None:
    assert [v for v in ("S1", "S2", "S3", "S4", "S5") if needs_unit("strong", v)] == ["S2", "S5"]
    assert not needs_unit("hevy", "metric")
    assert not needs_unit("fitnotes", "old")


def test_chosen_source_that_matches_is_accepted() -> None:
    assert parse(HEVY_METRIC, source="hevy").source == "hevy"
    assert parse(STRONG_S5, source="Strong", unit="kg").source == "strong"


def test_progress_reports_rows_read() -> None:
    rows = "".join(f"2025-04-{1 + i // 500:02d},Squat,Legs,100.0,kgs,5,,,\n" for i in range(2500))
    text = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n" + rows
    seen: list[int] = []
    result: ParsedImport = parse(text, progress=seen.append)
    assert seen == [1000, 2000, 2500]
    assert result.set_count == 2500
    assert len(result.workouts) == 5


def test_hevy_resaved_with_semicolons_and_decimal_commas() -> None:
    text = HEVY_HEADER.replace(",", ";") + (
        '"Legs";"7 Apr 2024, 16:34";"7 Apr 2024, 17:00";"";"Squat (Barbell)";;"";0;"normal";'
        "102,5;5;;;8,5\n"
    )
    (workout,) = parse(text).workouts
    assert (workout.sets[0].weight_kg, workout.sets[0].rpe) == (102.5, 8.5)


def test_utf16_with_byte_order_mark() -> None:
    result = parse(STRONG_S5.encode("utf-16"), unit="kg")  # Python writes the BOM
    assert result.set_count == 6
    assert result.warnings[0].startswith("1 workouts last more than 24 hours")
