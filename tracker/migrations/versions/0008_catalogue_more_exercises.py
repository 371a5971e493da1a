"""catalogue: more exercises (seated dip machine, wrist roller, jump squat, box jump, pistol and
sissy squats, glute-ham raise, cable pull-through, wall sit, side bend, hollow hold, L-sit,
cable upright row, pilates, dance, boxing, martial arts) and machine bench-press aliases

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op

from tracker.migrations.seed import sync_catalogue

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sync_catalogue(op.get_bind())


def downgrade() -> None:
    # Nothing to undo: the new catalogue rows are harmless to the older code (it matches
    # exercises by key and never lists keys it does not know), and users' sets and name
    # mappings may already point at them, so deleting them would lose training data.
    pass
