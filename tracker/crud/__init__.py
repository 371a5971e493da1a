"""Data access verbs, one module per area. Views call these; they never write queries."""

from tracker.crud import (
    breaks,
    exercises,
    exports,
    import_records,
    import_writes,
    imports,
    matching,
    plans,
    projections,
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
    "plans",
    "projections",
    "users",
    "workouts",
]
