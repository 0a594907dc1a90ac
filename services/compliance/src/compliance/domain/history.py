"""Audit trail entries kept by aggregates that move through states."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class HistoryEntry:
    """Who moved the entity from one state to another, when, and why."""

    at: datetime
    by: str
    from_status: str | None
    to_status: str
    note: str = ""
