"""Tables of the reward/penalty clauses (§5) and notices (《质量奖罚通知单》)."""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, String, Table, Text, Uuid

from .tables import Money, _history_table, _when, metadata

reward_penalty_clauses = Table(
    "reward_penalty_clauses", metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("section", String(200), nullable=False), Column("text", Text, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("amount_min", Money, nullable=False), Column("amount_max", Money, nullable=False),
    Column("unit", String(20), nullable=False), Column("department", String(20)), Column("note", Text),
    Column("active", Boolean, nullable=False, default=True),
    _when("updated_at"), Column("updated_by", String(200)),
    Column("version", Integer, nullable=False),
)

reward_penalty_notices = Table(
    "reward_penalty_notices", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("person_name", String(200), nullable=False), Column("person_id", String(200)),
    Column("department", String(20), nullable=False),
    Column("clause_codes", JSON, nullable=False), Column("governing_clause", String(20), nullable=False),
    Column("kind", String(10), nullable=False), Column("quantity", Integer, nullable=False),
    Column("amount", Money, nullable=False), Column("currency", String(3), nullable=False),
    Column("reason", Text, nullable=False), Column("links", JSON, nullable=False, default=dict),
    Column("month", Date, nullable=False),
    _when("issued_at", nullable=False), Column("issued_by", String(200), nullable=False),
    Column("issued_by_id", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("approved_by", String(200)), _when("approved_at"), Column("rejection_reason", Text),
    Column("version", Integer, nullable=False),
)
Index("ix_reward_penalty_notices_month", reward_penalty_notices.c.month, reward_penalty_notices.c.department)
reward_penalty_notice_history = _history_table("reward_penalty_notice_history", "reward_penalty_notice")
