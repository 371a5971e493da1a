"""users: whether the estimates use the user's personal calibration (issue 15)

Regain learns from a user's past returns how their losses and regains differ from the average
lifter's (``tracker.projections.calibration``) and uses it everywhere, unless they turn it off
in settings. On for everyone, existing accounts included: with no past break to learn from it
changes nothing.

A plain ADD COLUMN with a default (no table rebuild, on SQLite either); dropping the column on
SQLite rebuilds the table in batch mode, keeping AUTOINCREMENT (see 0006).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("personal_calibration", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "users",
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True} if sqlite else {},
    ) as batch:
        batch.drop_column("personal_calibration")
