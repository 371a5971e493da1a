"""What each exercise name of an imported file becomes: a plan for every name, none refused.

A name is looked up, by ``normalise_name``, in this order (``ExerciseIndex.resolve``): the
user's remembered answers (``exercise_mappings``, so an answer wins over everything), the
catalogue's names and aliases (``exercise_aliases``), then the user's custom exercises. A Regain
export names exercises by reference instead (``CATALOGUE_REF`` + key, ``CUSTOM_REF`` + name).
A name none of these knows is read by ``tracker.exercise_names.read_name``: the same movement
as a catalogue exercise ("matched"), a custom exercise with the muscles its words name
("inferred"), or a custom exercise whose muscles are not set yet ("unassigned").

``plan_names`` gives a ``NamePlan`` per name with the ``Decision`` Regain proposes; the user may
answer any of them otherwise (use an exercise, create a custom one, skip its sets), and
``tracker.crud.imports`` applies the answers and remembers them for the next import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlmodel import Session

from tracker.catalogue import EQUIPMENT, EXERCISE_KINDS, normalise_name, suggest
from tracker.exercise_names import read_name
from tracker.export import CATALOGUE_REF, CUSTOM_REF
from tracker.models import Exercise, ExerciseAlias, ExerciseMapping, ExerciseMuscle
from tracker.physiology.muscles import MUSCLE_KEYS

#: The longest exercise name stored (the column's size, models.py); a longer one is shortened.
NAME_LENGTH = 120

_exercises = Exercise.__table__  # type: ignore[attr-defined]
_aliases = ExerciseAlias.__table__  # type: ignore[attr-defined]
_mappings = ExerciseMapping.__table__  # type: ignore[attr-defined]
_muscle_rows = ExerciseMuscle.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ExerciseIndex:
    """Every name a user's import can resolve, loaded once (no query per row)."""

    mappings: Mapping[str, int]
    aliases: Mapping[str, int]
    custom: Mapping[str, int]
    keys: Mapping[str, int]

    def resolve(self, name: str) -> int | None:
        """The exercise id for a name as written in a file (or a Regain reference)."""
        if name.startswith(CATALOGUE_REF):
            return self.keys.get(name.removeprefix(CATALOGUE_REF))
        if name.startswith(CUSTOM_REF):
            return self.custom.get(normalise_name(name.removeprefix(CUSTOM_REF)))
        normalized = normalise_name(name)
        found = self.mappings.get(normalized)
        if found is None:
            found = self.aliases.get(normalized)
        if found is None:
            found = self.custom.get(normalized)
        return found


def load_index(*, session: Session, user_id: int) -> ExerciseIndex:
    """The user's remembered answers, the catalogue's names, aliases and keys, and the user's
    custom exercises (the oldest wins when two normalise alike), in four queries."""
    aliases = dict(session.execute(select(_aliases.c.normalized, _aliases.c.exercise_id)).all())
    keys = dict(
        session.execute(
            select(_exercises.c.key, _exercises.c.id).where(_exercises.c.key.is_not(None))
        ).all()
    )
    mappings = dict(
        session.execute(
            select(_mappings.c.normalized, _mappings.c.exercise_id).where(
                _mappings.c.user_id == user_id
            )
        ).all()
    )
    custom: dict[str, int] = {}
    for exercise_id, name in session.execute(
        select(_exercises.c.id, _exercises.c.name)
        .where(_exercises.c.owner_id == user_id)
        .order_by(_exercises.c.id)
    ).all():
        custom.setdefault(normalise_name(name), exercise_id)
    return ExerciseIndex(mappings=mappings, aliases=aliases, custom=custom, keys=keys)


@dataclass(frozen=True)
class Choice:
    """An exercise the user may map a name to."""

    id: int
    name: str
    custom: bool


