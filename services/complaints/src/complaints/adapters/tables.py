"""Tables of the complaints database (one module per concern keeps each readable)."""
from __future__ import annotations

from sqlalchemy import (
    JSON, Boolean, Column, Computed, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Table, Text,
    UniqueConstraint, Uuid,
)

from sqlalchemy import false as sa_false

from qms_shared.db import BigId, new_metadata

metadata = new_metadata()
Money = Numeric(18, 2)
Score = Numeric(6, 2)


def _when(name: str, nullable: bool = True) -> Column:
    return Column(name, DateTime(timezone=True), nullable=nullable)


complaints = Table(
    "complaints", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("customer_id", String(200), nullable=False, index=True),
    Column("customer_name", String(200), nullable=False),
    Column("category", String(20), nullable=False, index=True),
    Column("channel", String(20)),
    Column("description", Text, nullable=False),
    Column("product_code", String(200)), Column("product_batch", String(200)), Column("production_date", Date),
    Column("contract_number", String(200)),
    Column("quantity_affected", Integer), Column("returned_quantity", Integer, nullable=False, default=0),
    Column("assembly_failures", Integer),  # pieces failing at the customer's assembly (重大质量问题应急预案 §三.2)
    Column("loss_amount", Money),
    Column("injury", Boolean, nullable=False, default=False),
    Column("reputation_damage", Boolean, nullable=False, default=False),
    Column("batch_scale", Boolean, nullable=False, default=False),
    # the claims' approved or settled amounts counted into the loss, and which claims they were
    Column("claims_loss", Money, nullable=False, default=0, server_default="0"),
    Column("claims_counted", JSON, nullable=False, default=list, server_default="[]"),
    Column("attachments", JSON, nullable=False, default=list),
    _when("received_at", nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("owner_department", String(20), nullable=False, index=True),
    _when("containment_due_at", nullable=False), _when("containment_met_at"),
    _when("corrective_action_due_at", nullable=False), _when("corrective_action_met_at"),
    Column("containment_action", Text),
    Column("root_cause", Text), Column("cause_category", String(20)), Column("responsibility", String(20)),
    Column("responsible_department", String(20)),
    Column("corrective_action", Text), Column("preventive_action", Text), Column("approved_by", String(200)),
    Column("implementation_note", Text), Column("verification_note", Text), Column("explanation", Text),
    Column("closure_reason", String(30)), _when("closed_at"),
    Column("reopen_count", Integer, nullable=False, default=0),
    Column("incident_class", String(10)), Column("incident_reasons", JSON, nullable=False, default=list),
    Column("version", Integer, nullable=False),
    # read model kept by the service layer, not the aggregate: the same customer + product + cause
    # occurs again within 365 days either side (see adapters/recurrence.py)
    Column("recurring", Boolean, nullable=False, default=False, server_default=sa_false()),
    # what the list's text search looks in, kept by the database itself
    Column("search_text", Text, Computed(
        "lower(number || ' ' || customer_id || ' ' || customer_name || ' ' || coalesce(product_code, '') "
        "|| ' ' || coalesce(contract_number, '') || ' ' || description)", persisted=True)),
)
Index("ix_complaints_received_at_id", complaints.c.received_at, complaints.c.id)
# statistics read only these columns: a covering index lets a year be counted without touching the table
Index("ix_complaints_stats", complaints.c.received_at, postgresql_include=[
    "category", "customer_id", "customer_name", "cause_category", "responsible_department", "containment_due_at",
    "containment_met_at", "corrective_action_due_at", "corrective_action_met_at"])
# recurrence looks for the same customer + product + cause near a date; statistics list the recurring ones
Index("ix_complaints_recurrence", complaints.c.customer_id, complaints.c.product_code, complaints.c.cause_category,
      complaints.c.received_at, postgresql_where=complaints.c.cause_category.isnot(None))
Index("ix_complaints_recurring", complaints.c.received_at, postgresql_where=complaints.c.recurring)
# the overdue filter and the deadline scan only ever look at open complaints, a small share of all
Index("ix_complaints_open", complaints.c.received_at, postgresql_where=complaints.c.status != "closed")
Index("ix_complaints_batch", complaints.c.product_code, complaints.c.production_date)
Index("ix_complaints_product_batch", complaints.c.product_code, complaints.c.product_batch)
Index("ix_complaints_search_trgm", complaints.c.search_text, postgresql_using="gin",
      postgresql_ops={"search_text": "gin_trgm_ops"})


def _history_table(name: str, parent: str) -> Table:
    return Table(
        name, metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column(f"{parent}_id", Uuid, ForeignKey(f"{parent}s.id", ondelete="CASCADE"), nullable=False, index=True),
        _when("at", nullable=False), Column("by", String(200), nullable=False),
        Column("action", String(30), nullable=False),
        Column("from_status", String(20)), Column("to_status", String(20), nullable=False),
        Column("details", JSON, nullable=False, default=dict),
    )


complaint_history = _history_table("complaint_history", "complaint")

complaint_extensions = Table(
    "complaint_extensions", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("complaint_id", Uuid, ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("deadline", String(30), nullable=False),
    _when("previous_due_at", nullable=False), _when("new_due_at", nullable=False),
    Column("customer_consent", Boolean, nullable=False), Column("note", Text),
    Column("by", String(200), nullable=False), _when("at", nullable=False),
)

complaint_overdue = Table(
    "complaint_overdue", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("complaint_id", Uuid, ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("deadline", String(30), nullable=False), _when("due_at", nullable=False),
    _when("detected_at", nullable=False), Column("escalation", String(30), nullable=False),
    Column("escalation_department", String(20)),  # whose head was told (none before 2027's escalation rules)
    # the database also refuses a second report of the same missed due date
    UniqueConstraint("complaint_id", "deadline", "due_at", name="uq_complaint_overdue_once"),
)

claims = Table(
    "claims", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("complaint_id", Uuid, ForeignKey("complaints.id"), nullable=False, index=True),
    Column("complaint_number", String(20), nullable=False),
    Column("customer_id", String(200), nullable=False), Column("customer_name", String(200), nullable=False),
    Column("amount", Money, nullable=False), Column("currency", String(3), nullable=False),
    Column("description", Text, nullable=False), Column("evidence", JSON, nullable=False, default=list),
    Column("submitted_by", String(200), nullable=False), _when("submitted_at", nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("proposal", Text), Column("proposed_amount", Money), Column("responsibility", String(20)),
    Column("approved_by", String(200)), _when("approved_at"),
    Column("declined_rounds", Integer, nullable=False, default=0),
    Column("settled_amount", Money), Column("settlement_reference", String(200)), _when("settled_at"),
    Column("version", Integer, nullable=False),
)
claim_history = _history_table("claim_history", "claim")

praises = Table(
    "praises", metadata,
    Column("id", Uuid, primary_key=True),
    Column("customer_id", String(200), nullable=False, index=True),
    Column("customer_name", String(200), nullable=False),
    _when("received_at", nullable=False), Column("note", Text),
    Column("recorded_by", String(200), nullable=False), _when("recorded_at", nullable=False),
    Column("version", Integer, nullable=False),
)
Index("ix_praises_received_at", praises.c.received_at)

surveys = Table(
    "surveys", metadata,
    Column("id", Uuid, primary_key=True),
    Column("year", Integer, nullable=False, unique=True),
    Column("customer_ids", JSON, nullable=False), Column("items", JSON, nullable=False),
    Column("first_pass_yield", Score), Column("first_pass_yield_target", Score),
    Column("on_time_delivery", Score), Column("on_time_delivery_target", Score),
    Column("late_responses", Integer),  # typed in: overrides the counted late responses
    Column("late_responses_reason", Text),
    Column("opened_by", String(200), nullable=False), _when("opened_at", nullable=False),
    Column("status", String(10), nullable=False), Column("round", Integer, nullable=False),
    Column("closed_by", String(200)), _when("closed_at"),
    Column("response_rate_final", Score), Column("survey_score", Score), Column("objective_score", Score),
    Column("total_score", Score),
    Column("version", Integer, nullable=False),
)

survey_responses = Table(
    "survey_responses", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("survey_id", Uuid, ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("customer_id", String(200), nullable=False), Column("round", Integer, nullable=False),
    Column("submitted_by", String(200), nullable=False), _when("submitted_at", nullable=False),
    UniqueConstraint("survey_id", "customer_id", name="uq_survey_responses_once"),
)

survey_answers = Table(
    "survey_answers", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("response_id", BigId, ForeignKey("survey_responses.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("item", String(200), nullable=False), Column("rating", String(20), nullable=False),
)

corrective_actions = Table(
    "corrective_actions", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("source", String(20), nullable=False), Column("source_id", Uuid, nullable=False, index=True),
    Column("customer_id", String(200), nullable=False), Column("description", Text, nullable=False),
    Column("owner_department", String(20), nullable=False), Column("status", String(10), nullable=False),
    Column("opened_by", String(200), nullable=False), _when("opened_at", nullable=False),
    Column("outcome", Text), Column("closed_by", String(200)), _when("closed_at"),
    _when("due_at"), Column("implementation_note", Text), _when("implemented_at"), Column("verification_note", Text),
    Column("reopen_count", Integer, nullable=False, default=0, server_default="0"),
    Column("overdue_count", Integer, nullable=False, default=0, server_default="0"),
    _when("overdue_reported_due_at"),
    Column("version", Integer, nullable=False),
)
Index("ix_corrective_actions_open_due", corrective_actions.c.due_at, postgresql_where=corrective_actions.c.status == "open")
