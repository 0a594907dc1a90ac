"""Accepted contracts by customer: a partial index for the customer facts

Revision ID: d5e1f7a2c930
Revises: a7c51f3e2b90
Create Date: 2026-11-22 07:00:00

Whether a customer is known starts from its accepted contracts: a partial index of the accepted
contracts by customer. This step also created `accepted_lines`, a table that only a database trigger
kept; the customer facts are one query over the contracts and their lines now
(adapters/customer_facts.py), so a fresh database never gets it, and 0a9c3e5d7b21 drops it where an
earlier run of this step made it.
"""
from alembic import op
import sqlalchemy as sa

revision = 'd5e1f7a2c930'
down_revision = 'a7c51f3e2b90'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_contracts_accepted_customer', 'contracts', ['customer_id'],
                    postgresql_where=sa.text("status = 'accepted'"))


def downgrade() -> None:
    op.drop_index('ix_contracts_accepted_customer', table_name='contracts')
