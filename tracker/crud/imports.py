"""Importing a file: the preview of what it would add, the import itself, and its record.

``tracker.importers.incoming.read_file`` reads the file into an ``Incoming`` (no database);
``preview`` shows what it would add; ``run_import`` writes it in one transaction with bulk
inserts, all of it or nothing, and keeps an ``ImportRecord`` with the import's report.

Every exercise name gets a plan (``tracker.crud.matching.plan_names``): a known exercise, the
same movement as a catalogue exercise, a custom exercise with the muscles its name says, or a
custom exercise whose muscles are not set yet. No name blocks an import: ``decisions`` only
change plans, and are remembered (``exercise_mappings``) for the next import.

A workout already imported (same ``source_key`` for the user) is skipped, so importing the same
file again, or an export that overlaps an earlier one, adds nothing twice. A workout of a Regain
export that has no ``source_key`` (it was logged by hand) is skipped when the user already has a
workout with the same start and title.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlmodel import Session

from tracker import limits
from tracker.catalogue import normalise_name
from tracker.clock import today_in
from tracker.collector import collector_paused
from tracker.crud import import_records, import_writes
from tracker.crud import users as users_crud
from tracker.crud.matching import (
    CreateCustom,
    Decision,
    How,
    NamePlan,
    SkipName,
    UnresolvedExercises,
    UseExercise,
    load_index,
    plan_names,
)
from tracker.export import CATALOGUE_REF, CUSTOM_REF, PROFILE_FIELDS, RegainDocument
from tracker.importers import Gap, find_gaps
from tracker.importers.incoming import Incoming, merged_workouts
from tracker.models import (
    Break,
    BreakMuscle,
    Exercise,
    ExerciseMapping,
    ExerciseMuscle,
    ImportRecord,
    Plan,
    TrainingGap,
    User,
    Workout,
    WorkoutSet,
)
from tracker.physiology.muscles import MUSCLE_KEYS

_workouts = Workout.__table__  # type: ignore[attr-defined]
_exercises = Exercise.__table__  # type: ignore[attr-defined]
_muscles = ExerciseMuscle.__table__  # type: ignore[attr-defined]
_mappings = ExerciseMapping.__table__  # type: ignore[attr-defined]
_breaks = Break.__table__  # type: ignore[attr-defined]
_break_muscles = BreakMuscle.__table__  # type: ignore[attr-defined]
_gaps = TrainingGap.__table__  # type: ignore[attr-defined]
_plans = Plan.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]


def plans(*, session: Session, user_id: int, incoming: Incoming) -> tuple[NamePlan, ...]:
    """What each exercise name of the file becomes, unless the user answers otherwise."""
    document = incoming.document
    own = (
        frozenset(CUSTOM_REF + item.name for item in document.custom_exercises)
        if document is not None
        else frozenset()
    )
    return plan_names(session=session, user_id=user_id, counts=incoming.name_counts, skip_refs=own)


# --- the preview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    source: str
    variant: str
    unit: str | None
    unit_from: str
    first_day: dt.date | None
    last_day: dt.date | None
    workouts: int
    sets: int
    duplicate_workouts: int
    duplicate_sets: int
    names: tuple[NamePlan, ...]
    gaps: tuple[Gap, ...]
    warnings: tuple[str, ...]
    skipped_rows: int
    #: For a Regain export: what comes besides workouts (new ones only).
    custom_exercises: int = 0
    breaks: int = 0
    training_gaps: int = 0
    plans: int = 0
    #: Routines of a name the user has none of (the import also skips one of the same name
    #: and sets).
    routines: int = 0

    @property
    def new_workouts(self) -> int:
        return self.workouts - self.duplicate_workouts

    @property
    def new_sets(self) -> int:
        return self.sets - self.duplicate_sets

    @property
    def unclear(self) -> tuple[NamePlan, ...]:
        """The names Regain asks about: inferred or with no muscles."""
        return tuple(plan for plan in self.names if not plan.clear)

    @property
    def clear(self) -> tuple[NamePlan, ...]:
        return tuple(plan for plan in self.names if plan.clear)


def _covered(gap: Gap, spans: Iterable[tuple[dt.date, dt.date | None]], today: dt.date) -> bool:
    first = gap.last_day_before + dt.timedelta(days=1)
    last = gap.first_day_after - dt.timedelta(days=1)
    return any(start <= last and (end or today) >= first for start, end in spans)


def _long_gaps(
    session: Session,
    user: User,
    file_days: set[dt.date],
    extra_spans: Iterable[tuple[dt.date, dt.date | None]] = (),
) -> list[Gap]:
    """Gaps of ``user.gap_days`` or more next to a day of the file, in the user's history
    with the file added, that no recorded break or training gap already explains."""
    if not file_days:
        return []
    days = set(file_days)
    for (started_at,) in session.execute(
        select(_workouts.c.started_at).where(_workouts.c.user_id == user.id)
    ).all():
        days.add(started_at.date())
    gaps = [
        gap
        for gap in find_gaps(days, user.gap_days)
        if gap.last_day_before in file_days or gap.first_day_after in file_days
    ]
    if not gaps:
        return []
    spans: list[tuple[dt.date, dt.date | None]] = list(extra_spans)
    spans += session.execute(
        select(_breaks.c.start_date, _breaks.c.end_date).where(_breaks.c.user_id == user.id)
    ).all()  # type: ignore[arg-type]
    spans += session.execute(
        select(_gaps.c.start_date, _gaps.c.end_date).where(_gaps.c.user_id == user.id)
    ).all()  # type: ignore[arg-type]
    today = today_in(user.timezone)
    return [gap for gap in gaps if not _covered(gap, spans, today)]


def _document_spans(document: RegainDocument | None) -> list[tuple[dt.date, dt.date | None]]:
    if document is None:
        return []
    spans: list[tuple[dt.date, dt.date | None]] = [
        (item.start_date, item.end_date) for item in document.breaks
    ]
    spans += [(start, end) for start, end in document.training_gaps]
    return spans


def preview(*, session: Session, user: User, incoming: Incoming) -> Preview:
    """What an import of ``incoming`` would add for ``user``; nothing is written."""
    assert user.id is not None
    workouts = merged_workouts(incoming)
    duplicate = import_writes.duplicates(session, user.id, workouts)
    days = {workout.started_at.date() for workout, _ in workouts}
    document = incoming.document
    extra: dict[str, int] = {}
    if document is not None:
        index = load_index(session=session, user_id=user.id)
        existing = import_writes.existing_extras(session, user.id)
        extra = {
            "custom_exercises": sum(
                normalise_name(item.name) not in index.custom for item in document.custom_exercises
            ),
            "breaks": sum(
                (item.start_date, item.end_date) not in existing.breaks for item in document.breaks
            ),
            "training_gaps": sum(gap not in existing.gaps for gap in document.training_gaps),
            "plans": sum(
                (plan.name, plan.start_date, plan.days) not in existing.plans
                for plan in document.plans
            ),
            "routines": len(
                {r.name for r in document.routines}
                - {name for name, _ in import_writes.existing_routines(session, user.id)}
            ),
        }
    return Preview(
        source=incoming.parsed.source,
        variant=incoming.parsed.variant,
        unit=incoming.parsed.unit,
        unit_from=incoming.unit_from,
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        workouts=len(workouts),
        sets=sum(len(workout.sets) for workout, _ in workouts),
        duplicate_workouts=sum(duplicate),
        duplicate_sets=sum(
            len(workout.sets) for (workout, _), dup in zip(workouts, duplicate, strict=True) if dup
        ),
        names=plans(session=session, user_id=user.id, incoming=incoming),
        gaps=tuple(_long_gaps(session, user, days, _document_spans(document))),
        warnings=incoming.parsed.warnings,
        skipped_rows=incoming.parsed.skipped_rows,
        **extra,
    )


# --- the import -------------------------------------------------------------------------------


@dataclass
class ImportResult(import_writes.Counts):
    """What an import added (``Counts``), what each name became, and what to look at next."""

    #: Every exercise name of the file and what it became.
    report: list[import_records.ReportEntry] = field(default_factory=list)
    custom_created: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    #: The ``ImportRecord`` kept for it.
    record_id: int | None = None

    @property
    def unassigned(self) -> list[import_records.ReportEntry]:
        """Names whose exercise has no muscle groups yet (cardio aside), with sets kept."""
        return [
            entry
            for entry in self.report
            if entry.how != "skipped" and not entry.primary and entry.kind != "cardio"
        ]


def run_import(
    *,
    session: Session,
    user_id: int,
    incoming: Incoming,
    decisions: Mapping[str, Decision] | None = None,
    filename: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Write ``incoming`` for the user in one transaction, committed at the end (rolled back on
    any error, so nothing of a failed import stays), with an ``ImportRecord`` of it.

    Every name follows its plan (``plans``) unless ``decisions`` (by ``NamePlan.key``) says
    otherwise; a decision for a name the file does not have, or choosing an exercise the user
    may not use, raises ``UnresolvedExercises`` before anything is written. ``progress`` is
    called with the number of sets written so far, after each batch.
    """
    try:
        with collector_paused():
            result = _run_import(
                session, user_id, incoming, dict(decisions or {}), filename, progress
            )
            session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


