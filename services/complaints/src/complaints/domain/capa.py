"""Corrective actions opened outside a complaint, e.g. for a dissatisfied survey answer (001 §5.8.5)."""
from __future__ import annotations

import uuid
from datetime import datetime

from qms_shared.domain import Aggregate, FieldErrors, InvalidTransition

from .survey_events import CorrectiveActionClosed, CorrectiveActionOpened
from .vocabulary import Department

OPEN, CLOSED = "open", "closed"
SURVEY_SOURCE = "survey"


class CorrectiveAction(Aggregate):
    """A corrective action owned by the quality dept: opened, then closed with what was done."""

    def __init__(self, *, id: uuid.UUID, number: str, source: str, source_id: uuid.UUID, customer_id: str,
                 description: str, opened_by: str, opened_at: datetime):
        self.id, self.number = id, number
        self.source, self.source_id, self.customer_id = source, source_id, customer_id
        self.description = description
        self.owner_department = Department.QUALITY.value
        self.status = OPEN
        self.opened_by, self.opened_at = opened_by, opened_at
        self.outcome = self.closed_by = self.closed_at = None
        self.version, self.events = 1, []

    @classmethod
    def for_dissatisfaction(cls, *, id: uuid.UUID, number: str, survey_id: uuid.UUID, customer_id: str,
                            item: str, rating: str, by: str, at: datetime) -> "CorrectiveAction":
        """Open the corrective action a dissatisfied survey answer calls for."""
        description = f"Customer {customer_id} answered '{rating}' on '{item}'."
        action = cls(id=id, number=number, source=SURVEY_SOURCE, source_id=survey_id, customer_id=customer_id,
                     description=description, opened_by=by, opened_at=at)
        action.record(CorrectiveActionOpened(**action._facts(by, at), description=description))
        return action

    def close(self, *, outcome: str, by: str, at: datetime) -> None:
        """Close with what was done and found effective."""
        if self.status != OPEN:
            raise InvalidTransition("The corrective action is already closed.", current=self.status, allowed=[])
        errors = FieldErrors()
        errors.text("outcome", outcome)
        errors.raise_if_any("The corrective action cannot be closed.")
        self.status, self.outcome, self.closed_by, self.closed_at = CLOSED, outcome, by, at
        self.version += 1
        self.record(CorrectiveActionClosed(**self._facts(by, at), outcome=outcome))

    def _facts(self, by: str, at: datetime) -> dict:
        return dict(action_id=self.id, number=self.number, owner_department=self.owner_department,
                    customer_id=self.customer_id, source=self.source, source_id=self.source_id, at=at, by=by)
