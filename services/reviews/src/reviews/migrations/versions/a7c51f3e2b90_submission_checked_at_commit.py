"""Submission checked at commit (now a step without schema)

Revision ID: a7c51f3e2b90
Revises: e3620473e865
Create Date: 2026-11-22 03:30:00

This step once created database functions that checked a submission's reads again at commit. The
submission now holds its locks until it commits (service_layer/handlers.py), so no function is
needed; the step stays in the history, creating nothing. Databases that ran it before lose those
functions in 0a9c3e5d7b21.
"""

revision = 'a7c51f3e2b90'
down_revision = 'e3620473e865'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
