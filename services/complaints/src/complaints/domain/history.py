"""Audit trail entries: who did what, when, from which state to which (000 §4, every step kept)."""
from __future__ import annotations

from datetime import datetime


class HistoryEntry:
    """One recorded step; `details` holds what was recorded (action text, cause, note, ...)."""

    def __init__(
        self, *, at: datetime, by: str, action: str, from_status: str, to_status: str, details: dict | None = None
    ):
        self.at, self.by, self.action = at, by, action
        self.from_status, self.to_status = from_status, to_status
        self.details = dict(details or {})

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.action} {self.from_status}->{self.to_status} by {self.by}>"


class ComplaintHistoryEntry(HistoryEntry):
    """A step in a complaint's life (its own class so the ORM maps it to its own table)."""


class ClaimHistoryEntry(HistoryEntry):
    """A step in a claim's life."""


class ProblemHistoryEntry(HistoryEntry):
    """A step in an internal problem's life."""
