"""Delivery history, known customers, and the history a contract's classification used

Revision ID: fed8bc03c35f
Revises: 0a9c3e5d7b21
Create Date: 2026-12-07 22:48:28

`delivery_history`: deliveries imported from the company's records (POST imports/deliveries), one row per
source document line; indexed for the latest delivery of a product and to a customer (the customer facts).
`known_customers`: the customers the customer archive (complaints service) announced.
`contracts.type_history`: the records a contract's classification used (`[]` for contracts before it).
Schema only.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = 'fed8bc03c35f'
down_revision = '0a9c3e5d7b21'
branch_labels = None
depends_on = None

LATEST = [sa.literal_column('delivered_on DESC'), sa.literal_column('source_document DESC'),
          sa.literal_column('line DESC')]


def upgrade() -> None:
    op.create_table(
        'delivery_history',
        sa.Column('source_document', sa.String(length=100, collation='C'), nullable=False),
        sa.Column('line', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.String(length=100), nullable=False),
        sa.Column('customer_name', sa.String(length=200), nullable=False),
        sa.Column('product_code', sa.String(length=100), nullable=False),
        sa.Column('model', sa.String(length=200), nullable=False),
        sa.Column('delivered_on', sa.Date(), nullable=False),
        sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=False),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('imported_by', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('source_document', 'line', name=op.f('pk_delivery_history')))
    op.create_index('ix_delivery_history_customer_id_latest', 'delivery_history', ['customer_id', *LATEST])
    op.create_index('ix_delivery_history_product_code_latest', 'delivery_history', ['product_code', *LATEST])
    op.create_table(
        'known_customers',
        sa.Column('customer_id', sa.String(length=100), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_known_customers')))
    op.add_column('contracts', sa.Column('type_history', postgresql.JSONB(astext_type=sa.Text()),
                                         server_default=sa.text("'[]'::jsonb"), nullable=False))


def downgrade() -> None:
    op.drop_column('contracts', 'type_history')
    op.drop_table('known_customers')
    op.drop_index('ix_delivery_history_product_code_latest', table_name='delivery_history')
    op.drop_index('ix_delivery_history_customer_id_latest', table_name='delivery_history')
    op.drop_table('delivery_history')
