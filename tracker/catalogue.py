"""The exercise catalogue: common exercises, the muscles they train and the names apps use.

Pure data (no Flask, no database): migrations seed the ``exercises`` table from ``CATALOGUE``
(matched by ``key``, so a key is never reused or renamed), and the importers match the exercise
names of Strong, Hevy and FitNotes exports through ``normalise_name`` + ``match_name``; for a name
with no match ``suggest`` offers the closest entries.

Muscle assignments follow the usual coaching view: ``primary`` are the main movers,
``secondary`` the helpers that do meaningful work. Cardio entries carry no muscles: the model
gives them no muscle stimulus. Mobility work logged only by time (stretching, yoga, cat-cow) is
filed as "cardio" for the same reason: it is time without a stimulus the model counts.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from tracker.physiology.muscles import MUSCLE_KEYS

EQUIPMENT: tuple[str, ...] = (
    "barbell",
    "dumbbell",
    "machine",
    "cable",
    "bodyweight",
    "kettlebell",
    "band",
    "smith",
    "other",
)

#: weighted: the weight is load; bodyweight: body weight plus optional added weight;
#: assisted: the weight is assistance (lower is harder); cardio: distance/time, no muscle
#: stimulus; timed: held for seconds (plank).
EXERCISE_KINDS: tuple[str, ...] = ("weighted", "bodyweight", "assisted", "cardio", "timed")

_KEY_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


@dataclass(frozen=True)
class CatalogueExercise:
    """One exercise of the catalogue; invalid values raise ``ValueError`` on construction."""

    key: str
    name: str
    equipment: str
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    aliases: tuple[str, ...]

    def __post_init__(self) -> None:
        problems = []
        if not _KEY_SHAPE.fullmatch(self.key):
            problems.append("key is not a slug")
        if self.equipment not in EQUIPMENT:
            problems.append(f"unknown equipment {self.equipment!r}")
        if self.kind not in EXERCISE_KINDS:
            problems.append(f"unknown kind {self.kind!r}")
        unknown = [m for m in (*self.primary, *self.secondary) if m not in MUSCLE_KEYS]
        if unknown:
            problems.append(f"unknown muscles {unknown}")
        if not self.primary and self.kind != "cardio":
            problems.append("no primary muscle")
        if set(self.primary) & set(self.secondary):
            problems.append("a muscle is both primary and secondary")
        if problems:
            raise ValueError(f"catalogue exercise {self.key!r}: {'; '.join(problems)}")

    @property
    def names(self) -> tuple[str, ...]:
        """The display name followed by the aliases."""
        return (self.name, *self.aliases)


# --- names ------------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")

#: Single words rewritten before anything else: abbreviations, spellings, safe plurals.
_WORDS: dict[str, tuple[str, ...]] = {
    "db": ("dumbbell",),
    "dbs": ("dumbbell",),
    "dumbell": ("dumbbell",),
    "dumbells": ("dumbbell",),
    "dumbbells": ("dumbbell",),
    "bb": ("barbell",),
    "barbells": ("barbell",),
    "kb": ("kettlebell",),
    "kbs": ("kettlebell",),
    "kettlebells": ("kettlebell",),
    "bw": ("bodyweight",),
    "bicep": ("biceps",),
    "tricep": ("triceps",),
    "pulley": ("cable",),
    "cables": ("cable",),
    "ezbar": ("ez", "bar"),
    "isolateral": ("iso", "lateral"),
    "ohp": ("overhead", "press"),
    "rdl": ("romanian", "deadlift"),
    "rdls": ("romanian", "deadlift"),
    "legged": ("leg",),
    "benchpress": ("bench", "press"),
    "legpress": ("leg", "press"),
    # Plurals, only for words that are never meant in the plural in an exercise name.
    **{
        plural: (singular,)
        for singular, plural in (
            ("burpee", "burpees"),
            ("bridge", "bridges"),
            ("carry", "carries"),
            ("chinup", "chinups"),
            ("chop", "chops"),
            ("clean", "cleans"),
            ("climber", "climbers"),
            ("crossover", "crossovers"),
            ("crunch", "crunches"),
            ("curl", "curls"),
            ("deadlift", "deadlifts"),
            ("dip", "dips"),
            ("extension", "extensions"),
            ("fly", "flyes"),
            ("fly", "flys"),
            ("fly", "flies"),
            ("getup", "getups"),
            ("jack", "jacks"),
            ("jump", "jumps"),
            ("kick", "kicks"),
            ("kickback", "kickbacks"),
            ("lunge", "lunges"),
            ("morning", "mornings"),
            ("plank", "planks"),
            ("press", "presses"),
            ("pullapart", "pullaparts"),
            ("pulldown", "pulldowns"),
            ("pullover", "pullovers"),
            ("pullup", "pullups"),
            ("pushdown", "pushdowns"),
            ("pushup", "pushups"),
            ("raise", "raises"),
            ("rollout", "rollouts"),
            ("row", "rows"),
            ("shrug", "shrugs"),
            ("situp", "situps"),
            ("skip", "skips"),
            ("skullcrusher", "skullcrushers"),
            ("snatch", "snatches"),
            ("sprint", "sprints"),
            ("squat", "squats"),
            ("stepup", "stepups"),
            ("superman", "supermans"),
            ("swing", "swings"),
            ("tap", "taps"),
            ("thrust", "thrusts"),
            ("thruster", "thrusters"),
            ("touch", "touches"),
            ("twist", "twists"),
            ("walk", "walks"),
            ("woodchopper", "woodchoppers"),
        )
    },
}

#: Word pairs rewritten after that: compounds written apart ("pull up" -> "pullup"), the
#: one/single spellings, and "each side" style notes (FitNotes users put them in the name to say
#: the weight is per side; the exercise is the same).
_PAIRS: dict[tuple[str, str], tuple[str, ...]] = {}
for _first, _second in (
    ("pull", "up"),
    ("push", "up"),
    ("chin", "up"),
    ("sit", "up"),
    ("step", "up"),
    ("get", "up"),
    ("pull", "down"),
    ("push", "down"),
    ("pull", "apart"),
    ("pull", "over"),
    ("kick", "back"),
    ("skull", "crusher"),
    ("dead", "lift"),
    ("cross", "over"),
    ("roll", "out"),
    ("hyper", "extension"),
    ("jack", "knife"),
    ("body", "weight"),
    ("wood", "chopper"),
):
    _PAIRS[(_first, _second)] = (_first + _second,)
    _PAIRS[(_first, _second + "s")] = (_first + _second,)
for _number in ("one", "1"):
    for _limb in ("arm", "leg"):
        _PAIRS[(_number, _limb)] = ("single", _limb)
for _each in ("each", "per"):
    for _part in ("side", "arm", "leg", "hand"):
        _PAIRS[(_each, _part)] = ()


def normalise_name(name: str) -> str:
    """The key two exercise names are compared by.

    Case-folded, accents and apostrophes dropped, "&" read as "and", punctuation and brackets
    turned into spaces; abbreviations expanded ("db" -> "dumbbell", "bb" -> "barbell",
    "rdl" -> "romanian deadlift"), compounds joined ("Pull-Up", "pull up", "Pullups" ->
    "pullup"), safe plurals made singular, "each side"/"per arm" notes dropped, "smith" read as
    "smith machine", and a word already present dropped again ("Row (Cable) (Pulley)").
    Word order is kept: "Barbell Bench Press" and "Bench Press (Barbell)" differ, and the
    catalogue lists both spellings as aliases.

    The result is stored in the database (``exercise_aliases.normalized`` and users' name
    mappings): changing these rules needs a migration that re-normalises those rows.
    """
    text = _APOSTROPHES.sub("", name).replace("&", " and ")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words: list[str] = []
    for word in _NON_WORD.sub(" ", text).split():
        words.extend(_WORDS.get(word, (word,)))
    joined: list[str] = []
    i = 0
    while i < len(words):
        pair = (words[i], words[i + 1]) if i + 1 < len(words) else None
        if pair is not None and pair in _PAIRS:
            joined.extend(_PAIRS[pair])
            i += 2
        else:
            joined.append(words[i])
            i += 1
    result: list[str] = []
    for i, word in enumerate(joined):
        candidates = [word]
        if word == "smith" and (i + 1 == len(joined) or joined[i + 1] != "machine"):
            candidates.append("machine")
        result.extend(c for c in candidates if c not in result)
    return " ".join(result)


# --- the catalogue ----------------------------------------------------------------------------


def _x(
    key: str,
    name: str,
    equipment: str,
    kind: str,
    primary: str,
    secondary: str = "",
    aliases: tuple[str, ...] = (),
) -> CatalogueExercise:
    """Shorthand for the table below: muscles as space-separated keys."""
    return CatalogueExercise(
        key, name, equipment, kind, tuple(primary.split()), tuple(secondary.split()), aliases
    )


_W, _BW, _AS, _CA, _TI = "weighted", "bodyweight", "assisted", "cardio", "timed"

# fmt: off
CATALOGUE: tuple[CatalogueExercise, ...] = (
    # --- chest ---
    _x("bench_press_barbell", "Bench Press (Barbell)", "barbell", _W, "chest", "triceps shoulders",
       ("Barbell Bench Press", "Flat Barbell Bench Press", "Flat Bench Press", "Bench Press",
        "Bench Press (With Bar)", "Paused Bench Press", "Pause Bench Press",
        "Barbell Flat Bench Press")),
    _x("bench_press_dumbbell", "Bench Press (Dumbbell)", "dumbbell", _W, "chest",
       "triceps shoulders",
       ("Dumbbell Bench Press", "Flat Dumbbell Bench Press", "Dumbbell Press",
        "Dumbbell Chest Press", "Flat Dumbbell Press")),
    _x("bench_press_smith", "Bench Press (Smith Machine)", "smith", _W, "chest",
       "triceps shoulders",
       ("Smith Machine Bench Press", "Flat Barbell Bench Press (Smith Machine)")),
    _x("bench_press_close_grip_barbell", "Bench Press - Close Grip (Barbell)", "barbell", _W,
       "triceps chest", "shoulders",
       ("Close Grip Bench Press", "Close Grip Barbell Bench Press")),
    _x("incline_bench_press_barbell", "Incline Bench Press (Barbell)", "barbell", _W, "chest",
       "shoulders triceps",
       ("Incline Barbell Bench Press", "Incline Bench Press", "Barbell Incline Bench Press")),
    _x("incline_bench_press_dumbbell", "Incline Bench Press (Dumbbell)", "dumbbell", _W, "chest",
       "shoulders triceps",
       ("Incline Dumbbell Bench Press", "Incline Dumbbell Press",
        "Dumbbell Incline Bench Press", "Dumbbell Incline Press")),
    _x("incline_bench_press_smith", "Incline Bench Press (Smith Machine)", "smith", _W, "chest",
       "shoulders triceps",
       ("Smith Machine Incline Bench Press", "Incline Barbell Bench Press (Smith Machine)")),
    _x("decline_bench_press_barbell", "Decline Bench Press (Barbell)", "barbell", _W, "chest",
       "triceps shoulders",
       ("Decline Barbell Bench Press", "Decline Bench Press")),
    _x("decline_bench_press_dumbbell", "Decline Bench Press (Dumbbell)", "dumbbell", _W, "chest",
       "triceps shoulders",
       ("Decline Dumbbell Bench Press", "Decline Dumbbell Press")),
    _x("chest_press_machine", "Chest Press (Machine)", "machine", _W, "chest",
       "triceps shoulders",
       ("Machine Chest Press", "Seated Chest Press", "Chest Press", "Bench Press (Machine)",
        "Machine Bench Press")),
    _x("iso_lateral_chest_press_machine", "Iso-Lateral Chest Press (Machine)", "machine", _W,
       "chest", "triceps shoulders",
       ("Iso-Lateral Chest Press", "Hammer Strength Chest Press", "Plate Loaded Chest Press")),
    _x("incline_chest_press_machine", "Incline Chest Press (Machine)", "machine", _W, "chest",
       "shoulders triceps",
       ("Incline Chest Press", "Incline Machine Chest Press", "Incline Bench Press (Machine)",
        "Incline Hammer Strength Chest Press", "Hammer Strength Incline Chest Press")),
    _x("decline_chest_press_machine", "Decline Chest Press (Machine)", "machine", _W, "chest",
       "triceps shoulders",
       ("Decline Chest Press", "Decline Machine Chest Press",
        "Decline Hammer Strength Chest Press", "Hammer Strength Decline Chest Press")),
    _x("chest_fly_dumbbell", "Chest Fly (Dumbbell)", "dumbbell", _W, "chest", "shoulders",
       ("Dumbbell Fly", "Flat Dumbbell Fly", "Dumbbell Chest Fly", "Fly (Dumbbell)")),
    _x("incline_chest_fly_dumbbell", "Incline Chest Fly (Dumbbell)", "dumbbell", _W, "chest",
       "shoulders",
       ("Incline Dumbbell Fly", "Incline Fly (Dumbbell)")),
    # Strong's plain "Chest Fly" is its machine fly.
    _x("chest_fly_machine", "Chest Fly (Machine)", "machine", _W, "chest", "shoulders",
       ("Butterfly (Pec Deck)", "Pec Deck", "Pec Deck Fly", "Seated Machine Fly", "Machine Fly",
        "Butterfly", "Chest Fly", "Machine Chest Fly")),
    _x("chest_fly_cable", "Cable Crossover", "cable", _W, "chest", "shoulders",
       ("Cable Fly Crossovers", "Cable Fly", "Chest Fly (Cable)", "Cable Chest Fly",
        "Standing Cable Fly")),
    _x("pullover_dumbbell", "Pullover (Dumbbell)", "dumbbell", _W, "chest upper_back", "triceps",
       ("Dumbbell Pullover",)),
    _x("around_the_world_dumbbell", "Around the World (Dumbbell)", "dumbbell", _W, "chest",
       "shoulders",
       ("Around the World", "Dumbbell Around the World")),
    _x("push_up", "Push Up", "bodyweight", _BW, "chest", "triceps shoulders",
       ("Press Up", "Push Up (Weighted)", "Weighted Push Up")),
    _x("push_up_incline", "Incline Push Up", "bodyweight", _BW, "chest", "triceps shoulders",
       ("Push Up (Incline)", "Incline Press Up")),
    _x("push_up_decline", "Decline Push Up", "bodyweight", _BW, "chest", "shoulders triceps",
       ("Push Up (Decline)", "Feet Elevated Push Up")),
    _x("push_up_kneeling", "Kneeling Push Up", "bodyweight", _BW, "chest", "triceps shoulders",
       ("Push Up (Kneeling)", "Knee Push Up", "Push Up (Knees)")),
    _x("push_up_diamond", "Diamond Push Up", "bodyweight", _BW, "triceps chest", "shoulders",
       ("Close Grip Push Up", "Triangle Push Up")),
    _x("push_up_pike", "Pike Push Up", "bodyweight", _BW, "shoulders", "triceps",
       ("Pike Press Up",)),
    _x("dip_chest", "Chest Dip", "bodyweight", _BW, "chest triceps", "shoulders",
       ("Dip", "Chest Dip (Weighted)", "Weighted Dip", "Weighted Chest Dip",
        "Parallel Bar Dip")),
    _x("dip_assisted", "Chest Dip (Assisted)", "machine", _AS, "chest triceps", "shoulders",
       ("Assisted Dip", "Assisted Chest Dip", "Dip (Assisted)", "Triceps Dip (Assisted)",
        "Assisted Triceps Dip")),
    _x("dip_triceps", "Triceps Dip", "bodyweight", _BW, "triceps", "chest shoulders",
       ("Triceps Dip (Weighted)", "Parallel Bar Triceps Dip")),
    _x("bench_dip", "Bench Dip", "bodyweight", _BW, "triceps", "chest shoulders",
       ("Chair Dip", "Triceps Bench Dip", "Bench Dip (Weighted)")),

    # A machine with a seat and handles: the weight is load, not assistance.
    _x("dip_machine", "Seated Dip (Machine)", "machine", _W, "triceps chest", "shoulders",
       ("Dip Machine", "Machine Dip", "Triceps Dip (Machine)", "Seated Dip")),

    # --- back ---
    _x("deadlift_barbell", "Deadlift (Barbell)", "barbell", _W, "glutes hamstrings lower_back",
       "quads traps upper_back forearms",
       ("Deadlift", "Barbell Deadlift", "Conventional Deadlift",
        "Conventional Deadlift (Barbell)")),
    _x("deadlift_sumo_barbell", "Sumo Deadlift (Barbell)", "barbell", _W,
       "glutes quads adductors", "hamstrings lower_back traps forearms",
       ("Sumo Deadlift", "Barbell Sumo Deadlift")),
    _x("deadlift_trap_bar", "Trap Bar Deadlift", "barbell", _W, "quads glutes",
       "hamstrings lower_back traps forearms",
       ("Hex Bar Deadlift", "Deadlift (Trap Bar)", "Deadlift (Hex Bar)")),
    _x("deadlift_dumbbell", "Deadlift (Dumbbell)", "dumbbell", _W, "glutes hamstrings",
       "quads lower_back forearms",
       ("Dumbbell Deadlift",)),
    _x("deadlift_band", "Deadlift (Band)", "band", _W, "glutes hamstrings", "lower_back",
       ("Band Deadlift", "Resistance Band Deadlift")),
    _x("romanian_deadlift_barbell", "Romanian Deadlift (Barbell)", "barbell", _W,
       "hamstrings glutes", "lower_back forearms",
       ("Romanian Deadlift", "Barbell Romanian Deadlift")),
    _x("romanian_deadlift_dumbbell", "Romanian Deadlift (Dumbbell)", "dumbbell", _W,
       "hamstrings glutes", "lower_back forearms",
       ("Dumbbell Romanian Deadlift",)),
    _x("stiff_leg_deadlift_barbell", "Stiff Leg Deadlift (Barbell)", "barbell", _W,
       "hamstrings glutes", "lower_back forearms",
       ("Stiff Leg Deadlift", "Straight Leg Deadlift", "Straight Leg Deadlift (Barbell)",
        "Barbell Stiff Leg Deadlift")),
    _x("good_morning_barbell", "Good Morning (Barbell)", "barbell", _W, "hamstrings lower_back",
       "glutes",
       ("Good Morning", "Barbell Good Morning")),
    _x("rack_pull_barbell", "Rack Pull (Barbell)", "barbell", _W, "glutes lower_back traps",
       "hamstrings upper_back forearms",
       ("Rack Pull", "Barbell Rack Pull")),
    _x("bent_over_row_barbell", "Bent Over Row (Barbell)", "barbell", _W, "upper_back",
       "biceps traps shoulders lower_back",
       ("Bent Over Barbell Row", "Barbell Row", "Barbell Bent Over Row", "Bent Over Row")),
    _x("pendlay_row_barbell", "Pendlay Row (Barbell)", "barbell", _W, "upper_back",
       "biceps traps shoulders lower_back",
       ("Pendlay Row", "Barbell Pendlay Row")),
    _x("t_bar_row", "T-Bar Row", "barbell", _W, "upper_back", "biceps traps shoulders lower_back",
       ("T-Bar Row (Barbell)", "Landmine Row")),
    _x("row_dumbbell", "Dumbbell Row", "dumbbell", _W, "upper_back", "biceps traps shoulders",
       ("Bent Over Row (Dumbbell)", "Dumbbell Bent Over Row", "Single Arm Dumbbell Row",
        "Bent Over One Arm Row (Dumbbell)", "Row (Dumbbell)")),
    _x("chest_supported_row_dumbbell", "Chest Supported Incline Row (Dumbbell)", "dumbbell", _W,
       "upper_back", "biceps traps shoulders",
       ("Chest Supported Row (Dumbbell)", "Chest Supported Dumbbell Row", "Incline Dumbbell Row")),
    _x("bent_over_row_band", "Bent Over Row (Band)", "band", _W, "upper_back", "biceps shoulders",
       ("Band Row", "Band Bent Over Row", "Resistance Band Row")),
    _x("seated_row_cable", "Seated Row (Cable)", "cable", _W, "upper_back",
       "biceps traps shoulders",
       ("Seated Cable Row", "Cable Row", "Seated Cable Row - Bar Grip",
        "Seated Cable Row - V Grip (Cable)", "V-Grip Seated Cable Row",
        "Wide Grip Seated Row", "Seated Cable Row - Wide Grip", "Low Cable Row")),
    _x("row_single_arm_cable", "Single Arm Cable Row", "cable", _W, "upper_back",
       "biceps shoulders",
       ("Cable Row (Single Arm)", "Single Arm Seated Cable Row")),
    _x("seated_row_machine", "Seated Row (Machine)", "machine", _W, "upper_back",
       "biceps traps shoulders",
       ("Machine Row", "Machine Seated Row", "Seated Machine Row")),
    _x("iso_lateral_row_machine", "Iso-Lateral Row (Machine)", "machine", _W, "upper_back",
       "biceps traps shoulders",
       ("Iso-Lateral Row", "Hammer Strength Row", "Hammer Strength Iso-Lateral Row",
        "Plate Loaded Row")),
    _x("iso_lateral_high_row_machine", "Iso-Lateral High Row (Machine)", "machine", _W,
       "upper_back", "biceps shoulders traps",
       ("High Row (Machine)", "Machine High Row", "Hammer Strength High Row")),
    _x("inverted_row", "Inverted Row", "bodyweight", _BW, "upper_back", "biceps shoulders traps",
       ("Australian Pull Up", "Bodyweight Row", "Body Row", "Ring Row")),
    _x("lat_pulldown_cable", "Lat Pulldown (Cable)", "cable", _W, "upper_back", "biceps",
       ("Lat Pulldown", "Cable Lat Pulldown", "Wide Grip Lat Pulldown",
        "Lat Pulldown - Wide Grip (Cable)", "Pulldown", "Latzug")),
    _x("lat_pulldown_machine", "Lat Pulldown (Machine)", "machine", _W, "upper_back", "biceps",
       ("Machine Lat Pulldown", "Iso-Lateral Pulldown (Machine)", "Hammer Strength Pulldown")),
    _x("lat_pulldown_close_grip_cable", "Lat Pulldown - Close Grip (Cable)", "cable", _W,
       "upper_back", "biceps",
       ("Close Grip Lat Pulldown", "Close Grip Pulldown", "Short Grip Pulldown",
        "V-Bar Lat Pulldown", "V-Bar Pulldown")),
    _x("lat_pulldown_reverse_grip_cable", "Reverse Grip Lat Pulldown (Cable)", "cable", _W,
       "upper_back", "biceps",
       ("Reverse Grip Lat Pulldown", "Reverse Grip Pulldown", "Reverse Pulldown",
        "Underhand Lat Pulldown")),
    _x("straight_arm_pulldown_cable", "Straight Arm Pulldown (Cable)", "cable", _W, "upper_back",
       "triceps",
       ("Straight Arm Pulldown", "Straight-Arm Cable Pushdown", "Straight Arm Cable Pulldown",
        "Rope Straight Arm Pulldown", "Straight Arm Pushdown", "Cable Pullover")),
    _x("pull_up", "Pull Up", "bodyweight", _BW, "upper_back", "biceps forearms",
       ("Pull Up (Weighted)", "Weighted Pull Up", "Negative Pull Up", "Wide Grip Pull Up")),
    _x("pull_up_assisted", "Pull Up (Assisted)", "machine", _AS, "upper_back", "biceps forearms",
       ("Assisted Pull Up", "Assisted Pull Up Machine", "Pull Up (Assisted Machine)")),
    _x("chin_up", "Chin Up", "bodyweight", _BW, "upper_back biceps", "forearms",
       ("Chin Up (Weighted)", "Weighted Chin Up", "Underhand Pull Up")),
    _x("chin_up_assisted", "Chin Up (Assisted)", "machine", _AS, "upper_back biceps", "forearms",
       ("Assisted Chin Up",)),
    _x("scapular_pull_up", "Scapular Pull Up", "bodyweight", _BW, "traps", "upper_back",
       ("Scap Pull Up", "Scapula Pull Up")),
    _x("dead_hang", "Dead Hang", "bodyweight", _TI, "forearms", "upper_back",
       ("Bar Hang", "Passive Hang")),
    _x("back_extension", "Back Extension", "bodyweight", _BW, "lower_back glutes", "hamstrings",
       ("Back Extension (Weighted Hyperextension)", "Back Extension (Hyperextension)",
        "Hyperextension", "Weighted Back Extension", "45 Degree Back Extension",
        "Roman Chair Back Extension")),
    _x("back_extension_machine", "Back Extension (Machine)", "machine", _W, "lower_back",
       "glutes hamstrings",
       ("Machine Back Extension", "Lower Back Extension Machine")),
    _x("superman", "Superman", "bodyweight", _BW, "lower_back", "glutes",
       ("Superman Hold",)),
    _x("face_pull_cable", "Face Pull (Cable)", "cable", _W, "shoulders traps", "upper_back",
       ("Face Pull", "Cable Face Pull", "Rope Face Pull")),
    _x("band_pull_apart", "Band Pull Apart", "band", _W, "shoulders", "upper_back traps",
       ("Pull Apart (Band)", "Resistance Band Pull Apart")),
    _x("shrug_barbell", "Shrug (Barbell)", "barbell", _W, "traps", "forearms",
       ("Barbell Shrug", "Shrug")),
    _x("shrug_dumbbell", "Shrug (Dumbbell)", "dumbbell", _W, "traps", "forearms",
       ("Dumbbell Shrug",)),

    # --- shoulders ---
    _x("overhead_press_barbell", "Overhead Press (Barbell)", "barbell", _W, "shoulders",
       "triceps traps",
       ("Overhead Press", "Barbell Overhead Press", "Military Press",
        "Military Press (Barbell)", "Strict Military Press (Barbell)", "Strict Press",
        "Standing Barbell Press", "Standing Overhead Press", "Barbell Shoulder Press",
        "Shoulder Press (Barbell)")),
    _x("overhead_press_dumbbell", "Overhead Press (Dumbbell)", "dumbbell", _W, "shoulders",
       "triceps",
       ("Shoulder Press (Dumbbell)", "Dumbbell Shoulder Press", "Dumbbell Overhead Press",
        "Seated Dumbbell Press", "Seated Dumbbell Shoulder Press")),
    _x("shoulder_press_machine", "Shoulder Press (Machine)", "machine", _W, "shoulders",
       "triceps",
       ("Machine Shoulder Press", "Machine Overhead Press", "Overhead Press (Machine)",
        "Seated Shoulder Press (Machine)")),
    _x("overhead_press_smith", "Overhead Press (Smith Machine)", "smith", _W, "shoulders",
       "triceps",
       ("Smith Machine Overhead Press", "Smith Machine Shoulder Press",
        "Shoulder Press (Smith Machine)")),
    _x("arnold_press_dumbbell", "Arnold Press (Dumbbell)", "dumbbell", _W, "shoulders", "triceps",
       ("Arnold Press", "Dumbbell Arnold Press")),
    _x("push_press_barbell", "Push Press (Barbell)", "barbell", _W, "shoulders",
       "triceps quads glutes traps",
       ("Push Press", "Barbell Push Press")),
    _x("lateral_raise_dumbbell", "Lateral Raise (Dumbbell)", "dumbbell", _W, "shoulders", "traps",
       ("Lateral Raise", "Dumbbell Lateral Raise", "Lateral Dumbbell Raise",
        "Side Lateral Raise", "Side Raise", "Seated Lateral Raise (Dumbbell)")),
    _x("lateral_raise_cable", "Lateral Raise (Cable)", "cable", _W, "shoulders", "traps",
       ("Cable Lateral Raise", "Single Arm Lateral Raise (Cable)",
        "Single Arm Cable Lateral Raise")),
    _x("lateral_raise_machine", "Lateral Raise (Machine)", "machine", _W, "shoulders", "traps",
       ("Machine Lateral Raise", "Lateral Machine Raise")),
    _x("front_raise_dumbbell", "Front Raise (Dumbbell)", "dumbbell", _W, "shoulders", "",
       ("Dumbbell Front Raise", "Front Dumbbell Raise", "Front Raise")),
    _x("front_raise_cable", "Front Raise (Cable)", "cable", _W, "shoulders", "",
       ("Cable Front Raise", "Front Cable Raise")),
    _x("front_raise_barbell", "Front Raise (Barbell)", "barbell", _W, "shoulders", "",
       ("Barbell Front Raise",)),
    _x("front_raise_plate", "Front Raise (Plate)", "other", _W, "shoulders", "",
       ("Plate Front Raise",)),
    _x("reverse_fly_dumbbell", "Reverse Fly (Dumbbell)", "dumbbell", _W, "shoulders",
       "upper_back traps",
       ("Rear Delt Fly (Dumbbell)", "Dumbbell Reverse Fly", "Bent Over Reverse Fly",
        "Chest Supported Reverse Fly (Dumbbell)", "Rear Delt Raise",
        "Rear Delt Dumbbell Raise", "Bent Over Lateral Raise")),
    _x("reverse_fly_cable", "Reverse Fly (Cable)", "cable", _W, "shoulders", "upper_back traps",
       ("Cable Reverse Fly", "Cable Rear Delt Fly", "Rear Delt Fly (Cable)")),
    _x("reverse_fly_machine", "Reverse Fly (Machine)", "machine", _W, "shoulders",
       "upper_back traps",
       ("Rear Delt Reverse Fly (Machine)", "Rear Delt Machine Fly", "Rear Delt Fly (Machine)",
        "Reverse Pec Deck", "Machine Reverse Fly")),
    _x("rear_delt_row_cable", "Rear Delt Row (Cable)", "cable", _W, "shoulders",
       "upper_back traps",
       ("Cable Rear Delt Row", "Rear Delt Cable Pull", "Rear Delt Cable Row")),
    _x("upright_row_barbell", "Upright Row (Barbell)", "barbell", _W, "shoulders traps", "biceps",
       ("Upright Row", "Barbell Upright Row")),

    _x("upright_row_cable", "Upright Row (Cable)", "cable", _W, "shoulders traps", "biceps",
       ("Cable Upright Row",)),

    # --- arms ---
    _x("bicep_curl_barbell", "Bicep Curl (Barbell)", "barbell", _W, "biceps", "forearms",
       ("Barbell Curl", "Barbell Bicep Curl", "Standing Barbell Curl")),
    _x("ez_bar_curl", "EZ Bar Curl", "barbell", _W, "biceps", "forearms",
       ("EZ Bar Biceps Curl", "Bicep Curl (EZ Bar)", "EZ Curl")),
    _x("bicep_curl_dumbbell", "Bicep Curl (Dumbbell)", "dumbbell", _W, "biceps", "forearms",
       ("Bicep Curl", "Dumbbell Curl", "Dumbbell Bicep Curl", "Alternating Dumbbell Curl",
        "Standing Dumbbell Curl")),
    _x("bicep_curl_cable", "Bicep Curl (Cable)", "cable", _W, "biceps", "forearms",
       ("Cable Curl", "Cable Bicep Curl", "Straight Bar Cable Curl")),
    _x("bicep_curl_machine", "Bicep Curl (Machine)", "machine", _W, "biceps", "forearms",
       ("Machine Curl", "Machine Bicep Curl")),
    _x("bicep_curl_band", "Bicep Curl (Band)", "band", _W, "biceps", "forearms",
       ("Band Curl", "Band Bicep Curl")),
    _x("hammer_curl_dumbbell", "Hammer Curl (Dumbbell)", "dumbbell", _W, "biceps forearms", "",
       ("Hammer Curl", "Dumbbell Hammer Curl")),
    _x("hammer_curl_cable", "Hammer Curl (Cable)", "cable", _W, "biceps forearms", "",
       ("Cable Hammer Curl", "Rope Hammer Curl", "Rope Cable Curl", "Rope Curl")),
    _x("hammer_curl_band", "Hammer Curl (Band)", "band", _W, "biceps forearms", "",
       ("Band Hammer Curl",)),
    _x("preacher_curl_barbell", "Preacher Curl (Barbell)", "barbell", _W, "biceps", "forearms",
       ("Preacher Curl", "Barbell Preacher Curl", "EZ Bar Preacher Curl")),
    _x("preacher_curl_dumbbell", "Preacher Curl (Dumbbell)", "dumbbell", _W, "biceps", "forearms",
       ("Dumbbell Preacher Curl",)),
    _x("preacher_curl_machine", "Preacher Curl (Machine)", "machine", _W, "biceps", "forearms",
       ("Machine Preacher Curl",)),
    _x("incline_curl_dumbbell", "Incline Curl (Dumbbell)", "dumbbell", _W, "biceps", "forearms",
       ("Incline Dumbbell Curl", "Seated Incline Curl (Dumbbell)",
        "Seated Incline Dumbbell Curl")),
    _x("incline_hammer_curl_dumbbell", "Incline Hammer Curl (Dumbbell)", "dumbbell", _W,
       "biceps forearms", "",
       ("Seated Incline Hammer Curl (Dumbbell)", "Incline Dumbbell Hammer Curl")),
    _x("concentration_curl_dumbbell", "Concentration Curl (Dumbbell)", "dumbbell", _W, "biceps",
       "forearms",
       ("Concentration Curl", "Dumbbell Concentration Curl")),
    _x("spider_curl_dumbbell", "Spider Curl (Dumbbell)", "dumbbell", _W, "biceps", "forearms",
       ("Spider Curl", "Dumbbell Spider Curl")),
    _x("bayesian_curl_cable", "Bayesian Curl (Cable)", "cable", _W, "biceps", "forearms",
       ("Bayesian Cable Curl", "Behind the Back Curl (Cable)", "Behind the Back Cable Curl")),
    _x("reverse_curl_barbell", "Reverse Curl (Barbell)", "barbell", _W, "forearms", "biceps",
       ("Reverse Curl", "Barbell Reverse Curl", "Reverse Grip Barbell Curl")),
    _x("reverse_curl_dumbbell", "Reverse Curl (Dumbbell)", "dumbbell", _W, "forearms", "biceps",
       ("Dumbbell Reverse Curl", "Reverse Grip Dumbbell Curl")),
    _x("wrist_curl_barbell", "Wrist Curl (Barbell)", "barbell", _W, "forearms", "",
       ("Wrist Curl", "Barbell Wrist Curl")),
    _x("wrist_curl_dumbbell", "Wrist Curl (Dumbbell)", "dumbbell", _W, "forearms", "",
       ("Dumbbell Wrist Curl", "Seated Palms Up Wrist Curl", "Palms Up Wrist Curl")),
    _x("reverse_wrist_curl_barbell", "Reverse Wrist Curl (Barbell)", "barbell", _W, "forearms", "",
       ("Reverse Wrist Curl", "Barbell Reverse Wrist Curl", "Wrist Extension (Barbell)",
        "Seated Wrist Extension (Barbell)")),
    _x("reverse_wrist_curl_dumbbell", "Reverse Wrist Curl (Dumbbell)", "dumbbell", _W,
       "forearms", "",
       ("Dumbbell Reverse Wrist Curl", "Wrist Extension (Dumbbell)",
        "Seated Palms Down Wrist Curl", "Palms Down Wrist Curl")),
    _x("farmers_walk", "Farmer's Walk", "dumbbell", _W, "forearms traps", "abs",
       ("Farmer Walk", "Farmers Carry", "Farmer Carry", "Farmer's Walk (Dumbbell)")),
    _x("triceps_pushdown_cable", "Triceps Pushdown (Cable)", "cable", _W, "triceps", "",
       ("Triceps Pushdown", "Cable Triceps Pushdown", "Triceps Pushdown (Cable - Straight Bar)",
        "Straight Bar Triceps Pushdown", "V-Bar Push Down", "Cable Pushdown",
        "Single Arm Triceps Pushdown (Cable)", "Reverse Grip Triceps Pushdown",
        "Reverse Triceps Cable Pushdown")),
    _x("triceps_rope_pushdown_cable", "Triceps Rope Pushdown", "cable", _W, "triceps", "",
       ("Rope Push Down", "Triceps Pushdown (Rope)", "Rope Triceps Pushdown",
        "Cable Rope Pushdown")),
    _x("triceps_extension_cable", "Triceps Extension (Cable)", "cable", _W, "triceps", "",
       ("Cable Overhead Triceps Extension", "Overhead Cable Triceps Extension",
        "Overhead Triceps Extension (Cable)", "Cable Triceps Extension")),
    # Strong's plain "Triceps Extension" names no equipment; the dumbbell one is the usual.
    _x("triceps_extension_dumbbell", "Triceps Extension (Dumbbell)", "dumbbell", _W, "triceps",
       "",
       ("Triceps Extension", "Overhead Triceps Extension", "Dumbbell Triceps Extension",
        "Dumbbell Overhead Triceps Extension", "Overhead Triceps Extension (Dumbbell)",
        "Seated Dumbbell Triceps Extension")),
    _x("triceps_extension_barbell", "Triceps Extension (Barbell)", "barbell", _W, "triceps", "",
       ("Barbell Triceps Extension", "Overhead Triceps Extension (Barbell)", "French Press")),
    _x("triceps_extension_machine", "Triceps Extension (Machine)", "machine", _W, "triceps", "",
       ("Machine Triceps Extension", "Machine Triceps Pushdown", "Triceps Press (Machine)")),
    _x("skullcrusher_barbell", "Skullcrusher (Barbell)", "barbell", _W, "triceps", "",
       ("Skullcrusher", "Barbell Skullcrusher", "EZ Bar Skullcrusher",
        "Lying Triceps Extension", "Lying Triceps Extension (Barbell)")),
    _x("skullcrusher_dumbbell", "Skullcrusher (Dumbbell)", "dumbbell", _W, "triceps", "",
       ("Dumbbell Skullcrusher", "Lying Triceps Extension (Dumbbell)",
        "Dumbbell Lying Triceps Extension")),
    _x("triceps_kickback_dumbbell", "Triceps Kickback (Dumbbell)", "dumbbell", _W, "triceps", "",
       ("Triceps Kickback", "Dumbbell Triceps Kickback", "Dumbbell Kickback")),
    _x("triceps_kickback_cable", "Triceps Kickback (Cable)", "cable", _W, "triceps", "",
       ("Cable Triceps Kickback",)),

    _x("wrist_roller", "Wrist Roller", "other", _W, "forearms", "",
       ("Forearm Roller", "Wrist Roller (Plate)")),

    # --- legs ---
    _x("squat_barbell", "Squat (Barbell)", "barbell", _W, "quads glutes", "adductors lower_back",
       ("Squat", "Barbell Squat", "Back Squat", "Barbell Back Squat", "Back Squat (Barbell)",
        "High Bar Squat", "Low Bar Squat", "Pause Squat (Barbell)", "Paused Squat")),
    _x("front_squat_barbell", "Front Squat (Barbell)", "barbell", _W, "quads glutes",
       "adductors upper_back abs",
       ("Front Squat", "Barbell Front Squat")),
    _x("squat_smith", "Squat (Smith Machine)", "smith", _W, "quads glutes", "adductors",
       ("Smith Machine Squat",)),
    _x("squat_bodyweight", "Squat (Bodyweight)", "bodyweight", _BW, "quads glutes", "adductors",
       ("Air Squat", "Bodyweight Squat")),
    _x("squat_machine", "Squat (Machine)", "machine", _W, "quads glutes", "adductors",
       ("Machine Squat", "V Squat", "Pendulum Squat")),
    _x("hack_squat_machine", "Hack Squat (Machine)", "machine", _W, "quads glutes", "adductors",
       ("Hack Squat", "Machine Hack Squat")),
    _x("goblet_squat_dumbbell", "Goblet Squat (Dumbbell)", "dumbbell", _W, "quads glutes",
       "adductors abs",
       ("Goblet Squat", "Dumbbell Goblet Squat")),
    _x("goblet_squat_kettlebell", "Goblet Squat (Kettlebell)", "kettlebell", _W, "quads glutes",
       "adductors abs",
       ("Kettlebell Goblet Squat",)),
    _x("sumo_squat_dumbbell", "Sumo Squat (Dumbbell)", "dumbbell", _W, "quads glutes adductors",
       "",
       ("Dumbbell Sumo Squat", "Plié Squat")),
    _x("bulgarian_split_squat_dumbbell", "Bulgarian Split Squat (Dumbbell)", "dumbbell", _W,
       "quads glutes", "adductors hamstrings",
       ("Bulgarian Split Squat", "Dumbbell Bulgarian Split Squat",
        "Rear Foot Elevated Split Squat")),
    _x("split_squat_dumbbell", "Split Squat (Dumbbell)", "dumbbell", _W, "quads glutes",
       "adductors hamstrings",
       ("Split Squat", "Dumbbell Split Squat")),
    _x("lunge_dumbbell", "Lunge (Dumbbell)", "dumbbell", _W, "quads glutes",
       "adductors hamstrings",
       ("Dumbbell Lunge",)),
    _x("lunge_barbell", "Lunge (Barbell)", "barbell", _W, "quads glutes", "adductors hamstrings",
       ("Barbell Lunge",)),
    _x("lunge_bodyweight", "Lunge", "bodyweight", _BW, "quads glutes", "adductors hamstrings",
       ("Lunge (Bodyweight)", "Bodyweight Lunge", "Forward Lunge", "Reverse Lunge")),
    _x("walking_lunge", "Walking Lunge", "bodyweight", _BW, "quads glutes",
       "adductors hamstrings",
       ("Walking Lunge (Bodyweight)",)),
    _x("walking_lunge_dumbbell", "Walking Lunge (Dumbbell)", "dumbbell", _W, "quads glutes",
       "adductors hamstrings",
       ("Dumbbell Walking Lunge",)),
    _x("step_up_dumbbell", "Step Up (Dumbbell)", "dumbbell", _W, "quads glutes", "hamstrings",
       ("Dumbbell Step Up",)),
    _x("step_up", "Step Up", "bodyweight", _BW, "quads glutes", "hamstrings",
       ("Box Step Up", "Step Up (Bodyweight)")),
    _x("leg_press_machine", "Leg Press (Machine)", "machine", _W, "quads glutes", "adductors",
       ("Leg Press", "Machine Leg Press", "Leg Press Horizontal (Machine)",
        "Horizontal Leg Press", "Seated Leg Press", "45 Degree Leg Press", "Single Leg Press",
        "Single Leg Press (Machine)", "Sled Leg Press")),
    _x("leg_extension_machine", "Leg Extension (Machine)", "machine", _W, "quads", "",
       ("Leg Extension", "Machine Leg Extension", "Single Leg Extension")),
    _x("lying_leg_curl_machine", "Lying Leg Curl (Machine)", "machine", _W, "hamstrings",
       "calves",
       ("Lying Leg Curl", "Prone Leg Curl", "Leg Curl")),
    _x("seated_leg_curl_machine", "Seated Leg Curl (Machine)", "machine", _W, "hamstrings",
       "calves",
       ("Seated Leg Curl",)),
    _x("standing_leg_curl_machine", "Standing Leg Curl (Machine)", "machine", _W, "hamstrings",
       "calves",
       ("Standing Leg Curl",)),
    _x("nordic_hamstring_curl", "Nordic Hamstring Curl", "bodyweight", _BW, "hamstrings", "",
       ("Nordic Curl", "Nordic Hamstring Curl (Bodyweight)")),
    _x("hip_thrust_barbell", "Hip Thrust (Barbell)", "barbell", _W, "glutes", "hamstrings",
       ("Hip Thrust", "Barbell Hip Thrust")),
    _x("hip_thrust_machine", "Hip Thrust (Machine)", "machine", _W, "glutes", "hamstrings",
       ("Machine Hip Thrust",)),
    _x("glute_bridge", "Glute Bridge", "bodyweight", _BW, "glutes", "hamstrings",
       ("Hip Bridge", "Glute Bridge (Bodyweight)", "Hip Thrust (Bodyweight)")),
    _x("glute_kickback_cable", "Glute Kickback (Cable)", "cable", _W, "glutes", "hamstrings",
       ("Cable Glute Kickback",)),
    _x("glute_kickback_machine", "Glute Kickback (Machine)", "machine", _W, "glutes",
       "hamstrings",
       ("Machine Glute Kickback",)),
    _x("glute_kickback_floor", "Glute Kickback on Floor", "bodyweight", _BW, "glutes",
       "hamstrings",
       ("Donkey Kick", "Quadruped Hip Extension")),
    _x("hip_abduction_machine", "Hip Abduction (Machine)", "machine", _W, "glutes", "",
       ("Hip Abductor (Machine)", "Abductor Machine",
        "Seated Hip Abduction")),
    _x("hip_adduction_machine", "Hip Adduction (Machine)", "machine", _W, "adductors", "",
       ("Hip Adductor (Machine)", "Adductor Machine",
        "Seated Hip Adduction")),
    _x("lateral_leg_raise", "Lateral Leg Raise", "bodyweight", _BW, "glutes", "",
       ("Side Lying Leg Raise", "Side Leg Raise")),
    _x("standing_calf_raise_machine", "Standing Calf Raise (Machine)", "machine", _W, "calves",
       "",
       ("Machine Standing Calf Raise", "Calf Raise (Machine)",
        "Single Leg Standing Calf Raise (Machine)")),
    _x("seated_calf_raise_machine", "Seated Calf Raise (Machine)", "machine", _W, "calves", "",
       ("Seated Calf Raise",)),
    _x("calf_press_machine", "Calf Press (Machine)", "machine", _W, "calves", "",
       ("Calf Press", "Calf Press on Leg Press", "Leg Press Calf Raise",
        "Calf Extension (Machine)", "Calf Extension")),
    _x("standing_calf_raise", "Standing Calf Raise", "bodyweight", _BW, "calves", "",
       ("Calf Raise", "Bodyweight Calf Raise", "Standing Calf Raise (Bodyweight)")),
    _x("standing_calf_raise_dumbbell", "Standing Calf Raise (Dumbbell)", "dumbbell", _W, "calves",
       "",
       ("Dumbbell Calf Raise",)),
    _x("standing_calf_raise_smith", "Standing Calf Raise (Smith Machine)", "smith", _W, "calves",
       "",
       ("Smith Machine Calf Raise",)),

    _x("jump_squat", "Jump Squat", "bodyweight", _BW, "quads glutes", "calves hamstrings",
       ("Squat Jump", "Jumping Squat", "Jump Squat (Bodyweight)")),
    _x("box_jump", "Box Jump", "bodyweight", _BW, "quads glutes", "calves hamstrings",
       ("Box Jump (Bodyweight)",)),
    _x("pistol_squat", "Pistol Squat", "bodyweight", _BW, "quads glutes", "adductors hamstrings",
       ("Single Leg Squat", "Pistol Squat (Bodyweight)")),
    _x("sissy_squat", "Sissy Squat", "bodyweight", _BW, "quads", "",
       ("Sissy Squat (Bodyweight)",)),
    _x("glute_ham_raise", "Glute Ham Raise", "bodyweight", _BW, "hamstrings", "glutes calves",
       ("GHR", "Glute Hamstring Raise")),
    _x("pull_through_cable", "Cable Pull Through", "cable", _W, "glutes hamstrings", "lower_back",
       ("Pull Through (Cable)", "Pull Through")),
    _x("wall_sit", "Wall Sit", "bodyweight", _TI, "quads", "glutes",
       ("Wall Squat Hold",)),

    # --- core ---
    _x("plank", "Plank", "bodyweight", _TI, "abs", "",
       ("Front Plank", "Forearm Plank", "Plank Hold")),
    _x("side_plank", "Side Plank", "bodyweight", _TI, "abs", "", ()),
    _x("crunch", "Crunch", "bodyweight", _BW, "abs", "",
       ("Ab Crunch", "Crunch (Stability Ball)", "Stability Ball Crunch", "Swiss Ball Crunch")),
    _x("crunch_machine", "Crunch (Machine)", "machine", _W, "abs", "",
       ("Machine Crunch", "Ab Crunch Machine", "Abdominal Crunch (Machine)")),
    _x("crunch_cable", "Cable Crunch", "cable", _W, "abs", "",
       ("Crunch (Cable)", "Kneeling Cable Crunch", "Rope Crunch")),
    _x("decline_crunch", "Decline Crunch", "bodyweight", _BW, "abs", "",
       ("Decline Bench Crunch",)),
    _x("sit_up", "Sit Up", "bodyweight", _BW, "abs", "",
       ("Decline Sit Up", "Sit Up (Weighted)")),
    _x("jackknife_sit_up", "Jackknife Sit Up", "bodyweight", _BW, "abs", "",
       ("V Up", "Jackknife")),
    _x("russian_twist", "Russian Twist", "bodyweight", _BW, "abs", "",
       ("Russian Twist (Bodyweight)", "Russian Twist (Weighted)", "Weighted Russian Twist")),
    _x("hanging_leg_raise", "Hanging Leg Raise", "bodyweight", _BW, "abs", "forearms",
       ("Hanging Straight Leg Raise",)),
    _x("hanging_knee_raise", "Hanging Knee Raise", "bodyweight", _BW, "abs", "forearms", ()),
    _x("knee_raise_captains_chair", "Knee Raise (Captain's Chair)", "bodyweight", _BW, "abs", "",
       ("Captain's Chair Knee Raise", "Knee Raise Parallel Bars", "Vertical Knee Raise",
        "Knee Raise")),
    _x("leg_raise_captains_chair", "Leg Raise (Captain's Chair)", "bodyweight", _BW, "abs", "",
       ("Captain's Chair Leg Raise", "Leg Raise Parallel Bars", "Vertical Leg Raise")),
    _x("lying_leg_raise", "Lying Leg Raise", "bodyweight", _BW, "abs", "",
       ("Leg Raise", "Lying Knee Raise", "Floor Leg Raise")),
    _x("reverse_crunch", "Reverse Crunch", "bodyweight", _BW, "abs", "", ()),
    _x("toes_to_bar", "Toes to Bar", "bodyweight", _BW, "abs", "forearms upper_back", ()),
    _x("ab_wheel_rollout", "Ab Wheel Rollout", "other", _BW, "abs", "",
       ("Ab Wheel", "Ab Rollout", "Ab Roller")),
    _x("dead_bug", "Dead Bug", "bodyweight", _BW, "abs", "", ()),
    _x("bird_dog", "Bird Dog", "bodyweight", _BW, "abs lower_back", "glutes", ()),
    _x("mountain_climber", "Mountain Climber", "bodyweight", _BW, "abs", "shoulders quads", ()),
    _x("flutter_kick", "Flutter Kicks", "bodyweight", _BW, "abs", "", ()),
    _x("ab_scissors", "Ab Scissors", "bodyweight", _BW, "abs", "",
       ("Scissor Kicks",)),
    _x("heel_taps", "Heel Taps", "bodyweight", _BW, "abs", "",
       ("Heel Touches", "Alternating Heel Touches")),
    _x("torso_rotation_machine", "Torso Rotation (Machine)", "machine", _W, "abs", "",
       ("Torso Rotation", "Rotary Torso", "Rotary Torso Machine")),
    _x("woodchopper_cable", "Cable Woodchopper", "cable", _W, "abs", "shoulders",
       ("Woodchopper (Cable)", "Cable Wood Chop", "Woodchopper")),
    _x("pallof_press_cable", "Pallof Press", "cable", _W, "abs", "",
       ("Pallof Press (Cable)",)),

    _x("side_bend_dumbbell", "Side Bend (Dumbbell)", "dumbbell", _W, "abs", "",
       ("Dumbbell Side Bend",)),
    _x("hollow_hold", "Hollow Hold", "bodyweight", _TI, "abs", "",
       ("Hollow Body Hold", "Hollow Body")),
    _x("l_sit", "L-Sit", "bodyweight", _TI, "abs", "triceps",
       ("L-Sit Hold",)),

    # --- olympic lifts ---
    _x("snatch_barbell", "Snatch (Barbell)", "barbell", _W, "glutes quads hamstrings",
       "traps shoulders lower_back upper_back",
       ("Snatch", "Squat Snatch", "Barbell Snatch")),
    _x("power_snatch_barbell", "Power Snatch (Barbell)", "barbell", _W, "glutes quads hamstrings",
       "traps shoulders lower_back upper_back",
       ("Power Snatch",)),
    _x("hang_snatch_barbell", "Hang Snatch (Barbell)", "barbell", _W, "glutes quads hamstrings",
       "traps shoulders lower_back upper_back",
       ("Hang Snatch",)),
    _x("snatch_pull_barbell", "Snatch Pull (Barbell)", "barbell", _W, "glutes hamstrings traps",
       "quads lower_back upper_back forearms",
       ("Snatch Pull",)),
    _x("snatch_balance_barbell", "Snatch Balance (Barbell)", "barbell", _W, "quads shoulders",
       "glutes triceps traps",
       ("Snatch Balance",)),
    _x("clean_barbell", "Clean (Barbell)", "barbell", _W, "glutes quads hamstrings",
       "traps lower_back upper_back",
       ("Clean", "Squat Clean", "Barbell Clean")),
    _x("power_clean_barbell", "Power Clean (Barbell)", "barbell", _W, "glutes quads hamstrings",
       "traps lower_back upper_back",
       ("Power Clean", "Barbell Power Clean")),
    _x("hang_clean_barbell", "Hang Clean (Barbell)", "barbell", _W, "glutes quads hamstrings",
       "traps lower_back upper_back",
       ("Hang Clean",)),
    _x("clean_pull_barbell", "Clean Pull (Barbell)", "barbell", _W, "glutes hamstrings traps",
       "quads lower_back upper_back forearms",
       ("Clean Pull",)),
    _x("clean_and_jerk_barbell", "Clean and Jerk (Barbell)", "barbell", _W,
       "glutes quads hamstrings shoulders", "triceps traps lower_back upper_back",
       ("Clean and Jerk",)),
    _x("split_jerk_barbell", "Split Jerk (Barbell)", "barbell", _W, "shoulders quads",
       "triceps glutes traps",
       ("Split Jerk", "Jerk")),
    _x("thruster_barbell", "Thruster (Barbell)", "barbell", _W, "quads glutes shoulders",
       "triceps",
       ("Thruster", "Barbell Thruster")),

    # --- kettlebell ---
    _x("kettlebell_swing", "Kettlebell Swing", "kettlebell", _W, "glutes hamstrings",
       "lower_back forearms",
       ("Swing (Kettlebell)", "Russian Kettlebell Swing", "American Kettlebell Swing")),
    _x("turkish_get_up_kettlebell", "Turkish Get Up (Kettlebell)", "kettlebell", _W,
       "shoulders abs", "glutes quads triceps",
       ("Turkish Get Up", "Kettlebell Turkish Get Up")),
    _x("kettlebell_clean", "Kettlebell Clean", "kettlebell", _W, "glutes hamstrings",
       "traps forearms",
       ("Clean (Kettlebell)",)),
    _x("kettlebell_snatch", "Kettlebell Snatch", "kettlebell", _W, "glutes hamstrings shoulders",
       "traps lower_back",
       ("Snatch (Kettlebell)",)),
    _x("kettlebell_press", "Kettlebell Press", "kettlebell", _W, "shoulders", "triceps",
       ("Overhead Press (Kettlebell)", "Kettlebell Overhead Press", "Kettlebell Shoulder Press")),
    _x("kettlebell_deadlift", "Kettlebell Deadlift", "kettlebell", _W, "glutes hamstrings",
       "quads lower_back forearms",
       ("Deadlift (Kettlebell)",)),
    _x("kettlebell_row", "Kettlebell Row", "kettlebell", _W, "upper_back", "biceps shoulders",
       ("Bent Over Row (Kettlebell)",)),

    # --- cardio and time-only work (no muscle stimulus for the model) ---
    _x("running", "Running", "other", _CA, "", "",
       ("Running (Outdoor)", "Run", "Outdoor Run", "Jogging", "Jog")),
    _x("treadmill", "Treadmill", "machine", _CA, "", "",
       ("Running (Treadmill)", "Treadmill Run", "Treadmill Running")),
    _x("walking", "Walking", "other", _CA, "", "",
       ("Walk", "Walking (Outdoor)", "Treadmill Walk")),
    _x("hiking", "Hiking", "other", _CA, "", "", ("Hike",)),
    _x("cycling", "Cycling", "other", _CA, "", "",
       ("Cycling (Outdoor)", "Biking", "Bike Ride", "Road Cycling")),
    _x("cycling_indoor", "Cycling (Indoor)", "machine", _CA, "", "",
       ("Indoor Cycling", "Spinning", "Spin Bike", "Spin Class", "Stationary Bike",
        "Exercise Bike")),
    _x("rowing_machine", "Rowing Machine", "machine", _CA, "", "",
       ("Rowing", "Rower", "Indoor Rower", "Indoor Rowing")),
    _x("elliptical", "Elliptical Trainer", "machine", _CA, "", "",
       ("Elliptical", "Elliptical Machine", "Cross Trainer")),
    _x("stair_climber", "Stair Climber", "machine", _CA, "", "",
       ("Stair Machine", "Stairmaster", "Stair Stepper", "Stair Climbing")),
    _x("jump_rope", "Jump Rope", "other", _CA, "", "",
       ("Skipping Rope", "Skipping", "Jumping Rope")),
    _x("swimming", "Swimming", "other", _CA, "", "", ("Swim",)),
    _x("aerobics", "Aerobics", "other", _CA, "", "", ("Aerobic Exercise",)),
    _x("hiit", "HIIT", "other", _CA, "", "",
       ("High Intensity Interval Training",)),
    _x("climbing", "Climbing", "other", _CA, "", "",
       ("Rock Climbing", "Bouldering", "Indoor Climbing")),
    _x("skating", "Skating", "other", _CA, "", "",
       ("Ice Skating", "Inline Skating", "Roller Skating")),
    _x("high_knee_skips", "High Knee Skips", "bodyweight", _CA, "", "", ("High Knees",)),
    _x("jumping_jack", "Jumping Jack", "bodyweight", _CA, "", "", ("Star Jump",)),
    _x("burpee", "Burpee", "bodyweight", _CA, "", "", ()),
    _x("battle_ropes", "Battle Ropes", "other", _CA, "", "", ("Battle Rope",)),
    _x("stretching", "Stretching", "other", _CA, "", "", ("Stretch", "Mobility")),
    _x("yoga", "Yoga", "other", _CA, "", "", ()),
    _x("cat_cow", "Cat-Cow", "bodyweight", _CA, "", "", ("Cat Cow Stretch", "Cat Camel")),
    _x("pilates", "Pilates", "other", _CA, "", "", ("Reformer Pilates", "Mat Pilates")),
    _x("dance", "Dance", "other", _CA, "", "", ("Dancing", "Dance Class")),
    _x("boxing", "Boxing", "other", _CA, "", "",
       ("Shadow Boxing", "Heavy Bag", "Punching Bag", "Boxing Bag", "Sparring")),
    _x("martial_arts", "Martial Arts", "other", _CA, "", "",
       ("Kickboxing", "MMA", "Muay Thai", "Brazilian Jiu-Jitsu", "BJJ", "Judo", "Karate",
        "Taekwondo", "Wrestling")),
)
# fmt: on

BY_KEY: dict[str, CatalogueExercise] = {item.key: item for item in CATALOGUE}


def _name_index(catalogue: tuple[CatalogueExercise, ...]) -> dict[str, CatalogueExercise]:
    """Every normalised name and alias -> its exercise; a name claimed twice is an error."""
    index: dict[str, CatalogueExercise] = {}
    for item in catalogue:
        for name in item.names:
            normalised = normalise_name(name)
            owner = index.setdefault(normalised, item)
            if owner is not item:
                raise ValueError(
                    f"{name!r} ({item.key}) normalises to {normalised!r}, already {owner.key}"
                )
    return index


_BY_NAME = _name_index(CATALOGUE)
if len(BY_KEY) != len(CATALOGUE):
    raise ValueError("catalogue keys are not unique")


def match_name(name: str) -> CatalogueExercise | None:
    """The catalogue exercise whose name or alias normalises to the same key, if any."""
    return _BY_NAME.get(normalise_name(name))


# --- suggestions ------------------------------------------------------------------------------

#: Below this score a candidate is noise rather than a suggestion.
_MIN_SCORE = 0.5
#: Two words count as the same word from this similarity on (typos: "ballance" ~ "balance").
_SAME_WORD = 0.8


@dataclass(frozen=True)
class _Candidate:
    item: CatalogueExercise
    words: tuple[str, ...]
    #: The words plus each two neighbours written together, for glued query words.
    targets: tuple[str, ...]
    compact: str


_CANDIDATES: tuple[_Candidate, ...] = tuple(
    _Candidate(
        item,
        tuple(normalised.split()),
        (*normalised.split(), *(a + b for a, b in pairwise(normalised.split()))),
        normalised.replace(" ", ""),
    )
    for normalised, item in _BY_NAME.items()
)


@lru_cache(maxsize=65536)
def _word_similarity(word: str, other: str) -> float:
    """Similarity of two words, 0 when below ``_SAME_WORD`` (not the same word, typo or not)."""
    if word == other:
        return 1.0
    if 2 * min(len(word), len(other)) < _SAME_WORD * (len(word) + len(other)):
        return 0.0  # the lengths alone rule it out
    ratio = difflib.SequenceMatcher(None, word, other).ratio()
    return ratio if ratio >= _SAME_WORD else 0.0


def _score(
    query_words: list[str], query_chars: difflib.SequenceMatcher[str], c: _Candidate
) -> float:
    """0..1: half typo-tolerant word overlap (Dice), half character similarity with the spaces
    taken out (so that "benchpres" still finds "bench press")."""
    matched = sum(max(_word_similarity(word, other) for other in c.targets) for word in query_words)
    overlap = 2 * matched / (len(query_words) + len(c.words))
    query_chars.set_seq1(c.compact)
    return 0.5 * overlap + 0.5 * query_chars.ratio()


def suggest(name: str, limit: int = 5) -> list[CatalogueExercise]:
    """Up to ``limit`` catalogue exercises whose names look most like ``name``, best first.

    Each exercise scores by its closest name or alias: word overlap (typo-tolerant) and
    character similarity of the normalised names. Ties go by key, so the order is
    deterministic; candidates scoring below a floor are left out.
    """
    query = normalise_name(name)
    if not query or limit <= 0:
        return []
    words = query.split()
    # The query is the cached second sequence; each candidate is set as the first.
    chars: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(None, "", query.replace(" ", ""))
    best: dict[str, float] = {}
    for candidate in _CANDIDATES:
        score = _score(words, chars, candidate)
        if score > best.get(candidate.item.key, 0.0):
            best[candidate.item.key] = score
    ranked = sorted(
        ((score, key) for key, score in best.items() if score >= _MIN_SCORE),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return [BY_KEY[key] for _, key in ranked[:limit]]