def choosable_exercises(*, session: Session, user_id: int) -> list[Choice]:
    """The catalogue and the user's custom exercises, by name."""
    rows = session.execute(
        select(_exercises.c.id, _exercises.c.name, _exercises.c.owner_id)
        .where((_exercises.c.owner_id.is_(None)) | (_exercises.c.owner_id == user_id))
        .order_by(_exercises.c.name, _exercises.c.id)
    ).all()
    return [Choice(row.id, row.name, row.owner_id is not None) for row in rows]


@dataclass(frozen=True)
class UseExercise:
    """Map the name to this exercise (catalogue or the user's own)."""

    exercise_id: int


@dataclass(frozen=True)
class CreateCustom:
    """Create a custom exercise for the name; no muscles at all means "not set yet" (its sets
    are kept, the model leaves them out until the user says which muscles it trains)."""

    name: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...] = ()
    equipment: str = "other"
    kind: str = "weighted"

    def __post_init__(self) -> None:
        problems = []
        if not self.name.strip():
            problems.append("the name is empty")
        if self.secondary and not self.primary:
            problems.append("helping muscles without a main one")
        unknown = [m for m in (*self.primary, *self.secondary) if m not in MUSCLE_KEYS]
        if unknown:
            problems.append(f"unknown muscle groups {unknown}")
        if set(self.primary) & set(self.secondary):
            problems.append("a muscle group is both primary and secondary")
        if self.equipment not in EQUIPMENT or self.kind not in EXERCISE_KINDS:
            problems.append("unknown equipment or kind")
        if problems:
            raise ValueError(f"custom exercise {self.name!r}: {'; '.join(problems)}")


@dataclass(frozen=True)
class SkipName:
    """Leave the sets of this name out of the import."""


Decision = UseExercise | CreateCustom | SkipName


class UnresolvedExercises(ValueError):
    """Some unknown names have no decision, or a decision the user may not make."""

    def __init__(self, message: str, names: Sequence[str]) -> None:
        super().__init__(message)
        self.names = tuple(names)


How = Literal["alias", "matched", "inferred", "remembered", "unassigned", "skipped"]


@dataclass(frozen=True)
class Suggestion:
    """A catalogue exercise offered for a name."""

    id: int
    key: str
    name: str


@dataclass(frozen=True)
class NamePlan:
    """What one exercise name of the file becomes, unless the user answers otherwise."""

    #: The decision key: the normalised name (or the reference of a Regain export).
    key: str
    #: As first written in the file.
    name: str
    sets: int
    how: How
    #: What Regain proposes; ``UseExercise`` for a name already known.
    proposal: Decision
    #: The exercise it becomes, for display ("Leg Press", or the new custom exercise's name).
    exercise: str
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    #: Accepted without asking (known, or the same movement as a catalogue exercise).
    clear: bool
    #: What the name was read as, for the user ("lateral raise, dumbbell").
    reading: str = ""
    suggestions: tuple[Suggestion, ...] = ()


def plan_names(
    *,
    session: Session,
    user_id: int,
    counts: Mapping[str, int],
    skip_refs: frozenset[str] = frozenset(),
) -> tuple[NamePlan, ...]:
    """A plan for every name of ``counts`` (name as written -> sets), sorted by name; names in
    ``skip_refs`` (a Regain export's own custom exercises, created from the document) are
    left out."""
    index = load_index(session=session, user_id=user_id)
    return plans_for(index, counts, skip_refs, _known_exercises(session, user_id))


@dataclass(frozen=True)
class _Known:
    name: str
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    custom: bool


