"""Files the importers must refuse, each with a message naming the line and column.

Line numbers count the header as line 1, so data row N is on line N + 1.
"""

from __future__ import annotations

import gc
import pickle

import pytest

from tracker.importers import ImportFormatError, detect, parse
from tracker.importers.formats import sniff

S5_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)
S5_ROW = '2025-06-05 18:00:00,"Legs",45m,"Squat (Barbell)",1,100,5,0,0,,,\n'
HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)
HEVY_ROW = (
    '"Legs","7 Apr 2024, 16:34","7 Apr 2024, 17:35","","Squat (Barbell)",,"",0,"normal",100,5,,,\n'
)
FITNOTES_HEADER = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
FITNOTES_ROW = "2025-04-29,Seated Cable Row,Back,15.0,kgs,20,,,\n"


def refuse(
    data: str | bytes, source: str | None = None, unit: str | None = None
) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as caught:
        parse(data, source=source, unit=unit)
    return caught.value


def strong_row(**cells: str) -> str:
    """An S5 row with some cells replaced (by header name)."""
    names = S5_HEADER.strip().split(",")
    values = ["2025-06-05 18:00:00", '"Legs"', "45m", '"Squat (Barbell)"', "1", "100", "5"]
    values += ["0", "0", "", "", ""]
    for name, value in cells.items():
        values[names.index(name.replace("_", " "))] = value
    return ",".join(values) + "\n"


def test_error_str_names_line_and_column() -> None:
    error = ImportFormatError("'abc' is not a number", 5001, "Weight")
    assert str(error) == "line 5001, column 'Weight': 'abc' is not a number"
    assert str(ImportFormatError("no workouts found")) == "no workouts found"
    assert str(ImportFormatError("bad header", 1)) == "line 1: bad header"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.row, copy.column) == (error.message, 5001, "Weight")


def test_bad_number_on_row_5000_of_a_generated_file() -> None:
    rows = [strong_row()] * 4999 + [strong_row(Weight="abc")] + [strong_row()] * 10
    error = refuse(S5_HEADER + "".join(rows), unit="kg")
    # data row 5000 is line 5001 of the file
    assert (error.row, error.column) == (5001, "Weight")
    assert str(error) == "line 5001, column 'Weight': 'abc' is not a number"


def test_binary_content() -> None:
    error = refuse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert "not a CSV text file" in str(error)


def test_zip_archive() -> None:
    error = refuse(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 30)
    assert "ZIP" in str(error)


@pytest.mark.parametrize("data", [b"", "", b"\xef\xbb\xbf", "  \n\n", b"\r\n"])
def test_empty_file(data: str | bytes) -> None:
    assert str(refuse(data)) == "the file is empty"


@pytest.mark.parametrize(
    "text",
    [S5_HEADER, HEVY_HEADER, FITNOTES_HEADER, S5_HEADER + "\n\n", S5_HEADER + ",,,,,,,,,,,\n"],
)
def test_header_only_has_no_workouts(text: str) -> None:
    assert "no workouts found" in str(refuse(text, unit="kg"))


def test_only_rest_timer_rows_have_no_workouts() -> None:
    text = S5_HEADER + strong_row(Set_Order="Rest Timer") * 3
    error = refuse(text, unit="kg")
    assert "no workouts found" in str(error) and "3 rest-timer rows" in str(error)


def test_truncated_last_row() -> None:
    text = S5_HEADER + S5_ROW * 3 + '2025-06-05 18:00:00,"Legs",45m,"Squat (Barbell)",1,10'
    error = refuse(text, unit="kg")
    assert str(error) == (
        "line 5: the last row has 6 of the header's 12 columns: the file looks cut off"
    )


def test_truncated_inside_a_quote() -> None:
    text = (
        S5_HEADER + S5_ROW * 3 + '2025-06-05 18:00:00,"Legs",45m,"Squat (Barbell)",1,100,5,0,0,"dee'
    )
    error = refuse(text, unit="kg")
    assert error.row == 5
    assert "quoted field" in str(error) and "cut off" in str(error)


def test_short_row_in_the_middle() -> None:
    text = S5_HEADER + S5_ROW + "2025-06-05 18:00:00,Legs,45m\n" + S5_ROW
    error = refuse(text, unit="kg")
    assert str(error) == "line 3: the row has 3 columns but the header has 12"


