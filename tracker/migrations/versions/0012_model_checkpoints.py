"""model_checkpoints: the model's checkpoints stored for every app server (issue 21)

A user's simulated history in blocks of 28 days (outputs and the state at the block's end),
each valid for the inputs its ``chain`` digests (``tracker.projections.store``): a server
that restarted, or another one, resumes from them instead of simulating years. A cache: the
table starts empty and fills as histories are viewed; its rows go with the account.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_checkpoints",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("chain", sa.LargeBinary(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "block"),
    )


def downgrade() -> None:
    op.drop_table("model_checkpoints")
