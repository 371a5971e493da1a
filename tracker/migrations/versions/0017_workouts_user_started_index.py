"""an index on workouts (user_id, started_at) in place of (user_id)

The dashboard's start card reads a user's latest workouts (newest first, up to a time) after
every write: without this index SQLite read every workout of the user and sorted them (0.6 ms
on a five-year log), with it it reads the thirty it needs in order. It leads with user_id, so
it also serves everything the old single-column index did (the user's workouts, the foreign
key's cascade); ranges of a user's workouts by start (the lifts of a break's projection, the
workouts page) use it as well.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

NEW = "ix_workouts_user_id_started_at"
OLD = "ix_workouts_user_id"


def upgrade() -> None:
    op.create_index(NEW, "workouts", ["user_id", "started_at"])
    op.drop_index(OLD, table_name="workouts")


def downgrade() -> None:
    op.create_index(OLD, "workouts", ["user_id"])
    op.drop_index(NEW, table_name="workouts")
