"""import_records: each import a user made, with its report

An import's page (what each exercise name became, the gaps to record as breaks) and its report
download stay available after the import; the record goes with the account.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("workouts_added", sa.Integer(), nullable=False),
        sa.Column("sets_added", sa.Integer(), nullable=False),
        sa.Column("duplicate_workouts", sa.Integer(), nullable=False),
        sa.Column("skipped_sets", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("report", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_records_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("import_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_records_user_id"))
    op.drop_table("import_records")
