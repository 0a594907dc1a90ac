"""Audit trail entries kept by aggregates that move through states."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class HistoryEntry:
    """Who moved the entity from one state to another, when, and why."""

    at: datetime
    by: str
    from_status: str | None
    to_status: str
    note: str = ""


@dataclass
class ReviewEntry:
    """One review of a register entry: when, by whom, and what it changed (e.g. exemptions)."""

    on: date
    by: str
    note: str = ""
    changed: list[str] = field(default_factory=list)
