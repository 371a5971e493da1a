"""What a planned set is pre-filled with: THE one place that decides it.

Every planned set of the workout page (a workout started from a routine, "repeat", an exercise
added to a workout) gets its values from :func:`planned_values`: the user's last time (the sets
of the exercise in their latest workout before this one), or, during a comeback after a break,
the comeback plan's next session for that lift (``tracker.projections.comeback``: a weight
they can load, reps, an effort that leaves reps in the tank), not last time's weights from
before the break. A suggestion says so (``Prefill.source`` and ``note``), and the page marks
it.

Values are in kilograms, metres and seconds (``PlannedValues``); the page shows them in the
user's unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from tracker import crud, volume
from tracker.models import PlannedValues, User, Workout
from tracker.projections.cache import ProjectionCache
from tracker.projections.comeback import Comeback
from tracker.projections.comeback import Session as Suggestion
from tracker.units import format_weight

#: Where a pre-fill came from.
LAST_TIME = "last_time"
COMEBACK = "comeback"
NOTHING = "nothing"
#: How many days a workout may lie before today and still be pre-filled from today's comeback
#: plan (a session logged late the same evening, or the next day); older ones are backfilled
#: history, and get last time's sets.
COMEBACK_DAYS_LATE = 2


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
    *,
    session: Session,
    user: User,
    workout: Workout,
    exercise_ids: Iterable[int],
    cache: ProjectionCache | None = None,
) -> dict[int, Prefill]:
    """For ``user``, the values to pre-fill the planned sets of each of ``exercise_ids`` with in
    ``workout``: last time's sets (those of the user's latest workout before ``workout`` that
    has the exercise). Every id asked for is in the answer (``Prefill(())`` if never done).

    With the projections' ``cache``, a lift in the user's comeback plan (a break going on or
    just over, a workout of today) gets the plan's next session instead (:func:`suggest`).

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
    if cache is not None and found:
        plan = comeback_for(cache=cache, session=session, user=user, workout=workout)
        if plan is not None:
            found = suggest(found, plan, user.unit)
    return found


def comeback_for(
    *, cache: ProjectionCache, session: Session, user: User, workout: Workout
) -> Comeback | None:
    """The user's comeback plan going on, if ``workout`` is a session of it (of today, or a
    day or two late; never one dated before the break began)."""
    # Imported here: the service imports the chart modules, which the pages need anyway but
    # the importers and the command line (which plan sets too) do not.
    from tracker.projections.service import UserProjections

    p = UserProjections.of(cache, session, user)
    day = workout.started_at.date()
    if not p.who.today - dt.timedelta(days=COMEBACK_DAYS_LATE) <= day <= p.who.today:
        return None
    plan = p.current_comeback(day)
    return None if plan is None or day < plan.span.start else plan


def suggest(found: dict[int, Prefill], plan: Comeback, unit: str) -> dict[int, Prefill]:
    """``found`` with the comeback plan's next session for each lift it has one for: as many
    work sets as last time (three when there is no last time), each at the suggested weight
    and reps; last time's warm-ups kept where they stay lighter than that."""
    suggested = dict(found)
    for lift in plan.planned:
        exercise_id = lift.lift.exercise_id
        ahead = lift.next
        if exercise_id not in found or ahead is None:
            continue
        before = found[exercise_id].sets
        work = sum(1 for s in before if s.kind not in volume.NOT_HARD) or 3
        warmups = tuple(
            s.model_copy()
            for s in before
            if s.kind in volume.NOT_HARD
            and s.weight_kg is not None
            and s.weight_kg < ahead.weight_kg
        )
        sets = (
            *warmups,
            *(
                PlannedValues(exercise_id=exercise_id, reps=ahead.reps, weight_kg=ahead.weight_kg)
                for _ in range(work)
            ),
        )
        suggested[exercise_id] = Prefill(
            tuple(s.model_copy(update={"position": n}) for n, s in enumerate(sets, start=1)),
            COMEBACK,
            suggestion_note(ahead, lift.best_before_kg, unit),
        )
    return suggested


def suggestion_note(ahead: Suggestion, best_before_kg: float | None, unit: str) -> str:
    """How the page says a suggestion, after a "Suggested" mark: ``for your comeback: 70 kg ×
    8, comfortable: ...``."""
    said = (
        f"for your comeback: {format_weight(ahead.weight_kg, unit)} × {ahead.reps}, {ahead.effort}"
    )
    if best_before_kg is not None:
        said += f" (before the break, your estimated 1RM: {format_weight(best_before_kg, unit)})"
    return said + "."


def prefill(
    *,
    session: Session,
    user: User,
    workout: Workout,
    exercise_id: int,
    cache: ProjectionCache | None = None,
) -> Prefill:
    """:func:`planned_values` for one exercise."""
    return planned_values(
        session=session, user=user, workout=workout, exercise_ids=[exercise_id], cache=cache
    )[exercise_id]


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
    *,
    session: Session,
    user: User,
    workout: Workout,
    targets: Sequence[PlannedValues],
    cache: ProjectionCache | None = None,
) -> list[PlannedValues]:
    """``targets`` (a routine's sets, a repeated workout's) pre-filled by :func:`planned_values`
    through :func:`fill`, exercise by exercise, in the targets' order."""
    by_exercise: dict[int, list[PlannedValues]] = {}
    for target in targets:
        by_exercise.setdefault(target.exercise_id, []).append(target)
    found = planned_values(
        session=session, user=user, workout=workout, exercise_ids=by_exercise, cache=cache
    )
    filled = {i: iter(fill(items, found[i])) for i, items in by_exercise.items()}
    return [next(filled[t.exercise_id]) for t in targets]


def for_exercise(
    *,
    session: Session,
    user: User,
    workout: Workout,
    exercise_id: int,
    empty: int,
    cache: ProjectionCache | None = None,
) -> list[PlannedValues]:
    """The planned sets of an exercise added to a workout: its pre-fill's, or ``empty`` sets
    with no values when there is nothing to go by."""
    found = prefill(
        session=session, user=user, workout=workout, exercise_id=exercise_id, cache=cache
    )
    planned = fill((), found)
    return planned or [PlannedValues(exercise_id=exercise_id) for _ in range(empty)]
