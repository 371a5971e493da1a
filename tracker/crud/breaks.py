"""Breaks, the muscles they immobilise, "training, not logging" gaps, and the days trained.

Every write bumps the user's data version in the same transaction. Reads that feed the model
return the plain shapes of ``tracker.break_days`` (``spans``, ``workout_days``,
``workout_days_by_muscle``, ``training_gap_spans``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, func
from sqlalchemy import delete as sql_delete
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tracker import limits
from tracker.break_days import BreakSpan, Gap, find_gaps
from tracker.crud.users import bump_data_version
from tracker.models import (
    Break,
    BreakBase,
    BreakMuscle,
    Exercise,
    ExerciseMuscle,
    TrainingGap,
    User,
    Workout,
    WorkoutSet,
)
from tracker.sides import default_side, limbs_of, name_side

_FAR_FUTURE = dt.date.max


# --- reads -----------------------------------------------------------------------------------


def get(*, session: Session, user_id: int, break_id: int) -> Break | None:
    """The user's break, or None when it does not exist or belongs to someone else."""
    item = session.get(Break, break_id)
    if item is None or item.user_id != user_id:
        return None
    return item


def list_for_user(*, session: Session, user_id: int) -> list[Break]:
    """All the user's breaks, newest start first."""
    statement = (
        select(Break)
        .where(Break.user_id == user_id)
        .order_by(col(Break.start_date).desc(), col(Break.id).desc())
    )
    return list(session.exec(statement).all())


def is_current(item: Break, today: dt.date) -> bool:
    """Going on: started, and without an end or with one planned after today.

    A break whose last day is today has been ended ("end this break today"): today still
    belongs to it, but it is no longer shown as going on.
    """
    return item.start_date <= today and (item.end_date is None or item.end_date > today)


#: The user's breaks going on ``today`` (see ``is_current``), the latest-starting first: built
#: once (every page view after a write asks, and building it cost more than running it).
_ONGOING = (
    select(Break)
    .where(col(Break.user_id) == bindparam("user_id"), col(Break.start_date) <= bindparam("today"))
    .where(col(Break.end_date).is_(None) | (col(Break.end_date) > bindparam("today")))
    .order_by(col(Break.start_date).desc(), col(Break.id).desc())
    .limit(1)
)


def ongoing(*, session: Session, user_id: int, today: dt.date) -> Break | None:
    """The break going on (see ``is_current``), if any; the latest-starting one if several."""
    return session.exec(_ONGOING, params={"user_id": user_id, "today": today}).first()


