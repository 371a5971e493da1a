"""What a planned set is pre-filled with: THE one place that decides it.

Every planned set of the workout page (a workout started from a routine, "repeat", an exercise
added to a workout) gets its values from :func:`planned_values`. For now they are the user's
last time: the sets of the exercise in their latest workout before this one. The comeback plan
(issue 14) replaces the body of :func:`planned_values` to suggest the weights of the first
sessions after a break; nothing else has to change (the routes and the page only read
:class:`Prefill`).

Values are in kilograms, metres and seconds (``PlannedValues``); the page shows them in the
user's unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from tracker import crud, volume
from tracker.models import PlannedValues, User, Workout

#: Where a pre-fill came from (the comeback plan adds its own).
LAST_TIME = "last_time"
NOTHING = "nothing"


@dataclass(frozen=True)
class Prefill:
    """The values to plan for one exercise, one per set in order (warm-ups included, their
    ``kind`` says so); empty when there is nothing to go by (the first time)."""

    sets: tuple[PlannedValues, ...]
    source: str = NOTHING
    #: A few words the page may show beside the exercise ("suggested after your break..."),
    #: or None.
    note: str | None = None


def planned_values(
    *, session: Session, user: User, workout: Workout, exercise_ids: Iterable[int]
) -> dict[int, Prefill]:
    """For ``user``, the values to pre-fill the planned sets of each of ``exercise_ids`` with in
    ``workout``: last time's sets (those of the user's latest workout before ``workout`` that
    has the exercise). Every id asked for is in the answer (``Prefill(())`` if never done).

    One query for any number of exercises (the workout page asks for all of its own at once).
    """
    assert user.id is not None
    ids = list(dict.fromkeys(exercise_ids))
    earlier = crud.workouts.previous_sets_for(
        session=session, user_id=user.id, exercise_ids=ids, before=workout
    )
    found: dict[int, Prefill] = {}
    for exercise_id in ids:
        previous = earlier.get(exercise_id)
        if previous is None or not previous.sets:
            found[exercise_id] = Prefill(())
            continue
        found[exercise_id] = Prefill(
            tuple(
                PlannedValues(
                    exercise_id=exercise_id,
                    position=n,
                    reps=item.reps,
                    weight_kg=item.weight_kg,
                    kind=item.kind,
                    distance_m=item.distance_m,
                    seconds=item.seconds,
                )
                for n, item in enumerate(previous.sets, start=1)
            ),
            LAST_TIME,
        )
    return found


def prefill(*, session: Session, user: User, workout: Workout, exercise_id: int) -> Prefill:
    """:func:`planned_values` for one exercise."""
    return planned_values(session=session, user=user, workout=workout, exercise_ids=[exercise_id])[
        exercise_id
    ]


def fill(targets: Sequence[PlannedValues], found: Prefill) -> list[PlannedValues]:
    """Planned sets for one exercise: as many as ``targets`` (a routine's sets, or a repeated
    workout's), each with the pre-fill's values where it has some, matched by kind (the second
    warm-up takes the second warm-up's values, the third work set the third work set's; past
    the pre-fill's last set of that kind, its last one), else the target's own values.

    Without targets, the pre-fill's own sets are planned (none when there is nothing to go by
    either: the caller plans empty ones).
    """
    if not targets:
        if found.sets:
            return [item.model_copy() for item in found.sets]
        return []
    by_kind: dict[bool, list[PlannedValues]] = {True: [], False: []}
    for item in found.sets:
        by_kind[item.kind in volume.NOT_HARD].append(item)
    seen = {True: 0, False: 0}
    planned = []
    for target in targets:
        warmup = target.kind in volume.NOT_HARD
        same = by_kind[warmup]
        source = same[min(seen[warmup], len(same) - 1)] if same else target
        seen[warmup] += 1
        planned.append(
            PlannedValues(
                exercise_id=target.exercise_id,
                reps=source.reps,
                weight_kg=source.weight_kg,
                kind=target.kind,
                distance_m=source.distance_m,
                seconds=source.seconds,
            )
        )
    return planned


def planned_sets(
    *, session: Session, user: User, workout: Workout, targets: Sequence[PlannedValues]
) -> list[PlannedValues]:
    """``targets`` (a routine's sets, a repeated workout's) pre-filled by :func:`planned_values`
    through :func:`fill`, exercise by exercise, in the targets' order."""
    by_exercise: dict[int, list[PlannedValues]] = {}
    for target in targets:
        by_exercise.setdefault(target.exercise_id, []).append(target)
    found = planned_values(session=session, user=user, workout=workout, exercise_ids=by_exercise)
    filled = {i: iter(fill(items, found[i])) for i, items in by_exercise.items()}
    return [next(filled[t.exercise_id]) for t in targets]


def for_exercise(
    *, session: Session, user: User, workout: Workout, exercise_id: int, empty: int
) -> list[PlannedValues]:
    """The planned sets of an exercise added to a workout: its pre-fill's, or ``empty`` sets
    with no values when there is nothing to go by."""
    found = prefill(session=session, user=user, workout=workout, exercise_id=exercise_id)
    planned = fill((), found)
    return planned or [PlannedValues(exercise_id=exercise_id) for _ in range(empty)]
