"""Submission reads after the locks in one call (now a step without schema)

Revision ID: e3620473e865
Revises: c41f0a7d2e19
Create Date: 2026-11-22 00:40:00

This step once created a database function reading what a submission needs after taking its locks.
Those reads are queries of the repositories now (adapters/), so the step stays in the history, creating
nothing. Databases that ran it before lose that function in 0a9c3e5d7b21.
"""

revision = 'e3620473e865'
down_revision = 'c41f0a7d2e19'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
