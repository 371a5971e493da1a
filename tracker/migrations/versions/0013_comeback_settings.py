"""users: the plates and dumbbells a user loads; breaks: when an injured region was cleared

``plate_step_kg`` is the smallest plate (a barbell goes up by two of them) and
``dumbbell_step_kg`` the dumbbell step, both in kg; NULL means the unit's usual ones (1.25 kg
and 2 kg, 2.5 lb and 5 lb). ``breaks.cleared_on`` is the day the user said an immobilised
region may be loaded again; until then a comeback plan suggests nothing heavy for it (issue 14).

Plain ADD COLUMNs (nullable); dropping them on SQLite rebuilds the tables in batch mode,
keeping the users table's AUTOINCREMENT (see 0006).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("plate_step_kg", sa.Float(), nullable=True))
    op.add_column("users", sa.Column("dumbbell_step_kg", sa.Float(), nullable=True))
    op.add_column("breaks", sa.Column("cleared_on", sa.Date(), nullable=True))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("breaks", recreate="always" if sqlite else "auto") as batch:
        batch.drop_column("cleared_on")
    with op.batch_alter_table(
        "users",
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True} if sqlite else {},
    ) as batch:
        batch.drop_column("dumbbell_step_kg")
        batch.drop_column("plate_step_kg")
