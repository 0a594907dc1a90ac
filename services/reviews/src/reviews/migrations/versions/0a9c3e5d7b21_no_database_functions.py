"""No database functions: drop the functions, the trigger and the table they kept

Revision ID: 0a9c3e5d7b21
Revises: f2b4c6d8e0a1
Create Date: 2027-01-12 09:00:00

The rules and queries they held live in the service's Python now: the customer facts are a query of
adapters/customer_facts.py, a submission holds its locks until it commits, and the ORM mapping checks a
contract's version. A database that ran the earlier steps before they were emptied still has the
functions, the trigger and `accepted_lines`; a fresh one has none of them. IF EXISTS covers both.
"""
from alembic import op

revision = '0a9c3e5d7b21'
down_revision = 'f2b4c6d8e0a1'
branch_labels = None
depends_on = None

FUNCTIONS = ("contract_submission_unchanged(text[], text, text[], text)", "contract_compliance_seen(json, json)",
             "contract_submission_reads(text[], text, text[])", "contract_version_checked(bigint, uuid)")


def upgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS contract_accepted_lines ON contracts")
    op.execute("DROP FUNCTION IF EXISTS contract_accepted_lines()")
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
    op.execute("DROP TABLE IF EXISTS accepted_lines")


def downgrade() -> None:
    pass  # nothing calls the functions, nothing reads the table: neither comes back
