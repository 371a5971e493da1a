"""Exercise names as people write them: which exercise, or at least which muscles, a name means.

Importing a Strong, Hevy or FitNotes history must never be blocked by a name. ``read_name``
reads any name in four steps, each less certain than the one before:

1. **alias**: ``catalogue.match_name`` knows the name exactly.
2. **matched**: the name is a catalogue exercise written another way. The name is turned into
   canonical English words (translations of German, Portuguese, Spanish, French, Italian, Dutch,
   Chinese and a little Japanese; abbreviations; typos; compounds) and compared with the
   catalogue's names *as a set of words*, so word order does not matter. Words that do not change
   the muscles worked (pause, tempo, grip, stance, laterality, seated/standing...) are dropped one
   by one, fewest first, so the most specific entry that exists wins. When the named equipment
   has no entry, the closest variant of the same movement is taken (``stand_in``).
3. **inferred**: no catalogue entry, but the small grammar of movement words at the end of this
   module (``_RULES``) recognises the movement and gives its muscles: "Preacher Hammer Curl" is a
   curl with the forearms helping, a "Leg Curl" works the hamstrings, a "Wrist Curl" the forearms.
   Cardio, sport and mobility words give kind "cardio" (no muscles); holds give kind "timed".
4. **unassigned**: nothing recognisable. No muscles are guessed from letter similarity: a wrong
   muscle group is worse than none (the model leaves the exercise out and the user is asked).

Pure: imports only the catalogue and the muscle groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Literal

from tracker import exercise_lexicon as words_of
from tracker.catalogue import (
    CATALOGUE,
    EQUIPMENT,
    EXERCISE_KINDS,
    CatalogueExercise,
    match_name,
    normalise_name,
)
from tracker.physiology.muscles import MUSCLE_KEYS

How = Literal["alias", "matched", "inferred", "unassigned"]


@dataclass(frozen=True)
class NameReading:
    """What an exercise name means to Regain."""

    name: str  # the name as given (stripped)
    how: How
    exercise: CatalogueExercise | None  # the catalogue exercise for "alias" and "matched"
    kind: str  # one of catalogue.EXERCISE_KINDS
    equipment: str  # one of catalogue.EQUIPMENT
    primary: tuple[str, ...]  # muscle-group keys; () for cardio and for "unassigned"
    secondary: tuple[str, ...]
    reading: str  # a short explanation for the user
    #: Words of the name the reading did not use (canonical English): for "matched" the words
    #: dropped to find the entry, for "inferred" and "unassigned" the words not understood.
    ignored: tuple[str, ...] = ()
    #: "matched" only: the name's equipment has no entry of this movement, so ``exercise`` is
    #: the closest variant (same movement, other equipment).
    stand_in: bool = False


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Articles, prepositions and conjunctions of the languages above: dropped before the lexicon.
_STOP_WORDS = _word_set(
    """
    the a an of on in with to and at for from into using off
    mit am an auf im der die das den dem des und zu vom von zum zur beim ein eine einem einer
    de do da dos das no na nos nas com em e o os as para pela pelo ao
    del el la los las con en al por
    du le les l d au aux avec et sur sous pour une
    di della dei degli delle alla allo ai agli alle col il lo gli dal dalla su sul sulla per
    met het een op aan voor bij uit
    """
)


def _entries(*blocks: str) -> Iterator[tuple[str, str]]:
    for block in blocks:
        for line in block.strip().splitlines():
            keys, _, value = line.partition("=")
            for key in keys.split("|"):
                yield key.strip(), value.strip()


def _words_of_key(key: str) -> tuple[str, ...]:
    return tuple(w for w in normalise_name(key).split() if w not in _STOP_WORDS)


def _build_lexicon() -> dict[tuple[str, ...], tuple[str, ...]]:
    lexicon: dict[tuple[str, ...], tuple[str, ...]] = {}
    languages = [words_of.ENGLISH, words_of.GERMAN, words_of.PORTUGUESE, words_of.SPANISH]
    languages += [words_of.FRENCH, words_of.ITALIAN, words_of.DUTCH]
    for key, value in _entries(*languages):
        canonical = () if value == "-" else tuple(value.split())
        spellings = {key}
        if any(c in key for c in "äöü"):  # German written without umlauts
            spellings.add(key.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))
        for spelling in spellings:
            words = _words_of_key(spelling)
            if not words:
                raise ValueError(f"lexicon key {spelling!r} is only stop words")
            known = lexicon.setdefault(words, canonical)
            if known != canonical:
                raise ValueError(f"lexicon key {spelling!r}: {known} or {canonical}?")
    return lexicon


_LEXICON = _build_lexicon()
_LONGEST_KEY = max(len(k) for k in _LEXICON)

_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_CJK_TERMS: dict[str, str] = {}
for _key, _value in _entries(words_of.CJK):
    _CJK_TERMS[_key] = _value
_CJK_PATTERN = re.compile("|".join(sorted(map(re.escape, _CJK_TERMS), key=len, reverse=True)))


# --- the canonical vocabulary -----------------------------------------------------------------

#: Equipment words and the equipment they name (ordered: the first found wins, so "smith
#: machine" is smith and "cable machine" is cable).
_EQUIPMENT_WORDS: dict[str, str] = {
    "smith": "smith",
    "cable": "cable",
    "band": "band",
    "kettlebell": "kettlebell",
    "dumbbell": "dumbbell",
    "barbell": "barbell",
    "ezbar": "barbell",
    "trapbar": "barbell",
    "tbar": "barbell",
    "landmine": "barbell",
    "machine": "machine",
    "plateloaded": "machine",
    "selector": "machine",
    "brandmachine": "machine",
    "pecdeck": "machine",
    "bodyweight": "bodyweight",
    "plate": "other",
    "sandbag": "other",
    "medball": "other",
}
#: Equipment words that only say the equipment (the others are part of the movement too).
_EQUIPMENT_ONLY = frozenset(
    {
        "smith",
        "cable",
        "band",
        "kettlebell",
        "dumbbell",
        "barbell",
        "machine",
        "plateloaded",
        "selector",
        "brandmachine",
        "bodyweight",
    }
)

#: Movement words: a name with none of these says no movement.
_HEADS = _word_set(
    """
    curl press row squat lunge deadlift raise fly crossover pecdeck crunch situp plank pulldown
    pullup chinup dip extension pushdown kickback shrug thrust bridge abduction adduction carry
    swing clean snatch jerk thruster goodmorning hyperextension stepup facepull pullover rollout
    twist sidebend roller grip neck sled pushup burpee jump hang rotation woodchopper chop
    pullapart pullthrough highpull getup handstand muscleup lever planche climber kick scissor
    jackknife deadbug superman hollow arch lsit wallsit toestobar kneestoelbows skullcrusher
    frenchpress pinch slam wallball manmaker halo ropeclimb liftoff fullcan copenhagen wheel
    gripper pull push walk toetouch heeltap wiper dragonflag balance hold birddog windmill flexion
    """
)

#: Words that may be dropped to find a catalogue entry, by rank: the lowest rank is dropped
#: first. None of them changes which muscles do the work.
_DROPPABLE: dict[str, int] = {
    **dict.fromkeys(
        (
            "pause",
            "tempo",
            "practice",
            "explosive",
            "effort",
            "strict",
            "negative",
            "partial",
            "deficit",
            "deep",
            "weighted",
            "horizontal",
            "flat",
            "tall",
            "power",
            "hold",
        ),
        1,
    ),
    **dict.fromkeys(("bar", "rope", "vbar", "lowbar", "highbar"), 2),
    **dict.fromkeys(
        (
            "wide",
            "close",
            "neutral",
            "underhand",
            "overhand",
            "mixed",
            "crossbody",
            "oblique",
            "high",
            "low",
            "grip",
            "leaning",
            "offset",
            "outward",
        ),
        3,
    ),
    **dict.fromkeys(("single", "isolateral"), 4),
    **dict.fromkeys(
        (
            "seated",
            "standing",
            "kneeling",
            "lying",
            "prone",
            "bentover",
            "chestsupported",
            "supported",
            "seal",
        ),
        5,
    ),
}

_GRIP_TYPES = frozenset(
    {"wide", "close", "neutral", "underhand", "overhand", "mixed", "reverse", "vbar", "hook"}
)

#: Cardio words that win over any movement word ("Row Erg", "Treadmill Walk").
_CARDIO_FIRST = frozenset(
    {
        "treadmill",
        "erg",
        "ergometer",
        "skierg",
        "indoorbike",
        "armerg",
        "climbmachine",
        "highknees",
        "boxing",
        "martial",
        "skating",
        "skiing",
        "paddling",
        "aerobics",
        "hiit",
        "airbike",
        "elliptical",
        "stairs",
        "jumprope",
        "jumpingjack",
        "battlerope",
        "swim",
        "combat",
        "sport",
        "dance",
        "hike",
        "yoga",
        "pilates",
        "outdoor",
        "climbing",
        "rowing",
    }
)
#: Mobility and recovery: win too, and carry no muscle stimulus either.
_MOBILITY = frozenset(
    {"stretch", "mobility", "foamroll", "massage", "recovery", "balancepose", "catcow"}
)
#: Cardio words that count only when no movement rule matched ("Walking Lunge" is a lunge).
_CARDIO_LATE = frozenset({"run", "walk", "bike", "warmup", "conditioning", "burpee"})

#: Muscle words, for names that say only which muscle ("General Abs", "Forearms").
_MUSCLE_WORDS: dict[str, str] = {
    "chest": "chest",
    "lat": "upper_back",
    "upperback": "upper_back",
    "back": "upper_back",
    "traps": "traps",
    "shoulder": "shoulders",
    "delt": "shoulders",
    "biceps": "biceps",
    "triceps": "triceps",
    "forearm": "forearms",
    "wrist": "forearms",
    "abs": "abs",
    "oblique": "abs",
    "lowerback": "lower_back",
    "glute": "glutes",
    "abductor": "glutes",
    "quad": "quads",
    "hamstring": "hamstrings",
    "adductor": "adductors",
    "calf": "calves",
}


def _activity_words() -> frozenset[str]:
    """Lexicon words that mean an activity without muscles (cardio, sport, mobility)."""
    activities = _CARDIO_FIRST | _CARDIO_LATE | _MOBILITY
    words = {
        w for key, value in _LEXICON.items() if value and set(value) <= activities for w in key
    }
    return frozenset(words | activities)


def _catalogue_words() -> set[str]:
    return {w for item in CATALOGUE for name in item.names for w in normalise_name(name).split()}


def _rule_words() -> set[str]:
    words: set[str] = set()
    for rule in _RULES:
        words |= rule.all_of | rule.any_of | rule.none_of
    return words


# --- reading a name into canonical words ------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    words: tuple[str, ...]  # canonical words in order, equipment words included
    unknown: tuple[str, ...]  # words of the name not in the vocabulary
    equipment: str | None  # the equipment the words name, if any

    @property
    def core(self) -> frozenset[str]:
        return frozenset(w for w in self.words if w not in _EQUIPMENT_ONLY)


#: Only the start of a very long "name" is read (the database keeps 120 characters).
_MAX_CHARS = 200
_MAX_WORD = 32


def _replace_cjk(text: str) -> str:
    if not _CJK_CHARS.search(text):
        return text
    return _CJK_PATTERN.sub(lambda m: f" {_CJK_TERMS[m.group(0)]} ", text)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count once)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


class _Vocabulary:
    """The words the module understands, with typo correction and compound splitting."""

    def __init__(self, words: Iterable[str], not_corrected_to: Iterable[str] = ()) -> None:
        self.words = frozenset(words)
        self._by_deletion: dict[str, set[str]] = {}
        excluded = frozenset(not_corrected_to)
        for word in self.words:
            if len(word) >= 5 and word.isalpha() and word not in excluded:
                for variant in (*_deletions(word), word):
                    self._by_deletion.setdefault(variant, set()).add(word)

    def correct(self, word: str) -> str | None:
        """The one vocabulary word a typo of ``word`` can be (one slip: a letter missing, extra,
        wrong or swapped), or None."""
        if len(word) < 5 or len(word) > _MAX_WORD or not word.isalpha():
            return None
        candidates: set[str] = set()
        for variant in (*_deletions(word), word):
            candidates |= self._by_deletion.get(variant, set())
        close = sorted(c for c in candidates if _edit_distance(word, c) == 1)
        return close[0] if len(close) == 1 else None

    def split(self, word: str) -> tuple[str, ...] | None:
        """A compound ("langhantelrudern", "pushpress") as vocabulary words, fewest parts."""
        if len(word) < 6 or len(word) > _MAX_WORD or not word.isalpha():
            return None
        best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
        best[0] = ()
        for end in range(1, len(word) + 1):
            for start in range(end):
                head = best[start]
                if head is None:
                    continue
                part = word[start:end]
                found = self._part(part)
                if found is None:
                    continue
                option = (*head, found)
                current = best[end]
                if current is None or len(option) < len(current):
                    best[end] = option
        result = best[len(word)]
        return result if result is not None and len(result) >= 2 else None

    def _part(self, part: str) -> str | None:
        if part == "ab":
            return part
        if len(part) < 3:
            return None
        if part in self.words and part not in _STOP_WORDS:
            return part
        for linker in ("s", "n", "e", "en", "es"):  # German links and plurals
            stem = part[: -len(linker)]
            if part.endswith(linker) and len(stem) >= 3 and stem in self.words:
                return stem
        return None


def _known(word: str, vocabulary: _Vocabulary) -> tuple[str, ...] | None:
    """``word`` as known words: itself, without a French elision, split, or corrected."""
    if word in vocabulary.words or word in _STOP_WORDS:
        return (word,)
    if word[:1] in ("l", "d") and len(word) > 3 and word[1:] in vocabulary.words:
        return (word[1:],)  # l'oiseau, d'épaules: the apostrophe went in normalise_name
    parts = vocabulary.split(word)
    if parts is not None:
        return parts
    corrected = vocabulary.correct(word)
    return (corrected,) if corrected is not None else None


def _translate(words: list[str]) -> list[str]:
    """Lexicon phrases (longest first at each position) to canonical words."""
    result: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_KEY, len(words) - i), 0, -1):
            canonical = _LEXICON.get(tuple(words[i : i + size]))
            if canonical is not None:
                result.extend(canonical)
                i += size
                break
        else:
            result.append(words[i])
            i += 1
    return result


def _imply(words: list[str], unknown: frozenset[str] = frozenset()) -> list[str]:
    """What the words leave unsaid: "Bench" is a bench press, "Stiff" (Brazil) a stiff-leg
    deadlift, "rowing" with a barbell the back exercise, "lateral" pulldown the lats."""
    present = set(words)
    heads = present & _HEADS

    def add(*extra: str) -> None:
        words.extend(w for w in extra if w not in present)
        present.update(extra)

    if "rowing" in present:
        # "Remo Gironda", "Rowing Menton": a word the lexicon does not know next to the
        # ambiguous "rowing"/"remo" is taken as the name of a row, not of the sport.
        context = (
            unknown
            or (present & set(_EQUIPMENT_WORDS)) - {"machine"}
            or present
            & {
                "seated",
                "bentover",
                "single",
                "upright",
                "tbar",
                "chestsupported",
                "incline",
                "wide",
                "close",
                "underhand",
                "overhand",
                "neutral",
                "vbar",
                "rear",
                "delt",
                "high",
                "low",
                "pendlay",
                "seal",
                "back",
                "lat",
            }
        )
        if context:
            words[:] = ["row" if w == "rowing" else w for w in words]
            present = set(words)
            heads = present & _HEADS
    if "hammer" in present and "curl" not in present:
        if heads:
            words[:] = ["brandmachine" if w == "hammer" else w for w in words]
            present = set(words)
        else:
            add("curl")
    if present & {"pulldown", "pushdown", "pullthrough"} and "raise" not in present:
        words[:] = ["lat" if w == "lateral" else w for w in words]
    if "pulldown" in present and "triceps" in present:
        words[:] = ["pushdown" if w == "pulldown" else w for w in words]
    if present & {"inward", "inner"} and "abduction" in present:
        words[:] = [
            "adduction" if w == "abduction" else w for w in words if w not in ("inward", "inner")
        ]
    if present & {"around", "world"} == {"around", "world"} and "kettlebell" in present:
        words[:] = [w for w in words if w not in ("around", "world")] + ["halo"]
    present = set(words)
    heads = present & _HEADS
    if "bulgarian" in present:
        add("split")
        if not present & {"squat", "lunge"}:
            add("squat")
    if not heads:
        if present & {"bench", "incline", "decline", "military", "arnold"}:
            add("bench" if not present & {"military", "arnold"} else "overhead", "press")
        elif present & {"stiff", "romanian", "sumo"}:
            add("deadlift")
        elif "calf" in present:
            add("raise")
        elif "abs" in present and not present & {"shin"}:
            add("crunch")
        elif "triceps" in present and present & {"overhead"}:
            add("extension")
        elif "triceps" in present and present & {"cable", "rope"}:
            add("pushdown")
        elif "lateral" in present:
            add("raise")
        elif present & {"preacher", "concentration", "spider"}:
            add("curl")
        elif present & {"goblet", "hack", "pendulum"}:
            add("squat")
        elif "thrust" in present:
            add("hip")
        elif "crossover" in present:
            pass
    if "stiff" in present and "leg" not in present:
        add("leg")
    if "thrust" in present and "hip" not in present and "glute" not in present:
        add("hip")
    if "grip" in present and present & _GRIP_TYPES:
        words[:] = [w for w in words if w != "grip"]
    return words


def _pick_equipment(words: Iterable[str]) -> str | None:
    found = {_EQUIPMENT_WORDS[w] for w in words if w in _EQUIPMENT_WORDS}
    for word in _EQUIPMENT_WORDS:  # in priority order
        if _EQUIPMENT_WORDS[word] in found:
            return _EQUIPMENT_WORDS[word]
    return None


_ROW_MACHINE = re.compile(r"\s*row(?:ing)?[\s-]*machine\s*", re.IGNORECASE)


def _parse(name: str, vocabulary: _Vocabulary) -> _Parsed:
    text = name[:_MAX_CHARS]
    if _ROW_MACHINE.fullmatch(text):  # "Row Machine" as words is the rower; "Row (Machine)" not
        text = "rowing erg"
    text = _replace_cjk(text)
    words: list[str] = []
    unknown: list[str] = []
    for word in normalise_name(text).split():
        known = _known(word, vocabulary)
        if known is None:
            unknown.append(word)
            words.append(word)
        else:
            words.extend(known)
    words = _translate([w for w in words if w not in _STOP_WORDS])
    # Numbers ("45°", "6 zu 1", "21s") say nothing about the muscles.
    words = [w for w in words if not any(c.isdigit() for c in w)]
    unknown = [w for w in unknown if w in words]
    words = _imply(words, frozenset(unknown))
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return _Parsed(tuple(seen), tuple(dict.fromkeys(unknown)), _pick_equipment(seen))


# --- the grammar of movements -----------------------------------------------------------------

#: Rule kinds: W weighted (bodyweight when the name says bodyweight), F weighted with
#: equipment and bodyweight without (or with a band), B bodyweight (weighted on a machine
#: or cable), T timed, U known but left unassigned (a muscle Regain does not track, or too
#: vague to say).
_RuleKind = Literal["W", "F", "B", "T", "U"]


@dataclass(frozen=True)
class _Rule:
    label: str
    all_of: frozenset[str]
    any_of: frozenset[str]
    none_of: frozenset[str]
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    kind: _RuleKind

    def matches(self, words: frozenset[str]) -> bool:
        return (
            self.all_of <= words
            and (not self.any_of or bool(self.any_of & words))
            and not self.none_of & words
        )


def _r(
    label: str,
    all_: str = "",
    any_: str = "",
    none: str = "",
    p: str = "",
    s: str = "",
    kind: _RuleKind = "W",
) -> _Rule:
    return _Rule(
        label,
        frozenset(all_.split()),
        frozenset(any_.split()),
        frozenset(none.split()),
        tuple(p.split()),
        tuple(s.split()),
        kind,
    )


_OLYMPIC = "glutes quads hamstrings"
_OLYMPIC_HELP = "traps shoulders lower_back upper_back"
_CHEST_WORDS = "bench chest flat incline decline floor pin board spoto larsen svend"
_SHOULDER_WORDS = (
    "overhead shoulder military arnold push behindneck bradford viking log cuban sots z"
)

# Ordered: the first rule that matches gives the reading, so specific rules come first
# ("calf press" before "leg press" before "press").
# fmt: off
_RULES: tuple[_Rule, ...] = (
    # --- the neck first: "Neck Curl" and "Neck Extension" are no arm work ---
    _r("neck work (counted as trapezius)", any_="neck", none="behindneck", p="traps"),
    # --- olympic lifts and full-body combinations ---
    _r("clean and jerk", "clean jerk", p=f"{_OLYMPIC} shoulders", s="triceps traps lower_back"),
    _r("thruster", any_="thruster", p="quads glutes shoulders", s="triceps"),
    _r("thruster", "squat press", p="quads glutes shoulders", s="triceps"),
    _r("man maker or devil press", any_="manmaker", p="shoulders quads glutes",
       s="chest upper_back triceps abs"),
    _r("clean and press", "clean press", p="glutes quads shoulders", s="hamstrings traps triceps"),
    _r("snatch pull", "snatch", any_="deadlift pull liftoff", p="glutes hamstrings traps",
       s="quads lower_back upper_back forearms"),
    _r("clean pull", "clean", any_="deadlift pull liftoff", p="glutes hamstrings traps",
       s="quads lower_back upper_back forearms"),
    _r("high pull", any_="highpull", p="traps shoulders", s="upper_back glutes hamstrings"),
    _r("snatch balance", "snatch balance", p="quads shoulders", s="glutes triceps traps"),
    _r("snatch", any_="snatch", p=_OLYMPIC, s=_OLYMPIC_HELP),
    _r("clean", any_="clean", p=_OLYMPIC, s="traps lower_back upper_back"),
    _r("jerk", any_="jerk", p="shoulders quads", s="triceps glutes traps"),
    _r("halo", any_="halo", p="shoulders", s="abs"),
    _r("around the world", "around world", p="chest", s="shoulders"),
    _r("Turkish get-up", any_="getup", p="shoulders abs", s="glutes quads triceps"),
    _r("wall ball", any_="wallball", p="quads glutes shoulders", s="triceps"),
    _r("ball slam", any_="slam", p="upper_back abs", s="shoulders"),
    # --- holds ---
    _r("wall sit", any_="wallsit", p="quads", s="glutes", kind="T"),
    _r("hollow hold", any_="hollow", p="abs", kind="T"),
    _r("arch hold", any_="arch", p="lower_back", s="glutes", kind="T"),
    _r("L-sit", any_="lsit", none="pullup chinup dip", p="abs", s="triceps", kind="T"),
    _r("Copenhagen plank", any_="copenhagen", p="adductors", s="abs", kind="T"),
    _r("side plank", "plank side", p="abs", kind="T"),
    _r("plank", any_="plank", p="abs", s="shoulders", kind="T"),
    _r("lever hold", any_="lever", p="upper_back abs", kind="T"),
    _r("planche", any_="planche", p="shoulders chest", s="triceps abs", kind="T"),
    _r("handstand push-up", "handstand pushup", p="shoulders", s="triceps", kind="B"),
    _r("handstand", any_="handstand", p="shoulders", s="triceps", kind="T"),
    _r("dragon flag", any_="dragonflag", p="abs", kind="B"),
    # --- lower legs ---
    _r("shin work (tibialis: not a group Regain tracks)", any_="shin", kind="U"),
    _r("toe raise (tibialis: not a group Regain tracks)", "toe raise", none="calf", kind="U"),
    _r("calf raise", any_="calf", p="calves"),
    # --- thighs and hips ---
    _r("glute-ham raise", "glute hamstring raise", p="hamstrings", s="glutes calves", kind="B"),
    _r("Nordic curl", any_="nordic", p="hamstrings", kind="B"),
    _r("leg curl", "curl", any_="leg hamstring", p="hamstrings", s="calves"),
    _r("leg extension", "extension", any_="leg quad knee", p="quads"),
    _r("leg press", "press", any_="leg", p="quads glutes", s="adductors"),
    _r("sissy squat", "squat sissy", p="quads", kind="B"),
    _r("jump squat", "squat jump", p="quads glutes", s="calves hamstrings", kind="B"),
    _r("single-leg squat", "squat", any_="pistol single", p="quads glutes",
       s="adductors hamstrings", kind="B"),
    _r("sumo squat", "squat", any_="sumo plie", p="quads glutes adductors"),
    _r("split squat", "squat", any_="split bulgarian", p="quads glutes",
       s="adductors hamstrings", kind="F"),
    _r("squat", any_="squat", p="quads glutes", s="adductors"),
    _r("lunge", any_="lunge stepup", p="quads glutes", s="adductors hamstrings", kind="F"),
    _r("stiff-leg deadlift", "deadlift", any_="romanian stiff single", p="hamstrings glutes",
       s="lower_back forearms"),
    _r("sumo deadlift", "deadlift sumo", p="glutes quads adductors",
       s="hamstrings lower_back traps forearms"),
    _r("trap-bar deadlift", "deadlift trapbar", p="quads glutes",
       s="hamstrings lower_back traps forearms"),
    _r("deadlift", any_="deadlift liftoff", p="glutes hamstrings lower_back",
       s="quads traps upper_back forearms"),
    _r("rack pull", "rack pull", p="glutes lower_back traps", s="hamstrings upper_back forearms"),
    _r("good morning", any_="goodmorning", p="hamstrings lower_back", s="glutes"),
    _r("Jefferson curl", any_="jefferson", p="lower_back hamstrings"),
    _r("straight-arm pull-through", "pullthrough lat", p="upper_back", s="triceps"),
    _r("pull-through", any_="pullthrough", p="glutes hamstrings", s="lower_back"),
    _r("swing", any_="swing", p="glutes hamstrings", s="lower_back forearms"),
    _r("hip thrust", any_="thrust", p="glutes", s="hamstrings"),
    _r("glute bridge", any_="bridge", none="neck", p="glutes", s="hamstrings", kind="F"),
    _r("hip extension", "extension hip", p="glutes hamstrings", s="lower_back"),
    _r("reverse hyperextension", "hyperextension", any_="reverse hip glute",
       p="glutes hamstrings", s="lower_back"),
    _r("back extension", any_="hyperextension superman", p="lower_back glutes", s="hamstrings",
       kind="B"),
    _r("back extension", "extension", any_="back lowerback", p="lower_back glutes",
       s="hamstrings"),
    _r("glute kickback", "kickback", any_="glute hip leg donkey", p="glutes", s="hamstrings"),
    _r("glute kickback", "kick", any_="glute donkey", p="glutes", s="hamstrings", kind="F"),
    _r("triceps kickback", "kickback", any_="triceps dumbbell", p="triceps"),
    _r("glute kickback", "kickback", any_="cable machine band bodyweight", p="glutes",
       s="hamstrings"),
    _r("hip abduction", any_="abduction abductor hydrant clamshell", p="glutes", kind="F"),
    _r("band walk", "walk", any_="band monster lateral side", p="glutes", kind="F"),
    _r("hip adduction", any_="adduction adductor", p="adductors", kind="F"),
    _r("hip raise", "raise hip", p="glutes", s="hamstrings", kind="F"),
    # --- pulling ---
    _r("muscle-up", any_="muscleup", p="upper_back chest triceps", s="biceps shoulders",
       kind="B"),
    _r("rope climb", any_="ropeclimb", p="upper_back biceps", s="forearms", kind="B"),
    _r("chin-up", any_="chinup", p="upper_back biceps", s="forearms", kind="B"),
    _r("scapular work", any_="scapular scapula scap", p="traps", s="upper_back", kind="B"),
    _r("pull-up", any_="pullup", p="upper_back", s="biceps forearms", kind="B"),
    _r("curl", "curl", any_="biceps", none="wrist forearm leg hamstring", p="biceps",
       s="forearms"),
    _r("straight-arm pulldown", "pulldown straightarm", p="upper_back", s="triceps"),
    _r("pulldown", any_="pulldown", p="upper_back", s="biceps"),
    _r("straight-arm pulldown", "pushdown", any_="straightarm lat", p="upper_back", s="triceps"),
    _r("pullover", "pullover cable", p="upper_back", s="triceps"),
    _r("pullover", any_="pullover", p="chest upper_back", s="triceps"),
    _r("upright row", "row upright", p="shoulders traps", s="biceps"),
    _r("rear-delt row", "row", any_="rear", p="shoulders", s="upper_back traps"),
    _r("renegade row", "row renegade", p="upper_back abs", s="biceps shoulders"),
    _r("inverted row", "row", any_="inverted australian", p="upper_back",
       s="biceps shoulders traps", kind="B"),
    _r("row", any_="row", p="upper_back", s="biceps traps shoulders"),
    _r("face pull", any_="facepull", p="shoulders traps", s="upper_back"),
    _r("band pull-apart", any_="pullapart", p="shoulders", s="upper_back traps"),
    _r("shrug", any_="shrug", p="traps", s="forearms"),
    _r("shoulder rotation", "rotation", any_="shoulder external internal cuff rotator",
       p="shoulders"),
    _r("full can raise", any_="fullcan", p="shoulders", s="traps"),
    _r("Y raise", "raise", any_="y ytw", p="shoulders traps", s="upper_back"),
    # --- pushing ---
    _r("triceps dip", "dip", any_="triceps bench chair seated", p="triceps",
       s="chest shoulders", kind="B"),
    _r("dip", any_="dip", p="chest triceps", s="shoulders", kind="B"),
    _r("pike push-up", "pushup pike", p="shoulders", s="triceps", kind="B"),
    _r("close-grip push-up", "pushup", any_="diamond close triangle triceps", p="triceps chest",
       s="shoulders", kind="B"),
    _r("push-up", any_="pushup", p="chest", s="triceps shoulders", kind="B"),
    _r("push-up", "flexion", none="hip knee leg wrist trunk torso shoulder elbow ankle",
       p="chest", s="triceps shoulders", kind="B"),
    _r("Pallof press", "press pallof", p="abs"),
    _r("push press", "press push", p="shoulders", s="triceps quads glutes"),
    _r("landmine press", "press landmine", p="shoulders chest", s="triceps"),
    _r("overhead press", "press", any_=_SHOULDER_WORDS, p="shoulders", s="triceps"),
    _r("close-grip press", "press", any_="close triceps", p="triceps chest", s="shoulders"),
    _r("chest press", "press", any_=_CHEST_WORDS, p="chest", s="triceps shoulders"),
    _r("overhead press", "press", any_="seated standing kettlebell single strict", p="shoulders",
       s="triceps"),
    _r("chest press", "press dumbbell", p="chest", s="triceps shoulders"),
    _r("a press, but not which one", any_="press", kind="U"),
    _r("reverse fly", "fly", any_="reverse rear", p="shoulders", s="upper_back traps"),
    _r("chest fly", any_="fly crossover pecdeck", p="chest", s="shoulders"),
    _r("rear-delt raise", "raise", any_="rear", p="shoulders", s="upper_back traps"),
    _r("rear-delt raise", "raise lateral bentover", p="shoulders", s="upper_back traps"),
    _r("lateral raise", "raise", any_="lateral side delt shoulder", none="leg",
       p="shoulders", s="traps"),
    _r("front raise", "raise", any_="front plate", p="shoulders"),
    _r("side leg raise", "raise leg", any_="lateral side", none="hanging", p="glutes", kind="F"),
    _r("leg raise", "raise", any_="leg knee hanging toes", p="abs", kind="F"),
    _r("a raise, but not which one", any_="raise", kind="U"),
    _r("rear-delt work", "rear delt", p="shoulders", s="upper_back traps"),
    # --- arms ---
    _r("wrist extension", "extension", any_="wrist forearm", p="forearms"),
    _r("triceps extension", "extension",
       any_="triceps overhead french lying skullcrusher dumbbell cable barbell ezbar rope band",
       p="triceps"),
    _r("an extension, but not which one", any_="extension", kind="U"),
    _r("triceps pushdown", any_="pushdown", p="triceps"),
    _r("skullcrusher", any_="skullcrusher frenchpress", p="triceps"),
    _r("reverse wrist curl", "curl reverse", any_="wrist forearm", p="forearms"),
    _r("wrist curl", "curl", any_="wrist forearm finger", p="forearms"),
    _r("reverse curl", "curl reverse", p="forearms biceps"),
    _r("hammer curl", "curl", any_="hammer zottman neutral", p="biceps forearms"),
    _r("ab curl", "curl abs", p="abs"),
    _r("curl", any_="curl", p="biceps", s="forearms"),
    _r("wrist roller", "roller", any_="wrist forearm", p="forearms"),
    _r("grip work", any_="grip gripper pinch", p="forearms"),
    # --- carries and sleds ---
    _r("overhead carry", "overhead", any_="carry walk", p="shoulders", s="abs traps"),
    _r("suitcase carry", "suitcase", any_="carry walk", p="abs forearms", s="traps"),
    _r("yoke carry", any_="yoke", p="quads glutes", s="traps abs lower_back"),
    _r("loaded carry", any_="carry farmers farmer waiter", p="forearms traps", s="abs"),
    _r("sled pull", "sled", any_="pull drag", p="hamstrings glutes", s="quads calves"),
    _r("sled push", any_="sled prowler", p="quads glutes", s="calves hamstrings"),
    _r("tyre flip", any_="tire tyre", p="glutes hamstrings quads", s="lower_back upper_back"),
    _r("stone lift", any_="atlas stone", p="glutes hamstrings lower_back", s="upper_back biceps"),
    # --- core ---
    _r("abdominal work", any_=(
        "crunch situp vup jackknife toestobar kneestoelbows rollout wheel twist sidebend "
        "woodchopper chop deadbug climber flutter scissor toetouch heeltap wiper windmill"
    ), p="abs", kind="F"),
    _r("torso rotation", "rotation", any_="torso trunk landmine", p="abs"),
    _r("bird dog", any_="birddog", p="abs lower_back", s="glutes", kind="B"),
    _r("kick", any_="kick", p="abs", kind="F"),
    # --- jumps and hangs ---
    _r("jump", any_="jump", p="quads glutes", s="calves hamstrings", kind="B"),
    _r("dead hang", any_="hang", p="forearms", s="upper_back", kind="T"),
)
# fmt: on


@dataclass(frozen=True)
class _Inference:
    label: str
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    assigned: bool


def _kind(rule_kind: str, equipment: str | None, words: frozenset[str]) -> str:
    if rule_kind == "T":
        kind = "timed"
    elif rule_kind == "B":
        kind = "weighted" if equipment in ("machine", "cable") else "bodyweight"
    elif rule_kind == "F":
        kind = "bodyweight" if equipment in (None, "bodyweight", "band") else "weighted"
    else:
        kind = "bodyweight" if equipment == "bodyweight" else "weighted"
    if "assisted" in words and kind != "timed":
        kind = "assisted"
    return kind


def _muscle_fallback(parsed: _Parsed) -> tuple[str, ...]:
    """The muscles a name without a movement names ("General Abs", "Back Forearms")."""
    found = [_MUSCLE_WORDS[w] for w in parsed.words if w in _MUSCLE_WORDS]
    if len(found) > 1 and "back" in parsed.words:  # "back of the forearm", "back delts"
        found = [_MUSCLE_WORDS[w] for w in parsed.words if w in _MUSCLE_WORDS and w != "back"]
    return tuple(dict.fromkeys(found))


def _infer(parsed: _Parsed) -> _Inference | None:
    words = frozenset(parsed.words)
    equipment = parsed.equipment
    if words & _MOBILITY:
        return _Inference("mobility or recovery work", "cardio", (), (), True)
    if words & _CARDIO_FIRST:
        return _Inference("a cardio or sport activity", "cardio", (), (), True)
    for rule in _RULES:
        if rule.matches(words):
            if rule.kind == "U":
                return _Inference(rule.label, _kind("W", equipment, words), (), (), False)
            secondary = tuple(m for m in rule.secondary if m not in rule.primary)
            return _Inference(
                rule.label, _kind(rule.kind, equipment, words), rule.primary, secondary, True
            )
    if words & _CARDIO_LATE:
        return _Inference("a cardio or sport activity", "cardio", (), (), True)
    muscles = _muscle_fallback(parsed)
    if muscles:
        label = "work for the " + ", ".join(m.replace("_", " ") for m in muscles)
        return _Inference(label, _kind("W", equipment, words), muscles, (), True)
    return None


# --- the catalogue, indexed by canonical words ------------------------------------------------

_ACTIVITY_WORDS = _activity_words()
_VOCABULARY = _Vocabulary(
    {w for key in _LEXICON for w in key}
    | {w for value in _LEXICON.values() for w in value}
    | _catalogue_words()
    | _rule_words()
    | set(_HEADS)
    | set(_DROPPABLE)
    | set(_EQUIPMENT_WORDS)
    | set(_MUSCLE_WORDS)
    | _CARDIO_FIRST
    | _CARDIO_LATE
    | _MOBILITY
    | {"assisted", "inward", "outward", "inner", "outer", "sumo", "romanian", "stiff", "lateral"},
    # A typo is never read as an activity: that would take the muscles away without a word
    # ("Kipping Pull Up" is no skipping). An unknown word leaves the reading to the rest.
    not_corrected_to=_ACTIVITY_WORDS,
)


@dataclass(frozen=True)
class _Entry:
    exercise: CatalogueExercise
    #: the equipment the catalogue name itself says (None: a bare name such as "Bench Press")
    written: str | None


def _build_index() -> dict[frozenset[str], tuple[_Entry, ...]]:
    index: dict[frozenset[str], list[_Entry]] = {}
    for item in CATALOGUE:
        for name in item.names:
            parsed = _parse(name, _VOCABULARY)
            entries = index.setdefault(parsed.core, [])
            if not any(e.exercise is item and e.written == parsed.equipment for e in entries):
                entries.append(_Entry(item, parsed.equipment))
    return {key: tuple(entries) for key, entries in index.items()}


_INDEX = _build_index()

#: For a name whose equipment has no entry of its movement: the nearest equipment first.
_CLOSEST: dict[str, tuple[str, ...]] = {
    "barbell": ("smith", "dumbbell", "kettlebell", "machine", "cable", "band", "bodyweight"),
    "dumbbell": ("kettlebell", "barbell", "cable", "band", "machine", "smith", "bodyweight"),
    "cable": ("machine", "band", "dumbbell", "barbell", "smith", "kettlebell", "bodyweight"),
    "machine": ("smith", "cable", "barbell", "dumbbell", "band", "kettlebell", "bodyweight"),
    "smith": ("barbell", "machine", "dumbbell", "cable", "kettlebell", "band", "bodyweight"),
    "kettlebell": ("dumbbell", "barbell", "cable", "band", "machine", "smith", "bodyweight"),
    "band": ("cable", "dumbbell", "machine", "bodyweight", "barbell", "kettlebell", "smith"),
    "bodyweight": ("band", "dumbbell", "machine", "cable", "barbell", "kettlebell", "smith"),
    "other": ("dumbbell", "barbell", "kettlebell", "machine", "cable", "band", "bodyweight"),
}
#: For a name that says no equipment and has no bare catalogue name.
_DEFAULT_ORDER = (
    "barbell",
    "bodyweight",
    "dumbbell",
    "cable",
    "machine",
    "smith",
    "kettlebell",
    "band",
    "other",
)


def _agree(items: list[CatalogueExercise]) -> bool:
    """Whether the candidates share a primary muscle (else a stand-in could be a wrong one)."""
    common = set(items[0].primary)
    for item in items[1:]:
        common &= set(item.primary)
    return bool(common) or all(item.kind == "cardio" for item in items)


def _choose(
    entries: tuple[_Entry, ...], equipment: str | None, stand_in: bool
) -> tuple[CatalogueExercise, bool] | None:
    """The entry for the name's equipment: (exercise, stand_in), or None when there is none
    (or, with ``stand_in``, no closest variant that is surely the same movement)."""
    items = list(dict.fromkeys(e.exercise for e in entries))
    if equipment is not None:
        same = [x for x in items if x.equipment == equipment]
        if same:
            return same[0], False
        if not stand_in or not _agree(items):
            return None
        order = (*_CLOSEST[equipment], "other")
        return min(items, key=lambda x: order.index(x.equipment)), True
    bare = [e.exercise for e in entries if e.written is None]
    if bare:
        return bare[0], False
    if not _agree(items):
        return None
    return min(items, key=lambda x: _DEFAULT_ORDER.index(x.equipment)), False


#: More droppable words than this are dropped first, noisiest first (keeps the search small).
_MAX_DROPPABLE = 8


def _drop_orders(core: frozenset[str]) -> Iterator[tuple[str, ...]]:
    """Sets of droppable words to leave out: none first, then one at a time (noisiest first)."""
    present = sorted((w for w in core if w in _DROPPABLE), key=lambda w: (_DROPPABLE[w], w))
    forced = tuple(present[: max(0, len(present) - _MAX_DROPPABLE)])
    rest = present[len(forced) :]
    for size in range(len(rest) + 1):
        options = sorted(combinations(rest, size), key=lambda c: sum(_DROPPABLE[w] for w in c))
        for option in options:
            yield forced + option


def _match(parsed: _Parsed) -> tuple[CatalogueExercise, tuple[str, ...], bool] | None:
    """The catalogue exercise the words name: (exercise, words dropped, stand_in)."""
    if parsed.unknown:
        return None  # a word not understood might change the movement
    core = parsed.core
    # The named equipment first, even with more words dropped (they do not change the
    # muscles); a variant with other equipment only when no entry has it.
    for stand_in in (False, True):
        for dropped in _drop_orders(core):
            entries = _INDEX.get(core - frozenset(dropped))
            if entries is None:
                continue
            chosen = _choose(entries, parsed.equipment, stand_in)
            if chosen is not None:
                return chosen[0], dropped, chosen[1]
    return None


# --- reading a name ---------------------------------------------------------------------------


def _matched_kind(exercise: CatalogueExercise, parsed: _Parsed) -> str:
    kind = exercise.kind
    if "assisted" in parsed.words and kind in ("weighted", "bodyweight"):
        return "assisted"
    if parsed.equipment == "bodyweight" and kind == "weighted":
        return "bodyweight"
    if parsed.equipment in ("machine", "cable") and kind == "bodyweight":
        return "weighted"
    return kind


#: Canonical words written together, as the user would read them.
_SHOWN = {
    "bentover": "bent over",
    "chestsupported": "chest supported",
    "crossbody": "cross body",
    "isolateral": "iso-lateral",
    "lowbar": "low bar",
    "highbar": "high bar",
    "vbar": "V-bar",
    "straightarm": "straight arm",
    "effort": "easy/hard",
    "deep": "depth",
    "offset": "offset load",
    "leaning": "lean",
    "single": "one arm/leg",
}


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"“{_SHOWN.get(w, w)}”" for w in words)


def _from_exercise(
    name: str,
    how: How,
    exercise: CatalogueExercise,
    parsed: _Parsed | None,
    dropped: tuple[str, ...] = (),
    stand_in: bool = False,
    inference: _Inference | None = None,
) -> NameReading:
    equipment = exercise.equipment
    kind = exercise.kind
    reading = exercise.name
    if parsed is not None:
        kind = _matched_kind(exercise, parsed)
        if (
            stand_in
            and inference is not None
            and {kind, inference.kind} <= {"weighted", "bodyweight"}
        ):
            # Another equipment may change how the weight counts: a barbell lunge is load,
            # the catalogue's lunge without equipment is body weight.
            kind = inference.kind
        if parsed.equipment is not None:
            equipment = parsed.equipment
        if stand_in:
            reading += f" (the closest variant to the {parsed.equipment} one)"
        if dropped:
            reading += f", leaving out {_quoted(dropped)}"
    return NameReading(
        name=name,
        how=how,
        exercise=exercise,
        kind=kind,
        equipment=equipment,
        primary=exercise.primary,
        secondary=exercise.secondary,
        reading=reading,
        ignored=dropped,
        stand_in=stand_in,
    )


@lru_cache(maxsize=8192)
def read_name(name: str) -> NameReading:
    """What an exercise name means: the catalogue exercise, or the muscles the movement works,
    or nothing (``how == "unassigned"``). Never raises; the same name always reads the same."""
    name = name.strip()
    exact = match_name(name)
    if exact is not None:
        return _from_exercise(name, "alias", exact, None)
    parsed = _parse(name, _VOCABULARY)
    inference = _infer(parsed)
    matched = _match(parsed)
    if matched is not None:
        exercise, dropped, stand_in = matched
        # A dropped word may have mattered after all ("Standing Dumbbell Press" is no bench
        # press): when the grammar reads other muscles, trust the grammar.
        if not (
            inference is not None
            and inference.assigned
            and inference.primary
            and exercise.primary
            and not set(inference.primary) & set(exercise.primary)
        ):
            return _from_exercise(name, "matched", exercise, parsed, dropped, stand_in, inference)
    equipment = parsed.equipment
    if inference is not None and inference.assigned:
        if inference.kind == "bodyweight" and equipment is None:
            equipment = "bodyweight"
        label = inference.label
        if equipment is not None and inference.kind != "cardio":
            label += f", {equipment}"
        if parsed.unknown:
            label += f" (not understood: {_quoted(parsed.unknown)})"
        return NameReading(
            name=name,
            how="inferred",
            exercise=None,
            kind=inference.kind,
            equipment=equipment or "other",
            primary=inference.primary,
            secondary=inference.secondary,
            reading=label,
            ignored=parsed.unknown,
        )
    words = frozenset(parsed.words)
    kind = inference.kind if inference is not None else _kind("W", equipment, words)
    if words & {"hold", "isometric", "hang"}:
        kind = "timed"
    reading = inference.label if inference is not None else "not recognised"
    return NameReading(
        name=name,
        how="unassigned",
        exercise=None,
        kind=kind,
        equipment=equipment or "other",
        primary=(),
        secondary=(),
        reading=reading + ": which muscles does it work?",
        ignored=parsed.unknown,
    )


assert set(EQUIPMENT) >= set(_CLOSEST) and set(EXERCISE_KINDS) >= {"cardio", "timed"}
assert all(m in MUSCLE_KEYS for r in _RULES for m in (*r.primary, *r.secondary))