def _run_import(
    session: Session,
    user_id: int,
    incoming: Incoming,
    decisions: dict[str, Decision],
    filename: str,
    progress: Callable[[int], None] | None,
) -> ImportResult:
    user = session.get(User, user_id)
    if user is None:
        raise ValueError(f"no user {user_id}")
    result = ImportResult()
    index = load_index(session=session, user_id=user_id)
    planned = plans(session=session, user_id=user_id, incoming=incoming)
    keys = {plan.key for plan in planned}
    stray = [key for key in decisions if key not in keys]
    if stray:
        raise UnresolvedExercises(f"the file has no exercise called {', '.join(stray)}", stray)
    chosen = {plan.key: decisions.get(plan.key, plan.proposal) for plan in planned}
    used = [d.exercise_id for d in chosen.values() if isinstance(d, UseExercise)]
    allowed = import_writes.allowed_ids(session, user_id, used)
    refused = [
        plan.name
        for plan in planned
        if isinstance(d := chosen[plan.key], UseExercise) and d.exercise_id not in allowed
    ]
    if refused:
        raise UnresolvedExercises(
            f"the exercise chosen for {', '.join(refused)} is not one you can use", refused
        )

    document = incoming.document
    custom = dict(index.custom)
    if document is not None:
        if document.profile:
            session.execute(
                update(_users)
                .where(_users.c.id == user_id)
                .values({name: document.profile[name] for name in PROFILE_FIELDS})
            )
            session.expire(user)
        for exercise in document.custom_exercises:
            _, created = import_writes.create_custom(
                session,
                user_id,
                custom,
                CreateCustom(
                    exercise.name,
                    exercise.primary,
                    exercise.secondary,
                    exercise.equipment,
                    exercise.kind,
                ),
            )
            if created:
                result.custom_created.append(exercise.name)

    # Each name's exercise; answers other than a plain known name are remembered.
    exercise_of_key: dict[str, int | None] = {}
    how_of: dict[str, How] = {}
    new_mappings: list[dict[str, Any]] = []
    for plan in planned:
        decision = chosen[plan.key]
        how: How = plan.how if decision == plan.proposal else "remembered"
        if isinstance(decision, SkipName):
            exercise_of_key[plan.key], how_of[plan.key] = None, "skipped"
            continue
        if isinstance(decision, UseExercise):
            exercise_id = decision.exercise_id
        else:
            exercise_id, created = import_writes.create_custom(session, user_id, custom, decision)
            if created:
                result.custom_created.append(decision.name)
            if not decision.primary and decision.kind != "cardio":
                how = "unassigned"
        exercise_of_key[plan.key], how_of[plan.key] = exercise_id, how
        already_known = plan.how in ("alias", "remembered") and decision == plan.proposal
        if not already_known and not plan.key.startswith((CATALOGUE_REF, CUSTOM_REF)):
            new_mappings.append(
                {"user_id": user_id, "normalized": plan.key, "exercise_id": exercise_id}
            )
    if document is not None:
        resolver = dataclasses.replace(index, custom=custom)
        known = set(index.mappings) | {row["normalized"] for row in new_mappings}
        for normalized, ref in document.mappings:
            target = resolver.resolve(ref)
            if target is not None and normalized not in known:
                known.add(normalized)
                new_mappings.append(
                    {"user_id": user_id, "normalized": normalized, "exercise_id": target}
                )
    stale = [row["normalized"] for row in new_mappings if row["normalized"] in index.mappings]
    if stale:
        session.execute(
            _mappings.delete().where(
                _mappings.c.user_id == user_id, _mappings.c.normalized.in_(stale)
            )
        )
    if new_mappings:
        session.execute(insert(_mappings), new_mappings)

    resolver = dataclasses.replace(index, custom=custom)
    exercise_of: dict[str, int | None] = {}
    for name in incoming.name_counts:
        key = name if name.startswith((CATALOGUE_REF, CUSTOM_REF)) else normalise_name(name)
        exercise_of[name] = (
            exercise_of_key[key] if key in exercise_of_key else resolver.resolve(name)
        )

    import_writes.insert_workouts(session, user_id, incoming, exercise_of, result, progress)

    if document is not None:
        import_writes.insert_extras(session, user_id, document, result)
        # A routine's set gets the exercise a workout's set of the same reference gets: the
        # user's answer for it, else the reference resolved (the document's custom exercises
        # made by now).
        routine_exercise = {
            item.exercise: (
                exercise_of_key[item.exercise]
                if item.exercise in exercise_of_key
                else resolver.resolve(item.exercise)
            )
            for routine in document.routines
            for item in routine.sets
        }
        import_writes.insert_routines(session, user_id, document, routine_exercise, result)

    _check_room(session, user_id, result, len(new_mappings))
    result.report = _report(session, user_id, planned, exercise_of_key, how_of)
    users_crud.bump_data_version(session=session, user_id=user_id)
    session.flush()
    days = {workout.started_at.date() for workout in incoming.parsed.workouts}
    result.gaps = _long_gaps(session, user, days)
    result.record_id = _keep_record(session, user_id, incoming, result, filename, days)
    return result


