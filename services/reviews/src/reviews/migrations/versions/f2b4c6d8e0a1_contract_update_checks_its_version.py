"""A contract's UPDATE checks its version itself, so the commit can go in the same round trip

Revision ID: f2b4c6d8e0a1
Revises: d5e1f7a2c930
Create Date: 2026-12-07 12:40:00

A command writes back the contract it changed with one UPDATE that names the version it read (the
row is locked since the read, so only a bug or a hand edit could have moved it). The client checked
that the UPDATE found the row, so COMMIT waited for that answer: a round trip of its own. The
statement now ends in `contract_version_checked`, which raises serialization_failure (40001) when the
row was not found at that version: the transaction fails and COMMIT rolls it back, whichever round
trip it went in.
"""
from alembic import op

revision = 'f2b4c6d8e0a1'
down_revision = 'd5e1f7a2c930'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE FUNCTION contract_version_checked(updated bigint, contract uuid) RETURNS bigint
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            IF updated <> 1 THEN  -- (not `found`: PL/pgSQL's own FOUND)
                RAISE EXCEPTION 'contract % was changed or deleted by someone else', contract
                    USING ERRCODE = 'serialization_failure';
            END IF;
            RETURN updated;
        END $$
    """)


def downgrade() -> None:
    op.execute("DROP FUNCTION contract_version_checked(bigint, uuid)")
