"""workout_months: a version per user and month of workouts, raised by the database

The model's log reader compares each workout's version (migration 0016) with the one it read
before, so after a new set it still read one row per workout of the user (773 on a five-year
log) to find the one that changed. Triggers on workouts now also raise the version of the
workout's month (the month of its start, "YYYY-MM") on every insert, delete and change of its
start or its sets' version, whoever writes: the reader compares the months' versions (sixty
for five years) and reads the workouts' versions of the months that moved only.

Versions are compared for equality, as the workouts' are: no order between transactions is
assumed, so concurrent writers on PostgreSQL need nothing more than the row locks of the
months they raise. A workout that moves raises both months. SQLite: row triggers (one writer
at a time). PostgreSQL: statement triggers with transition tables, one upsert per statement
for all the months it touched, in order of user and month (so two statements raising the
same months wait for each other instead of deadlocking). A month's row goes with its user (a
workout deleted by the user's cascade raises nothing: its user is gone).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

#: Raise (or start at 1) the version of user {user}'s month {month}, while the user exists.
SQLITE_BUMP = (
    "INSERT INTO workout_months (user_id, month, version) "
    "SELECT {user}, {month}, 1 WHERE EXISTS (SELECT 1 FROM users WHERE id = {user}) "
    "ON CONFLICT (user_id, month) DO UPDATE SET version = workout_months.version + 1"
)
SQLITE_MONTH = "substr({row}.started_at, 1, 7)"


def _sqlite_bump(row: str) -> str:
    return SQLITE_BUMP.format(user=f"{row}.user_id", month=SQLITE_MONTH.format(row=row))


SQLITE = (
    "CREATE TRIGGER workouts_month_inserted AFTER INSERT ON workouts BEGIN "
    + _sqlite_bump("NEW")
    + "; END",
    "CREATE TRIGGER workouts_month_deleted AFTER DELETE ON workouts BEGIN "
    + _sqlite_bump("OLD")
    + "; END",
    # Both months (SQLite has one writer at a time: no order to keep).
    "CREATE TRIGGER workouts_month_updated "
    "AFTER UPDATE OF started_at, created_at, sets_version, user_id ON workouts BEGIN "
    + _sqlite_bump("OLD")
    + "; "
    + _sqlite_bump("NEW")
    + "; END",
)

#: On PostgreSQL, one upsert per statement for every month it touched, in order of user and
#: month: an import's thousands of workouts cost one statement, not one trigger call each
#: (row triggers made 5,000 new workouts 1.5 s slower), and two statements raising the same
#: months lock them in the same order. The UPDATE trigger sees every update (transition
#: tables allow no column list) and keeps the rows whose start, creation, sets' version or
#: user moved.
PG_MONTHS = "SELECT {row}.user_id, to_char({row}.started_at, 'YYYY-MM') AS month"
PG_MOVED = (
    " FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE "
    "(o.started_at, o.created_at, o.sets_version, o.user_id) IS DISTINCT FROM "
    "(n.started_at, n.created_at, n.sets_version, n.user_id)"
)
PG_RAISE = (
    "INSERT INTO workout_months (user_id, month, version) "
    "SELECT m.user_id, m.month, 1 FROM ({months}) m "
    "WHERE EXISTS (SELECT 1 FROM users WHERE id = m.user_id) "
    "GROUP BY m.user_id, m.month ORDER BY m.user_id, m.month "
    "ON CONFLICT (user_id, month) DO UPDATE SET version = workout_months.version + 1"
)
POSTGRESQL = (
    # An INSERT trigger has no old_rows, a DELETE one no new_rows: PL/pgSQL plans a statement
    # only when it runs, so the branch not taken never refers to the missing table.
    "CREATE FUNCTION workouts_months_raise() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'INSERT' THEN "
    + PG_RAISE.format(months=PG_MONTHS.format(row="n") + " FROM new_rows n")
    + "; ELSIF TG_OP = 'DELETE' THEN "
    + PG_RAISE.format(months=PG_MONTHS.format(row="o") + " FROM old_rows o")
    + "; ELSE "
    + PG_RAISE.format(
        months=PG_MONTHS.format(row="o") + PG_MOVED + " UNION ALL " + PG_MONTHS.format(row="n")
        + PG_MOVED
    )
    + "; END IF; RETURN NULL; END $$",
    "CREATE TRIGGER workouts_month_inserted AFTER INSERT ON workouts "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workouts_months_raise()",
    "CREATE TRIGGER workouts_month_deleted AFTER DELETE ON workouts "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION workouts_months_raise()",
    "CREATE TRIGGER workouts_month_updated AFTER UPDATE ON workouts "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION workouts_months_raise()",
)

#: The months of the workouts already there, each at version 1.
BACKFILL = {
    "sqlite": "INSERT INTO workout_months (user_id, month, version) "
    "SELECT user_id, substr(started_at, 1, 7), 1 FROM workouts GROUP BY 1, 2",
    "postgresql": "INSERT INTO workout_months (user_id, month, version) "
    "SELECT user_id, to_char(started_at, 'YYYY-MM'), 1 FROM workouts GROUP BY 1, 2",
}


def upgrade() -> None:
    op.create_table(
        "workout_months",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "month"),
    )
    dialect = op.get_bind().dialect.name
    sqlite = dialect == "sqlite"
    op.execute(BACKFILL["sqlite" if sqlite else "postgresql"])
    for statement in SQLITE if sqlite else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in ("workouts_month_inserted", "workouts_month_deleted", "workouts_month_updated"):
        op.execute(f"DROP TRIGGER {name}" if sqlite else f"DROP TRIGGER {name} ON workouts")
    if not sqlite:
        op.execute("DROP FUNCTION workouts_months_raise()")
    op.drop_table("workout_months")
