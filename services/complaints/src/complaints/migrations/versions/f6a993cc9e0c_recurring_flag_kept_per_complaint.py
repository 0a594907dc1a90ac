"""recurring flag kept per complaint

Revision ID: f6a993cc9e0c
Revises: 9feec570e536
Create Date: 2026-11-21 20:33:14.710903
"""
from alembic import op
import sqlalchemy as sa

from complaints.adapters.recurrence import refresh_all

revision = 'f6a993cc9e0c'
down_revision = '9feec570e536'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('complaints', sa.Column('recurring', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index('ix_complaints_recurring', 'complaints', ['received_at'], unique=False,
                    postgresql_where=sa.text('recurring'))
    # complaints analysed before this revision get their flags now, by the service's own rule
    # (adapters/recurrence.py); fresh statistics let each neighbour lookup use the recurrence index
    op.execute("ANALYZE complaints")
    refresh_all(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_complaints_recurring', 'complaints')
    op.drop_column('complaints', 'recurring')
