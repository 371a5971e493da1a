"""Bring the catalogue rows in the database in line with ``tracker.catalogue``.

Called by the migrations that seed or change the catalogue. It matches exercises by their
``key``: new ones are inserted, existing ones updated, none deleted (users' sets point at them).
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from tracker.catalogue import CATALOGUE, normalise_name
from tracker.models import Exercise, ExerciseAlias, ExerciseMuscle

exercises = Exercise.__table__  # type: ignore[attr-defined]
muscles = ExerciseMuscle.__table__  # type: ignore[attr-defined]
aliases = ExerciseAlias.__table__  # type: ignore[attr-defined]


def sync_catalogue(connection: Connection) -> None:
    rows = connection.execute(
        select(exercises.c.key, exercises.c.id).where(exercises.c.owner_id.is_(None))
    ).all()
    known: dict[str, int] = {key: ident for key, ident in rows}
    for item in CATALOGUE:
        values = {"name": item.name, "equipment": item.equipment, "kind": item.kind}
        if item.key in known:
            exercise_id = known[item.key]
            connection.execute(
                update(exercises).where(exercises.c.id == exercise_id).values(values)
            )
        else:
            result = connection.execute(insert(exercises).values(key=item.key, **values))
            inserted = result.inserted_primary_key
            assert inserted is not None
            exercise_id = inserted[0]
        connection.execute(delete(muscles).where(muscles.c.exercise_id == exercise_id))
        roles = [(m, "primary") for m in item.primary] + [(m, "secondary") for m in item.secondary]
        if roles:
            connection.execute(
                insert(muscles),
                [{"exercise_id": exercise_id, "muscle": m, "role": r} for m, r in roles],
            )
        connection.execute(delete(aliases).where(aliases.c.exercise_id == exercise_id))
        names = {normalise_name(item.name): item.name}
        for alias in item.aliases:
            names.setdefault(normalise_name(alias), alias)
        connection.execute(
            insert(aliases),
            [{"exercise_id": exercise_id, "name": n, "normalized": k} for k, n in names.items()],
        )