def test_long_row_in_a_strong_file() -> None:
    text = S5_HEADER + S5_ROW.replace("\n", ",extra\n")
    assert str(refuse(text, unit="kg")) == "line 2: the row has 13 columns but the header has 12"


def test_unknown_header_lists_what_was_found() -> None:
    error = refuse("when,what,how much\n2024-01-01,squat,100\n")
    assert error.row == 1
    assert "not the header of a Strong, Hevy or FitNotes" in str(error)
    assert "'when', 'what', 'how much'" in str(error)


def test_html_page_is_not_an_export() -> None:
    error = refuse(b"<!DOCTYPE html>\n<html><body>Sign in</body></html>\n")
    assert "found: '<!DOCTYPE html>'" in str(error)


def test_fitnotes_body_weight_export_is_refused() -> None:
    text = "Date,Time,Measurement,Value,Unit\n2018-07-30,12:18:42,Bodyweight,167.0,lbs\n"
    error = refuse(text)
    assert "this is a FitNotes body-weight export, not a workout export" in str(error)
    with pytest.raises(ImportFormatError, match="body-weight"):
        detect(text)


def test_chosen_source_must_match() -> None:
    error = refuse(HEVY_HEADER + HEVY_ROW, source="strong")
    assert str(error) == "line 1: this looks like a Hevy export, not Strong"
    assert "a FitNotes export, not Hevy" in str(
        refuse(FITNOTES_HEADER + FITNOTES_ROW, source="hevy")
    )


def test_unknown_source_and_unit_arguments() -> None:
    assert "choose one of strong, hevy, fitnotes" in str(refuse(S5_HEADER + S5_ROW, source="jefit"))
    assert "'kg' or 'lb', not 'stone'" in str(refuse(S5_HEADER + S5_ROW, unit="stone"))


def test_missing_unit_for_strong_s5() -> None:
    error = refuse(S5_HEADER + S5_ROW)
    assert "S5" in str(error) and "kg or lb" in str(error)


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"Date": "2025-13-40 18:00:00"}, "Date", "'2025-13-40 18:00:00' is not a date and time"),
        ({"Date": "yesterday"}, "Date", "'yesterday' is not a date and time"),
        ({"Weight": "-20"}, "Weight", "'-20' is negative"),
        ({"Weight": "1200"}, "Weight", "'1200' (1200 kg) is over 1000 kg"),
        ({"Weight": "nan"}, "Weight", "'nan' is not a number"),
        ({"Weight": "1_000"}, "Weight", "'1_000' is not a number"),
        ({"Reps": "-3"}, "Reps", "'-3' is negative"),
        ({"Reps": "10.5"}, "Reps", "'10.5' is not a whole number of reps"),
        ({"Reps": "ten"}, "Reps", "'ten' is not a number"),
        ({"Seconds": "-1"}, "Seconds", "'-1' is negative"),
        ({"RPE": "11"}, "RPE", "'11' is not an RPE"),
        ({"Set_Order": '""'}, "Set Order", "the set order is empty"),
        ({"Exercise_Name": '""'}, "Exercise Name", "the exercise name is empty"),
    ],
)
def test_bad_strong_cells(cells: dict[str, str], column: str, message: str) -> None:
    text = S5_HEADER + S5_ROW + strong_row(**cells)
    error = refuse(text, unit="kg")
    assert (error.row, error.column) == (3, column)
    assert str(error).startswith(f"line 3, column '{column}': {message}")


def test_pounds_over_the_limit() -> None:
    # 2300 lb = 1043 kg
    error = refuse(S5_HEADER + strong_row(Weight="2300"), unit="lb")
    assert "(1043 kg) is over 1000 kg" in str(error)


