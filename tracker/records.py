"""Personal records: the sets that beat everything logged of their exercise before (pure).

Three kinds, from work sets only (a warm-up never counts):

- **heaviest**: a weight above every earlier workout's (a weighted exercise, or a bodyweight
  exercise's added weight);
- **most reps at a weight**: more reps than any earlier set at that weight or a heavier one (a
  weighted or bodyweight exercise; a weight never lifted before is a "heaviest" instead);
- **best e1RM**: an estimated 1RM (``volume.estimated_1rm``: Epley, 1-12 reps) above every
  earlier one.

A workout's sets are compared with earlier workouts only, never with each other: a record is
the workout's best set of its kind, one per exercise and kind (for reps, the heaviest weight
beaten). The first workout of an exercise sets none (there is nothing to beat), and equalling
the best is not beating it. Assisted, timed and cardio exercises have none here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from tracker import volume

HEAVIEST, REPS, E1RM = "heaviest", "reps", "e1rm"
KINDS = (HEAVIEST, REPS, E1RM)
#: Exercises whose weight is a load (for bodyweight ones, the weight added to the body).
WITH_RECORDS = frozenset({"weighted", "bodyweight"})
#: Weights closer than this are the same (kilograms from pounds are not exact decimals).
SAME_KG = 1e-6


@dataclass(frozen=True)
class LoggedSet:
    workout_id: int
    set_id: int
    exercise_id: int
    exercise_kind: str
    kind: str
    reps: int | None
    weight_kg: float | None


@dataclass(frozen=True)
class Record:
    workout_id: int
    exercise_id: int
    set_id: int
    what: str  # HEAVIEST, REPS or E1RM
    #: Kilograms (heaviest, e1RM) or reps (most reps at ``weight_kg``).
    value: float
    #: The record before it, in the same unit.
    previous: float
    weight_kg: float | None = None
    reps: int | None = None


class _Best:
    """What one exercise's earlier workouts reached."""

    def __init__(self) -> None:
        self.seen = False
        self.heaviest = 0.0
        self.e1rm = 0.0
        #: weight -> most reps at it.
        self.reps: dict[float, int] = {}

    def reps_from(self, weight: float) -> int | None:
        """The most reps done at ``weight`` or heavier, or None if nothing that heavy."""
        found = [r for w, r in self.reps.items() if w >= weight - SAME_KG]
        return max(found) if found else None

    def add(self, item: LoggedSet) -> None:
        weight = item.weight_kg or 0.0
        self.heaviest = max(self.heaviest, weight)
        estimate = volume.estimated_1rm(item.exercise_kind, item.kind, item.weight_kg, item.reps)
        if estimate is not None:
            self.e1rm = max(self.e1rm, estimate)
        if item.reps:
            key = next((w for w in self.reps if abs(w - weight) < SAME_KG), weight)
            self.reps[key] = max(self.reps.get(key, 0), item.reps)


def _counts(item: LoggedSet) -> bool:
    return item.exercise_kind in WITH_RECORDS and item.kind not in volume.NOT_HARD


def find(rows: Iterable[LoggedSet]) -> list[Record]:
    """The records of a log: ``rows`` are every set of the exercises wanted, workout by workout
    in the order the workouts happened (a workout's sets together)."""
    best: dict[int, _Best] = {}
    found: list[Record] = []
    for workout_id, group in groupby(rows, key=lambda r: r.workout_id):
        by_exercise: dict[int, list[LoggedSet]] = {}
        for item in group:
            if _counts(item):
                by_exercise.setdefault(item.exercise_id, []).append(item)
        for exercise_id, items in by_exercise.items():
            before = best.setdefault(exercise_id, _Best())
            if before.seen:
                found.extend(_beaten(workout_id, exercise_id, items, before))
            for item in items:
                before.add(item)
            before.seen = True
    return found


def _beaten(
    workout_id: int, exercise_id: int, items: list[LoggedSet], before: _Best
) -> list[Record]:
    found = []
    heaviest = max(items, key=lambda i: (i.weight_kg or 0.0, i.reps or 0))
    weight = heaviest.weight_kg or 0.0
    if weight > 0 and weight > before.heaviest + SAME_KG:
        found.append(
            Record(workout_id, exercise_id, heaviest.set_id, HEAVIEST, weight, before.heaviest,
                   weight_kg=weight, reps=heaviest.reps)
        )  # fmt: skip
    reps_records = []
    for item in items:
        if not item.reps:
            continue
        earlier = before.reps_from(item.weight_kg or 0.0)
        if earlier is not None and item.reps > earlier:
            reps_records.append((item.weight_kg or 0.0, item.reps, earlier, item))
    if reps_records:
        at, reps, earlier, item = max(reps_records, key=lambda r: (r[0], r[1]))
        found.append(
            Record(workout_id, exercise_id, item.set_id, REPS, float(reps), float(earlier),
                   weight_kg=at, reps=reps)
        )  # fmt: skip
    estimates = [
        (e, item)
        for item in items
        if (e := volume.estimated_1rm(item.exercise_kind, item.kind, item.weight_kg, item.reps))
        is not None
    ]
    if estimates and before.e1rm > 0:
        value, item = max(estimates, key=lambda pair: pair[0])
        if value > before.e1rm + SAME_KG:
            found.append(
                Record(workout_id, exercise_id, item.set_id, E1RM, value, before.e1rm,
                       weight_kg=item.weight_kg, reps=item.reps)
            )  # fmt: skip
    return found


def by_workout(records: Iterable[Record]) -> dict[int, list[Record]]:
    grouped: dict[int, list[Record]] = {}
    for record in records:
        grouped.setdefault(record.workout_id, []).append(record)
    return grouped
