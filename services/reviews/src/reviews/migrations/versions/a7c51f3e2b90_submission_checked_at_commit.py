"""Submission checked at commit: what it read of the compliance copy is checked again as it is written

Revision ID: a7c51f3e2b90
Revises: e3620473e865
Create Date: 2026-11-22 03:30:00

A submission is written in one statement outside any explicit transaction (no BEGIN, no COMMIT round
trip), so the compliance copy's shared locks it takes while reading are released before it writes.
Its INSERT therefore calls `contract_submission_unchanged`, which takes the same locks again, reads
the products' statuses and the customer's requirements again as `contract_submission_reads` does
(only those: the customer facts are not guarded by these locks), with a snapshot taken after them, and
raises serialization_failure (40001) if they are no longer what the submission read. The locks are then held until the statement commits, so a
compliance result applied after it sees the new contract among the open ones, as before.

What was read is compared as a fingerprint, `contract_compliance_seen`, which the submission's read
returns beside the values: it does not depend on the order in which a plan returns the statuses.
"""
from alembic import op

revision = 'a7c51f3e2b90'
down_revision = 'e3620473e865'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # PL/pgSQL, not SQL: a SQL function with a subquery is not inlined and is planned again on every
    # call (about 0.1 ms of database CPU, twice per submission); PL/pgSQL keeps its plan for the session.
    op.execute("""
        CREATE FUNCTION contract_compliance_seen(product_statuses json, customer_requirements json)
        RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
            RETURN md5(coalesce((SELECT string_agg(s.key || '=' || s.value, ',' ORDER BY s.key)
                                 FROM json_each_text(product_statuses) AS s), '')
                       || '|' || coalesce(customer_requirements::text, ''));
        END $$
    """)
    op.execute("""
        CREATE FUNCTION contract_submission_unchanged(lock_keys text[], customer text, codes text[],
                                                      expected text)
        RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            lock_key text;
        BEGIN
            FOREACH lock_key IN ARRAY lock_keys LOOP  -- in the caller's order, as every other taker
                PERFORM pg_advisory_xact_lock_shared(hashtext(lock_key));
            END LOOP;
            -- the compliance copy as contract_submission_reads reads it (only that: the customer facts
            -- are not guarded by these locks), with a snapshot taken after the locks
            IF contract_compliance_seen(
                    (SELECT json_object_agg(p.product_code, p.status) FROM product_compliance p
                     WHERE p.product_code = ANY (codes)),
                    (SELECT json_agg(r ORDER BY r.requirement_id) FROM known_requirements r
                     WHERE r.customer_id = customer)) IS DISTINCT FROM expected THEN
                RAISE EXCEPTION 'the compliance of customer % or of its products changed since it was read',
                    customer USING ERRCODE = 'serialization_failure';
            END IF;
            RETURN true;
        END $$
    """)


def downgrade() -> None:
    op.execute("DROP FUNCTION contract_submission_unchanged(text[], text, text[], text)")
    op.execute("DROP FUNCTION contract_compliance_seen(json, json)")
