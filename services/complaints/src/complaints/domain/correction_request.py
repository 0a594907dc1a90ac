"""The supplier correction request (《供应商异常矫正单》, 004 供应商来料异常管理流程 §5.3, 000 §3.5).

Issued for a nonconforming incoming lot, or for a complaint or internal problem whose analysis found the
supplier responsible. The supplier replies with cause, action and the date the action will be in place
within a number of working days; quality verifies: effective closes it, not effective asks again with a new
reply due date. A missed reply is reported once per due date: purchasing's head first (purchasing talks to
the supplier, §3.6), then the general manager too. The day the supplier's action was to be in place, passed with
the request not yet verified, is reported to quality's head (the verification is owed) and, still unverified some
working days later, to the general manager too.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from qms_shared.domain import FieldErrors

from .deadlines import day_escalation, escalation_at
from .history import HistoryEntry
from .quality_base import SteppedRecord, check_date
from .vocabulary import Department, Escalation


class RequestStatus(StrEnum):
    """A correction request's states."""

    ISSUED = "issued"
    REPLIED = "replied"
    CLOSED = "closed"


class RequestSource(StrEnum):
    """What the request was issued for."""

    INCOMING_NONCONFORMANCE = "incoming_nonconformance"
    COMPLAINT = "complaint"
    INTERNAL_PROBLEM = "internal_problem"


class CorrectionHistoryEntry(HistoryEntry):
    """A step in a correction request's life."""


class CorrectionRequest(SteppedRecord):
    """What the supplier is asked to correct, its reply and our verification."""

    entity, what = "correction_request", "correction request"
    history_entry = CorrectionHistoryEntry
    STEPS = {"reply": (RequestStatus.ISSUED,), "verification": (RequestStatus.REPLIED,)}
    # purchasing, who talks to the supplier, records its reply (quality may too); quality verifies (§5.3, §3.6)
    WRITERS = {"reply": (Department.PURCHASING.value, Department.QUALITY.value),
               "verification": (Department.QUALITY.value,)}
    owner_department = Department.PURCHASING.value
    verifying_department = Department.QUALITY.value  # verifies the supplier's action (and hears when it is late)

    def __init__(self, *, id: uuid.UUID, number: str, supplier_id: uuid.UUID, supplier_code: str,
                 supplier_name: str, supplier_email: str | None, supplier_locale: str, source: str,
                 source_id: uuid.UUID, source_number: str, description: str, issued_at: datetime, issued_by: str,
                 reply_due_at: datetime, defect_class: str | None = None):
        self.id, self.number = id, number
        self.supplier_id, self.supplier_code, self.supplier_name = supplier_id, supplier_code, supplier_name
        self.supplier_email, self.supplier_locale = supplier_email, supplier_locale
        self.source, self.source_id, self.source_number = source, source_id, source_number
        self.description, self.defect_class = description, defect_class
        self.issued_at, self.issued_by, self.reply_due_at = issued_at, issued_by, reply_due_at
        self.status, self.round = RequestStatus.ISSUED.value, 1
        self.cause = self.action = self.action_due_date = self.replied_at = None
        self.verification_note = self.closed_at = None
        self.overdue_count, self.overdue_reported_due_at = 0, None
        self.action_escalation_level = 0  # how far the action's due day missed was reported (see detect_action_overdue)
        self.history, self.version, self.events = [], 1, []

    @classmethod
    def issue(cls, *, id: uuid.UUID, number: str, supplier: dict, source: str, source_id: uuid.UUID,
              source_number: str, description: str, reply_due_at: datetime, by: str, at: datetime,
              defect_class: str | None = None) -> "CorrectionRequest":
        """Issue the request to the supplier (`supplier` is Supplier.snapshot())."""
        errors = FieldErrors()
        errors.text("description", description)
        errors.choice("source", source, RequestSource)
        errors.raise_if_any("The correction request cannot be issued.")
        request = cls(id=id, number=number, **supplier, source=source, source_id=source_id,
                      source_number=source_number, description=description, issued_at=at, issued_by=by,
                      reply_due_at=reply_due_at, defect_class=defect_class)
        request.history.append(CorrectionHistoryEntry(at=at, by=by, action="issue", from_status=None,
                                                      to_status=request.status,
                                                      details={"source": source, "source_number": source_number}))
        request._announce("issued", by, at)
        return request

    def reply(self, *, cause: str, action: str, action_due_date: date, by: str, at: datetime) -> None:
        """Record the supplier's reply: the cause, the action and when it will be in place."""
        self._require("reply")
        errors = FieldErrors()
        errors.text("cause", cause)
        errors.text("action", action)
        check_date(errors, "action_due_date", action_due_date)
        errors.raise_if_any("The reply is incomplete.")
        self.cause, self.action, self.action_due_date, self.replied_at = cause, action, action_due_date, at
        self.action_escalation_level = 0  # a new action, a new due day
        self._move("reply", RequestStatus.REPLIED, by, at, {"cause": cause, "action": action,
                                                            "action_due_date": action_due_date.isoformat()})
        self._announce("replied", by, at, on_time=at <= self.reply_due_at)

    def verify(self, *, effective: bool, by: str, at: datetime, next_reply_due_at: datetime,
               note: str | None = None) -> None:
        """Effective closes the request; not effective asks the supplier again, due `next_reply_due_at`."""
        self._require("verification")
        errors = FieldErrors()
        if not isinstance(effective, bool):
            errors.add("effective", "Not a valid boolean.")
        errors.text("note", note, required=effective is False)
        errors.raise_if_any("The verification is incomplete.")
        self.verification_note = note
        if effective:
            self.closed_at = at
            self._move("verification", RequestStatus.CLOSED, by, at, {"effective": True, "note": note})
        else:
            self.round += 1
            self.reply_due_at, self.replied_at = next_reply_due_at, None
            self._move("verification", RequestStatus.ISSUED, by, at, {"effective": False, "note": note})
        self._announce("verified", by, at, effective=effective)

    def detect_overdue(self, as_of: datetime) -> bool:
        """Report a reply due date passed unanswered, once per due date; True when newly reported."""
        if self.status != RequestStatus.ISSUED or self.reply_due_at >= as_of:
            return False
        if self.overdue_reported_due_at == self.reply_due_at:
            return False
        escalation = Escalation.GENERAL_MANAGER if self.overdue_count else Escalation.DEPARTMENT_HEAD
        self.overdue_count += 1
        self.overdue_reported_due_at = self.reply_due_at
        self.version += 1
        self._announce("overdue", "system", as_of, due_at=self.reply_due_at, escalation=escalation.value,
                       escalation_level=2 if escalation == Escalation.GENERAL_MANAGER else 1,
                       escalation_department=self.owner_department)
        return True

    def detect_action_overdue(self, as_of: datetime, *, calendar, general_manager_after: int) -> int:
        """Report the day the supplier's action was due passed with the request still unverified: once to
        quality's head (level 1), once more to the general manager `general_manager_after` working days later
        (level 2). Returns the level newly reached, 0 when nothing new."""
        due_on = self.action_due_date if self.status == RequestStatus.REPLIED else None
        level = day_escalation(due_on, as_of, calendar=calendar, general_manager_after=general_manager_after)
        if level <= (self.action_escalation_level or 0):
            return 0
        self.action_escalation_level = level
        self.version += 1
        self._announce("action_overdue", "system", as_of, due_on=due_on, escalation=escalation_at(level).value,
                       escalation_level=level, escalation_department=self.verifying_department)
        return level
