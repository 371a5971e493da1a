"""Collecting parsed rows into workouts, shared by the source modules.

Rows are collected into ``WorkoutDraft``s keyed by the date text as written; the dates are read
once the whole file has been read (``tracker.importers.dates.DateColumn``), because whether a
numeric date puts the day or the month first is a question for the whole file. ``finish`` then
gives the workouts their start, checks it lies in the range the forms accept too
(``tracker.limits``), and sorts them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from tracker.importers.records import (
    ImportFormatError,
    ParsedImport,
    ParsedSet,
    ParsedWorkout,
    SetKind,
)
from tracker.limits import EARLIEST_DATE, MAX_SETS, MAX_SETS_PER_WORKOUT, MAX_WORKOUTS


class WorkoutDraft:
    """A workout being filled row by row; ``freeze`` gives the immutable result."""

    __slots__ = (
        "_positions",
        "duration_minutes",
        "ends",
        "line",
        "notes",
        "sets",
        "title",
        "when",
    )

    def __init__(
        self,
        when: str,
        title: str,
        line: int,
        *,
        duration_minutes: int | None = None,
        notes: str = "",
        ends: str = "",
    ) -> None:
        self.when = when  # the start as written in the file
        self.title = title
        self.line = line
        self.duration_minutes = duration_minutes
        self.notes = notes
        self.ends = ends  # the end as written (Hevy), or ""
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

    def freeze(self, started_at: datetime, source_key: str) -> ParsedWorkout:
        """The finished workout."""
        return ParsedWorkout(
            source_key=source_key,
            started_at=started_at,
            title=self.title,
            duration_minutes=self.duration_minutes,
            notes=self.notes,
            sets=tuple(self.sets),
            row=self.line,
        )


def source_key(source: str, started_at: datetime, title: str) -> str:
    """The de-duplication key of a timed workout: source, start (ISO) and title."""
    return f"{source}|{started_at.isoformat(sep=' ')}|{title}"


def check_day(value: datetime, text: str, line: int, column: str, latest: date | None) -> None:
    """Refuse a workout dated outside the range the forms accept (``latest`` None: no end)."""
    if value.date() < EARLIEST_DATE:
        raise ImportFormatError(
            f"{text!r} is before {EARLIEST_DATE.year}: check the date", line, column
        )
    if latest is not None and value.date() > latest:
        raise ImportFormatError(
            f"{text!r} is after {latest.isoformat()}, in the future: check the date",
            line,
            column,
        )


def finish(
    source: str,
    variant: str,
    unit: str | None,
    drafts: list[WorkoutDraft],
    starts: Mapping[str, datetime],
    *,
    column: str,
    latest: date | None,
    key: Callable[[datetime, str], str] | None = None,
    skipped_rows: int = 0,
    warnings: list[str] | None = None,
) -> ParsedImport:
    """Workouts oldest first, each started at ``starts[draft.when]`` and keyed by ``key``
    (default: source, start and title); an export without a single set is an error."""
    workouts = []
    total = 0
    for draft in drafts:
        if not draft.sets:
            continue
        if len(draft.sets) > MAX_SETS_PER_WORKOUT:
            raise ImportFormatError(
                f"this workout has {len(draft.sets):,} sets; Regain keeps at most "
                f"{MAX_SETS_PER_WORKOUT:,} in one workout",
                draft.line,
                column,
            )
        total += len(draft.sets)
        if total > MAX_SETS:
            raise ImportFormatError(
                f"the file holds more than {MAX_SETS:,} sets, the most an account keeps; "
                "export a shorter stretch of time"
            )
        started_at = starts[draft.when]
        check_day(started_at, draft.when, draft.line, column, latest)
        identity = (
            key(started_at, draft.title) if key else source_key(source, started_at, draft.title)
        )
        workouts.append(draft.freeze(started_at, identity))
    if len(workouts) > MAX_WORKOUTS:
        raise ImportFormatError(
            f"the file holds {len(workouts):,} workouts, more than the {MAX_WORKOUTS:,} an "
            "account keeps; export a shorter stretch of time"
        )
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


def plural(count: int, word: str) -> str:
    """ "1 row", "7 rows": for the warnings."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"
