"""A contract's update checks its version (now a step without schema)

Revision ID: f2b4c6d8e0a1
Revises: d5e1f7a2c930
Create Date: 2026-12-07 12:40:00

This step once created a database function checking a contract's version inside its UPDATE. The ORM
mapping's `version_id_col` checks it now (adapters/orm.py), so the step stays in the history, creating
nothing. Databases that ran it before lose that function in 0a9c3e5d7b21.
"""

revision = 'f2b4c6d8e0a1'
down_revision = 'd5e1f7a2c930'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
