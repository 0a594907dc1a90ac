"""Tables of major-problem emergencies (重大质量问题应急预案) and their trail."""
from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text, Uuid

from qms_shared.db import BigId

from .tables import _when, metadata

emergencies = Table(
    "emergencies", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("source", String(20), nullable=False), Column("source_id", Uuid), Column("source_number", String(20)),
    Column("customer_id", String(200)), Column("customer_name", String(200)), Column("product_code", String(200)),
    Column("description", Text, nullable=False), Column("responsible_department", String(20), nullable=False),
    Column("conditions", JSON, nullable=False), Column("assembly_failures", Integer),
    _when("reported_at", nullable=False), Column("reported_by", String(200), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("meeting", JSON), Column("rectification", JSON), Column("rectification_rounds", Integer, nullable=False),
    Column("measures", Text), Column("approved_by", String(200)), _when("approved_at"),
    Column("verification", JSON), Column("four_donts", JSON), Column("disciplinary_notice", String(200)),
    _when("closed_at"),
    Column("version", Integer, nullable=False),
)
# one emergency per complaint or internal problem (a second report is the same emergency)
Index("uq_emergencies_source", emergencies.c.source, emergencies.c.source_id, unique=True,
      postgresql_where=emergencies.c.source_id.isnot(None))

emergency_history = Table(
    "emergency_history", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("emergency_id", Uuid, ForeignKey("emergencies.id", ondelete="CASCADE"), nullable=False, index=True),
    _when("at", nullable=False), Column("by", String(200), nullable=False),
    Column("action", String(30), nullable=False),
    Column("from_status", String(20)), Column("to_status", String(20), nullable=False),
    Column("details", JSON, nullable=False, default=dict),
)
