"""The read model of compliance news (domain.compliance_status), filled by the compliance service's events."""
from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, String, Table, Text

from .tables import metadata

compliance_products = Table(
    "compliance_product_status", metadata,
    Column("product_id", String(64), primary_key=True),  # the event's subject: compliance's product id
    Column("code", String(200), nullable=False), Column("name", String(300), nullable=False),
    Column("status", String(30), nullable=False),
    Column("evaluated_at", DateTime(timezone=True), nullable=False),
    Column("noted_at", DateTime(timezone=True), nullable=False),
)
Index("ix_compliance_product_status_status", compliance_products.c.status)

compliance_nonconformances = Table(
    "compliance_nonconformance_status", metadata,
    Column("number", String(20), primary_key=True),
    Column("product_code", String(200), nullable=False), Column("owner_department", String(30), nullable=False),
    Column("status", String(20), nullable=False), Column("description", Text, nullable=False),
    Column("action_due_on", Date),
    Column("opened_at", DateTime(timezone=True)), Column("closed_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),  # when the latest event applied happened
)
Index("ix_compliance_nonconformance_status_status", compliance_nonconformances.c.status)