def muscles(*, session: Session, break_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The immobilised muscle groups of each break (sorted keys); breaks without any are absent."""
    ids = list(break_ids)
    if not ids:
        return {}
    statement = (
        select(BreakMuscle)
        .where(col(BreakMuscle.break_id).in_(ids))
        .order_by(col(BreakMuscle.break_id), col(BreakMuscle.muscle))
    )
    found: dict[int, list[str]] = {}
    for row in session.exec(statement).all():
        found.setdefault(row.break_id, []).append(row.muscle)
    return {break_id: tuple(keys) for break_id, keys in found.items()}


def overlapping(
    *,
    session: Session,
    user_id: int,
    start: dt.date,
    end: dt.date | None,
    exclude_id: int | None = None,
    side: str | None = None,
    muscle_keys: Iterable[str] = (),
) -> Break | None:
    """The first of the user's breaks that shares a day with ``start``..``end``.

    A break without an end is going on, so it reaches every later day. A one-sided break
    (``side``, immobilising ``muscle_keys``) may overlap another one-sided break of the other
    side or of another limb: each side its own (a cast on the left wrist while the right
    knee heals).
    """
    limbs = limbs_of(muscle_keys) if side is not None else frozenset()
    new_end = end if end is not None else _FAR_FUTURE
    statement = (
        select(Break)
        .where(Break.user_id == user_id, Break.start_date <= new_end)
        .where(col(Break.end_date).is_(None) | (col(Break.end_date) >= start))
        .order_by(col(Break.start_date), col(Break.id))
    )
    if exclude_id is not None:
        statement = statement.where(Break.id != exclude_id)
    if side is None:
        return session.exec(statement).first()
    found = list(session.exec(statement))
    sided = [b for b in found if b.side is not None and b.mode == "immobilized"]
    picked = muscles(session=session, break_ids=[b.id for b in sided if b.id is not None])
    for other in found:
        if other in sided and not (
            other.side == side and limbs & limbs_of(picked.get(other.id or 0, ()))
        ):
            continue  # the other side, or another limb: each side its own
        return other
    return None


def injured_side(*, session: Session, user_id: int, day: dt.date) -> str | None:
    """The side of the one-sided cast going on on ``day`` (None: none, or both sides)."""
    found = session.exec(
        select(Break.side)
        .where(Break.user_id == user_id, Break.mode == "immobilized", Break.start_date <= day)
        .where(col(Break.side).is_not(None))
        .where(col(Break.end_date).is_(None) | (col(Break.end_date) >= day))
    ).all()
    sides = set(found)
    return next(iter(sides)) if len(sides) == 1 else None


def default_set_side(
    *, session: Session, user_id: int, exercise_id: int, day: dt.date
) -> str | None:
    """The side a new set gets when it says none (``tracker.sides.default_side``): the one its
    exercise's name says, or the healthy side of a one-arm exercise during a one-sided cast.
    The one hook the workout pages call."""
    name = session.exec(select(Exercise.name).where(Exercise.id == exercise_id)).first()
    if name is None:
        return None
    said = name_side(name)
    if said is None:
        return None
    injured = injured_side(session=session, user_id=user_id, day=day) if said == "one" else None
    return default_side(name, injured)


def spans(*, session: Session, user_id: int) -> list[BreakSpan]:
    """The user's breaks as ``BreakSpan`` values, oldest first (for the model and gaps)."""
    items = list_for_user(session=session, user_id=user_id)
    picked = muscles(session=session, break_ids=[i.id for i in items if i.id is not None])
    return [to_span(item, picked.get(item.id or 0, ())) for item in reversed(items)]


def to_span(item: Break, muscle_keys: Iterable[str] = ()) -> BreakSpan:
    return _span(
        item.start_date, item.end_date, item.mode, item.sessions_per_week, item.side, muscle_keys
    )


def _span(
    start: dt.date,
    end: dt.date | None,
    mode: str,
    sessions_per_week: int | None,
    side: str | None,
    muscle_keys: Iterable[str],
) -> BreakSpan:
    cast = mode == "immobilized"
    return BreakSpan(
        start=start,
        end=end,
        mode=mode,
        sessions_per_week=sessions_per_week,
        muscles=frozenset(muscle_keys) if cast else frozenset(),
        side=side if cast else None,
    )


#: The user's breaks with their immobilised groups, oldest first: one row per group (or one
#: without), built once (building a statement costs more than running it on a few rows).
_SPANS = (
    sa_select(
        col(Break.id),
        col(Break.start_date),
        col(Break.end_date),
        col(Break.mode),
        col(Break.sessions_per_week),
        col(Break.side),
        col(Break.reason),
        col(BreakMuscle.muscle),
    )
    .outerjoin(BreakMuscle, col(BreakMuscle.break_id) == col(Break.id))
    .where(col(Break.user_id) == bindparam("user_id"))
    .order_by(col(Break.start_date), col(Break.id), col(BreakMuscle.muscle))
)


def spans_with_reasons(*, session: Session, user_id: int) -> list[tuple[BreakSpan, str]]:
    """The user's breaks as the model sees them (:func:`to_span`), oldest first (the earlier
    created first on the same day), each with its reason: one query, no ORM rows (the model's
    log reads it on every new version of the user's data)."""
    Fields = tuple[dt.date, dt.date | None, str, int | None, str | None, str]
    found: dict[int | None, tuple[Fields, list[str]]] = {}
    for ident, start, end, mode, per_week, side, reason, muscle in session.connection().execute(
        _SPANS, {"user_id": user_id}
    ):
        entry = found.setdefault(ident, ((start, end, mode, per_week, side, reason), []))
        if muscle is not None:
            entry[1].append(muscle)
    return [
        (_span(start, end, mode, per_week, side, muscles), reason)
        for (start, end, mode, per_week, side, reason), muscles in found.values()
    ]


def workout_days(*, session: Session, user_id: int) -> list[dt.date]:
    """The distinct days (dates of ``started_at``) with a logged workout, oldest first."""
    statement = select(Workout.started_at).where(Workout.user_id == user_id)
    return sorted({started.date() for started in session.exec(statement).all()})


def workout_days_by_muscle(
    *, session: Session, user_id: int, roles: Sequence[str] = ("primary",)
) -> dict[str, list[dt.date]]:
    """For each muscle group, the days with a logged set of an exercise that trains it.

    ``roles`` says which of an exercise's muscles count: its main movers only by default.
    """
    statement = (
        select(ExerciseMuscle.muscle, Workout.started_at)
        .join(WorkoutSet, col(WorkoutSet.workout_id) == col(Workout.id))
        .join(ExerciseMuscle, col(ExerciseMuscle.exercise_id) == col(WorkoutSet.exercise_id))
        .where(Workout.user_id == user_id, col(ExerciseMuscle.role).in_(list(roles)))
        .distinct()
    )
    found: dict[str, set[dt.date]] = {}
    for muscle, started in session.exec(statement).all():
        found.setdefault(muscle, set()).add(started.date())
    return {muscle: sorted(days) for muscle, days in found.items()}


def days_trained_in(
    *, session: Session, user_id: int, items: Sequence[Break], today: dt.date
) -> dict[int, list[dt.date]]:
    """For each break, the days inside it with a logged workout (only breaks with some)."""
    if not items:
        return {}
    days = workout_days(session=session, user_id=user_id)
    found: dict[int, list[dt.date]] = {}
    for item in items:
        last = item.end_date if item.end_date is not None else today
        # The days are sorted: two bisections, not a pass over every day for every break.
        inside = days[bisect_left(days, item.start_date) : bisect_right(days, last)]
        if inside and item.id is not None:
            found[item.id] = inside
    return found


def training_gaps(*, session: Session, user_id: int) -> list[TrainingGap]:
    """The stretches the user said were training, just not logged, oldest first.

    The model treats their days as training at the user's usual volume.
    """
    statement = (
        select(TrainingGap)
        .where(TrainingGap.user_id == user_id)
        .order_by(col(TrainingGap.start_date), col(TrainingGap.id))
    )
    return list(session.exec(statement).all())


#: The user's "training, not logging" gaps as (first day, last day), oldest first.
_GAP_SPANS = (
    sa_select(col(TrainingGap.start_date), col(TrainingGap.end_date))
    .where(col(TrainingGap.user_id) == bindparam("user_id"))
    .order_by(col(TrainingGap.start_date), col(TrainingGap.id))
)


def training_gap_spans(*, session: Session, user_id: int) -> list[tuple[dt.date, dt.date]]:
    """:func:`training_gaps` as (first day, last day), oldest first."""
    found = session.connection().execute(_GAP_SPANS, {"user_id": user_id})
    return [(start, end) for start, end in found]


def unrecorded_gaps(*, session: Session, user: User, today: dt.date) -> list[Gap]:
    """Stretches of ``user.gap_days`` days or more that no workout, break or note explains."""
    assert user.id is not None
    days = workout_days(session=session, user_id=user.id)
    if not days:
        return []
    return find_gaps(
        days,
        spans(session=session, user_id=user.id),
        training_gap_spans(session=session, user_id=user.id),
        first_day=days[0],
        today=today,
        min_days=user.gap_days,
    )


# --- writes ----------------------------------------------------------------------------------


def count(*, session: Session, user_id: int) -> int:
    statement = select(func.count()).select_from(Break).where(Break.user_id == user_id)
    return int(session.exec(statement).one())


def count_training_gaps(*, session: Session, user_id: int) -> int:
    statement = select(func.count()).select_from(TrainingGap).where(TrainingGap.user_id == user_id)
    return int(session.exec(statement).one())


def create(
    *, session: Session, user_id: int, data: BreakBase, muscle_keys: Iterable[str] = ()
) -> Break:
    """Record a break; the caller has validated it (dates, no overlap, muscles).

    Raises ``limits.LimitReached`` (writing nothing) when the account holds its most breaks.
    """
    limits.check_room(limits.BREAKS, count(session=session, user_id=user_id))
    item = Break.model_validate({**data.model_dump(), "user_id": user_id})
    session.add(item)
    session.flush()
    assert item.id is not None
    _set_muscles(session, item.id, muscle_keys if item.mode == "immobilized" else ())
    bump_data_version(session=session, user_id=user_id)
    session.commit()
    session.refresh(item)
    return item


def update(
    *, session: Session, item: Break, data: BreakBase, muscle_keys: Iterable[str] = ()
) -> Break:
    """Replace a break's values and immobilised muscles."""
    for name, value in data.model_dump().items():
        setattr(item, name, value)
    session.add(item)
    assert item.id is not None
    _set_muscles(session, item.id, muscle_keys if item.mode == "immobilized" else ())
    bump_data_version(session=session, user_id=item.user_id)
    session.commit()
    session.refresh(item)
    return item


def end_on(*, session: Session, item: Break, day: dt.date) -> Break:
    """Set the break's last day (``end this break today``)."""
    item.end_date = max(day, item.start_date)
    session.add(item)
    bump_data_version(session=session, user_id=item.user_id)
    session.commit()
    session.refresh(item)
    return item


def set_cleared(*, session: Session, item: Break, day: dt.date | None) -> Break:
    """The day an immobilised region was cleared to be loaded again (None: not yet)."""
    item.cleared_on = day
    session.add(item)
    bump_data_version(session=session, user_id=item.user_id)
    session.commit()
    session.refresh(item)
    return item


def make_reduced(*, session: Session, item: Break, sessions_per_week: int) -> Break:
    """Turn a break into reduced training at about ``sessions_per_week`` sessions a week."""
    item.mode = "reduced"
    item.sessions_per_week = sessions_per_week
    item.body_region = None
    item.side = None
    session.add(item)
    assert item.id is not None
    _set_muscles(session, item.id, ())
    bump_data_version(session=session, user_id=item.user_id)
    session.commit()
    session.refresh(item)
    return item


def delete(*, session: Session, item: Break) -> None:
    user_id = item.user_id
    session.delete(item)
    bump_data_version(session=session, user_id=user_id)
    session.commit()


def add_training_gap(
    *, session: Session, user_id: int, start: dt.date, end: dt.date
) -> TrainingGap:
    """Remember that ``start``..``end`` was training that was not logged: never ask again.

    Raises ``limits.LimitReached`` (writing nothing) when the account holds its most notes.
    """
    limits.check_room(limits.TRAINING_GAPS, count_training_gaps(session=session, user_id=user_id))
    row = TrainingGap(user_id=user_id, start_date=start, end_date=end)
    session.add(row)
    bump_data_version(session=session, user_id=user_id)
    session.commit()
    session.refresh(row)
    return row


# --- the breaks page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """What the breaks page shows, gathered in one place (one page of the past breaks)."""

    current: Break | None
    past: list[Break]
    muscles: dict[int, tuple[str, ...]]
    #: Days with a logged workout inside each ``rest`` break (the page suggests ``reduced``).
    trained_in_rest: dict[int, list[dt.date]]
    gaps: list[Gap]
    #: The page of past breaks shown (1 = the newest), how many pages there are, how many
    #: past breaks in all, and how many unrecorded gaps in all (``gaps`` holds a page of them).
    page: int = 1
    pages: int = 1
    past_total: int = 0
    gaps_total: int = 0


def overview(*, session: Session, user: User, today: dt.date, page: int = 1) -> Overview:
    """The ongoing break, one page of ``limits.PAGE_SIZE`` past ones (newest first) and the
    first page of unrecorded gaps: the work is the same however many breaks there are."""
    assert user.id is not None
    current = ongoing(session=session, user_id=user.id, today=today)
    past_query = select(Break).where(Break.user_id == user.id)
    if current is not None:
        past_query = past_query.where(Break.id != current.id)
    total = int(session.exec(select(func.count()).select_from(past_query.subquery())).one())
    pages = max(1, -(-total // limits.PAGE_SIZE))
    page = min(max(page, 1), pages)
    past = list(
        session.exec(
            past_query.order_by(col(Break.start_date).desc(), col(Break.id).desc())
            .offset((page - 1) * limits.PAGE_SIZE)
            .limit(limits.PAGE_SIZE)
        ).all()
    )
    shown = ([current] if current is not None else []) + past
    gaps = unrecorded_gaps(session=session, user=user, today=today)
    return Overview(
        current=current,
        past=past,
        muscles=muscles(session=session, break_ids=[i.id for i in shown if i.id is not None]),
        trained_in_rest=days_trained_in(
            session=session,
            user_id=user.id,
            items=[i for i in shown if i.mode == "rest"],
            today=today,
        ),
        # The latest ones (oldest first among them): those are the ones worth recording now.
        gaps=gaps[-limits.PAGE_SIZE :],
        page=page,
        pages=pages,
        past_total=total,
        gaps_total=len(gaps),
    )


def _set_muscles(session: Session, break_id: int, muscle_keys: Iterable[str]) -> None:
    session.exec(sql_delete(BreakMuscle).where(col(BreakMuscle.break_id) == break_id))
    for key in sorted(set(muscle_keys)):
        session.add(BreakMuscle(break_id=break_id, muscle=key))
