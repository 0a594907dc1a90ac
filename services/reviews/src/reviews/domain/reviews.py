"""A department's review of one contract revision, and the recorded outcome decisions."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from qms_shared.domain import start_with

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
        start_with(self, id=id, department=department, revision=revision, status=PENDING, requested_at=requested_at,
                   due_at=due_at, opinion=None, comment=None, delivery_date=None, reviewer_id=None,
                   reviewer_name=None, reviewed_at=None, overdue=False)

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
        start_with(self, id=id, revision=revision, outcome=outcome, reason=reason, decided_by=decided_by,
                   decided_by_name=decided_by_name, decided_at=decided_at,
                   overruled_departments=overruled_departments)


class ContractRevision:
    """The terms of one revision as they were, kept readable after later amendments."""

    def __init__(self, *, id: uuid.UUID, number: int, terms: dict, reason: str | None, changed: list[str],
                 created_by: str, created_at: datetime):
        start_with(self, id=id, number=number, terms=terms, reason=reason, changed=changed, created_by=created_by,
                   created_at=created_at)
