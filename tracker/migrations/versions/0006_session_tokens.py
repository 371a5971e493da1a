"""users: a session token (sessions that end at logout) and ids never reused on SQLite

Every session cookie carries the account's ``session_token``; logging out, changing the
password or deleting the account replaces it, so a copied cookie opens nothing afterwards.
Each existing account gets a random token of its own (everyone is logged out once).

SQLite gives a deleted row's id to the next insert when it was the highest, so a new account
could get a deleted one's id (and with it, its leftover cache entries and upload folder).
``AUTOINCREMENT`` stops that: SQLite cannot add it in place, so Alembic's batch mode rebuilds
the users table (with foreign keys off, see env.py; tests/test_migrations.py upgrades a
database with data in every child table through it). PostgreSQL sequences never reuse an id.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
import secrets

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    sqlite = _sqlite()
    # Every rebuild of the table must keep AUTOINCREMENT, so both batches say it.
    kwargs = {"sqlite_autoincrement": True} if sqlite else {}
    with op.batch_alter_table(
        "users", recreate="always" if sqlite else "auto", table_kwargs=kwargs
    ) as batch:
        batch.add_column(
            sa.Column("session_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    connection = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    ids = [row[0] for row in connection.execute(sa.select(users.c.id))]
    for user_id in ids:
        connection.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_token=secrets.token_urlsafe(24))
        )
    with op.batch_alter_table("users", table_kwargs=kwargs) as batch:
        batch.alter_column(
            "session_token", existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            nullable=False,
        )


def downgrade() -> None:
    sqlite = _sqlite()
    with op.batch_alter_table(
        "users",
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": False} if sqlite else {},
    ) as batch:
        batch.drop_column("session_token")
