"""Batch returns in one round trip (no longer does anything)

Revision ID: 2b7c4e91d5a3
Revises: f6a993cc9e0c
Create Date: 2026-11-21 22:00:00

This revision once created a database function that locked a batch and summed its returns. The rule
is the service's own now (ComplaintRepository.lock_batch_returns), so a fresh install creates nothing
here; revision 7e4b9c2d1f60 drops the function where an older install still has it.
"""

revision = '2b7c4e91d5a3'
down_revision = 'f6a993cc9e0c'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
