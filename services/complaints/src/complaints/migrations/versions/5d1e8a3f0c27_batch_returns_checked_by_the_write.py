"""Batch returns checked at commit (no longer does anything)

Revision ID: 5d1e8a3f0c27
Revises: 2b7c4e91d5a3
Create Date: 2026-11-22 01:30:00

This revision once created a database function that checked, as a new complaint was written, that
its batch's returns had not changed since they were read. Receipts now hold the batch lock from the
read to the commit (ComplaintRepository.lock_batch_returns), so a fresh install creates nothing here;
revision 7e4b9c2d1f60 drops the function where an older install still has it.
"""

revision = '5d1e8a3f0c27'
down_revision = '2b7c4e91d5a3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
