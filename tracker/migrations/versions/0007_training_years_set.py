"""users: whether the training years were given by the user (else inferred from the log)

Before this, ``training_years`` was 0 for everyone who never set it, and the model read that as
"untrained". Now ``training_years_set`` says whether the number is the user's; when it is not,
the model uses the years the start of the log suggests (``tracker.projections.
training_status``). Existing accounts with a number above 0 keep it as theirs; those at 0 are
treated as not set (a true beginner's log reads as untrained anyway).

A plain ADD COLUMN with a default (no table rebuild, on SQLite either); dropping the column on
SQLite rebuilds the table in batch mode, keeping AUTOINCREMENT (see 0006).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("training_years_set", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    users = sa.table(
        "users",
        sa.column("training_years", sa.Float),
        sa.column("training_years_set", sa.Boolean),
    )
    op.execute(users.update().where(users.c.training_years > 0).values(training_years_set=True))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "users",
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True} if sqlite else {},
    ) as batch:
        batch.drop_column("training_years_set")
