"""Submission reads in one round trip: take the compliance locks, then read with a snapshot taken after them

Revision ID: e3620473e865
Revises: c41f0a7d2e19
Create Date: 2026-11-22 00:40:00

A submission takes shared advisory locks on its products and its customer (a compliance result being
applied holds them exclusively), then reads the customer's facts, the products' known statuses and
the customer's known requirements. The reads must see what was committed while the locks were waited
for, so they cannot share a plain statement (and its snapshot) with the locks: that was a second
round trip. A VOLATILE PL/pgSQL function takes a new snapshot for each query inside it under READ
COMMITTED, so it can do both in one call. The requirements come as JSON objects of whole rows (keyed
by column), so a column added to known_requirements needs no change here.
"""
from alembic import op

revision = 'e3620473e865'
down_revision = 'c41f0a7d2e19'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE FUNCTION contract_submission_reads(lock_keys text[], customer text, codes text[])
        RETURNS TABLE (known_customer boolean, delivered_codes text[], product_statuses json,
                       customer_requirements json)
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            lock_key text;
        BEGIN
            FOREACH lock_key IN ARRAY lock_keys LOOP  -- in the caller's order, as every other taker
                PERFORM pg_advisory_xact_lock_shared(hashtext(lock_key));
            END LOOP;
            -- 'accepted' is written out, not a parameter: the cached generic plan still knows few
            -- contracts are accepted, and starts from them rather than from every line of the products.
            RETURN QUERY SELECT
                EXISTS (SELECT FROM contracts c WHERE c.status = 'accepted' AND c.customer_id = customer),
                (SELECT array_agg(DISTINCT l.product_code)::text[] FROM contract_lines l
                 JOIN contracts c ON c.id = l.contract_id
                 WHERE c.status = 'accepted' AND l.product_code = ANY (codes)),
                (SELECT json_object_agg(p.product_code, p.status) FROM product_compliance p
                 WHERE p.product_code = ANY (codes)),
                (SELECT json_agg(r ORDER BY r.requirement_id) FROM known_requirements r
                 WHERE r.customer_id = customer);
        END $$
    """)


def downgrade() -> None:
    op.execute("DROP FUNCTION contract_submission_reads(text[], text, text[])")
