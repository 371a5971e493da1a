"""check constraints on the profile's unit and sex

SQLite cannot add a constraint to a table in place: Alembic's batch mode recreates the users
table, which is the migration that would wipe every child row if foreign keys were on (see
env.py). tests/test_migrations.py upgrades a database with data through it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.create_check_constraint("ck_users_unit", "unit IN ('kg', 'lb')")
        batch.create_check_constraint("ck_users_sex", "sex IS NULL OR sex IN ('male', 'female')")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("ck_users_sex", type_="check")
        batch.drop_constraint("ck_users_unit", type_="check")
