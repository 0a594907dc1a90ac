"""Tables of the customer archive (客户档案): customers, their grades, yearly purchases and visits, and the
survey proposals drawn from it."""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Index, Integer, Numeric, String, Table, Text, UniqueConstraint, Uuid

from qms_shared.db import BigId

from .tables import Money, _when, metadata

Quantity = Numeric(18, 3)

customers = Table(
    "customers", metadata,
    Column("id", String(200), primary_key=True),
    Column("name", String(200), nullable=False, index=True),
    Column("address", String(500)), Column("phone", String(200)),
    Column("contacts", JSON, nullable=False, default=list),
    Column("account_manager", String(200)), Column("deputy", String(200)),
    Column("nature", String(200)), Column("region", String(200)), Column("note", Text),
    Column("grade", String(1), index=True),
    Column("source", String(20), nullable=False), Column("to_complete", Boolean, nullable=False, index=True),
    Column("first_delivered_on", Date), Column("next_visit_due_on", Date),
    Column("visit_escalation_level", Integer, nullable=False, default=0),
    Column("created_by", String(200), nullable=False), _when("created_at", nullable=False),
    _when("updated_at", nullable=False),
    Column("version", Integer, nullable=False),
)
Index("ix_customers_next_visit_due_on", customers.c.next_visit_due_on,
      postgresql_where=customers.c.next_visit_due_on.isnot(None))


def _child(name: str, *columns) -> Table:
    return Table(name, metadata, Column("id", BigId, primary_key=True, autoincrement=True),
                 Column("customer_id", String(200), ForeignKey("customers.id", ondelete="CASCADE"), nullable=False,
                        index=True), *columns)


customer_grades = _child(
    "customer_grades", Column("grade", String(1)), Column("previous_grade", String(1)),
    Column("reason", Text, nullable=False), Column("by", String(200), nullable=False), _when("at", nullable=False))

customer_purchases = _child(
    "customer_purchases", Column("year", Integer, nullable=False), Column("quantity", Quantity, nullable=False),
    Column("unit", String(20), nullable=False), Column("revenue", Money, nullable=False),
    Column("recorded_by", String(200), nullable=False), _when("recorded_at", nullable=False),
    UniqueConstraint("customer_id", "year", name="uq_customer_purchases_year"))
Index("ix_customer_purchases_year", customer_purchases.c.year)

customer_visits = _child(
    "customer_visits", Column("visited_on", Date, nullable=False), Column("channel", String(20), nullable=False),
    Column("visited_by", String(200), nullable=False), Column("note", Text), Column("due_on", Date),
    Column("recorded_by", String(200), nullable=False), _when("recorded_at", nullable=False))

survey_proposals = Table(
    "survey_proposals", metadata,
    Column("id", Uuid, primary_key=True),
    Column("year", Integer, nullable=False, index=True), Column("purchases_year", Integer, nullable=False),
    Column("customer_ids", JSON, nullable=False), Column("selection", JSON, nullable=False),
    Column("minimum_tonnes", Quantity, nullable=False), Column("revenue_share", Numeric(6, 2), nullable=False),
    Column("status", String(10), nullable=False),
    Column("survey_id", Uuid),  # the survey it started (surveys are never deleted)
    Column("proposed_by", String(200), nullable=False), _when("proposed_at", nullable=False), _when("started_at"),
    Column("version", Integer, nullable=False),
)
