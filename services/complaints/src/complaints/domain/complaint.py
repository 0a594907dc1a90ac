"""The complaint aggregate (顾客投诉处理单): receipt to verified closure, with its audit trail."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from qms_shared.domain import Aggregate, FieldErrors, InvalidTransition

from . import events
from .classification import IncidentTracking
from .deadlines import DeadlinePolicy, DeadlineTracking
from .figures import check_receipt
from .history import ComplaintHistoryEntry
from .incident import IncidentThresholds
from .validation import require_texts
from .vocabulary import (
    CauseCategory, ClosureReason, Deadline, Department, Responsibility, Status, Step, owner_department,
)

# Which step each state allows; `analysed` depends on responsibility, see allowed_steps().
_NEXT_STEPS = {
    Status.RECEIVED: [Step.CONTAINMENT],
    Status.CONTAINED: [Step.ANALYSIS],
    Status.ACTION_PLANNED: [Step.IMPLEMENTATION],
    Status.VERIFYING: [Step.VERIFICATION],
    Status.CLOSED: [],
}


class Complaint(DeadlineTracking, IncidentTracking, Aggregate):
    """A customer complaint; every rule of its lifecycle is a method here."""

    def __init__(self, *, id: uuid.UUID, number: str, customer_id: str, customer_name: str, category: str,
                 description: str, received_at: datetime, containment_due_at: datetime,
                 corrective_action_due_at: datetime, channel: str | None = None, product_code: str | None = None,
                 product_batch: str | None = None, production_date: date | None = None,
                 contract_number: str | None = None, quantity_affected: int | None = None,
                 returned_quantity: int = 0, loss_amount: Decimal | None = None, injury: bool = False,
                 reputation_damage: bool = False, batch_scale: bool = False, attachments: list | None = None):
        self.id, self.number = id, number
        self.customer_id, self.customer_name = customer_id, customer_name
        self.category, self.channel, self.description = category, channel, description
        self.owner_department = owner_department(category).value
        self.product_code, self.product_batch, self.production_date = product_code, product_batch, production_date
        self.contract_number, self.attachments = contract_number, list(attachments or [])
        self.quantity_affected, self.returned_quantity = quantity_affected, returned_quantity
        self.loss_amount, self.injury = loss_amount, injury
        self.reputation_damage, self.batch_scale = reputation_damage, batch_scale
        self.received_at, self.status = received_at, Status.RECEIVED.value
        self.containment_due_at, self.containment_met_at = containment_due_at, None
        self.corrective_action_due_at, self.corrective_action_met_at = corrective_action_due_at, None
        self.containment_action = self.root_cause = self.cause_category = self.responsibility = None
        self.responsible_department = self.corrective_action = self.preventive_action = self.approved_by = None
        self.implementation_note = self.verification_note = self.explanation = None
        self.closure_reason = self.closed_at = self.incident_class = None
        self.reopen_count, self.incident_reasons, self.version = 0, [], 1
        self.history, self.extensions, self.overdue = [], [], []
        self.events = []

    @classmethod
    def receive(cls, *, id: uuid.UUID, number: str, by: str, at: datetime, policy: DeadlinePolicy,
                thresholds: IncidentThresholds, batch_returns_elsewhere: int = 0, **fields) -> "Complaint":
        """Register a complaint from any channel; deadlines start at `received_at` (default `at`)."""
        fields.setdefault("received_at", at)
        fields.setdefault("returned_quantity", 0)
        check_receipt(fields, recorded_at=at)
        received_at = fields["received_at"]
        complaint = cls(id=id, number=number, **fields,
                        containment_due_at=policy.due_at(Deadline.CONTAINMENT, received_at),
                        corrective_action_due_at=policy.due_at(Deadline.CORRECTIVE_ACTION, received_at))
        complaint.history.append(ComplaintHistoryEntry(
            at=at, by=by, action="receipt", from_status=None, to_status=Status.RECEIVED.value,
            details={"channel": complaint.channel, "category": complaint.category}))
        complaint.record(events.ComplaintReceived(
            **complaint._facts(by, at), category=complaint.category, channel=complaint.channel,
            product_code=complaint.product_code, containment_due_at=complaint.containment_due_at,
            corrective_action_due_at=complaint.corrective_action_due_at))
        complaint.classify(batch_returns_elsewhere=batch_returns_elsewhere, thresholds=thresholds, by=by, at=at)
        complaint.version = 1  # a new complaint starts at version 1 whatever its creation recorded
        return complaint

    # -- lifecycle -------------------------------------------------------------------------------

    def allowed_steps(self) -> list[str]:
        """The lifecycle steps possible from the current state (what a 409 tells the client)."""
        if self.status == Status.ANALYSED:
            customer = self.responsibility == Responsibility.CUSTOMER
            return [Step.EXPLANATION.value if customer else Step.ACTION_PLAN.value]
        return [step.value for step in _NEXT_STEPS[Status(self.status)]]

    def contain(self, *, action: str, by: str, at: datetime) -> None:
        """Record the containment action replied to the customer (围堵措施)."""
        self._require(Step.CONTAINMENT)
        require_texts(action=action)
        self.containment_action = action
        self.containment_met_at = at
        self._move(Status.CONTAINED, Step.CONTAINMENT, by, at, {"action": action})
        self.record(events.ComplaintContained(**self._facts(by, at), action=action,
                                              on_time=at <= self.containment_due_at))

    def analyse(self, *, root_cause: str, cause_category: str, responsibility: str, by: str, at: datetime,
                responsible_department: str | None = None) -> None:
        """Record root cause, 5M1E category and responsibility; the customer's own doing needs no department."""
        self._require(Step.ANALYSIS)
        if responsibility == Responsibility.CUSTOMER and responsible_department is None:
            responsible_department = self.owner_department
        _check_analysis(root_cause, cause_category, responsibility, responsible_department)
        self.root_cause, self.cause_category = root_cause, cause_category
        self.responsibility, self.responsible_department = responsibility, responsible_department
        self._move(Status.ANALYSED, Step.ANALYSIS, by, at, {
            "root_cause": root_cause, "cause_category": cause_category,
            "responsibility": responsibility, "responsible_department": responsible_department})
        self.record(events.ComplaintAnalysed(**self._facts(by, at), cause_category=cause_category,
                                             responsibility=responsibility,
                                             responsible_department=responsible_department))

    def plan_action(self, *, corrective_action: str, preventive_action: str, by: str, at: datetime,
                    approved_by: str | None = None) -> None:
        """Record the corrective and preventive actions approved by the department head."""
        self._require(Step.ACTION_PLAN)
        approved_by = approved_by or by
        require_texts(corrective_action=corrective_action, preventive_action=preventive_action,
                     approved_by=approved_by)
        self.corrective_action, self.preventive_action = corrective_action, preventive_action
        self.approved_by = approved_by
        self.corrective_action_met_at = at
        self._move(Status.ACTION_PLANNED, Step.ACTION_PLAN, by, at, {
            "corrective_action": corrective_action, "preventive_action": preventive_action,
            "approved_by": approved_by})
        self.record(events.ActionPlanned(**self._facts(by, at), approved_by=approved_by,
                                         responsible_department=self.responsible_department,
                                         on_time=at <= self.corrective_action_due_at))

    def implement(self, *, note: str, by: str, at: datetime) -> None:
        """Record that the actions were carried out; the complaint waits for verification."""
        self._require(Step.IMPLEMENTATION)
        require_texts(note=note)
        self.implementation_note = note
        self._move(Status.VERIFYING, Step.IMPLEMENTATION, by, at, {"note": note})
        self.record(events.ActionImplemented(**self._facts(by, at)))

    def verify(self, *, effective: bool, by: str, at: datetime, policy: DeadlinePolicy,
               note: str | None = None) -> None:
        """Close when effective; otherwise reopen to `contained` with a new corrective-action deadline."""
        self._require(Step.VERIFICATION)
        _check_verification(effective, note)
        self.verification_note = note
        if effective:
            self.closure_reason, self.closed_at = ClosureReason.VERIFIED_EFFECTIVE.value, at
            self._move(Status.CLOSED, Step.VERIFICATION, by, at, {"effective": True, "note": note})
            self.record(events.ComplaintVerified(**self._facts(by, at), effective=True))
            self.record(events.ComplaintClosed(**self._facts(by, at), reason=self.closure_reason,
                                               reopen_count=self.reopen_count))
            return
        self.reopen_count += 1
        self.corrective_action_due_at = policy.due_at(Deadline.CORRECTIVE_ACTION, at)
        self.corrective_action_met_at = None
        self._move(Status.CONTAINED, Step.VERIFICATION, by, at, {"effective": False, "note": note})
        self.record(events.ComplaintVerified(**self._facts(by, at), effective=False))
        self.record(events.ComplaintReopened(**self._facts(by, at), reopen_count=self.reopen_count,
                                             corrective_action_due_at=self.corrective_action_due_at))

    def explain(self, *, explanation: str, by: str, at: datetime) -> None:
        """Close a complaint caused by the customer once the explanation is sent (000 §4.3.1)."""
        self._require(Step.EXPLANATION)
        require_texts(explanation=explanation)
        self.explanation = explanation
        self.corrective_action_met_at = self.corrective_action_met_at or at
        self.closure_reason, self.closed_at = ClosureReason.CUSTOMER_RESPONSIBILITY.value, at
        self._move(Status.CLOSED, Step.EXPLANATION, by, at, {"explanation": explanation})
        self.record(events.ComplaintClosed(**self._facts(by, at), reason=self.closure_reason,
                                           reopen_count=self.reopen_count))

    def note_reference(self, *, kind: str, reference: str, by: str, at: datetime) -> None:
        """Keep in the trail that another record (e.g. a nonconformance) refers to this complaint."""
        require_texts(kind=kind, reference=reference)
        self._note("reference", by, at, {"kind": kind, "reference": reference})

    # -- internals -------------------------------------------------------------------------------

    def _require(self, step: Step) -> None:
        if step.value not in self.allowed_steps():
            raise InvalidTransition(f"'{step.value}' is not allowed while the complaint is {self.status}.",
                                    current=self.status, allowed=self.allowed_steps())

    def _refuse_when_closed(self, action: str) -> None:
        if self.status == Status.CLOSED:
            raise InvalidTransition(f"'{action}' is not allowed on a closed complaint.",
                                    current=self.status, allowed=[])

    def _move(self, to: Status, step: Step, by: str, at: datetime, details: dict) -> None:
        self.history.append(ComplaintHistoryEntry(at=at, by=by, action=step.value, from_status=self.status,
                                                  to_status=to.value, details=details))
        self.status = to.value
        self.version += 1

    def _note(self, action: str, by: str, at: datetime, details: dict) -> None:
        self.history.append(ComplaintHistoryEntry(at=at, by=by, action=action, from_status=self.status,
                                                  to_status=self.status, details=details))
        self.version += 1

    def _facts(self, by: str, at: datetime) -> dict:
        return dict(complaint_id=self.id, number=self.number, customer_id=self.customer_id,
                    customer_name=self.customer_name, owner_department=self.owner_department,
                    status=self.status, at=at, by=by)


def _check_analysis(root_cause, cause_category, responsibility, responsible_department) -> None:
    errors = FieldErrors()
    errors.text("root_cause", root_cause)
    errors.choice("cause_category", cause_category, CauseCategory)
    errors.choice("responsibility", responsibility, Responsibility)
    errors.choice("responsible_department", responsible_department, Department)
    errors.raise_if_any("The analysis is incomplete.")


def _check_verification(effective, note) -> None:
    errors = FieldErrors()
    if not isinstance(effective, bool):
        errors.add("effective", "Missing data for required field." if effective is None else "Not a valid boolean.")
    errors.text("note", note, required=effective is False)
    errors.raise_if_any("The verification is incomplete.")

