"""A file to import, read and checked, before anything is written (no database).

``read_file`` reads an export of Strong, Hevy, FitNotes (CSV) or Regain (JSON), detected from
its content, into an ``Incoming``. A CSV that names no weight unit takes the unit given, else the
one its numbers show (``guess_file_unit``), else the caller's fallback (the user's profile unit),
with a warning saying which. ``merged_workouts`` gives the workouts as they will be stored: two
rows of the file that are one workout (titles that differ only by blanks, two spellings of one
time) become one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tracker import importers
from tracker.export import RegainDocument, looks_like_document, read_document
from tracker.importers.records import ImportFormatError, ParsedImport, ParsedWorkout
from tracker.limits import latest_day

#: What the user can pick as the file's app ("" or None: detect it).
SOURCES = ("strong", "hevy", "fitnotes", "regain")
SOURCE_LABELS = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes", "regain": "Regain"}
UNIT_WORDS = {"kg": "kilograms", "lb": "pounds"}

#: The longest ``source_key`` stored (the column's size, models.py).
KEY_LENGTH = 200
# Integer columns: a value beyond these is a broken cell, not a set.
MAX_REPS, MAX_SECONDS = 100_000, 100_000_000


@dataclass(frozen=True)
class Incoming:
    """A file read and checked: its workouts, and for a Regain export everything else."""

    parsed: ParsedImport
    document: RegainDocument | None = None
    #: How the weight unit was decided: "file" (it says), "chosen" (the caller said),
    #: "guessed" (its numbers), "profile" (the caller's fallback).
    unit_from: str = "file"

    @property
    def source(self) -> str:
        return self.parsed.source

    @cached_property
    def name_counts(self) -> Counter[str]:
        """How many sets each exercise name (as written) has."""
        return Counter(item.exercise_name for w in self.parsed.workouts for item in w.sets)

    def workout_source(self, index: int) -> str:
        """The ``source`` stored for workout ``index`` (a Regain export keeps the original)."""
        if self.document is not None:
            return self.document.workout_sources[index]
        return self.parsed.source


def needs_unit(data: bytes, source: str | None = None) -> bool:
    """Whether the file names no weight unit, so kg or lb must be decided (Strong S2, S5)."""
    if looks_like_document(data) or source == "regain":
        return False
    found_source, variant = importers.detect(data)
    return importers.needs_unit(found_source, variant)


def read_file(
    data: bytes,
    source: str | None = None,
    unit: str | None = None,
    *,
    date_order: str | None = None,
    today: dt.date,
    fallback_unit: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Incoming:
    """Read an export, detected from its content; ``source`` (optional) must agree with it.

    Every problem raises ``ImportFormatError`` with a message naming the line and column (or
    the JSON path); ``importers.AmbiguousDateOrder`` when numeric dates need ``date_order``.
    Workouts dated before 1900 or more than a day after ``today`` (the user's) are refused.
    """
    chosen = (source or "").strip().casefold() or None
    if chosen is not None and chosen not in SOURCES:
        raise ImportFormatError(f"unknown source {source!r}: choose one of {', '.join(SOURCES)}")
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFormatError("the file is empty")
    if looks_like_document(data):
        if chosen not in (None, "regain"):
            raise ImportFormatError(
                f"this is a JSON file (a Regain export?), not a {SOURCE_LABELS[chosen]} CSV export",
                1,
            )
        document = read_document(data, today=today)
        return Incoming(document.parsed, document)
    if chosen == "regain":
        found, _ = importers.detect(data)
        raise ImportFormatError(
            f"this looks like a {SOURCE_LABELS[found]} export, not a Regain JSON export", 1
        )
    unit_from, note = ("chosen" if unit else "file"), None
    if unit is None and needs_unit(data, chosen):
        guess = importers.guess_file_unit(data)
        if guess is not None and guess.unit is not None:
            unit, unit_from = guess.unit, "guessed"
            note = (
                f"the file does not say whether its weights are in kg or lb; they were read "
                f"as {UNIT_WORDS[unit]} because {guess.reason}"
            )
        elif fallback_unit is not None:
            unit, unit_from = fallback_unit, "profile"
            note = (
                "the file does not say whether its weights are in kg or lb, and its numbers "
                f"do not tell; they were read as {UNIT_WORDS.get(unit, unit)}, the unit of "
                "your profile"
            )
    parsed = importers.parse(
        data,
        source=chosen,
        unit=unit,
        date_order=date_order,
        latest=latest_day(today),
        progress=progress,
    )
    check_storable(parsed)
    if note is not None:
        parsed = dataclasses.replace(parsed, warnings=(note, *parsed.warnings))
    return Incoming(parsed, unit_from=unit_from)


def check_storable(parsed: ParsedImport) -> None:
    """Refuse numbers too big for the database's integer columns, naming their line (the
    parsers accept any count; no real set gets near these)."""
    for workout in parsed.workouts:
        for item in workout.sets:
            if item.reps is not None and item.reps > MAX_REPS:
                raise ImportFormatError(
                    f"{item.reps} reps is more than Regain stores ({MAX_REPS:,} at most)",
                    item.row,
                )
            if item.seconds is not None and item.seconds > MAX_SECONDS:
                raise ImportFormatError(
                    f"{item.seconds} seconds is more than Regain stores ({MAX_SECONDS:,} at most)",
                    item.row,
                )


def stored_key(source_key: str) -> str:
    """The key as stored: a key longer than the column keeps its start and a digest."""
    if len(source_key) <= KEY_LENGTH:
        return source_key
    digest = hashlib.sha256(source_key.encode()).hexdigest()[:32]
    return source_key[: KEY_LENGTH - 33] + "#" + digest


def merged_workouts(incoming: Incoming) -> list[tuple[ParsedWorkout, str]]:
    """The workouts with their sources; two workouts of the file with the same key (titles that
    differ only by blanks, two spellings of one time) become one, sets in file order."""
    result: list[tuple[ParsedWorkout, str]] = []
    at: dict[str, int] = {}
    for i, workout in enumerate(incoming.parsed.workouts):
        source = incoming.workout_source(i)
        key = stored_key(workout.source_key)
        if key and key in at:
            first, first_source = result[at[key]]
            result[at[key]] = (
                dataclasses.replace(first, sets=first.sets + workout.sets),
                first_source,
            )
            continue
        if key:
            at[key] = len(result)
        result.append((workout, source))
    return result


class RecentFiles:
    """The last few files read, by a key naming the file and the answers it was read with,
    so that an upload read for its check and its preview is not read again to be imported
    (a 100,000-row file takes about a third of a second to read). Bounded: ``size`` files;
    thread-safe. A miss (another server process, say) only costs reading the file again."""

    def __init__(self, size: int = 2) -> None:
        self._size = size
        self._files: OrderedDict[Hashable, Incoming] = OrderedDict()
        self._lock = threading.Lock()

    def read(
        self, key: Hashable, data: Callable[[], bytes], *, today: dt.date, **options: Any
    ) -> Incoming:
        """``read_file(data(), **options)``, or what it gave for the same ``key`` before."""
        with self._lock:
            found = self._files.get(key)
            if found is not None:
                self._files.move_to_end(key)
                return found
        incoming = read_file(data(), today=today, **options)
        with self._lock:
            self._files[key] = incoming
            self._files.move_to_end(key)
            while len(self._files) > self._size:
                self._files.popitem(last=False)
        return incoming

    def forget(self, match: Callable[[Hashable], bool]) -> None:
        """Drop the files whose key ``match`` accepts (an upload imported or cancelled)."""
        with self._lock:
            for key in [key for key in self._files if match(key)]:
                del self._files[key]


#: The server process's recent uploads.
RECENT = RecentFiles()
