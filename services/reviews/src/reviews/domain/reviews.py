"""A department's review of one contract revision, and the recorded outcome decisions."""
from __future__ import annotations

import uuid
from datetime import date, datetime

APPROVE = "approve"
APPROVE_WITH_CONDITIONS = "approve_with_conditions"
REJECT = "reject"
OPINIONS = (APPROVE, APPROVE_WITH_CONDITIONS, REJECT)

PENDING = "pending"
DONE = "done"


class DepartmentReview:
    """One department's opinion on one revision; pending until the department records it."""

    def __init__(self, *, id: uuid.UUID, department: str, revision: int, requested_at: datetime,
                 due_at: datetime | None):
        # The general manager's review gets its due date only once every other department is done.
        self.id = id
        self.department = department
        self.revision = revision
        self.status = PENDING
        self.requested_at = requested_at
        self.due_at = due_at
        self.opinion: str | None = None
        self.comment: str | None = None
        self.delivery_date: date | None = None
        self.reviewer_id: str | None = None
        self.reviewer_name: str | None = None
        self.reviewed_at: datetime | None = None
        self.overdue = False

    @property
    def pending(self) -> bool:
        """True while the department has not given its opinion."""
        return self.status == PENDING

    def is_overdue_at(self, as_of: datetime) -> bool:
        """Past its due date and still pending."""
        return self.pending and self.due_at is not None and as_of > self.due_at

    def complete(self, *, opinion: str, comment: str | None, delivery_date: date | None,
                 reviewer_id: str, reviewer_name: str, at: datetime) -> None:
        """Record the opinion; the contract checks the rules before calling this."""
        self.status = DONE
        self.opinion = opinion
        self.comment = comment
        self.delivery_date = delivery_date
        self.reviewer_id = reviewer_id
        self.reviewer_name = reviewer_name
        self.reviewed_at = at


class Decision:
    """An outcome (accepted / needs_customer / rejected) of one revision, with its reason and decider."""

    def __init__(self, *, id: uuid.UUID, revision: int, outcome: str, reason: str | None, decided_by: str,
                 decided_by_name: str, decided_at: datetime, overruled_departments: list[str]):
        # overruled_departments: whose rejection the general manager overruled, never silent (001 §5.2.3).
        self.id = id
        self.revision = revision
        self.outcome = outcome
        self.reason = reason
        self.decided_by = decided_by
        self.decided_by_name = decided_by_name
        self.decided_at = decided_at
        self.overruled_departments = overruled_departments


class ContractRevision:
    """The terms of one revision as they were, kept readable after later amendments."""

    def __init__(self, *, id: uuid.UUID, number: int, terms: dict, reason: str | None, changed: list[str],
                 created_by: str, created_at: datetime):
        self.id = id
        self.number = number
        self.terms = terms
        self.reason = reason
        self.changed = changed
        self.created_by = created_by
        self.created_at = created_at
