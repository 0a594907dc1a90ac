"""Corrective actions opened outside a complaint, e.g. for a dissatisfied survey answer (001 §5.8.5).

Owned by quality, due in 10 working days (as a complaint's corrective action), implemented, then
verified: effective closes it, not effective reopens it with a new due date. A missed due date is
reported once and escalates like a complaint's: quality's head first, then the general manager.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from qms_shared.domain import Actor, Aggregate, FieldErrors, InvalidTransition

from . import survey_events as events
from .authority import require_department
from .deadlines import DeadlinePolicy
from .vocabulary import Deadline, Department, Escalation

OPEN, VERIFYING, CLOSED = "open", "verifying", "closed"
SURVEY_SOURCE = "survey"


class CorrectiveAction(Aggregate):
    """A corrective action owned by the quality dept: opened, implemented, verified (or closed at once)."""

    def __init__(self, *, id: uuid.UUID, number: str, source: str, source_id: uuid.UUID, customer_id: str,
                 description: str, opened_by: str, opened_at: datetime, due_at: datetime | None = None):
        self.id, self.number = id, number
        self.source, self.source_id, self.customer_id = source, source_id, customer_id
        self.description = description
        self.owner_department = Department.QUALITY.value
        self.status, self.due_at = OPEN, due_at
        self.opened_by, self.opened_at = opened_by, opened_at
        self.outcome = self.closed_by = self.closed_at = None
        self.implementation_note = self.implemented_at = self.verification_note = None
        self.reopen_count = self.overdue_count = 0
        self.overdue_reported_due_at = None
        self.version, self.events = 1, []

    @classmethod
    def for_dissatisfaction(cls, *, id: uuid.UUID, number: str, survey_id: uuid.UUID, customer_id: str,
                            item: str, rating: str, by: str, at: datetime,
                            policy: DeadlinePolicy = DeadlinePolicy()) -> "CorrectiveAction":
        """Open the corrective action a dissatisfied survey answer calls for, due in 10 working days."""
        description = f"Customer {customer_id} answered '{rating}' on '{item}'."
        action = cls(id=id, number=number, source=SURVEY_SOURCE, source_id=survey_id, customer_id=customer_id,
                     description=description, opened_by=by, opened_at=at,
                     due_at=policy.due_at(Deadline.CORRECTIVE_ACTION, at))
        action.record(events.CorrectiveActionOpened(**action._facts(by, at), description=description))
        return action

    def authorize(self, step: str, actor: Actor) -> None:
        """Refuse (403) a caller outside the owner department (quality) for any step (DOMAIN.md §5)."""
        require_department(actor, [self.owner_department], f"record the {step} of corrective action {self.number}")

    def implement(self, *, note: str, by: str, at: datetime) -> None:
        """Record what was done; verification is next and the due date is met."""
        self._require(OPEN, "implementation")
        _require_text("note", note, "The implementation cannot be recorded.")
        self.implementation_note, self.implemented_at, self.status = note, at, VERIFYING
        self.version += 1
        self.record(events.CorrectiveActionImplemented(**self._facts(by, at), note=note))

    def verify(self, *, effective: bool, by: str, at: datetime, policy: DeadlinePolicy = DeadlinePolicy(),
               note: str | None = None) -> None:
        """Effective closes; not effective reopens with a new due date (10 working days from now)."""
        self._require(VERIFYING, "verification")
        errors = FieldErrors()
        if not isinstance(effective, bool):
            errors.add("effective", "Missing data for required field." if effective is None else "Not a valid boolean.")
        errors.text("note", note, required=effective is False)
        errors.raise_if_any("The verification is incomplete.")
        self.verification_note = note
        self.record(events.CorrectiveActionVerified(**self._facts(by, at), effective=effective))
        if effective:
            self._finish(outcome=self.implementation_note, by=by, at=at)
            return
        self.status, self.reopen_count = OPEN, self.reopen_count + 1
        self.due_at, self.implemented_at = policy.due_at(Deadline.CORRECTIVE_ACTION, at), None
        self.version += 1

    def close(self, *, outcome: str, by: str, at: datetime) -> None:
        """Close with what was done and found effective (implementation and verification in one step)."""
        if self.status == CLOSED:
            raise InvalidTransition("The corrective action is already closed.", current=self.status, allowed=[])
        _require_text("outcome", outcome, "The corrective action cannot be closed.")
        self.implemented_at = self.implemented_at or at
        self._finish(outcome=outcome, by=by, at=at)

    def detect_overdue(self, as_of: datetime) -> bool:
        """Report a due date missed at `as_of` once; the first miss goes to quality's head, later ones further."""
        if self.status != OPEN or self.due_at is None or self.due_at >= as_of:
            return False
        if self.overdue_reported_due_at == self.due_at:
            return False
        escalation = Escalation.GENERAL_MANAGER if self.overdue_count else Escalation.DEPARTMENT_HEAD
        self.overdue_count += 1
        self.overdue_reported_due_at = self.due_at
        self.version += 1
        self.record(events.CorrectiveActionOverdue(
            **self._facts("system", as_of), escalation=escalation.value,
            escalation_level=2 if escalation == Escalation.GENERAL_MANAGER else 1,
            escalation_department=self.owner_department))
        return True

    def _finish(self, *, outcome: str, by: str, at: datetime) -> None:
        self.status, self.outcome, self.closed_by, self.closed_at = CLOSED, outcome, by, at
        self.version += 1
        self.record(events.CorrectiveActionClosed(**self._facts(by, at), outcome=outcome))

    def _require(self, status: str, step: str) -> None:
        if self.status != status:
            allowed = {OPEN: ["implementation", "closure"], VERIFYING: ["verification", "closure"]}.get(self.status, [])
            raise InvalidTransition(f"'{step}' is not allowed while the corrective action is {self.status}.",
                                    current=self.status, allowed=allowed)

    def _facts(self, by: str, at: datetime) -> dict:
        return dict(action_id=self.id, number=self.number, owner_department=self.owner_department,
                    customer_id=self.customer_id, source=self.source, source_id=self.source_id,
                    due_at=self.due_at, at=at, by=by)


def _require_text(field: str, value, message: str) -> None:
    errors = FieldErrors()
    errors.text(field, value)
    errors.raise_if_any(message)
