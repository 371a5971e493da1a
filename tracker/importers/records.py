"""The neutral result of parsing an export, shared by every source, and the format error.

Conventions (the same for Strong, Hevy and FitNotes):

- Weights are kilograms, distances metres, times whole seconds.
- A weight, reps, distance, time or RPE that the file leaves empty *or writes as 0* is ``None``:
  the apps write 0 for "not recorded" (Strong fills every unused column with 0), so a bodyweight
  set has ``weight_kg=None`` and a cardio row has ``reps=None``. A positive number is kept as
  written, converted to metric. For assisted exercises (Hevy "Pull Up (Assisted)") the weight
  is the assistance, kept as given; the app knows which exercises work that way.
- ``row`` and ``ImportFormatError.row`` are 1-based *line* numbers of the file, the header being
  line 1; a record whose quoted notes span several lines is numbered by its first line. Error
  messages therefore say "line N", which is what a text editor shows.
- ``started_at`` is naive: the local wall-clock time written in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, NamedTuple

SetKind = Literal["warmup", "normal", "drop", "failure"]
SET_KINDS: tuple[SetKind, ...] = ("warmup", "normal", "drop", "failure")


class ParsedSet(NamedTuple):
    """One logged set (or one cardio/timed entry) of an exercise.

    A named tuple rather than a dataclass: an export holds hundreds of thousands of these, and
    a tuple is made several times faster (parsing a 100,000-row file: about a quarter less)."""

    exercise_name: str
    # 1-based order of this set among the sets of the same exercise in the workout, in file order
    # (warm-ups included, Strong "Rest Timer" rows excluded).
    position: int
    reps: int | None
    weight_kg: float | None
    rpe: float | None
    kind: SetKind
    distance_m: float | None
    seconds: int | None
    notes: str
    row: int
    #: The side a one-arm or one-leg set trained (Regain's own export only), None for both.
    side: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedWorkout:
    """One session: its sets in file order."""

    # Stable across re-imports and overlapping exports: "<source>|<start ISO>|<title>"
    # (FitNotes: "fitnotes|<date ISO>", since its title is derived from the day's sets).
    source_key: str
    started_at: datetime
    title: str
    duration_minutes: int | None
    notes: str
    sets: tuple[ParsedSet, ...]
    #: The line of the workout's first row (0 when it does not come from a CSV line).
    row: int = 0


@dataclass(frozen=True, slots=True)
class ParsedImport:
    """A whole export, workouts sorted oldest first."""

    source: str
    variant: str
    # The unit the file's weights were written in (before conversion to kg): "kg", "lb",
    # "mixed" (a unit per row, both used), or None when no row carries a weight.
    # For Strong S2/S5, which name no unit, it is the unit the caller gave.
    unit: str | None
    workouts: tuple[ParsedWorkout, ...]
    # Rows read but not turned into sets (Strong "Rest Timer" pseudo-rows).
    skipped_rows: int
    warnings: tuple[str, ...]

    @property
    def set_count(self) -> int:
        """Number of sets over all workouts."""
        return sum(len(workout.sets) for workout in self.workouts)


class ImportFormatError(ValueError):
    """The file cannot be read as a workout export; ``str()`` names the line and column."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.message = message
        self.row = row
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"

    def __reduce__(self) -> tuple[type[ImportFormatError], tuple[str, int | None, str | None]]:
        return (type(self), (self.message, self.row, self.column))
