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

from sqlalchemy import insert, select, update
from sqlmodel import Session
from sqlmodel import select as sqlmodel_select

from tracker.break_days import today_in
from tracker.catalogue import normalise_name
from tracker.collector import collector_paused
from tracker.crud import users as users_crud
from tracker.crud.matching import (
    NAME_LENGTH,
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
from tracker.importers import Gap, ParsedWorkout, find_gaps
from tracker.importers.incoming import Incoming, merged_workouts, stored_key
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
    utcnow,
)
from tracker.physiology.muscles import MUSCLE_KEYS

#: Sets are inserted in batches of whole workouts, of at least this many sets (the progress
#: callback runs between batches).
BATCH = 20_000

# Column sizes of the tables (models.py); longer text from a file is shortened.
_TITLE, _WORKOUT_NOTES, _SET_NOTES = 120, 2000, 500
_MAX_MINUTES = 10_000_000

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


def _duplicates(
    session: Session, user_id: int, workouts: Sequence[tuple[ParsedWorkout, str]]
) -> list[bool]:
    """For each workout, whether the user already has it."""
    keys = {
        key
        for (key,) in session.execute(
            select(_workouts.c.source_key).where(
                _workouts.c.user_id == user_id, _workouts.c.source_key.is_not(None)
            )
        ).all()
    }
    unkeyed: set[tuple[dt.datetime, str]] = set()
    if any(not workout.source_key for workout, _ in workouts):
        unkeyed = {
            (row.started_at, row.title)
            for row in session.execute(
                select(_workouts.c.started_at, _workouts.c.title).where(
                    _workouts.c.user_id == user_id
                )
            ).all()
        }
    flags = []
    for workout, _ in workouts:
        if workout.source_key:
            flags.append(stored_key(workout.source_key) in keys)
        else:
            flags.append((workout.started_at, workout.title[:_TITLE]) in unkeyed)
    return flags


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
    duplicate = _duplicates(session, user.id, workouts)
    days = {workout.started_at.date() for workout, _ in workouts}
    document = incoming.document
    extra: dict[str, int] = {}
    if document is not None:
        index = load_index(session=session, user_id=user.id)
        existing = _existing_extras(session, user.id)
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


@dataclass(frozen=True)
class ReportEntry:
    """What one exercise name of the file became (one row of the import report)."""

    name: str
    sets: int
    exercise: str | None
    exercise_id: int | None
    custom: bool
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    how: How

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sets": self.sets,
            "exercise": self.exercise,
            "custom": self.custom,
            "kind": self.kind,
            "primary": list(self.primary),
            "secondary": list(self.secondary),
            "how": self.how,
        }


@dataclass
class ImportResult:
    workouts_added: int = 0
    sets_added: int = 0
    duplicate_workouts: int = 0
    duplicate_sets: int = 0
    #: Sets left out because their exercise was skipped.
    skipped_sets: int = 0
    #: Every exercise name of the file and what it became.
    report: list[ReportEntry] = field(default_factory=list)
    custom_created: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    breaks_added: int = 0
    training_gaps_added: int = 0
    plans_added: int = 0
    #: Texts longer than Regain keeps, shortened.
    shortened: int = 0
    #: The ``ImportRecord`` kept for it.
    record_id: int | None = None

    @property
    def unassigned(self) -> list[ReportEntry]:
        """Names whose exercise has no muscle groups yet (cardio aside), with sets kept."""
        return [
            entry
            for entry in self.report
            if entry.how != "skipped" and not entry.primary and entry.kind != "cardio"
        ]


def report_document(report: Sequence[ReportEntry], warnings: Sequence[str] = ()) -> dict[str, Any]:
    """The import report as JSON: ``{"exercises": [...], "warnings": [...]}``."""
    return {
        "exercises": [entry.as_json() for entry in report],
        "warnings": list(warnings),
    }


@dataclass(frozen=True)
class _Existing:
    breaks: dict[tuple[dt.date, dt.date | None], int]
    gaps: set[tuple[dt.date, dt.date]]
    plans: set[tuple[str, dt.date, int]]


