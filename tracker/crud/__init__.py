"""Data access verbs, one module per area. Views call these; they never write queries."""

from tracker.crud import (
    breaks,
    exercises,
    exports,
    import_records,
    import_writes,
    imports,
    matching,
    planned,
    plans,
    projections,
    routines,
    users,
    workouts,
)

__all__ = [
    "breaks",
    "exercises",
    "exports",
    "import_records",
    "import_writes",
    "imports",
    "matching",
    "planned",
    "plans",
    "projections",
    "routines",
    "users",
    "workouts",
]