def _check_room(session: Session, user_id: int, result: ImportResult, mappings: int) -> None:
    """Refuse an import that takes the account over one of its limits (``tracker.limits``);
    counted once written, in the same transaction, which the caller then rolls back."""
    added = (
        (limits.WORKOUTS, result.workouts_added, _workouts, _workouts.c.user_id),
        (limits.CUSTOM_EXERCISES, len(result.custom_created), _exercises, _exercises.c.owner_id),
        (limits.EXERCISE_MAPPINGS, mappings, _mappings, _mappings.c.user_id),
        (limits.BREAKS, result.breaks_added, _breaks, _breaks.c.user_id),
        (limits.TRAINING_GAPS, result.training_gaps_added, _gaps, _gaps.c.user_id),
        (limits.PLANS, result.plans_added, _plans, _plans.c.user_id),
    )
    for count, adding, table, owner in added:
        if adding:
            have = session.execute(
                select(func.count()).select_from(table).where(owner == user_id)
            ).scalar_one()
            limits.check_room(count, int(have), 0)
    if result.sets_added:
        sets = WorkoutSet.__table__  # type: ignore[attr-defined]
        have = session.execute(
            select(func.count())
            .select_from(sets.join(_workouts, _workouts.c.id == sets.c.workout_id))
            .where(_workouts.c.user_id == user_id)
        ).scalar_one()
        limits.check_room(limits.SETS, int(have), 0)


