"""breaks.side and workout_sets.side: one-sided injuries and one-arm or one-leg sets

``breaks.side`` ("left" or "right") marks an immobilised break of one side's limb: the model
simulates that side apart from the other, which keeps training (issue 17). ``workout_sets.side``
is the side a one-arm or one-leg set trained. NULL, as every existing row gets, means both
sides: histories without one-sided breaks give the same numbers as before.

Plain ADD COLUMNs (nullable); dropping them on SQLite rebuilds the tables in batch mode.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("breaks", sa.Column("side", sa.String(length=5), nullable=True))
    op.add_column("workout_sets", sa.Column("side", sa.String(length=5), nullable=True))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("workout_sets", recreate="always" if sqlite else "auto") as batch:
        batch.drop_column("side")
    with op.batch_alter_table("breaks", recreate="always" if sqlite else "auto") as batch:
        batch.drop_column("side")
