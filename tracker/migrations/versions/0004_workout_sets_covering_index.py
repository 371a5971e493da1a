"""an index on workout_sets (workout_id, exercise_id, kind) in place of (workout_id)

The model's log query counts a user's sets per workout, exercise and kind; with this index it
reads no table rows and needs no temporary B-tree for its GROUP BY (on a five-year log, about
22 -> 15 ms on SQLite). It leads with workout_id, so it also serves everything the old
single-column index did (the join, the foreign key's cascade).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NEW = "ix_workout_sets_workout_id_exercise_id_kind"
OLD = "ix_workout_sets_workout_id"


def upgrade() -> None:
    op.create_index(NEW, "workout_sets", ["workout_id", "exercise_id", "kind"])
    op.drop_index(OLD, table_name="workout_sets")


def downgrade() -> None:
    op.create_index(OLD, "workout_sets", ["workout_id"])
    op.drop_index(NEW, table_name="workout_sets")