def _existing_extras(session: Session, user_id: int) -> _Existing:
    breaks = {
        (row.start_date, row.end_date): row.id
        for row in session.execute(
            select(_breaks.c.id, _breaks.c.start_date, _breaks.c.end_date)
            .where(_breaks.c.user_id == user_id)
            .order_by(_breaks.c.id.desc())
        ).all()
    }
    gaps = {
        (row.start_date, row.end_date)
        for row in session.execute(
            select(_gaps.c.start_date, _gaps.c.end_date).where(_gaps.c.user_id == user_id)
        ).all()
    }
    plans = {
        (row.name, row.start_date, row.days)
        for row in session.execute(
            select(_plans.c.name, _plans.c.start_date, _plans.c.days).where(
                _plans.c.user_id == user_id
            )
        ).all()
    }
    return _Existing(breaks, gaps, plans)


def _create_custom(
    session: Session, user_id: int, index: dict[str, int], item: CreateCustom
) -> tuple[int, bool]:
    """The id of the user's custom exercise called ``item.name`` (normalised), created with
    its muscles when there is none; and whether it was created."""
    name = item.name.strip()[:NAME_LENGTH]
    normalized = normalise_name(name)
    if normalized in index:
        return index[normalized], False
    exercise_id = session.execute(
        insert(_exercises)
        .values(name=name, equipment=item.equipment, kind=item.kind, owner_id=user_id)
        .returning(_exercises.c.id)
    ).scalar_one()
    rows = [{"exercise_id": exercise_id, "muscle": m, "role": "primary"} for m in item.primary]
    rows += [{"exercise_id": exercise_id, "muscle": m, "role": "secondary"} for m in item.secondary]
    if rows:
        session.execute(insert(_muscles), rows)
    index[normalized] = exercise_id
    return exercise_id, True


def _allowed_ids(session: Session, user_id: int, ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    if not wanted:
        return set()
    return {
        exercise_id
        for (exercise_id,) in session.execute(
            select(_exercises.c.id).where(
                _exercises.c.id.in_(wanted),
                (_exercises.c.owner_id.is_(None)) | (_exercises.c.owner_id == user_id),
            )
        ).all()
    }


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
    allowed = _allowed_ids(session, user_id, used)
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
            _, created = _create_custom(
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
            exercise_id, created = _create_custom(session, user_id, custom, decision)
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

    _insert_workouts(session, user_id, incoming, exercise_of, result, progress)

    if document is not None:
        _insert_extras(session, user_id, document, result)

    result.report = _report(session, user_id, planned, exercise_of_key, how_of)
    users_crud.bump_data_version(session=session, user_id=user_id)
    session.flush()
    days = {workout.started_at.date() for workout in incoming.parsed.workouts}
    result.gaps = _long_gaps(session, user, days)
    result.record_id = _keep_record(session, user_id, incoming, result, filename, days)
    return result


def _report(
    session: Session,
    user_id: int,
    planned: Sequence[NamePlan],
    exercise_of: Mapping[str, int | None],
    how_of: Mapping[str, How],
) -> list[ReportEntry]:
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
            ReportEntry(
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
                **report_document(result.report, incoming.parsed.warnings),
                # Kept for the import's page; not part of the report itself.
                "exercise_ids": [entry.exercise_id for entry in result.report],
                "also": {
                    "custom exercise": len(result.custom_created),
                    "break": result.breaks_added,
                    "training gap": result.training_gaps_added,
                    "plan": result.plans_added,
                },
            }
        ),
    )
    session.add(record)
    session.flush()
    assert record.id is not None
    return record.id


# --- the records ------------------------------------------------------------------------------


def get_record(*, session: Session, user_id: int, record_id: int) -> ImportRecord | None:
    """The user's import record ``record_id``, or None (also when it is someone else's)."""
    record = session.get(ImportRecord, record_id)
    if record is None or record.user_id != user_id:
        return None
    return record


def records(*, session: Session, user_id: int, limit: int = 50) -> list[ImportRecord]:
    """The user's imports, newest first."""
    return list(
        session.exec(
            sqlmodel_select(ImportRecord)
            .where(ImportRecord.user_id == user_id)
            .order_by(ImportRecord.id.desc())  # type: ignore[union-attr]
            .limit(limit)
        ).all()
    )


