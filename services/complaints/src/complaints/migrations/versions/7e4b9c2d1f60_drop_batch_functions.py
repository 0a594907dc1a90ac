"""drop the batch functions: the batch rule's lock and sum are the service's own

Revision ID: 7e4b9c2d1f60
Revises: 5d1e8a3f0c27
Create Date: 2026-12-07 23:00:00

Installs that ran 2b7c4e91d5a3 and 5d1e8a3f0c27 before they were emptied still hold two database
functions; no code calls them any more.
"""
from alembic import op

revision = '7e4b9c2d1f60'
down_revision = '5d1e8a3f0c27'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS complaint_batch_unchanged(text, date, uuid, bigint)")
    op.execute("DROP FUNCTION IF EXISTS complaint_batch_returns(text, date, uuid)")


def downgrade() -> None:
    pass  # nothing to restore: no revision creates them any more
