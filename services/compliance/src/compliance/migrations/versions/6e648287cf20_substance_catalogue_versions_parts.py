"""substance catalogue, regulation families and review history, environment-friendly use period

Revision ID: 6e648287cf20
Revises: 7d1e0a5b9c42
Create Date: 2026-11-22 10:00:00

Schema only. Existing rows keep working as they are: a regulation without a family is its own
family, its review history starts empty (its last review date still counts), a product without a
use period prints none, and stored materials and reasons read without the newer keys. The catalogue
and the new reference entries are loaded by code (`qms-compliance load-reference-data`, also run by
`qms-compliance migrate`).
"""
from alembic import op
import sqlalchemy as sa

revision = '6e648287cf20'
down_revision = '7d1e0a5b9c42'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'substance_groups',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('code', sa.String(length=30), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('name_zh', sa.String(length=200), nullable=False),
        sa.Column('cas', sa.String(length=20), nullable=False),
        sa.Column('element', sa.String(length=3), nullable=True),
        sa.Column('members', sa.JSON(), nullable=False),
        sa.Column('sources', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_substance_groups')),
        sa.UniqueConstraint('code', name=op.f('uq_substance_groups_code')),
        sa.UniqueConstraint('cas', name=op.f('uq_substance_groups_cas')),
    )
    op.add_column('regulations', sa.Column('family', sa.String(length=50), nullable=True))
    op.add_column('regulations', sa.Column('review_history', sa.JSON(), nullable=False, server_default='[]'))
    op.add_column('products', sa.Column('efup_years', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('products', 'efup_years')
    op.drop_column('regulations', 'review_history')
    op.drop_column('regulations', 'family')
    op.drop_table('substance_groups')
