"""Tables of internal quality problems (生产质量问题): the problem, its trail and its missed due dates."""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, Uuid

from qms_shared.db import BigId

from .tables import Money, _history_table, _when, metadata

internal_problems = Table(
    "internal_problems", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("product_code", String(200), nullable=False), Column("product_batch", String(200)),
    Column("production_date", Date),
    Column("description", Text, nullable=False), Column("level", String(20), nullable=False),
    Column("found_in", String(20)), _when("found_at", nullable=False),
    Column("quantity_scrapped", Integer, nullable=False, default=0),
    Column("quantity_reworked", Integer, nullable=False, default=0),
    Column("loss_amount", Money), Column("batch_scale", Boolean, nullable=False, default=False),
    Column("status", String(20), nullable=False, index=True),
    Column("owner_department", String(20), nullable=False),
    _when("containment_due_at", nullable=False), _when("containment_met_at"),
    _when("corrective_action_due_at", nullable=False), _when("corrective_action_met_at"),
    Column("containment_action", Text),
    Column("root_cause", Text), Column("cause_category", String(20)), Column("responsibility", String(20)),
    Column("responsible_department", String(20)),
    Column("corrective_action", Text), Column("preventive_action", Text), Column("approved_by", String(200)),
    Column("implementation_note", Text), Column("verification_note", Text),
    Column("closure_reason", String(30)), _when("closed_at"),
    Column("reopen_count", Integer, nullable=False, default=0),
    Column("incident_class", String(10)), Column("incident_reasons", JSON, nullable=False, default=list),
    Column("version", Integer, nullable=False),
)
Index("ix_internal_problems_found_at", internal_problems.c.found_at)
Index("ix_internal_problems_batch", internal_problems.c.product_code, internal_problems.c.production_date)
Index("ix_internal_problems_product_batch", internal_problems.c.product_code, internal_problems.c.product_batch)
Index("ix_internal_problems_open", internal_problems.c.found_at,
      postgresql_where=internal_problems.c.status != "closed")

internal_problem_history = _history_table("internal_problem_history", "internal_problem")

internal_problem_overdue = Table(
    "internal_problem_overdue", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("internal_problem_id", Uuid, ForeignKey("internal_problems.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("deadline", String(30), nullable=False), _when("due_at", nullable=False),
    _when("detected_at", nullable=False), Column("escalation", String(30), nullable=False),
    Column("escalation_department", String(20)),
    UniqueConstraint("internal_problem_id", "deadline", "due_at", name="uq_internal_problem_overdue_once"),
)
