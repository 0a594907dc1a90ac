"""register search: trigram indexes on the contract number and the customer's name

Revision ID: c41f0a7d2e19
Revises: b3d36e1a68ba
Create Date: 2026-11-21 20:20:00
"""
from alembic import op

revision = 'c41f0a7d2e19'
down_revision = 'b3d36e1a68ba'
branch_labels = None
depends_on = None

COLUMNS = ("number", "customer_name")


def upgrade() -> None:
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        op.create_index(f"ix_contracts_{column}_trgm", "contracts", [column], postgresql_using="gin",
                        postgresql_ops={column: "gin_trgm_ops"})


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f"ix_contracts_{column}_trgm", table_name="contracts")