def record_report(record: ImportRecord) -> list[ReportEntry]:
    """The report kept with a record, read back."""
    raw = json.loads(record.report or "{}")
    items = raw.get("exercises", [])
    ids = raw.get("exercise_ids") or [None] * len(items)
    return [
        ReportEntry(
            name=item["name"],
            sets=item["sets"],
            exercise=item["exercise"],
            exercise_id=exercise_id,
            custom=item["custom"],
            kind=item["kind"],
            primary=tuple(item["primary"]),
            secondary=tuple(item["secondary"]),
            how=item["how"],
        )
        for item, exercise_id in zip(items, ids, strict=True)
    ]


def record_document(record: ImportRecord) -> dict[str, Any]:
    """The report to download: what each name became, and the file's warnings."""
    raw = json.loads(record.report or "{}")
    return {"exercises": raw.get("exercises", []), "warnings": raw.get("warnings", [])}


def record_warnings(record: ImportRecord) -> list[str]:
    return list(json.loads(record.report or "{}").get("warnings", []))


def record_extras(record: ImportRecord) -> dict[str, int]:
    """What the import added besides workouts (custom exercises, breaks...), by noun."""
    also = json.loads(record.report or "{}").get("also", {})
    return {noun: int(number) for noun, number in also.items() if number}


def record_gaps_as_breaks(
    *, session: Session, user_id: int, gaps: Sequence[tuple[dt.date, dt.date, str]]
) -> int:
    """Record gaps (first day, last day, reason) as rest breaks, in one transaction; the caller
    has checked they are open gaps of the user's history (so no break overlaps them)."""
    now = utcnow()
    for start, end, reason in gaps:
        session.add(
            Break(
                user_id=user_id,
                start_date=start,
                end_date=end,
                reason=reason,
                mode="rest",
                created_at=now,
            )
        )
    users_crud.bump_data_version(session=session, user_id=user_id)
    session.commit()
    return len(gaps)


def _insert_workouts(
    session: Session,
    user_id: int,
    incoming: Incoming,
    exercise_of: Mapping[str, int | None],
    result: ImportResult,
    progress: Callable[[int], None] | None,
) -> None:
    workouts = merged_workouts(incoming)
    duplicate = _duplicates(session, user_id, workouts)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    kept: list[ParsedWorkout] = []
    for (workout, source), dup in zip(workouts, duplicate, strict=True):
        if dup:
            result.duplicate_workouts += 1
            result.duplicate_sets += len(workout.sets)
            continue
        wanted = sum(exercise_of[item.exercise_name] is not None for item in workout.sets)
        if workout.sets and not wanted:
            # Every set of it was skipped: an empty workout would only be noise.
            result.skipped_sets += len(workout.sets)
            continue
        title, notes = workout.title, workout.notes
        if len(title) > _TITLE or len(notes) > _WORKOUT_NOTES:
            result.shortened += 1
            title, notes = title[:_TITLE], notes[:_WORKOUT_NOTES]
        minutes = workout.duration_minutes
        if minutes is not None and not 0 <= minutes <= _MAX_MINUTES:
            minutes = None
        rows.append(
            {
                "user_id": user_id,
                "started_at": workout.started_at,
                "title": title,
                "duration_minutes": minutes,
                "notes": notes,
                "source": source,
                "source_key": stored_key(workout.source_key) or None,
                "created_at": now,
            }
        )
        kept.append(workout)
    if not rows:
        return
    ids = (
        session.execute(
            insert(_workouts).returning(_workouts.c.id, sort_by_parameter_order=True), rows
        )
        .scalars()
        .all()
    )
    result.workouts_added = len(ids)

    # The rows go to the driver as tuples in batches; the common case (every name resolved,
    # no note too long) is one list comprehension per workout.
    some_skipped = None in exercise_of.values()
    write = _set_writer(session)
    batch: list[tuple[Any, ...]] = []
    written = 0
    for workout_id, workout in zip(ids, kept, strict=True):
        sets = workout.sets
        if some_skipped:
            kept_sets = tuple(item for item in sets if exercise_of[item.exercise_name] is not None)
            result.skipped_sets += len(sets) - len(kept_sets)
            sets = kept_sets
        long_notes = sum(len(item.notes) > _SET_NOTES for item in sets)
        if long_notes:
            result.shortened += long_notes
            sets = tuple(item._replace(notes=item.notes[:_SET_NOTES]) for item in sets)
        batch += [
            (
                workout_id,
                exercise_of[item.exercise_name],
                item.position,
                item.reps,
                item.weight_kg,
                item.rpe,
                item.kind,
                item.distance_m,
                item.seconds,
                item.notes,
            )
            for item in sets
        ]
        if len(batch) >= BATCH:
            write(batch)
            written += len(batch)
            batch = []
            if progress is not None:
                progress(written)
    if batch:
        write(batch)
        written += len(batch)
        if progress is not None:
            progress(written)
    result.sets_added = written


