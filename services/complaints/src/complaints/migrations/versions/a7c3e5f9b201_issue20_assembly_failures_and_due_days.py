"""issue20: pieces failing at the customer's assembly, and the supplier action's due day escalation

Schema only (issue 20, seed 004): `complaints.assembly_failures` (重大质量问题应急预案 §三.2: at 5 pieces or more
the complaint opens its emergency), and `correction_requests.action_escalation_level` (how far the day the
supplier's action was due, passed before the verification, was reported). Existing rows: no figure, level 0.
The rectification notice's escalation level lives in the emergency's `rectification` JSON: no column.

Revision ID: a7c3e5f9b201
Revises: e0f1a2b3c4d5
"""
from alembic import op
import sqlalchemy as sa

revision = 'a7c3e5f9b201'
down_revision = 'e0f1a2b3c4d5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('complaints', sa.Column('assembly_failures', sa.Integer(), nullable=True))
    op.add_column('correction_requests', sa.Column('action_escalation_level', sa.Integer(), nullable=False,
                                                   server_default='0'))


def downgrade() -> None:
    op.drop_column('correction_requests', 'action_escalation_level')
    op.drop_column('complaints', 'assembly_failures')
