"""Batch returns in one round trip: lock the batch, then sum it with a snapshot taken after the lock

Revision ID: 2b7c4e91d5a3
Revises: f6a993cc9e0c
Create Date: 2026-11-21 22:00:00

Every complaint with a product and a production date takes a transaction-scoped lock on its batch
and then sums the batch's returns. The sum must see what was committed while the lock was waited
for, so it cannot share a plain statement (and its snapshot) with the lock; it was a second round
trip. A VOLATILE PL/pgSQL function takes a new snapshot for each query inside it under READ
COMMITTED, so it can do both in one call.
"""
from alembic import op

revision = '2b7c4e91d5a3'
down_revision = 'f6a993cc9e0c'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION complaint_batch_returns(code text, produced date, excluding uuid) RETURNS bigint
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('batch:' || code || ':' || to_char(produced, 'YYYY-MM-DD')));
            RETURN (SELECT coalesce(sum(returned_quantity), 0) FROM complaints
                    WHERE product_code = code AND production_date = produced AND id <> excluding);
        END $$
    """)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION complaint_batch_returns(text, date, uuid)")