_SET_COLUMNS = (
    "workout_id",
    "exercise_id",
    "position",
    "reps",
    "weight_kg",
    "rpe",
    "kind",
    "distance_m",
    "seconds",
    "notes",
)


def _set_writer(session: Session) -> Callable[[list[tuple[Any, ...]]], None]:
    """A function that writes rows of ``_SET_COLUMNS`` in the session's transaction.

    The sets are the bulk of an import, so they skip per-row ORM and Core work: PostgreSQL
    (psycopg) gets them through COPY, other databases through the driver's executemany of a
    plain INSERT in its parameter style. (For 100,000 sets, Core's executemany took about twice
    as long on SQLite, and about twice as long as COPY on PostgreSQL.)
    """
    connection = session.connection()
    columns = ", ".join(_SET_COLUMNS)
    dialect = connection.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        raw = connection.connection.driver_connection
        assert raw is not None
        statement = f"COPY workout_sets ({columns}) FROM STDIN"

        def copy_rows(rows: list[tuple[Any, ...]]) -> None:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)

        return copy_rows

    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO workout_sets ({columns}) VALUES ({', '.join([marker] * len(_SET_COLUMNS))})"

    def insert_rows(rows: list[tuple[Any, ...]]) -> None:
        connection.exec_driver_sql(sql, rows)  # type: ignore[arg-type]

    return insert_rows


def _insert_extras(
    session: Session, user_id: int, document: RegainDocument, result: ImportResult
) -> None:
    """Breaks, training gaps and plans of a Regain export; those the user has already
    (same dates; plans: same name, start and length) are not added again."""
    existing = _existing_extras(session, user_id)
    now = utcnow()
    break_ids: dict[int, int] = {}
    for item in document.breaks:
        found = existing.breaks.get((item.start_date, item.end_date))
        if found is not None:
            break_ids[item.ref] = found
            continue
        break_id = session.execute(
            insert(_breaks)
            .values(
                user_id=user_id,
                start_date=item.start_date,
                end_date=item.end_date,
                reason=item.reason,
                mode=item.mode,
                sessions_per_week=item.sessions_per_week,
                body_region=item.body_region,
                notes=item.notes,
                created_at=now,
            )
            .returning(_breaks.c.id)
        ).scalar_one()
        existing.breaks[(item.start_date, item.end_date)] = break_id
        break_ids[item.ref] = break_id
        if item.muscles:
            session.execute(
                insert(_break_muscles), [{"break_id": break_id, "muscle": m} for m in item.muscles]
            )
        result.breaks_added += 1
    gap_rows = []
    for start, end in document.training_gaps:
        if (start, end) not in existing.gaps:
            existing.gaps.add((start, end))
            gap_rows.append(
                {"user_id": user_id, "start_date": start, "end_date": end, "created_at": now}
            )
    if gap_rows:
        session.execute(insert(_gaps), gap_rows)
        result.training_gaps_added = len(gap_rows)
    plan_rows = []
    for plan in document.plans:
        identity = (plan.name, plan.start_date, plan.days)
        if identity in existing.plans:
            continue
        existing.plans.add(identity)
        plan_rows.append(
            {
                "user_id": user_id,
                "name": plan.name,
                "start_date": plan.start_date,
                "days": plan.days,
                "mode": plan.mode,
                "sessions_per_week": plan.sessions_per_week,
                "muscles": ",".join(plan.muscles),
                "dose_after": plan.dose_after,
                "break_id": None if plan.break_ref is None else break_ids[plan.break_ref],
                "created_at": now,
            }
        )
    if plan_rows:
        session.execute(insert(_plans), plan_rows)
        result.plans_added = len(plan_rows)
