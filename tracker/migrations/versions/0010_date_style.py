"""users: how the user reads dates and times (issue 16)

``date_order`` is ``dmy`` (9 March 2026), ``mdy`` (March 9, 2026) or ``ymd`` (2026-03-09);
``clock`` is ``24`` (18:30) or ``12`` (6:30 pm). Every page prints dates and times this way
(``tracker.template_filters``). Existing accounts get day first and the 24-hour clock, the way
Regain wrote them before.

Plain ADD COLUMNs with defaults (no table rebuild, on SQLite either); dropping them on SQLite
rebuilds the table in batch mode, keeping AUTOINCREMENT (see 0006).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("date_order", sa.String(length=3), nullable=False, server_default="dmy"),
    )
    op.add_column(
        "users", sa.Column("clock", sa.String(length=2), nullable=False, server_default="24")
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "users",
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True} if sqlite else {},
    ) as batch:
        batch.drop_column("clock")
        batch.drop_column("date_order")
