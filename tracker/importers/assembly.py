"""Collecting parsed rows into workouts, shared by the source modules."""

from __future__ import annotations

from datetime import datetime

from tracker.importers.records import (
    ImportFormatError,
    ParsedImport,
    ParsedSet,
    ParsedWorkout,
    SetKind,
)


class WorkoutDraft:
    """A workout being filled row by row; ``freeze`` gives the immutable result."""

    __slots__ = (
        "_positions",
        "duration_minutes",
        "notes",
        "sets",
        "source_key",
        "started_at",
        "title",
    )

    def __init__(
        self,
        source_key: str,
        started_at: datetime,
        title: str,
        duration_minutes: int | None = None,
        notes: str = "",
    ) -> None:
        self.source_key = source_key
        self.started_at = started_at
        self.title = title
        self.duration_minutes = duration_minutes
        self.notes = notes
        self.sets: list[ParsedSet] = []
        self._positions: dict[str, int] = {}

    def add(
        self,
        exercise_name: str,
        *,
        reps: int | None,
        weight_kg: float | None,
        rpe: float | None,
        kind: SetKind,
        distance_m: float | None,
        seconds: int | None,
        notes: str,
        row: int,
    ) -> None:
        """Append a set; its position counts the exercise's sets so far in this workout."""
        position = self._positions.get(exercise_name, 0) + 1
        self._positions[exercise_name] = position
        self.sets.append(
            # positional: this runs once per row and keywords cost measurable time
            ParsedSet(
                exercise_name, position, reps, weight_kg, rpe, kind, distance_m, seconds, notes, row
            )
        )

    def freeze(self) -> ParsedWorkout:
        """The finished workout."""
        return ParsedWorkout(
            source_key=self.source_key,
            started_at=self.started_at,
            title=self.title,
            duration_minutes=self.duration_minutes,
            notes=self.notes,
            sets=tuple(self.sets),
        )


def source_key(source: str, started_at: datetime, title: str) -> str:
    """The de-duplication key of a timed workout: source, start (ISO) and title."""
    return f"{source}|{started_at.isoformat(sep=' ')}|{title}"


def finish(
    source: str,
    variant: str,
    unit: str | None,
    drafts: list[WorkoutDraft],
    *,
    skipped_rows: int = 0,
    warnings: list[str] | None = None,
) -> ParsedImport:
    """Workouts oldest first; an export without a single set is an error."""
    workouts = [draft.freeze() for draft in drafts if draft.sets]
    if not workouts:
        detail = "the file has a header but no data rows"
        if skipped_rows:
            detail = f"the file has only {skipped_rows} rest-timer rows and no sets"
        raise ImportFormatError(f"no workouts found: {detail}")
    workouts.sort(key=lambda workout: (workout.started_at, workout.title))
    return ParsedImport(
        source=source,
        variant=variant,
        unit=unit,
        workouts=tuple(workouts),
        skipped_rows=skipped_rows,
        warnings=tuple(warnings or ()),
    )


def unit_summary(kg_rows: int, lb_rows: int) -> str | None:
    """ "kg", "lb", "mixed" or None, from how many weighted rows used each unit."""
    if kg_rows and lb_rows:
        return "mixed"
    if kg_rows:
        return "kg"
    if lb_rows:
        return "lb"
    return None
