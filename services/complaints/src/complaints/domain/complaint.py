"""The complaint aggregate (顾客投诉处理单): receipt to verified closure, with its audit trail."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from qms_shared.domain import Aggregate

from . import events
from .batch import BatchFigures, BatchMember, batch_key, reported_quantity
from .cycle import CapaCycle
from .deadlines import DeadlinePolicy
from .figures import check_figures, check_receipt
from .history import ComplaintHistoryEntry
from .incident import IncidentThresholds
from .validation import require_texts
from .vocabulary import ClosureReason, Deadline, Responsibility, Status, Step, owner_department


class Complaint(CapaCycle, Aggregate):
    """A customer complaint; the cycle's steps are CapaCycle's, what only a complaint does is here."""

    kind = "complaint"
    history_entry = ComplaintHistoryEntry

    def __init__(self, *, id: uuid.UUID, number: str, customer_id: str, customer_name: str, category: str,
                 description: str, received_at: datetime, containment_due_at: datetime,
                 corrective_action_due_at: datetime, channel: str | None = None, product_code: str | None = None,
                 product_batch: str | None = None, production_date: date | None = None,
                 contract_number: str | None = None, quantity_affected: int | None = None,
                 returned_quantity: int = 0, loss_amount: Decimal | None = None, injury: bool = False,
                 reputation_damage: bool = False, batch_scale: bool = False, attachments: list | None = None,
                 assembly_failures: int | None = None):
        self.id, self.number = id, number
        self.customer_id, self.customer_name = customer_id, customer_name
        self.category, self.channel, self.description = category, channel, description
        self.owner_department = owner_department(category).value
        self.product_code, self.product_batch, self.production_date = product_code, product_batch, production_date
        self.contract_number, self.attachments = contract_number, list(attachments or [])
        self.quantity_affected, self.returned_quantity = quantity_affected, returned_quantity
        self.assembly_failures = assembly_failures  # pieces failing at the customer's assembly (§三.2)
        self.loss_amount, self.injury = loss_amount, injury
        self.reputation_damage, self.batch_scale = reputation_damage, batch_scale
        self.claims_loss, self.claims_counted = Decimal(0), []
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
                thresholds: IncidentThresholds, batch: BatchFigures = BatchFigures(), **fields) -> "Complaint":
        """Register a complaint from any channel; deadlines start at `received_at` (default `at`).

        `batch` holds the other records of its shipped batch, which the incident class looks across.
        """
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
        complaint.record(events.Received(
            **complaint._facts(by, at), category=complaint.category, channel=complaint.channel,
            product_code=complaint.product_code, containment_due_at=complaint.containment_due_at,
            corrective_action_due_at=complaint.corrective_action_due_at))
        complaint.classify(batch=batch, thresholds=thresholds, by=by, at=at)
        complaint.version = 1  # a new complaint starts at version 1 whatever its creation recorded
        return complaint

    def _check_figures(self, changes: dict) -> None:
        check_figures(changes, channel=self.channel)

    @property
    def batch_key(self):
        """The shipped batch the incident rules add this complaint to (None when unknown)."""
        return batch_key(self.product_code, self.product_batch, self.production_date)

    @property
    def batch_member(self) -> BatchMember:
        """What this complaint adds to its batch: pieces reported (or returned, if more) and returned."""
        return BatchMember(self.number, reported_quantity(self.quantity_affected, self.returned_quantity),
                           self.returned_quantity or 0)

    def allowed_steps(self) -> list[str]:
        """The lifecycle steps possible from the current state; the customer's own doing is explained."""
        if self.status == Status.ANALYSED and self.responsibility == Responsibility.CUSTOMER:
            return [Step.EXPLANATION.value]
        return super().allowed_steps()

    def explain(self, *, explanation: str, by: str, at: datetime) -> None:
        """Close a complaint caused by the customer once the explanation is sent (000 §4.3.1)."""
        self._require(Step.EXPLANATION)
        require_texts(explanation=explanation)
        self.explanation = explanation
        self.corrective_action_met_at = self.corrective_action_met_at or at
        self._move(Status.CLOSED, Step.EXPLANATION, by, at, {"explanation": explanation})
        self._close(ClosureReason.CUSTOMER_RESPONSIBILITY, by, at)

    def count_claims(self, *, losses: dict[str, Decimal], batch: BatchFigures, thresholds: IncidentThresholds,
                     by: str, at: datetime) -> None:
        """Take the claims' approved or settled amounts (by claim number) into the loss, and reclassify."""
        total, counted = sum(losses.values(), Decimal(0)), sorted(losses)
        if (total, counted) != (self.claims_loss, list(self.claims_counted or [])):
            self.claims_loss, self.claims_counted = total, counted
            self._note("claims", by, at, {"claims_loss": str(total), "claims": counted})
        self.classify(batch=batch, thresholds=thresholds, by=by, at=at)

    def note_reference(self, *, kind: str, reference: str, by: str, at: datetime) -> None:
        """Keep in the trail that another record (e.g. a nonconformance) refers to this complaint."""
        require_texts(kind=kind, reference=reference)
        self._note("reference", by, at, {"kind": kind, "reference": reference})

    def _facts(self, by: str, at: datetime) -> dict:
        return dict(subject_id=self.id, number=self.number, customer_id=self.customer_id,
                    customer_name=self.customer_name, owner_department=self.owner_department,
                    status=self.status, at=at, by=by)
