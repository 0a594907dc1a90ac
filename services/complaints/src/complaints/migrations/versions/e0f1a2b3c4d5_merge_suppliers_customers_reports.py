"""merge: supplier quality (issue 20), the customer archive (issue 21) and the reports' read model (issue 22)

The three were made side by side on 81c2e63c4898; this joins them into one head again. No schema change.

Revision ID: e0f1a2b3c4d5
Revises: d4e20a5c7f31, 7d45f3a68e46, c22e8d4b7a10
"""

revision = 'e0f1a2b3c4d5'
down_revision = ('d4e20a5c7f31', '7d45f3a68e46', 'c22e8d4b7a10')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
