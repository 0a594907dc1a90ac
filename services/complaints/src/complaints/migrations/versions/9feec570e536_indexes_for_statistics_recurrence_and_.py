"""indexes for statistics, recurrence and open complaints

Revision ID: 9feec570e536
Revises: 19e1b8d7043d
Create Date: 2026-11-21 20:16:28.277419
"""
from alembic import op
import sqlalchemy as sa


revision = '9feec570e536'
down_revision = '19e1b8d7043d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain create_index, not batch mode: SQLite cannot rebuild a table holding a generated column
    op.create_index('ix_complaints_open', 'complaints', ['received_at'], unique=False,
                    postgresql_where=sa.text("status != 'closed'"))
    op.create_index('ix_complaints_recurrence', 'complaints',
                    ['customer_id', 'product_code', 'cause_category', 'received_at'], unique=False,
                    postgresql_where=sa.text('cause_category IS NOT NULL'))
    op.create_index('ix_complaints_stats', 'complaints', ['received_at'], unique=False, postgresql_include=[
        'category', 'customer_id', 'customer_name', 'cause_category', 'responsible_department', 'containment_due_at',
        'containment_met_at', 'corrective_action_due_at', 'corrective_action_met_at'])


def downgrade() -> None:
    op.drop_index('ix_complaints_stats', 'complaints')
    op.drop_index('ix_complaints_recurrence', 'complaints')
    op.drop_index('ix_complaints_open', 'complaints')
