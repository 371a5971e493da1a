"""Matching the exercise names of an imported file to exercises, and the user's answers for
the names that match none.

A name is looked up, by ``normalise_name``, in this order (``ExerciseIndex.resolve``): the
user's remembered answers (``exercise_mappings``, so an answer wins over everything), the
catalogue's names and aliases (``exercise_aliases``), then the user's custom exercises. A Regain
export names exercises by reference instead (``CATALOGUE_REF`` + key, ``CUSTOM_REF`` + name).
Names left over are "unknown": for each the user makes a ``Decision`` (use an exercise, create
a custom one, or skip its sets); ``tracker.crud.imports`` applies them and remembers them for
the next import. ``guess_custom`` proposes a custom exercise from the closest catalogue one.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from tracker.catalogue import EQUIPMENT, EXERCISE_KINDS, normalise_name, suggest
from tracker.export import CATALOGUE_REF, CUSTOM_REF
from tracker.models import Exercise, ExerciseAlias, ExerciseMapping
from tracker.physiology.muscles import MUSCLE_KEYS

#: ``guess_custom`` trusts the closest catalogue exercise from this name similarity on (0..1).
GOOD_GUESS = 0.8

#: The longest exercise name stored (the column's size, models.py); a longer one is shortened.
NAME_LENGTH = 120

_exercises = Exercise.__table__  # type: ignore[attr-defined]
_aliases = ExerciseAlias.__table__  # type: ignore[attr-defined]
_mappings = ExerciseMapping.__table__  # type: ignore[attr-defined]


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
    """Create a custom exercise for the name (``primary`` required unless cardio)."""

    name: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...] = ()
    equipment: str = "other"
    kind: str = "weighted"
    #: For reports: the catalogue exercise whose muscles were copied, if guessed.
    guessed_from: str | None = None

    def __post_init__(self) -> None:
        problems = []
        if not self.name.strip():
            problems.append("the name is empty")
        if not self.primary and self.kind != "cardio":
            problems.append("a primary muscle group is required")
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


def name_similarity(name: str, other: str) -> float:
    """0..1: how alike two exercise names are once normalised."""
    return difflib.SequenceMatcher(None, normalise_name(name), normalise_name(other)).ratio()


def guess_custom(name: str) -> CreateCustom | None:
    """A custom exercise for ``name`` with the muscles, equipment and kind of the closest
    catalogue exercise, when one of that exercise's names is at least ``GOOD_GUESS`` alike
    ("Snatch Ballance" -> Snatch Balance); None when nothing is that close ("Glute")."""
    best = suggest(name, limit=1)
    if not best:
        return None
    item = best[0]
    score = max(name_similarity(name, alias) for alias in item.names)
    if score < GOOD_GUESS:
        return None
    return CreateCustom(
        name=name.strip()[:NAME_LENGTH],
        primary=item.primary,
        secondary=item.secondary,
        equipment=item.equipment,
        kind=item.kind,
        guessed_from=item.name,
    )
