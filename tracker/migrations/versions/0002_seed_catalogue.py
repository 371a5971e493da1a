"""seed the exercise catalogue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op

from tracker.migrations.seed import sync_catalogue

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sync_catalogue(op.get_bind())


def downgrade() -> None:
    op.execute("DELETE FROM exercise_aliases")
    op.execute(
        "DELETE FROM exercise_muscles WHERE exercise_id IN "
        "(SELECT id FROM exercises WHERE owner_id IS NULL)"
    )
    op.execute("DELETE FROM exercises WHERE owner_id IS NULL")