def _report(
    session: Session,
    user_id: int,
    planned: Sequence[NamePlan],
    exercise_of: Mapping[str, int | None],
    how_of: Mapping[str, How],
) -> list[import_records.ReportEntry]:
    ids = {exercise_id for exercise_id in exercise_of.values() if exercise_id is not None}
    rows = {
        row.id: row
        for row in session.execute(
            select(
                _exercises.c.id, _exercises.c.name, _exercises.c.kind, _exercises.c.owner_id
            ).where(_exercises.c.id.in_(ids))
        ).all()
    }
    muscles: dict[int, tuple[list[str], list[str]]] = {}
    for exercise_id, muscle, role in session.execute(
        select(_muscles.c.exercise_id, _muscles.c.muscle, _muscles.c.role).where(
            _muscles.c.exercise_id.in_(ids)
        )
    ).all():
        muscles.setdefault(exercise_id, ([], []))[0 if role == "primary" else 1].append(muscle)
    report = []
    for plan in planned:
        exercise_id = exercise_of[plan.key]
        row = rows.get(exercise_id) if exercise_id is not None else None
        primary, secondary = muscles.get(exercise_id, ([], [])) if exercise_id else ([], [])
        report.append(
            import_records.ReportEntry(
                name=plan.name,
                sets=plan.sets,
                exercise=None if row is None else row.name,
                exercise_id=exercise_id,
                custom=row is not None and row.owner_id is not None,
                kind=plan.kind if row is None else row.kind,
                primary=tuple(m for m in MUSCLE_KEYS if m in primary),
                secondary=tuple(m for m in MUSCLE_KEYS if m in secondary),
                how=how_of[plan.key],
            )
        )
    return report


def _keep_record(
    session: Session,
    user_id: int,
    incoming: Incoming,
    result: ImportResult,
    filename: str,
    days: set[dt.date],
) -> int:
    record = ImportRecord(
        user_id=user_id,
        filename=filename[:200],
        source=incoming.source,
        workouts_added=result.workouts_added,
        sets_added=result.sets_added,
        duplicate_workouts=result.duplicate_workouts,
        skipped_sets=result.skipped_sets,
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        report=json.dumps(
            {
                **import_records.report_document(result.report, incoming.parsed.warnings),
                # Kept for the import's page; not part of the report itself.
                "exercise_ids": [entry.exercise_id for entry in result.report],
                "also": {
                    "custom exercise": len(result.custom_created),
                    "break": result.breaks_added,
                    "training gap": result.training_gaps_added,
                    "plan": result.plans_added,
                    "routine": result.routines_added,
                },
            }
        ),
    )
    session.add(record)
    session.flush()
    assert record.id is not None
    return record.id
