"""recurring flag kept per complaint

Revision ID: f6a993cc9e0c
Revises: 9feec570e536
Create Date: 2026-11-21 20:33:14.710903
"""
from alembic import op
import sqlalchemy as sa


revision = 'f6a993cc9e0c'
down_revision = '9feec570e536'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain operations, not batch mode: SQLite cannot rebuild a table holding a generated column
    op.add_column('complaints', sa.Column('recurring', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index('ix_complaints_recurring', 'complaints', ['received_at'], unique=False,
                    postgresql_where=sa.text('recurring'))
    # complaints analysed before this revision get their flags now (with fresh statistics, so each
    # neighbour lookup uses the recurrence index instead of scanning the table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE complaints")
    op.execute("""
        UPDATE complaints AS c SET recurring = EXISTS (
            SELECT 1 FROM complaints AS o
            WHERE o.id <> c.id AND o.customer_id = c.customer_id AND o.cause_category = c.cause_category
              AND o.product_code IS NOT DISTINCT FROM c.product_code
              AND o.received_at BETWEEN c.received_at - interval '365 days' AND c.received_at + interval '365 days')
        WHERE c.cause_category IS NOT NULL""" if op.get_bind().dialect.name == "postgresql" else "SELECT 1")


def downgrade() -> None:
    op.drop_index('ix_complaints_recurring', 'complaints')
    op.drop_column('complaints', 'recurring')
