"""Tables of suppliers, their monthly receipts, incoming nonconformances, correction requests and the
claims recovered from suppliers (seed 004 供应商来料异常管理流程)."""
from __future__ import annotations

from sqlalchemy import (
    JSON, Boolean, Column, Date, ForeignKey, Index, Integer, Numeric, String, Table, Text, UniqueConstraint, Uuid,
)

from .tables import Money, _history_table, _when, metadata

suppliers = Table(
    "suppliers", metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(50), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("contacts", JSON, nullable=False, default=list),
    Column("locale", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    _when("registered_at", nullable=False), Column("registered_by", String(200), nullable=False),
    Column("version", Integer, nullable=False),
)

supplier_receipts = Table(
    "supplier_receipts", metadata,
    Column("supplier_id", Uuid, ForeignKey("suppliers.id", ondelete="CASCADE"), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("lots", Integer, nullable=False), Column("quantity", Integer, nullable=False),
)


def _supplier_columns() -> list:
    return [Column("supplier_id", Uuid, ForeignKey("suppliers.id"), nullable=False, index=True),
            Column("supplier_code", String(50), nullable=False), Column("supplier_name", String(200), nullable=False)]


incoming_nonconformances = Table(
    "incoming_nonconformances", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    *_supplier_columns(),
    Column("material_code", String(50), nullable=False), Column("material_name", String(200)),
    Column("lot", String(200), nullable=False),
    Column("quantity_received", Integer, nullable=False), Column("quantity_inspected", Integer, nullable=False),
    Column("quantity_nonconforming", Integer, nullable=False),
    Column("defect_class", String(1), nullable=False), Column("defect_kind", String(20), nullable=False),
    Column("description", Text, nullable=False), Column("evidence", JSON, nullable=False, default=list),
    _when("inspected_at", nullable=False), Column("inspector", String(200), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("engineer", String(200)), Column("department_head", String(200)), _when("confirmed_at"),
    Column("correction_request_id", Uuid), Column("correction_request_number", String(20)),
    Column("correction_closed", Boolean, nullable=False, default=False),
    Column("disposition", String(20)), Column("disposition_kind", String(30)), Column("approver", String(200)),
    Column("work_hours", Numeric(10, 2)), Column("deduction_amount", Money), Column("disposition_note", Text),
    Column("reviewed_with", JSON, nullable=False, default=list), _when("disposed_at"), _when("closed_at"),
    Column("version", Integer, nullable=False),
)
Index("ix_incoming_nonconformances_inspected_at", incoming_nonconformances.c.inspected_at)
incoming_nonconformance_history = _history_table("incoming_nonconformance_history", "incoming_nonconformance")

correction_requests = Table(
    "correction_requests", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    *_supplier_columns(),
    Column("supplier_email", String(254)), Column("supplier_locale", String(10), nullable=False),
    Column("source", String(30), nullable=False), Column("source_id", Uuid, nullable=False),
    Column("source_number", String(20), nullable=False),
    Column("description", Text, nullable=False), Column("defect_class", String(1)),
    _when("issued_at", nullable=False), Column("issued_by", String(200), nullable=False),
    _when("reply_due_at", nullable=False),
    Column("status", String(20), nullable=False, index=True), Column("round", Integer, nullable=False),
    Column("cause", Text), Column("action", Text), Column("action_due_date", Date), _when("replied_at"),
    Column("verification_note", Text), _when("closed_at"),
    Column("overdue_count", Integer, nullable=False, default=0), _when("overdue_reported_due_at"),
    # how far the action's due day, missed before the verification, was reported (1 quality's head, 2 the GM)
    Column("action_escalation_level", Integer, nullable=False, default=0, server_default="0"),
    Column("version", Integer, nullable=False),
    # one request per record it was issued for
    UniqueConstraint("source", "source_id", name="uq_correction_requests_source"),
)
Index("ix_correction_requests_open_due", correction_requests.c.reply_due_at,
      postgresql_where=correction_requests.c.status == "issued")
correction_request_history = _history_table("correction_request_history", "correction_request")

supplier_recoveries = Table(
    "supplier_recoveries", metadata,
    Column("id", Uuid, primary_key=True),
    Column("claim_id", Uuid, ForeignKey("claims.id"), nullable=False, unique=True),
    Column("claim_number", String(20), nullable=False),
    Column("complaint_id", Uuid, nullable=False), Column("complaint_number", String(20), nullable=False),
    *_supplier_columns(),
    Column("supplier_email", String(254)), Column("supplier_locale", String(10), nullable=False),
    Column("amount", Money, nullable=False), Column("currency", String(3), nullable=False), Column("note", Text),
    _when("requested_at", nullable=False), Column("requested_by", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("recovered_amount", Money), Column("reference", String(200)), _when("recovered_at"),
    Column("waiver_reason", Text),
    Column("version", Integer, nullable=False),
)
