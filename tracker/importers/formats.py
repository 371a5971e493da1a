"""Recognising an export from its header line: which app, which layout, which delimiter."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from tracker.importers.records import ImportFormatError

SOURCES = ("strong", "hevy", "fitnotes")
SOURCE_NAMES = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes"}

# Variants, as listed in docs (../shared/samples/README.md):
#   strong:   S1 ("Workout #", units in the header), S2 (no unit, no duration),
#             S3 (unit per row), S4 (S3 + "Workout Duration"), S5 ("Duration", no unit)
#   hevy:     metric (weight_kg), imperial (weight_lbs)
#   fitnotes: old ("Weight (lbs)" / "Weight (kgs)"), new ("Weight" + "Weight Unit")
VARIANTS: dict[str, tuple[str, ...]] = {
    "strong": ("S1", "S2", "S3", "S4", "S5"),
    "hevy": ("metric", "imperial"),
    "fitnotes": ("old", "new"),
}

_STRONG_CORE = {"date", "workout name", "exercise name", "set order", "reps"}
_HEVY_CORE = {"title", "start_time", "end_time", "exercise_title", "set_type", "reps"}
_FITNOTES_CORE = {"date", "exercise", "category", "reps"}
_FITNOTES_BODY = {"date", "time", "measurement", "value", "unit"}


@dataclass(frozen=True, slots=True)
class Format:
    """What the header says about the file."""

    source: str
    variant: str
    delimiter: str


def first_line(text: str) -> str:
    """The text up to the first line break."""
    end = len(text)
    for mark in ("\n", "\r"):
        found = text.find(mark, 0, end)
        if found != -1:
            end = found
    return text[:end]


def sniff(text: str) -> Format:
    """Recognise the export from its first line (text already decoded, BOM removed)."""
    if not text.strip():
        raise ImportFormatError("the file is empty")
    line = first_line(text)
    candidates: list[list[str]] = []
    for delimiter in (",", ";"):
        try:
            fields = next(csv.reader([line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            fields = []
        names = {field.strip().casefold() for field in fields}
        match = _match(names)
        if match is not None:
            return Format(match[0], match[1], delimiter)
        candidates.append(fields)
    fields = max(candidates, key=len)
    shown = ", ".join(repr(field.strip()[:40]) for field in fields[:15])
    if len(fields) > 15:
        shown += f", ... ({len(fields)} columns)"
    raise ImportFormatError(
        "the first line is not the header of a Strong, Hevy or FitNotes workout export; "
        f"found: {shown or 'nothing'}",
        1,
    )


def _match(names: set[str]) -> tuple[str, str] | None:
    if names >= _STRONG_CORE:
        return "strong", _strong_variant(names)
    if names >= _HEVY_CORE:
        if "weight_kg" in names:
            return "hevy", "metric"
        if "weight_lbs" in names:
            return "hevy", "imperial"
        raise ImportFormatError(
            "this looks like a Hevy export, but it has neither a 'weight_kg' nor a "
            "'weight_lbs' column",
            1,
        )
    if names >= _FITNOTES_CORE:
        if "weight unit" in names and "weight" in names:
            return "fitnotes", "new"
        if "weight (lbs)" in names or "weight (kgs)" in names:
            return "fitnotes", "old"
        raise ImportFormatError(
            "this looks like a FitNotes export, but its weight column is none of 'Weight' + "
            "'Weight Unit', 'Weight (lbs)' or 'Weight (kgs)'",
            1,
        )
    if names >= _FITNOTES_BODY:
        raise ImportFormatError(
            "this is a FitNotes body-weight export, not a workout export: in FitNotes, "
            "export the workout log instead",
            1,
        )
    return None


def _strong_variant(names: set[str]) -> str:
    if "workout #" in names:
        if "duration (sec)" not in names:
            raise ImportFormatError(
                "this looks like a Strong export (S1 layout) but lacks 'Duration (sec)'", 1
            )
        for quantity, example in (("weight", "Weight (kg)"), ("distance", "Distance (meters)")):
            if not any(name.startswith(f"{quantity} (") for name in names):
                raise ImportFormatError(
                    f"this looks like a Strong export (S1 layout) but has no '{example}' column",
                    1,
                )
        return "S1"
    missing = [name for name in ("weight", "distance", "seconds") if name not in names]
    if missing:
        raise ImportFormatError(
            f"this looks like a Strong export but lacks the column(s) {', '.join(missing)}", 1
        )
    if "weight unit" in names:
        if "distance unit" not in names:
            raise ImportFormatError(
                "this looks like a Strong export with a 'Weight Unit' column but has no "
                "'Distance Unit'",
                1,
            )
        return "S4" if "workout duration" in names else "S3"
    return "S5" if "duration" in names else "S2"


def needs_unit(source: str, variant: str) -> bool:
    """Whether the file carries no weight unit, so the user must say kg or lb."""
    return source == "strong" and variant in ("S2", "S5")
