"""workouts.sets_version: a number the database raises whenever a workout's sets change

The model's log reader keeps each workout's counts with the version it read them at, and on
the next view reads again only the workouts whose version (or start, or creation) differs:
logging a set reads one workout, not five years (issue 16). Triggers on workout_sets raise the
version on every insert, delete and update, whoever writes (the app's paths, an import's bulk
insert, a cascade from a deleted exercise, plain SQL), so no write path has to remember it.

SQLite: row triggers. PostgreSQL: statement triggers with transition tables, one UPDATE per
statement for all the workouts it touched. A workout at version -1 is left alone: an import
creates its workouts so, writes their sets, and sets them to 0 before it commits (no reader can
have seen them: an UPDATE of the workout per set inserted would cost an import of 100,000 sets
about 0.2 s on SQLite, a lookup 0.04 s).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

BUMP = "UPDATE workouts SET sets_version = sets_version + 1 WHERE id IN ({}) AND sets_version >= 0"

SQLITE = (
    "CREATE TRIGGER workout_sets_inserted AFTER INSERT ON workout_sets "
    "WHEN (SELECT sets_version FROM workouts WHERE id = NEW.workout_id) >= 0 BEGIN "
    + BUMP.format("NEW.workout_id")
    + "; END",
    "CREATE TRIGGER workout_sets_deleted AFTER DELETE ON workout_sets BEGIN "
    + BUMP.format("OLD.workout_id")
    + "; END",
    "CREATE TRIGGER workout_sets_updated AFTER UPDATE ON workout_sets BEGIN "
    + BUMP.format("OLD.workout_id, NEW.workout_id")
    + "; END",
)

POSTGRESQL = (
    # An INSERT trigger has no old_rows, a DELETE one no new_rows: PL/pgSQL plans a statement
    # only when it runs, so the branch not taken never refers to the missing table.
    "CREATE FUNCTION workout_sets_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN "
    + BUMP.format("SELECT workout_id FROM old_rows")
    + "; END IF; IF TG_OP <> 'DELETE' THEN "
    + BUMP.format("SELECT workout_id FROM new_rows")
    + "; END IF; RETURN NULL; END $$",
    "CREATE TRIGGER workout_sets_inserted AFTER INSERT ON workout_sets "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workout_sets_bump()",
    "CREATE TRIGGER workout_sets_deleted AFTER DELETE ON workout_sets "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION workout_sets_bump()",
    "CREATE TRIGGER workout_sets_updated AFTER UPDATE ON workout_sets "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION workout_sets_bump()",
)


def upgrade() -> None:
    op.add_column(
        "workouts",
        sa.Column("sets_version", sa.Integer(), nullable=False, server_default="0"),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE if sqlite else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in ("workout_sets_inserted", "workout_sets_deleted", "workout_sets_updated"):
        op.execute(f"DROP TRIGGER {name}" if sqlite else f"DROP TRIGGER {name} ON workout_sets")
    if not sqlite:
        op.execute("DROP FUNCTION workout_sets_bump()")
    with op.batch_alter_table("workouts", recreate="always" if sqlite else "auto") as batch:
        batch.drop_column("sets_version")
