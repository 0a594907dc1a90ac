"""Batch returns checked at commit: a creation reads them without a lock and checks them as it writes

Revision ID: 5d1e8a3f0c27
Revises: 2b7c4e91d5a3
Create Date: 2026-11-22 01:30:00

A new complaint is written in one statement outside any explicit transaction (no BEGIN, no COMMIT
round trip), so it cannot hold the batch lock from its read to its write. Instead the write calls
`complaint_batch_unchanged`, which takes the same lock as `complaint_batch_returns` and, with a
snapshot taken after it, raises serialization_failure (40001) if the batch's returns are no longer
what the creation read. The lock is then held until the statement commits, so a later reader or
checker of the batch sees this complaint.
"""
from alembic import op

revision = '5d1e8a3f0c27'
down_revision = '2b7c4e91d5a3'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION complaint_batch_unchanged(code text, produced date, excluding uuid, expected bigint)
        RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('batch:' || code || ':' || to_char(produced, 'YYYY-MM-DD')));
            IF (SELECT coalesce(sum(returned_quantity), 0) FROM complaints
                WHERE product_code = code AND production_date = produced AND id <> excluding) <> expected THEN
                RAISE EXCEPTION 'the returns of batch % % changed since they were read', code, produced
                    USING ERRCODE = 'serialization_failure';
            END IF;
            RETURN true;
        END $$
    """)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION complaint_batch_unchanged(text, date, uuid, bigint)")
