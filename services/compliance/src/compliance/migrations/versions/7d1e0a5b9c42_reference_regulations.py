"""reference data: EU RoHS and China RoHS in the register of a new install

Revision ID: 7d1e0a5b9c42
Revises: 3c22cb618095
Create Date: 2026-11-21 20:10:00
"""
from datetime import datetime, timezone
import uuid

from alembic import op
import sqlalchemy as sa

from compliance.domain.reference import INITIAL_CODES, REFERENCE_REGULATIONS

revision = '7d1e0a5b9c42'
down_revision = '3c22cb618095'
branch_labels = None
depends_on = None

regulations = sa.table(
    "regulations", sa.column("id", sa.Uuid), sa.column("code", sa.String), sa.column("title", sa.String),
    sa.column("jurisdiction", sa.String), sa.column("issuer", sa.String), sa.column("document_version", sa.String),
    sa.column("effective_date", sa.Date), sa.column("last_reviewed_on", sa.Date), sa.column("status", sa.String),
    sa.column("limits", sa.JSON), sa.column("exemptions", sa.JSON), sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)), sa.column("version", sa.Integer))


def upgrade() -> None:
    now = datetime.now(timezone.utc)
    rows = [{"id": uuid.uuid4(), "code": spec["code"], "title": spec["title"], "jurisdiction": spec["jurisdiction"],
             "issuer": spec["issuer"], "document_version": spec["document_version"],
             "effective_date": spec["effective_date"], "last_reviewed_on": now.date(), "status": "active",
             "limits": [{"cas": x["cas"], "substance": x["substance"], "max_ppm": float(x["max_ppm"])}
                        for x in spec["limits"]],
             "exemptions": [], "created_at": now, "updated_at": now, "version": 1}
            for spec in REFERENCE_REGULATIONS if spec["code"] in INITIAL_CODES]
    op.bulk_insert(regulations, rows)


def downgrade() -> None:
    codes = list(INITIAL_CODES)
    op.execute(regulations.delete().where(regulations.c.code.in_(codes)))
