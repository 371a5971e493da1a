"""routines, planned_sets, sync_receipts, rest_times: logging at the gym (issue 18)

- ``routines`` and ``routine_sets``: a workout to repeat, its exercises and sets with target
  reps and weights.
- ``planned_sets``: the sets a workout is meant to have, each a row of the workout page, not
  yet training: the model reads ``workout_sets`` only. Marking one done logs a set and links it
  (``set_id``, set to null when that set is deleted).
- ``sync_receipts``: the operations a device sent, by the id it made for each, so that a batch
  sent twice (a retry after the connection dropped) stores nothing twice.
- ``rest_times``: the rest timer's length per user and exercise.

New tables only: nothing existing is rebuilt. Everything goes with the account (or with the
workout, or the exercise).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _planned_columns() -> list[sa.Column]:
    """The columns a routine's set and a planned set share (``models.PlannedValues``)."""
    return [
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "routines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=False), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_routines_user_id"), "routines", ["user_id"], unique=False)
    op.create_table(
        "routine_sets",
        *_planned_columns(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercises.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["routine_id"], ["routines.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_routine_sets_exercise_id"), "routine_sets", ["exercise_id"], unique=False
    )
    op.create_index(
        op.f("ix_routine_sets_routine_id"), "routine_sets", ["routine_id"], unique=False
    )
    op.create_table(
        "planned_sets",
        *_planned_columns(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workout_id", sa.Integer(), nullable=False),
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercises.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["set_id"], ["workout_sets.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["workout_id"], ["workouts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workout_id", "uid"),
    )
    op.create_index(
        op.f("ix_planned_sets_exercise_id"), "planned_sets", ["exercise_id"], unique=False
    )
    op.create_index(op.f("ix_planned_sets_set_id"), "planned_sets", ["set_id"], unique=False)
    op.create_table(
        "sync_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("op_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("workout_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.ForeignKeyConstraint(["set_id"], ["workout_sets.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workout_id"], ["workouts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "op_id"),
    )
    op.create_index(op.f("ix_sync_receipts_set_id"), "sync_receipts", ["set_id"], unique=False)
    op.create_index(
        op.f("ix_sync_receipts_workout_id"), "sync_receipts", ["workout_id"], unique=False
    )
    op.create_table(
        "rest_times",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercises.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "exercise_id"),
    )


def downgrade() -> None:
    op.drop_table("rest_times")
    op.drop_index(op.f("ix_sync_receipts_workout_id"), table_name="sync_receipts")
    op.drop_index(op.f("ix_sync_receipts_set_id"), table_name="sync_receipts")
    op.drop_table("sync_receipts")
    op.drop_index(op.f("ix_planned_sets_set_id"), table_name="planned_sets")
    op.drop_index(op.f("ix_planned_sets_exercise_id"), table_name="planned_sets")
    op.drop_table("planned_sets")
    op.drop_index(op.f("ix_routine_sets_routine_id"), table_name="routine_sets")
    op.drop_index(op.f("ix_routine_sets_exercise_id"), table_name="routine_sets")
    op.drop_table("routine_sets")
    op.drop_index(op.f("ix_routines_user_id"), table_name="routines")
    op.drop_table("routines")
