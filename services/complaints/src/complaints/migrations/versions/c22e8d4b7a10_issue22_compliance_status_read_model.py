"""the compliance read model of the management review (issue 22)

Revision ID: c22e8d4b7a10
Revises: 81c2e63c4898
Create Date: 2026-12-20 10:00:00

Schema only: each product's latest compliance status and each compliance nonconformance's latest
state, as the compliance service's events tell them (compliance.product.status_changed,
compliance.nonconformance.*); the management-review pack reads them.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c22e8d4b7a10'
down_revision = '81c2e63c4898'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('compliance_product_status',
    sa.Column('product_id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('evaluated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('noted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_compliance_product_status'))
    )
    op.create_index('ix_compliance_product_status_status', 'compliance_product_status', ['status'], unique=False)
    op.create_table('compliance_nonconformance_status',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('product_code', sa.String(length=200), nullable=False),
    sa.Column('owner_department', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('action_due_on', sa.Date(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_compliance_nonconformance_status'))
    )
    op.create_index('ix_compliance_nonconformance_status_status', 'compliance_nonconformance_status', ['status'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_compliance_nonconformance_status_status', table_name='compliance_nonconformance_status')
    op.drop_table('compliance_nonconformance_status')
    op.drop_index('ix_compliance_product_status_status', table_name='compliance_product_status')
    op.drop_table('compliance_product_status')
