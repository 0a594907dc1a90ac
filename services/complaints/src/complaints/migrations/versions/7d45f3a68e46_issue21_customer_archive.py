"""the customer archive: customers, grades, yearly purchases, visits; survey proposals

Revision ID: 7d45f3a68e46
Revises: 81c2e63c4898
Create Date: 2026-12-08 10:00:00

Schema only (issue 21): the archive starts empty; customers named by complaints, praises and surveys
enter it (to be completed) when the service next records one of them, and an import loads the rest.
"""
from alembic import op
import sqlalchemy as sa


revision = '7d45f3a68e46'
down_revision = '81c2e63c4898'
branch_labels = None
depends_on = None


def _child(name: str, *columns) -> None:
    op.create_table(name,
                    sa.Column('id', sa.BigInteger(), autoincrement=True,
                              nullable=False),
                    sa.Column('customer_id', sa.String(length=200), nullable=False),
                    *columns,
                    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f(f'fk_{name}_customer_id_customers'),
                                            ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')))
    op.create_index(op.f(f'ix_{name}_customer_id'), name, ['customer_id'], unique=False)


def upgrade() -> None:
    op.create_table('customers',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('phone', sa.String(length=200), nullable=True),
    sa.Column('contacts', sa.JSON(), nullable=False),
    sa.Column('account_manager', sa.String(length=200), nullable=True),
    sa.Column('deputy', sa.String(length=200), nullable=True),
    sa.Column('nature', sa.String(length=200), nullable=True),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('grade', sa.String(length=1), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('to_complete', sa.Boolean(), nullable=False),
    sa.Column('first_delivered_on', sa.Date(), nullable=True),
    sa.Column('next_visit_due_on', sa.Date(), nullable=True),
    sa.Column('visit_escalation_level', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers'))
    )
    op.create_index(op.f('ix_customers_name'), 'customers', ['name'], unique=False)
    op.create_index(op.f('ix_customers_grade'), 'customers', ['grade'], unique=False)
    op.create_index(op.f('ix_customers_to_complete'), 'customers', ['to_complete'], unique=False)
    op.create_index('ix_customers_next_visit_due_on', 'customers', ['next_visit_due_on'], unique=False,
                    postgresql_where=sa.text('next_visit_due_on IS NOT NULL'))
    _child('customer_grades',
           sa.Column('grade', sa.String(length=1), nullable=True),
           sa.Column('previous_grade', sa.String(length=1), nullable=True),
           sa.Column('reason', sa.Text(), nullable=False),
           sa.Column('by', sa.String(length=200), nullable=False),
           sa.Column('at', sa.DateTime(timezone=True), nullable=False))
    _child('customer_purchases',
           sa.Column('year', sa.Integer(), nullable=False),
           sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=False),
           sa.Column('unit', sa.String(length=20), nullable=False),
           sa.Column('revenue', sa.Numeric(precision=18, scale=2), nullable=False),
           sa.Column('recorded_by', sa.String(length=200), nullable=False),
           sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
           sa.UniqueConstraint('customer_id', 'year', name='uq_customer_purchases_year'))
    op.create_index('ix_customer_purchases_year', 'customer_purchases', ['year'], unique=False)
    _child('customer_visits',
           sa.Column('visited_on', sa.Date(), nullable=False),
           sa.Column('channel', sa.String(length=20), nullable=False),
           sa.Column('visited_by', sa.String(length=200), nullable=False),
           sa.Column('note', sa.Text(), nullable=True),
           sa.Column('due_on', sa.Date(), nullable=True),
           sa.Column('recorded_by', sa.String(length=200), nullable=False),
           sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False))
    op.create_table('survey_proposals',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('purchases_year', sa.Integer(), nullable=False),
    sa.Column('customer_ids', sa.JSON(), nullable=False),
    sa.Column('selection', sa.JSON(), nullable=False),
    sa.Column('minimum_tonnes', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('revenue_share', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('survey_id', sa.Uuid(), nullable=True),
    sa.Column('proposed_by', sa.String(length=200), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_proposals'))
    )
    op.create_index(op.f('ix_survey_proposals_year'), 'survey_proposals', ['year'], unique=False)


def downgrade() -> None:
    op.drop_table('survey_proposals')
    for name in ('customer_visits', 'customer_purchases', 'customer_grades'):
        op.drop_table(name)
    op.drop_table('customers')
