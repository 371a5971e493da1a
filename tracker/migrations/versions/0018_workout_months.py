"""workout_months: a version per user and month of workouts, raised by the database

The model's log reader compares each workout's version (migration 0016) with the one it read
before, so after a new set it still read one row per workout of the user (773 on a five-year
log) to find the one that changed. Triggers on workouts now also raise the version of the
workout's month (the month of its start, "YYYY-MM") on every insert, delete and change of its
start or its sets' version, whoever writes: the reader compares the months' versions (sixty
for five years) and reads the workouts' versions of the months that moved only.

Versions are compared for equality, as the workouts' are: no order between transactions is
assumed, so concurrent writers on PostgreSQL need nothing more than the row lock of the month
they raise. A workout that moves raises both months, the earlier first (two moves the other
way round at once then wait for each other instead of deadlocking). A month's row goes with
its user (a workout deleted by the user's cascade raises nothing: its user is gone).

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

POSTGRESQL = (
    "CREATE FUNCTION workout_month_bump(p_user integer, p_month text) RETURNS void "
    "LANGUAGE sql AS $$ "
    "INSERT INTO workout_months (user_id, month, version) "
    "SELECT p_user, p_month, 1 WHERE EXISTS (SELECT 1 FROM users WHERE id = p_user) "
    "ON CONFLICT (user_id, month) DO UPDATE SET version = workout_months.version + 1 $$",
    "CREATE FUNCTION workouts_month_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE old_month text; new_month text; BEGIN "
    "IF TG_OP <> 'INSERT' THEN old_month := to_char(OLD.started_at, 'YYYY-MM'); END IF; "
    "IF TG_OP <> 'DELETE' THEN new_month := to_char(NEW.started_at, 'YYYY-MM'); END IF; "
    "IF TG_OP = 'UPDATE' AND new_month < old_month THEN "
    "PERFORM workout_month_bump(NEW.user_id, new_month); "
    "PERFORM workout_month_bump(OLD.user_id, old_month); "
    "ELSE "
    "IF TG_OP <> 'INSERT' THEN PERFORM workout_month_bump(OLD.user_id, old_month); END IF; "
    "IF TG_OP <> 'DELETE' THEN PERFORM workout_month_bump(NEW.user_id, new_month); END IF; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER workouts_month_inserted AFTER INSERT ON workouts "
    "FOR EACH ROW EXECUTE FUNCTION workouts_month_changed()",
    "CREATE TRIGGER workouts_month_deleted AFTER DELETE ON workouts "
    "FOR EACH ROW EXECUTE FUNCTION workouts_month_changed()",
    "CREATE TRIGGER workouts_month_updated "
    "AFTER UPDATE OF started_at, created_at, sets_version, user_id ON workouts "
    "FOR EACH ROW EXECUTE FUNCTION workouts_month_changed()",
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
        op.execute("DROP FUNCTION workouts_month_changed()")
        op.execute("DROP FUNCTION workout_month_bump(integer, text)")
    op.drop_table("workout_months")
