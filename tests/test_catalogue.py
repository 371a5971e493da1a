"""The exercise catalogue: integrity of the data, name normalisation, matching, suggestions,
and coverage of the exercise names found in real Strong / Hevy / FitNotes exports."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from tracker.catalogue import (
    BY_KEY,
    CATALOGUE,
    EQUIPMENT,
    EXERCISE_KINDS,
    CatalogueExercise,
    match_name,
    normalise_name,
    suggest,
)
from tracker.importers import ImportFormatError, parse
from tracker.physiology.muscles import MUSCLE_KEYS

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
IN_CI = os.environ.get("CI", "").lower() == "true"

#: Column lengths of the tables the migration seeds (tracker/models.py).
NAME_MAX = 120
KEY_MAX = 80


# --- integrity --------------------------------------------------------------------------------


def test_catalogue_is_large_and_spans_the_equipment() -> None:
    assert len(CATALOGUE) >= 120
    by_equipment = {e: [x for x in CATALOGUE if x.equipment == e] for e in EQUIPMENT}
    for equipment in ("barbell", "dumbbell", "machine", "cable", "bodyweight"):
        assert len(by_equipment[equipment]) >= 10, equipment
    assert len(by_equipment["kettlebell"]) >= 3
    cardio = {x.key for x in CATALOGUE if x.kind == "cardio"}
    for expected in ("running", "cycling", "rowing_machine", "elliptical", "walking"):
        assert expected in cardio


def test_equipment_and_kinds_are_the_agreed_sets() -> None:
    assert set(EQUIPMENT) == {
        "barbell",
        "dumbbell",
        "machine",
        "cable",
        "bodyweight",
        "kettlebell",
        "band",
        "smith",
        "other",
    }
    assert set(EXERCISE_KINDS) == {"weighted", "bodyweight", "assisted", "cardio", "timed"}
    for item in CATALOGUE:
        assert item.equipment in EQUIPMENT, item.key
        assert item.kind in EXERCISE_KINDS, item.key
    assert {item.kind for item in CATALOGUE} == set(EXERCISE_KINDS)


def test_every_non_cardio_exercise_has_a_primary_muscle() -> None:
    missing = [x.key for x in CATALOGUE if x.kind != "cardio" and not x.primary]
    assert missing == []


def test_muscles_are_valid_and_not_repeated() -> None:
    for item in CATALOGUE:
        muscles = (*item.primary, *item.secondary)
        assert set(muscles) <= set(MUSCLE_KEYS), item.key
        assert len(set(muscles)) == len(muscles), f"{item.key}: a muscle listed twice"
        assert not set(item.primary) & set(item.secondary), item.key


def test_keys_are_unique_slugs_and_by_key_indexes_them() -> None:
    keys = [x.key for x in CATALOGUE]
    assert len(set(keys)) == len(keys)
    for key in keys:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", key), key
        assert len(key) <= KEY_MAX
    assert list(BY_KEY) == keys
    assert all(BY_KEY[x.key] is x for x in CATALOGUE)


def test_no_name_or_alias_belongs_to_two_exercises() -> None:
    owners: dict[str, set[str]] = {}
    for item in CATALOGUE:
        for name in (item.name, *item.aliases):
            owners.setdefault(normalise_name(name), set()).add(item.key)
    shared = {name: keys for name, keys in owners.items() if len(keys) > 1}
    assert shared == {}


def test_aliases_are_not_redundant_and_fit_the_database() -> None:
    for item in CATALOGUE:
        normalised = [normalise_name(n) for n in (item.name, *item.aliases)]
        assert all(normalised), f"{item.key}: a name normalises to nothing"
        assert len(set(normalised)) == len(normalised), f"{item.key}: an alias adds nothing"
        for name in (item.name, *item.aliases):
            assert len(name) <= NAME_MAX
            assert len(normalise_name(name)) <= NAME_MAX


def test_exercises_are_frozen_and_validated() -> None:
    good = CatalogueExercise(
        key="test_row",
        name="Test Row",
        equipment="cable",
        kind="weighted",
        primary=("upper_back",),
        secondary=("biceps",),
        aliases=(),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        good.name = "Something else"  # type: ignore[misc]
    with pytest.raises(ValueError, match="slug"):
        dataclasses.replace(good, key="Test Row")
    with pytest.raises(ValueError, match="equipment"):
        dataclasses.replace(good, equipment="rings")
    with pytest.raises(ValueError, match="kind"):
        dataclasses.replace(good, kind="isometric")
    with pytest.raises(ValueError, match="muscles"):
        dataclasses.replace(good, primary=("lats",))
    with pytest.raises(ValueError, match="primary"):
        dataclasses.replace(good, primary=())
    with pytest.raises(ValueError, match="both"):
        dataclasses.replace(good, secondary=("upper_back",))
    cardio = dataclasses.replace(good, kind="cardio", primary=(), secondary=())
    assert cardio.primary == ()


def test_assisted_and_timed_exercises_are_marked() -> None:
    for key in ("pull_up_assisted", "chin_up_assisted", "dip_assisted"):
        assert BY_KEY[key].kind == "assisted"
    assert BY_KEY["plank"].kind == "timed"
    assert BY_KEY["pull_up"].kind == "bodyweight"
    assert BY_KEY["bench_press_barbell"].kind == "weighted"


def test_muscle_assignments_follow_the_usual_coaching_view() -> None:
    def muscles(key: str) -> tuple[set[str], set[str]]:
        return set(BY_KEY[key].primary), set(BY_KEY[key].secondary)

    assert muscles("bench_press_barbell") == ({"chest"}, {"triceps", "shoulders"})
    assert "quads" in muscles("squat_barbell")[0] and "glutes" in muscles("squat_barbell")[0]
    assert {"glutes", "hamstrings"} <= muscles("romanian_deadlift_barbell")[0]
    assert muscles("lat_pulldown_cable")[0] == {"upper_back"}
    assert "biceps" in muscles("lat_pulldown_cable")[1]
    assert muscles("leg_extension_machine")[0] == {"quads"}
    assert muscles("hip_adduction_machine")[0] == {"adductors"}
    assert muscles("standing_calf_raise_machine")[0] == {"calves"}
    assert muscles("shrug_barbell")[0] == {"traps"}
    assert muscles("running") == (set(), set())


# --- normalise_name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bench Press (Barbell)", "bench press barbell"),
        ("  BENCH   press\t", "bench press"),
        ("Pull Up", "pullup"),
        ("Pull-Up", "pullup"),
        ("pullups", "pullup"),
        ("PULL UPS", "pullup"),
        ("Chin-ups", "chinup"),
        ("Lat Pull Down", "lat pulldown"),
        ("Rope Push Down", "rope pushdown"),
        ("DB Curl", "dumbbell curl"),
        ("BB Row", "barbell row"),
        ("KB Swings", "kettlebell swing"),
        ("Overhead Press (Each Side, Dumbbells)", "overhead press dumbbell"),
        ("Dumbbell Curl (Each Side)", "dumbbell curl"),
        ("Lat Pulldown (Pulley)", "lat pulldown cable"),
        ("Seated Cable Row (Pulley)", "seated cable row"),
        ("Smith Squat", "smith machine squat"),
        ("Squat (Smith Machine)", "squat smith machine"),
        ("Bicep Curls", "biceps curl"),
        ("Tricep Pushdown", "triceps pushdown"),
        ("RDL", "romanian deadlift"),
        ("Stiff-Legged Deadlift", "stiff leg deadlift"),
        ("One-Arm Dumbbell Row", "single arm dumbbell row"),
        ("Skull Crushers", "skullcrusher"),
        ("Knee Raise (Captain's Chair)", "knee raise captains chair"),
        ("Knee Raise (Captain\u2019s Chair)", "knee raise captains chair"),
        ("Clean & Jerk", "clean and jerk"),
        ("Plié Squat", "plie squat"),
        ("Triceps Pushdown (Cable - Straight Bar)", "triceps pushdown cable straight bar"),
        ("Squat 💪", "squat"),
        # Words that end in "s" without being plurals stay as they are.
        ("Abs Triceps Press", "abs triceps press"),
        ("Calves", "calves"),
        ("", ""),
    ],
)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_normalise_name_is_idempotent_on_the_catalogue() -> None:
    for item in CATALOGUE:
        for name in (item.name, *item.aliases):
            once = normalise_name(name)
            assert normalise_name(once) == once, name


# --- match_name -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Bench Press (Barbell)", "bench_press_barbell"),  # Strong, Hevy
        ("Flat Barbell Bench Press", "bench_press_barbell"),  # FitNotes
        ("Barbell Bench Press", "bench_press_barbell"),
        ("bench press (barbell)", "bench_press_barbell"),
        ("Squat (Barbell)", "squat_barbell"),
        ("Barbell Squat", "squat_barbell"),
        ("Lat Pulldown (Cable)", "lat_pulldown_cable"),
        ("Lat Pulldown", "lat_pulldown_cable"),
        ("Deadlift (Barbell)", "deadlift_barbell"),
        ("Deadlift", "deadlift_barbell"),
        ("Pull Up", "pull_up"),
        ("Pull-ups", "pull_up"),
        ("Chin Up", "chin_up"),
        ("Assisted Pull Up", "pull_up_assisted"),
        ("Pull Up (Assisted)", "pull_up_assisted"),
        ("Overhead Press (Dumbbell)", "overhead_press_dumbbell"),
        ("Shoulder Press (Dumbbell)", "overhead_press_dumbbell"),
        ("Seated Cable Row - V Grip (Cable)", "seated_row_cable"),
        ("Triceps Pushdown (Cable - Straight Bar)", "triceps_pushdown_cable"),
        ("Romanian Deadlift (Barbell)", "romanian_deadlift_barbell"),
        ("Incline Bench Press (Dumbbell)", "incline_bench_press_dumbbell"),
        ("Incline Dumbbell Bench Press", "incline_bench_press_dumbbell"),
        ("Leg Extension Machine", "leg_extension_machine"),
        ("Hammer Curl (Dumbbell)", "hammer_curl_dumbbell"),
        ("Lateral Raise (Dumbbell)", "lateral_raise_dumbbell"),
        ("Plank", "plank"),
        ("Running (Outdoor)", "running"),
        ("Rowing Machine", "rowing_machine"),
        ("Kettlebell Swing", "kettlebell_swing"),
    ],
)
def test_match_name_finds_app_names(name: str, key: str) -> None:
    found = match_name(name)
    assert found is not None, name
    assert found.key == key


def test_assisted_pull_up_is_matched_as_assisted() -> None:
    found = match_name("Assisted Pull Up")
    assert found is not None
    assert found.kind == "assisted"
    assert "upper_back" in found.primary


def test_match_name_rejects_unknown_names() -> None:
    assert match_name("My secret finisher") is None
    assert match_name("") is None
    assert match_name("Bench") is None  # a fragment is not an exact match


# --- suggest ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "key"),
    [
        ("Snatch Ballance", "snatch_balance_barbell"),
        ("Dedlift", "deadlift_barbell"),
        ("Benchpres", "bench_press_barbell"),
        ("Tricep pushdwn", "triceps_pushdown_cable"),
        ("romainian deadlift", "romanian_deadlift_barbell"),
        ("Bulgarian squat", "bulgarian_split_squat_dumbbell"),
    ],
)
def test_suggest_puts_the_intended_exercise_first(typo: str, key: str) -> None:
    assert match_name(typo) is None
    suggestions = suggest(typo)
    assert suggestions, typo
    assert suggestions[0].key == key


def test_suggest_is_limited_deterministic_and_without_repeats() -> None:
    first = suggest("curl", limit=4)
    assert 1 <= len(first) <= 4
    assert len({x.key for x in first}) == len(first)
    assert suggest("curl", limit=4) == first
    assert suggest("curl", limit=10)[:4] == first
    assert suggest("curl", limit=0) == []


def test_suggest_offers_nothing_for_unrelated_text() -> None:
    assert suggest("") == []
    assert suggest("!!!") == []
    assert suggest("Zumba xyz qqq") == []


# --- real export files ------------------------------------------------------------------------

#: The exercise-name column of each app's CSV.
_NAME_COLUMNS = ("Exercise Name", "exercise_title", "Exercise")


def _exercise_names(path: Path) -> set[str]:
    """The distinct exercise names of one export (Strong, Hevy or FitNotes, in any of the
    header languages the importers read), or none (FitNotes' body-weight export)."""
    try:
        parsed = parse(path.read_bytes(), unit="kg")
    except ImportFormatError:
        return set()
    return {item.exercise_name for workout in parsed.workouts for item in workout.sets}


def test_sample_exercise_names_match_better_than_plain_lookup() -> None:
    """Distinct exercise names of every real export in ../shared/samples, by catalogue alias.

    The samples now include files in German, Portuguese and Chinese and two long English logs
    full of personal names ("Practice Squat", "Calf Rubs"): aliases alone match about 58 % of
    the 585 names, a plain case-insensitive lookup about 49 %. The names' own reading
    (``tracker.exercise_names``, tested in tests/test_exercise_names.py) covers the rest; this
    test holds the normalisation: a broken rule brings the alias share down to the plain one.
    """
    if not SAMPLES.is_dir():
        message = f"sample exports not found at {SAMPLES}"
        if IN_CI:
            pytest.fail(f"{message}; CI must run this test")
        pytest.skip(message)
    names: set[str] = set()
    for path in sorted(SAMPLES.glob("*.csv")):
        found = _exercise_names(path)
        if "BodyTracker" not in path.name:
            assert found, f"no exercise names read from {path.name}"
        names |= found
    assert len(names) >= 500
    matched = sum(match_name(n) is not None for n in names) / len(names)
    spelled = {alias.casefold() for item in CATALOGUE for alias in item.names}
    plain = sum(n.strip().casefold() in spelled for n in names) / len(names)
    assert matched >= plain + 0.05, (matched, plain)
    assert matched >= 0.55, matched