def _known_exercises(session: Session, user_id: int) -> dict[int, _Known]:
    """Name, kind and muscles of every exercise the user can use (catalogue and own)."""
    rows = session.execute(
        select(_exercises.c.id, _exercises.c.name, _exercises.c.kind, _exercises.c.owner_id).where(
            (_exercises.c.owner_id.is_(None)) | (_exercises.c.owner_id == user_id)
        )
    ).all()
    muscles: dict[int, tuple[list[str], list[str]]] = {}
    for exercise_id, muscle, role in session.execute(
        select(_muscle_rows.c.exercise_id, _muscle_rows.c.muscle, _muscle_rows.c.role)
        .join(_exercises, _exercises.c.id == _muscle_rows.c.exercise_id)
        .where((_exercises.c.owner_id.is_(None)) | (_exercises.c.owner_id == user_id))
    ).all():
        muscles.setdefault(exercise_id, ([], []))[0 if role == "primary" else 1].append(muscle)
    known: dict[int, _Known] = {}
    for row in rows:
        primary, secondary = muscles.get(row.id, ([], []))
        known[row.id] = _Known(
            row.name, row.kind, _ordered(primary), _ordered(secondary), row.owner_id is not None
        )
    return known


def _ordered(muscles: Sequence[str]) -> tuple[str, ...]:
    return tuple(m for m in MUSCLE_KEYS if m in muscles)


def plans_for(
    index: ExerciseIndex,
    counts: Mapping[str, int],
    skip_refs: frozenset[str],
    known: Mapping[int, _Known],
) -> tuple[NamePlan, ...]:
    grouped: dict[str, tuple[str, int]] = {}
    for name, sets in counts.items():
        if name in skip_refs:
            continue
        key = name if name.startswith((CATALOGUE_REF, CUSTOM_REF)) else normalise_name(name)
        first, total = grouped.get(key, (name, 0))
        grouped[key] = (first, total + sets)
    plans = [_plan(index, key, name, sets, known) for key, (name, sets) in grouped.items()]
    plans.sort(key=lambda plan: (plan.name.casefold(), plan.key))
    return tuple(plans)


def _plan(
    index: ExerciseIndex, key: str, name: str, sets: int, known: Mapping[int, _Known]
) -> NamePlan:
    found = index.resolve(name)
    written = name.removeprefix(CATALOGUE_REF).removeprefix(CUSTOM_REF)
    name = written  # shown without the reference prefix of a Regain export
    if found is not None:
        how: How = "alias"
        if key in index.mappings or (key not in index.aliases and found in index.custom.values()):
            how = "remembered"
        item = known.get(found, _Known("Exercise", "weighted", (), (), False))
        return NamePlan(
            key, name, sets, how, UseExercise(found), item.name, item.kind, item.primary,
            item.secondary, True,
        )  # fmt: skip
    written = written.replace("_", " ")
    reading = read_name(written)
    shown = written.strip()[:NAME_LENGTH] or "Exercise"
    if reading.how in ("alias", "matched") and reading.exercise is not None:
        target = index.keys.get(reading.exercise.key)
        if target is not None:
            exercise = reading.exercise
            return NamePlan(
                key, name, sets, "matched", UseExercise(target), exercise.name, exercise.kind,
                exercise.primary, exercise.secondary, True, reading.reading,
                _suggestions(index, written),
            )  # fmt: skip
    if reading.how == "unassigned" or not (reading.primary or reading.kind == "cardio"):
        proposal = CreateCustom(shown, (), (), reading.equipment, reading.kind)
        return NamePlan(
            key, name, sets, "unassigned", proposal, shown, reading.kind, (), (), False,
            reading.reading, _suggestions(index, written),
        )  # fmt: skip
    proposal = CreateCustom(
        shown, reading.primary, reading.secondary, reading.equipment, reading.kind
    )
    return NamePlan(
        key, name, sets, "inferred", proposal, shown, reading.kind, reading.primary,
        reading.secondary, False, reading.reading, _suggestions(index, written),
    )  # fmt: skip


def _suggestions(index: ExerciseIndex, name: str) -> tuple[Suggestion, ...]:
    return tuple(
        Suggestion(index.keys[item.key], item.key, item.name)
        for item in suggest(name, limit=5)
        if item.key in index.keys
    )
