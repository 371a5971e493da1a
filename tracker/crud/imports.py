"""Importing a file: reading it, the preview of what it would add, and the import itself.

An import reads a file into an ``Incoming`` (``read_upload``), shows a ``Preview`` (``preview``),
then ``run_import`` writes it in one transaction with bulk inserts: all of it or nothing.

Exercise names are matched by ``tracker.crud.matching``. Names it cannot match are "unknown"
(``unknown_names``, with suggestions); ``run_import`` needs a ``Decision`` for each, creates the
custom exercises asked for, and remembers the answers (``exercise_mappings``) for the next
import.

A workout already imported (same ``source_key`` for the user) is skipped, so importing the same
file again, or an export that overlaps an earlier one, adds nothing twice. A workout of a Regain
export that has no ``source_key`` (it was logged by hand) is skipped when the user already has a
workout with the same start and title.

The file waits between the preview and the import in ``tracker.uploads``; the export's rows
come from ``tracker.crud.exports``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from tracker import importers
from tracker.catalogue import normalise_name, suggest
from tracker.collector import collector_paused
from tracker.crud import users as users_crud
from tracker.crud.matching import (
    NAME_LENGTH,
    CreateCustom,
    Decision,
    ExerciseIndex,
    SkipName,
    UnresolvedExercises,
    UseExercise,
    load_index,
)
from tracker.export import (
    CATALOGUE_REF,
    CUSTOM_REF,
    PROFILE_FIELDS,
    RegainDocument,
    looks_like_document,
    read_document,
)
from tracker.importers import Gap, ImportFormatError, ParsedImport, ParsedWorkout, find_gaps
from tracker.models import (
    Break,
    BreakMuscle,
    Exercise,
    ExerciseMapping,
    ExerciseMuscle,
    Plan,
    TrainingGap,
    User,
    Workout,
    utcnow,
)

#: What the user can pick as the file's app ("" or None: detect it).
SOURCES = ("strong", "hevy", "fitnotes", "regain")
SOURCE_LABELS = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes", "regain": "Regain"}

#: Sets are inserted in batches of whole workouts, of at least this many sets (the progress
#: callback runs between batches).
BATCH = 20_000

# Column sizes of the tables (models.py); longer text from a file is shortened.
_TITLE, _WORKOUT_NOTES, _SET_NOTES, _KEY = 120, 2000, 500, 200
# Integer columns: a value beyond these is a broken cell, not a set.
_MAX_REPS, _MAX_SECONDS, _MAX_MINUTES = 100_000, 100_000_000, 10_000_000

_workouts = Workout.__table__  # type: ignore[attr-defined]
_exercises = Exercise.__table__  # type: ignore[attr-defined]
_muscles = ExerciseMuscle.__table__  # type: ignore[attr-defined]
_mappings = ExerciseMapping.__table__  # type: ignore[attr-defined]
_breaks = Break.__table__  # type: ignore[attr-defined]
_break_muscles = BreakMuscle.__table__  # type: ignore[attr-defined]
_gaps = TrainingGap.__table__  # type: ignore[attr-defined]
_plans = Plan.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]


# --- reading the file -------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    """A file read and checked: its workouts, and for a Regain export everything else."""

    parsed: ParsedImport
    document: RegainDocument | None = None

    @property
    def source(self) -> str:
        return self.parsed.source

    @cached_property
    def name_counts(self) -> Counter[str]:
        """How many sets each exercise name (as written) has."""
        return Counter(item.exercise_name for w in self.parsed.workouts for item in w.sets)

    def workout_source(self, index: int) -> str:
        """The ``source`` stored for workout ``index`` (a Regain export keeps the original)."""
        if self.document is not None:
            return self.document.workout_sources[index]
        return self.parsed.source


def upload_needs_unit(data: bytes, source: str | None = None) -> bool:
    """Whether the file names no weight unit, so kg or lb must be chosen (Strong S2, S5)."""
    if looks_like_document(data) or source == "regain":
        return False
    found_source, variant = importers.detect(data)
    return importers.needs_unit(found_source, variant)


def read_upload(
    data: bytes,
    source: str | None = None,
    unit: str | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> Incoming:
    """Read an export of Strong, Hevy, FitNotes or Regain (JSON), detected from its content.

    ``source`` (optional) must agree with what the content shows. Every problem raises
    ``ImportFormatError`` with a message naming the line and column (or the JSON path).
    """
    chosen = (source or "").strip().casefold() or None
    if chosen is not None and chosen not in SOURCES:
        raise ImportFormatError(f"unknown source {source!r}: choose one of {', '.join(SOURCES)}")
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFormatError("the file is empty")
    if looks_like_document(data):
        if chosen not in (None, "regain"):
            raise ImportFormatError(
                f"this is a JSON file (a Regain export?), not a {SOURCE_LABELS[chosen]} CSV export",
                1,
            )
        document = read_document(data)
        return Incoming(document.parsed, document)
    if chosen == "regain":
        found, _ = importers.detect(data)
        raise ImportFormatError(
            f"this looks like a {SOURCE_LABELS[found]} export, not a Regain JSON export", 1
        )
    parsed = importers.parse(data, source=chosen, unit=unit, progress=progress)
    _check_storable(parsed)
    return Incoming(parsed)


def _check_storable(parsed: ParsedImport) -> None:
    """Refuse numbers too big for the database's integer columns, naming their line (the
    parsers accept any count; no real set gets near these)."""
    for workout in parsed.workouts:
        for item in workout.sets:
            if item.reps is not None and item.reps > _MAX_REPS:
                raise ImportFormatError(
                    f"{item.reps} reps is more than Regain stores ({_MAX_REPS:,} at most)",
                    item.row,
                )
            if item.seconds is not None and item.seconds > _MAX_SECONDS:
                raise ImportFormatError(
                    f"{item.seconds} seconds is more than Regain stores ({_MAX_SECONDS:,} at most)",
                    item.row,
                )


# --- the preview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    id: int
    key: str
    name: str


@dataclass(frozen=True)
class UnknownName:
    """A name in the file that matches no exercise: the user decides what it is."""

    #: The decision key: the normalised name (or the reference of a Regain export).
    normalized: str
    #: As first written in the file.
    name: str
    sets: int
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class Preview:
    source: str
    variant: str
    unit: str | None
    first_day: dt.date | None
    last_day: dt.date | None
    workouts: int
    sets: int
    duplicate_workouts: int
    duplicate_sets: int
    unknown: tuple[UnknownName, ...]
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


def _merged_workouts(incoming: Incoming) -> list[tuple[ParsedWorkout, str]]:
    """The workouts with their sources; two workouts of the file with the same key (titles that
    differ only by blanks, two spellings of one time) become one, sets in file order."""
    result: list[tuple[ParsedWorkout, str]] = []
    at: dict[str, int] = {}
    for i, workout in enumerate(incoming.parsed.workouts):
        source = incoming.workout_source(i)
        key = _key(workout.source_key)
        if key and key in at:
            first, first_source = result[at[key]]
            result[at[key]] = (
                dataclasses.replace(first, sets=first.sets + workout.sets),
                first_source,
            )
            continue
        if key:
            at[key] = len(result)
        result.append((workout, source))
    return result


def _key(source_key: str) -> str:
    """The key as stored: a key longer than the column keeps its start and a digest."""
    if len(source_key) <= _KEY:
        return source_key
    digest = hashlib.sha256(source_key.encode()).hexdigest()[:32]
    return source_key[: _KEY - 33] + "#" + digest


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
            flags.append(_key(workout.source_key) in keys)
        else:
            flags.append((workout.started_at, workout.title[:_TITLE]) in unkeyed)
    return flags


def _unknown_names(
    session: Session, index: ExerciseIndex, incoming: Incoming
) -> tuple[UnknownName, ...]:
    counts = incoming.name_counts
    grouped: dict[str, tuple[str, int]] = {}
    custom_refs = (
        {CUSTOM_REF + item.name for item in incoming.document.custom_exercises}
        if incoming.document is not None
        else set()
    )
    for name, sets in counts.items():
        if name in custom_refs or index.resolve(name) is not None:
            continue
        shown = name.removeprefix(CATALOGUE_REF)
        decision_key = name if name.startswith(CATALOGUE_REF) else normalise_name(name)
        first, total = grouped.get(decision_key, (shown, 0))
        grouped[decision_key] = (first, total + sets)
    unknown = []
    for decision_key, (name, sets) in sorted(grouped.items(), key=lambda kv: kv[1][0].casefold()):
        hints = suggest(name.replace("_", " "), limit=5)
        suggestions = tuple(
            Suggestion(index.keys[item.key], item.key, item.name)
            for item in hints
            if item.key in index.keys
        )
        unknown.append(UnknownName(decision_key, name, sets, suggestions))
    return tuple(unknown)


def unknown_names(*, session: Session, user_id: int, incoming: Incoming) -> tuple[UnknownName, ...]:
    """The names of the file that match no exercise of the user, with suggestions."""
    return _unknown_names(session, load_index(session=session, user_id=user_id), incoming)


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
    today = dt.date.today()
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
    workouts = _merged_workouts(incoming)
    duplicate = _duplicates(session, user.id, workouts)
    index = load_index(session=session, user_id=user.id)
    days = {workout.started_at.date() for workout, _ in workouts}
    document = incoming.document
    extra: dict[str, int] = {}
    if document is not None:
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
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        workouts=len(workouts),
        sets=sum(len(workout.sets) for workout, _ in workouts),
        duplicate_workouts=sum(duplicate),
        duplicate_sets=sum(
            len(workout.sets) for (workout, _), dup in zip(workouts, duplicate, strict=True) if dup
        ),
        unknown=_unknown_names(session, index, incoming),
        gaps=tuple(_long_gaps(session, user, days, _document_spans(document))),
        warnings=incoming.parsed.warnings,
        skipped_rows=incoming.parsed.skipped_rows,
        **extra,
    )


# --- the import -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    workouts_added: int = 0
    sets_added: int = 0
    duplicate_workouts: int = 0
    duplicate_sets: int = 0
    #: Sets left out because their exercise was skipped.
    skipped_sets: int = 0
    #: Unknown name -> what was done ("created custom exercise ...", "mapped to ...").
    decisions: dict[str, str] = field(default_factory=dict)
    custom_created: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    breaks_added: int = 0
    training_gaps_added: int = 0
    plans_added: int = 0
    #: Texts longer than Regain keeps, shortened.
    shortened: int = 0


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


def _exercise_name(session: Session, exercise_id: int) -> str:
    return str(
        session.execute(select(_exercises.c.name).where(_exercises.c.id == exercise_id)).scalar()
    )


def run_import(
    *,
    session: Session,
    user_id: int,
    incoming: Incoming,
    decisions: Mapping[str, Decision] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Write ``incoming`` for the user in one transaction, committed at the end (rolled back on
    any error, so nothing of a failed import stays).

    ``decisions`` answers every ``UnknownName.normalized`` of the preview; a name without an
    answer raises ``UnresolvedExercises`` before anything is written. ``progress`` is called
    with the number of sets written so far, after each batch.
    """
    try:
        with collector_paused():
            result = _run_import(session, user_id, incoming, dict(decisions or {}), progress)
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
    progress: Callable[[int], None] | None,
) -> ImportResult:
    user = session.get(User, user_id)
    if user is None:
        raise ValueError(f"no user {user_id}")
    result = ImportResult()
    index = load_index(session=session, user_id=user_id)
    unknown = _unknown_names(session, index, incoming)
    missing = [item.name for item in unknown if item.normalized not in decisions]
    if missing:
        raise UnresolvedExercises(
            f"no decision for the unknown exercise(s) {', '.join(missing)}", missing
        )
    used = [
        d.exercise_id
        for item in unknown
        if isinstance(d := decisions[item.normalized], UseExercise)
    ]
    allowed = _allowed_ids(session, user_id, used)
    refused = [
        item.name
        for item in unknown
        if isinstance(d := decisions[item.normalized], UseExercise) and d.exercise_id not in allowed
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

    # The user's answers, remembered for the next import (not for Regain references).
    answers: dict[str, int | None] = {}
    new_mappings: list[dict[str, Any]] = []
    for item in unknown:
        decision = decisions[item.normalized]
        if isinstance(decision, SkipName):
            answers[item.normalized] = None
            result.decisions[item.name] = "skipped (its sets were left out)"
            continue
        if isinstance(decision, UseExercise):
            exercise_id = decision.exercise_id
            result.decisions[item.name] = f"mapped to {_exercise_name(session, exercise_id)}"
        else:
            exercise_id, created = _create_custom(session, user_id, custom, decision)
            if created:
                result.custom_created.append(decision.name)
            how = f"created as custom exercise {decision.name!r}"
            if decision.guessed_from:
                how += f" with the muscles of {decision.guessed_from}"
            result.decisions[item.name] = how
        answers[item.normalized] = exercise_id
        if not item.normalized.startswith(CATALOGUE_REF):
            new_mappings.append(
                {"user_id": user_id, "normalized": item.normalized, "exercise_id": exercise_id}
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
    if new_mappings:
        session.execute(insert(_mappings), new_mappings)

    resolver = dataclasses.replace(index, custom=custom)
    exercise_of: dict[str, int | None] = {}
    for name in incoming.name_counts:
        found = resolver.resolve(name)
        if found is None:
            found = answers[name if name.startswith(CATALOGUE_REF) else normalise_name(name)]
        exercise_of[name] = found

    _insert_workouts(session, user_id, incoming, exercise_of, result, progress)

    if document is not None:
        _insert_extras(session, user_id, document, result)

    users_crud.bump_data_version(session=session, user_id=user_id)
    session.flush()
    days = {workout.started_at.date() for workout in incoming.parsed.workouts}
    result.gaps = _long_gaps(session, user, days)
    return result


def _insert_workouts(
    session: Session,
    user_id: int,
    incoming: Incoming,
    exercise_of: Mapping[str, int | None],
    result: ImportResult,
    progress: Callable[[int], None] | None,
) -> None:
    workouts = _merged_workouts(incoming)
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
                "source_key": _key(workout.source_key) or None,
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
            sets = tuple(dataclasses.replace(item, notes=item.notes[:_SET_NOTES]) for item in sets)
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