STRONG_S3_HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes\n"
)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ('2019-01-11 12:31:54;"Leg";"Squat";1;20;stone;5;;;;0;;\n', "Weight Unit", "'stone'"),
        ('2019-01-11 12:31:54;"Leg";"Squat";1;20;;5;;;;0;;\n', "Weight Unit", "unit is empty"),
        ('2019-01-11 12:31:54;"Leg";"Run";1;;;;;3;parsecs;0;;\n', "Distance Unit", "'parsecs'"),
        ('2019-01-11 12:31:54;"Leg";"Run";1;;;;;3;;0;;\n', "Distance Unit", "unit is empty"),
    ],
)
def test_bad_units_per_row(row: str, column: str, message: str) -> None:
    error = refuse(STRONG_S3_HEADER + row)
    assert (error.row, error.column) == (2, column)
    assert message in str(error)


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        ('"7 Apr 2024, 16:34"', '"31 Apr 2024, 16:34"', "start_time", "is not a date and time"),
        ('"7 Apr 2024, 17:35"', '"7 Foo 2024, 17:35"', "end_time", "is not a date and time"),
        ('"normal"', '"superset"', "set_type", "'superset' is not a set type"),
        (",100,5,", ",abc,5,", "weight_kg", "'abc' is not a number"),
        (",100,5,", ",100,-5,", "reps", "'-5' is negative"),
    ],
)
def test_bad_hevy_cells(old: str, new: str, column: str, message: str) -> None:
    # a second workout (another title), so that its start and end times are read too
    bad = HEVY_ROW.replace('"Legs"', '"Arms"').replace(old, new)
    error = refuse(HEVY_HEADER + HEVY_ROW + bad)
    assert (error.row, error.column) == (3, column)
    assert message in str(error)


def test_hevy_time_with_impossible_hour() -> None:
    row = HEVY_ROW.replace('"7 Apr 2024, 16:34"', '"Apr 7, 2024, 16:34 PM"')
    error = refuse(HEVY_HEADER + row)
    assert (error.row, error.column) == (2, "start_time")


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("2025-02-30,Squat,Legs,100,kgs,5,,,\n", "Date", "'2025-02-30' is not a date"),
        ("2025-04-29,Squat,Legs,100,stone,5,,,\n", "Weight Unit", "'stone' is not a weight unit"),
        ("2025-04-29,Run,Cardio,,,,5,furlongs,\n", "Distance Unit", "'furlongs'"),
        ("2025-04-29,Run,Cardio,,,,5,km,1:xx:00\n", "Time", "'1:xx:00' is not a time"),
        ("2025-04-29,Squat,Legs,100,kgs,5.5,,,\n", "Reps", "not a whole number of reps"),
    ],
)
def test_bad_fitnotes_cells(row: str, column: str, message: str) -> None:
    error = refuse(FITNOTES_HEADER + FITNOTES_ROW + row)
    assert (error.row, error.column) == (3, column)
    assert message in str(error)


def test_fitnotes_extra_commas_that_cannot_be_placed() -> None:
    row = "2025-04-29,Squat,Legs,100,kgs,5,,,,what,is,this\n"
    error = refuse(FITNOTES_HEADER + row)
    assert error.row == 2
    assert "12 columns but the header has 9" in str(error)


def test_header_that_looks_like_hevy_without_weight_column() -> None:
    header = HEVY_HEADER.replace('"weight_kg",', '"weight_stone",')
    error = refuse(header + HEVY_ROW)
    assert "neither a 'weight_kg' nor a 'weight_lbs'" in str(error)


def test_semicolon_header_is_sniffed_even_with_commas_in_data() -> None:
    # the header decides the delimiter; data rows with commas do not confuse it
    assert (
        sniff(
            STRONG_S3_HEADER + '2019-01-11 12:31:54;"Back, Core";"Squat";1;20;kg;5;;;;0;;\n'
        ).delimiter
        == ";"
    )


def test_collector_is_back_on_after_a_failed_parse() -> None:
    refuse(S5_HEADER + S5_ROW + strong_row(Weight="abc"), unit="kg")
    assert gc.isenabled()


S5_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)


def test_unicode_digits_neither_crash_nor_count() -> None:
    """str.isdigit() accepts '²' but int() does not: a duration '²h' is not read (the workout
    keeps no duration, with a warning), and a set order '²' or 'W²' is not a set number (the
    row, which holds a set, is kept as a normal set, with a warning)."""
    rows = [
        "2024-01-01 10:00:00,A,²h,Squat (Barbell),1,100,5,0,0,,,\n",
        "2024-01-02 10:00:00,B,1h,Squat (Barbell),²,100,5,0,0,,,\n",
        "2024-01-03 10:00:00,C,1h,Squat (Barbell),W²,100,5,0,0,,,\n",
    ]
    result = parse(S5_HEADER + "".join(rows), unit="kg")
    first, second, _third = result.workouts
    assert (first.duration_minutes, second.duration_minutes) == (None, 60)
    assert [w.sets[0].kind for w in result.workouts] == ["normal"] * 3
    assert any("duration Regain cannot read (like '²h')" in w for w in result.warnings)
    assert any("2 rows have a set order Regain does not know" in w for w in result.warnings)
