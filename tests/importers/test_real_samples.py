"""Every real export in ../shared/samples/ parses, with counts checked against a plain csv count.

The files are personal logs without a licence to copy: they are read in place, never copied into
the project. Without them these tests are skipped, except on CI (CI=true), where they fail.
First and last workout times were read by hand from the files (Strong and FitNotes list the
oldest workout first, Hevy the newest), as the comments say.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from tracker.importers import ImportFormatError, ParsedImport, find_gaps, parse

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
KG_PER_LB = 0.45359237


@dataclass(frozen=True)
class Expected:
    source: str
    variant: str
    unit: str | None  # the unit reported by the parse
    first: datetime
    last: datetime
    unit_argument: str | None = None


EXPECTED: dict[str, Expected] = {
    # first data line 2020-12-30 18:51:52, last line 2021-09-06 18:21:27
    "strong_StrongAppAnalytics_strong.csv": Expected(
        "strong",
        "S5",
        "kg",
        datetime(2020, 12, 30, 18, 51, 52),
        datetime(2021, 9, 6, 18, 21, 27),
        unit_argument="kg",
    ),
    # first line 2025-06-03 20:23:00, last 2025-06-15 17:57:30
    "strong_strong-stats_strong.csv": Expected(
        "strong",
        "S5",
        "kg",
        datetime(2025, 6, 3, 20, 23),
        datetime(2025, 6, 15, 17, 57, 30),
        unit_argument="kg",
    ),
    # a single workout, 2019-02-14 07:33:40
    "strong_vis-strong-go_fixtures_alt.csv": Expected(
        "strong",
        "S2",
        "kg",
        datetime(2019, 2, 14, 7, 33, 40),
        datetime(2019, 2, 14, 7, 33, 40),
        unit_argument="kg",
    ),
    # workouts #39 (2019-03-28 15:24:28) and #40 (2019-03-31 05:42:20)
    "strong_vis-strong-go_fixtures_example.csv": Expected(
        "strong", "S1", "kg", datetime(2019, 3, 28, 15, 24, 28), datetime(2019, 3, 31, 5, 42, 20)
    ),
    # workouts #138 (2019-11-07 14:24:31) and #139 (2019-11-09 10:46:24)
    "strong_vis-strong-go_fixtures_exampleB.csv": Expected(
        "strong", "S1", "kg", datetime(2019, 11, 7, 14, 24, 31), datetime(2019, 11, 9, 10, 46, 24)
    ),
    # first line 2019-01-11 12:31:54, last 2019-02-13 13:16:51; kg and lbs rows
    "strong_vis-strong-go_strong_HEAD300records.csv": Expected(
        "strong",
        "S3",
        "mixed",
        datetime(2019, 1, 11, 12, 31, 54),
        datetime(2019, 2, 13, 13, 16, 51),
    ),
    # newest first: first line 7 Apr 2024, 16:34, last line 28 Jan 2024, 21:35
    "hevy_Hevy_project_workouts_HEAD300records.csv": Expected(
        "hevy", "metric", "kg", datetime(2024, 1, 28, 21, 35), datetime(2024, 4, 7, 16, 34)
    ),
    # first line 7 Apr 2024, 16:34, last line 29 Jul 2023, 18:41
    "hevy_Hevy_project_workouts_WINDOW_2023-07-20_to_2024-05-06.csv": Expected(
        "hevy", "metric", "kg", datetime(2023, 7, 29, 18, 41), datetime(2024, 4, 7, 16, 34)
    ),
    # first line 7 Apr 2026, 10:14, last line 15 Mar 2026, 19:36
    "hevy_hevyplotter_workouts_HEAD300records.csv": Expected(
        "hevy", "metric", "kg", datetime(2026, 3, 15, 19, 36), datetime(2026, 4, 7, 10, 14)
    ),
    # first line Jul 28, 2026, 6:49 PM, last line Dec 25, 2023, 6:25 PM
    "hevy_workout-analytics_workouts.csv": Expected(
        "hevy", "imperial", "lb", datetime(2023, 12, 25, 18, 25), datetime(2026, 7, 28, 18, 49)
    ),
    # FitNotes days start at noon by convention; first line 2025-04-29, last 2025-09-16
    "fitnotes_Data-analysis_FitNotes_Export.csv": Expected(
        "fitnotes", "new", "kg", datetime(2025, 4, 29, 12), datetime(2025, 9, 16, 12)
    ),
    # 2026-08-04 and 2026-08-05
    "fitnotes_LiftLog_fitnotes-android-export-kgs.csv": Expected(
        "fitnotes", "new", "kg", datetime(2026, 8, 4, 12), datetime(2026, 8, 5, 12)
    ),
    "fitnotes_LiftLog_fitnotes-android-export-lbs.csv": Expected(
        "fitnotes", "new", "lb", datetime(2026, 8, 4, 12), datetime(2026, 8, 5, 12)
    ),
    # the two days above plus the hand-made cardio rows on 2026-08-13
    "fitnotes_LiftLog_fitnotes-android-export-lbs-edge-cases.csv": Expected(
        "fitnotes", "new", "lb", datetime(2026, 8, 4, 12), datetime(2026, 8, 13, 12)
    ),
    # first line 2020-09-13, last 2020-10-03
    "fitnotes_fitnotes-data-viz_FitNotes_Export_2020_10_04.csv": Expected(
        "fitnotes", "old", "lb", datetime(2020, 9, 13, 12), datetime(2020, 10, 3, 12)
    ),
    # German header; first line 2017-12-25 18:28:32, last 2022-02-11 10:43:04
    "strong_ShutCoffee-Health-Dashboard_strong.csv": Expected(
        "strong",
        "S5",
        "kg",
        datetime(2017, 12, 25, 18, 28, 32),
        datetime(2022, 2, 11, 10, 43, 4),
        unit_argument="kg",
    ),
    # Chinese header, pounds; first line 2020-09-29 07:10:22, last 2023-12-17 17:43:27
    "strong_DericMei-My-WorkOut-Project_strong.csv": Expected(
        "strong",
        "S5",
        "lb",
        datetime(2020, 9, 29, 7, 10, 22),
        datetime(2023, 12, 17, 17, 43, 27),
        unit_argument="lb",
    ),
    # S4, lbs per row; first line 2021-07-10 11:05:50, last 2024-01-19 09:50:53
    "strong_Rclayton999-stongCharts_strong.csv": Expected(
        "strong", "S4", "lb", datetime(2021, 7, 10, 11, 5, 50), datetime(2024, 1, 19, 9, 50, 53)
    ),
    # S5 in pounds; first line 2020-12-07 16:17:06, last 2026-02-07 11:22:40
    "strong_Andrew50-Lifting_aj_strong_data.csv": Expected(
        "strong",
        "S5",
        "lb",
        datetime(2020, 12, 7, 16, 17, 6),
        datetime(2026, 2, 7, 11, 22, 40),
        unit_argument="lb",
    ),
    # Portuguese months, newest first: first line 5 Mai 2026, 07:34, last 7 Ago 2023, 18:16
    "hevy_biaazv-heavy_etl_workout_data.csv": Expected(
        "hevy", "metric", "kg", datetime(2023, 8, 7, 18, 16), datetime(2026, 5, 5, 7, 34)
    ),
    # first line 2022-09-14, last 2025-11-12
    "fitnotes_douglastkaiser-kaiserlift_lifting.csv": Expected(
        "fitnotes", "new", "lb", datetime(2022, 9, 14, 12), datetime(2025, 11, 12, 12)
    ),
    # old header "Weight (kgs)" with Comment; first line 2015-08-22, last 2016-03-12
    "fitnotes_drobotnik-fitnotes_FitNotes_Export_2016_03_13_22_34_28.csv": Expected(
        "fitnotes", "old", "kg", datetime(2015, 8, 22, 12), datetime(2016, 3, 12, 12)
    ),
}
BODY_WEIGHT_EXPORT = "fitnotes_barbell-beasts-og_FitNotes_BodyTracker_Export.csv"


@pytest.fixture(scope="module")
def samples() -> Path:
    if SAMPLES.is_dir():
        return SAMPLES
    if os.environ.get("CI") == "true":
        pytest.fail(f"the real export samples are missing on CI (looked in {SAMPLES})")
    pytest.skip(f"real export samples not found at {SAMPLES} (they live outside the project)")


def parsed(samples: Path, name: str) -> ParsedImport:
    expected = EXPECTED[name]
    return parse((samples / name).read_bytes(), unit=expected.unit_argument)


def plain_counts(path: Path, source: str) -> tuple[int, int, int]:
    """(workouts, sets, rest-timer rows) counted with the csv module alone."""
    text = path.read_text(encoding="utf-8-sig")
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header, records = rows[0], [row for row in rows[1:] if row]
    if source == "strong":
        if "Date" in header:
            date_at, title_at, order_at = (
                header.index("Date"),
                header.index("Workout Name"),
                header.index("Set Order"),
            )
        else:  # a localised S5 header: the same columns in the same order (samples README)
            date_at, title_at, order_at = 0, 1, 4
        rest = [row for row in records if row[order_at] == "Rest Timer"]
        workouts = {(row[date_at], row[title_at]) for row in records}
        return len(workouts), len(records) - len(rest), len(rest)
    if source == "hevy":
        start_at, title_at = header.index("start_time"), header.index("title")
        return len({(row[start_at], row[title_at]) for row in records}), len(records), 0
    return len({row[0] for row in records}), len(records), 0


def test_every_sample_file_is_covered(samples: Path) -> None:
    found = {path.name for path in samples.glob("*.csv")}
    assert found == set(EXPECTED) | {BODY_WEIGHT_EXPORT}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_parses_with_independent_counts(samples: Path, name: str) -> None:
    expected = EXPECTED[name]
    result = parsed(samples, name)
    assert (result.source, result.variant, result.unit) == (
        expected.source,
        expected.variant,
        expected.unit,
    )
    workouts, sets, rest_rows = plain_counts(samples / name, expected.source)
    assert len(result.workouts) == workouts
    assert result.set_count == sets
    assert result.skipped_rows == rest_rows
    assert result.workouts[0].started_at == expected.first
    assert result.workouts[-1].started_at == expected.last
    starts = [workout.started_at for workout in result.workouts]
    assert starts == sorted(starts)
    assert len({workout.source_key for workout in result.workouts}) == len(result.workouts)


def test_body_weight_export_is_refused(samples: Path) -> None:
    with pytest.raises(ImportFormatError, match="body-weight export"):
        parse((samples / BODY_WEIGHT_EXPORT).read_bytes())


def test_liftlog_kg_and_lb_files_hold_the_same_workouts(samples: Path) -> None:
    in_kg = parsed(samples, "fitnotes_LiftLog_fitnotes-android-export-kgs.csv")
    in_lb = parsed(samples, "fitnotes_LiftLog_fitnotes-android-export-lbs.csv")
    # line 2 of each: "Lat Pulldown,Back,35.0,kgs" and "Lat Pulldown,Back,77.16,lbs"
    assert in_kg.workouts[0].sets[0].weight_kg == 35.0
    assert in_lb.workouts[0].sets[0].weight_kg == pytest.approx(77.16 * KG_PER_LB)
    kg_sets = [s for w in in_kg.workouts for s in w.sets]
    lb_sets = [s for w in in_lb.workouts for s in w.sets]
    assert len(kg_sets) == len(lb_sets) == 38
    for kg_set, lb_set in zip(kg_sets, lb_sets, strict=True):
        assert (kg_set.exercise_name, kg_set.reps) == (lb_set.exercise_name, lb_set.reps)
        # the lb file rounds to 0.01 lb, i.e. within 0.0023 kg
        assert lb_set.weight_kg == pytest.approx(kg_set.weight_kg, abs=0.003)


def test_liftlog_edge_cases_cardio(samples: Path) -> None:
    result = parsed(samples, "fitnotes_LiftLog_fitnotes-android-export-lbs-edge-cases.csv")
    cardio = result.workouts[-1]
    assert cardio.title == "Cardio"
    by_note = {s.notes: s for s in cardio.sets}
    # "Cycling,Cardio,66.14,lbs,,1000.0,m,0:05:00,weight + distance + time"
    bike = by_note["weight + distance + time"]
    assert (bike.distance_m, bike.seconds, bike.reps) == (1000.0, 300, None)
    assert bike.weight_kg == pytest.approx(66.14 * KG_PER_LB)
    # "Running (Outdoor),Cardio,,,,42.19,km,1:59:30,distance + time"
    run = by_note["distance + time"]
    assert (run.distance_m, run.seconds, run.weight_kg) == (pytest.approx(42190.0), 7170, None)


def test_hevy_imperial_converts_pounds_and_miles(samples: Path) -> None:
    result = parsed(samples, "hevy_workout-analytics_workouts.csv")
    newest = result.workouts[-1]
    # line 2: "Shoulder Press (Dumbbell)" ... "normal",10,10 (10 lb, 10 reps)
    first = newest.sets[0]
    assert (first.exercise_name, first.reps, first.row) == ("Shoulder Press (Dumbbell)", 10, 2)
    assert first.weight_kg == pytest.approx(10 * KG_PER_LB)
    assert newest.duration_minutes == 45  # 6:49 PM to 7:34 PM
    miles = [s.distance_m for w in result.workouts for s in w.sets if s.distance_m]
    # distance_miles values include 1.01 and 3.5 (grep the file)
    assert pytest.approx(1.01 * 1609.344) in miles
    assert pytest.approx(3.5 * 1609.344) in miles


def test_strong_per_row_pounds(samples: Path) -> None:
    result = parsed(samples, "strong_vis-strong-go_strong_HEAD300records.csv")
    # line 252: 2019-02-08 04:38:07;"Morning Workout";"Deadlift (Dumbbell)";1;35.27;lbs;30
    (morning,) = [w for w in result.workouts if w.title == "Morning Workout"]
    first = morning.sets[0]
    assert (first.row, first.exercise_name, first.reps) == (252, "Deadlift (Dumbbell)", 30)
    assert first.weight_kg == pytest.approx(35.27 * KG_PER_LB)
    # Plank rows carry "mi." but no distance, and 60 seconds
    plank = next(s for w in result.workouts for s in w.sets if s.exercise_name == "Plank")
    assert (plank.distance_m, plank.seconds, plank.weight_kg) == (None, 60, None)


def test_strong_rest_timers_and_decimal_reps(samples: Path) -> None:
    result = parsed(samples, "strong_strong-stats_strong.csv")
    first = result.workouts[0]
    # line 2: ...,"Incline Bench Press (Dumbbell)",1,35.0,10.0,0,0.0,"","",
    assert (first.sets[0].reps, first.sets[0].weight_kg) == (10, 35.0)
    assert first.duration_minutes == 264 * 60 + 1  # "264h 1m", kept as written
    assert any("more than 24 hours" in warning for warning in result.warnings)


def test_strong_durations(samples: Path) -> None:
    result = parsed(samples, "strong_StrongAppAnalytics_strong.csv")
    assert result.workouts[0].duration_minutes == 158  # "2h 38m"
    assert result.workouts[-1].duration_minutes == 122  # "2h 2m"


def test_hevy_set_kinds_and_assisted_weights(samples: Path) -> None:
    plotter = parsed(samples, "hevy_hevyplotter_workouts_HEAD300records.csv")
    kinds = {s.kind for w in plotter.workouts for s in w.sets}
    assert kinds == {"normal", "warmup", "failure", "drop"}
    project = parsed(samples, "hevy_Hevy_project_workouts_HEAD300records.csv")
    # line 2: "Pull Up (Assisted)",,"",0,"normal",15,6 -- 15 kg of assistance, kept as given
    first = project.workouts[-1].sets[0]
    assert (first.exercise_name, first.weight_kg, first.reps) == ("Pull Up (Assisted)", 15.0, 6)


def test_fitnotes_shifted_commas_are_repaired(samples: Path) -> None:
    name = "fitnotes_Data-analysis_FitNotes_Export.csv"
    result = parsed(samples, name)
    with (samples / name).open(encoding="utf-8", newline="") as handle:
        long_rows = sum(1 for row in csv.reader(handle) if len(row) > 9)
    with_commas = [s for w in result.workouts for s in w.sets if "," in s.exercise_name]
    assert len(with_commas) == long_rows == 99
    # line 13: 2025-04-29,Overhead Press (Each Side, Dumbbells),Shoulders,8.0,kgs,5,,,
    line_13 = next(s for s in with_commas if s.row == 13)
    assert (line_13.exercise_name, line_13.weight_kg, line_13.reps) == (
        "Overhead Press (Each Side, Dumbbells)",
        8.0,
        5,
    )


def test_hevy_window_finds_the_115_day_break(samples: Path) -> None:
    result = parsed(samples, "hevy_Hevy_project_workouts_WINDOW_2023-07-20_to_2024-05-06.csv")
    gaps = find_gaps(workout.started_at for workout in result.workouts)
    # The README's "115-day gap (2023-09-14 to 2024-01-07)" is the distance between the two
    # workout dates: 2024-01-07 - 2023-09-14 = 115 days. find_gaps counts the days with no
    # workout in between, which excludes both workout days: 115 - 1 = 114.
    last_before, first_after = date(2023, 9, 14), date(2024, 1, 7)
    assert (first_after - last_before).days == 115
    assert (last_before, first_after, 114) in gaps
    assert max(gaps, key=lambda gap: gap.days) == (last_before, first_after, 114)
