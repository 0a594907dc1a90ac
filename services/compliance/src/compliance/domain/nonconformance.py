"""Nonconformances for non-compliant products (不合格控制表, seed 000 §5.1.4)."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from qms_shared.domain import Actor, Aggregate, FieldErrors, Forbidden, InvalidTransition

from compliance.domain.events import NonconformanceActionPlanned, NonconformanceClosed, NonconformanceOpened
from compliance.domain.history import HistoryEntry

DEPARTMENTS = ("sales", "production", "purchasing", "quality", "engineering", "finance", "legal",
               "general_manager")
CLOSED = "closed"
NC_STATUSES = ("open", "action_planned", CLOSED)
QUALITY = "quality"  # verifies every case, so it may also write any department's action


class Nonconformance(Aggregate):
    """A case distributed to the owner department, who must take corrective action (5.1.4)."""

    def __init__(self, *, id: uuid.UUID, number: str, product_id: uuid.UUID, product_code: str,
                 evaluation_id: uuid.UUID | None, description: str, owner_department: str, status: str,
                 opened_at: datetime, opened_by: str, corrective_action: str = "", action_due_on: date | None = None,
                 closed_at: datetime | None = None, closure_note: str = "",
                 history: list[HistoryEntry] | None = None, version: int = 1):
        self.id, self.number, self.product_id, self.product_code = id, number, product_id, product_code
        self.evaluation_id, self.description, self.owner_department = evaluation_id, description, owner_department
        self.status, self.opened_at, self.opened_by = status, opened_at, opened_by
        self.corrective_action, self.action_due_on = corrective_action, action_due_on
        self.closed_at, self.closure_note = closed_at, closure_note
        self.history = history if history is not None else []
        self.version = version
        self.events: list = []

    @classmethod
    def open(cls, *, number: str, product_id: uuid.UUID, product_code: str, description: str,
             owner_department: str, at: datetime, by: str, evaluation_id: uuid.UUID | None = None,
             id: uuid.UUID | None = None) -> "Nonconformance":
        """Open a case for a non-compliant result, owned by one department."""
        errors = FieldErrors()
        _check_department(owner_department, errors)
        if not description.strip():
            errors.add("description", "is required")
        errors.raise_if_any("the nonconformance is not valid")
        nc = cls(id=id or uuid.uuid4(), number=number, product_id=product_id, product_code=product_code,
                 evaluation_id=evaluation_id, description=description.strip(), owner_department=owner_department,
                 status="open", opened_at=at, opened_by=by)
        nc._log(at, by, None, "open", description.strip()[:200])
        nc.record(NonconformanceOpened(nc.id, number, product_id, owner_department, at))
        return nc

    @property
    def is_open(self) -> bool:
        """True until the case is closed: a product has at most one open case at a time (5.1.4)."""
        return self.status != CLOSED

    def reassign(self, owner_department: str, *, at: datetime, by: str) -> None:
        """Hand the case to another department while it is not closed."""
        self._require("open", "action_planned", action="reassigned")
        errors = FieldErrors()
        _check_department(owner_department, errors)
        errors.raise_if_any("the department is not valid")
        self._log(at, by, self.status, self.status,
                  f"owner {self.owner_department} -> {owner_department}")
        self.owner_department = owner_department
        self.version += 1

    def may_record_action(self, actor: Actor) -> bool:
        """The owner department records the corrective action, and quality; nobody else (DOMAIN.md §5).

        The caller's department is the token's `department` claim, else the departments among its roles;
        `admin` is no department and decides nothing here."""
        departments = {actor.department} if actor.department else set(actor.roles) & set(DEPARTMENTS)
        return bool(departments & {self.owner_department, QUALITY}) or QUALITY in actor.roles

    def plan_action(self, *, corrective_action: str, at: datetime, by: Actor, due_on: date | None = None) -> None:
        """The owner department (or quality) records its corrective action, and may revise it before closure."""
        if not self.may_record_action(by):
            raise Forbidden(f"Only the owner department ({self.owner_department}) or quality records the corrective "
                            f"action of {self.number}.", owner_department=self.owner_department)
        self._require("open", "action_planned", action="given a corrective action")
        errors = FieldErrors()
        if not isinstance(corrective_action, str) or not corrective_action.strip():
            errors.add("corrective_action", "is required")
        if due_on is not None and due_on < at.date():
            errors.add("due_on", "cannot be in the past")
        errors.raise_if_any("the corrective action is not valid")
        self._log(at, by.id, self.status, "action_planned", corrective_action.strip())
        self.status, self.corrective_action, self.action_due_on = "action_planned", corrective_action.strip(), due_on
        self.version += 1
        self.record(NonconformanceActionPlanned(self.id, self.number, self.owner_department, at))

    def close(self, *, note: str, at: datetime, by: str) -> None:
        """Close after the corrective action was verified; a case without one cannot close."""
        self._require("action_planned", action="closed")
        errors = FieldErrors()
        if not isinstance(note, str) or not note.strip():
            errors.add("note", "the verification of the corrective action is required")
        errors.raise_if_any("the nonconformance cannot be closed")
        self._log(at, by, self.status, "closed", note.strip())
        self.status, self.closed_at, self.closure_note = "closed", at, note.strip()
        self.version += 1
        self.record(NonconformanceClosed(self.id, self.number, self.product_id, by, at))

    def _log(self, *entry) -> None:
        # A new list rather than append: the ORM stores history as one value and sees only reassignment.
        self.history = [*self.history, HistoryEntry(*entry)]

    def _require(self, *states: str, action: str) -> None:
        if self.status not in states:
            raise InvalidTransition(f"a {self.status} nonconformance cannot be {action}",
                                    current=self.status, allowed=list(states))


def _check_department(department: str, errors: FieldErrors) -> None:
    if department not in DEPARTMENTS:
        errors.add("owner_department", f"must be one of {', '.join(DEPARTMENTS)}")
