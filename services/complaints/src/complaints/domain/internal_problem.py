"""An internal quality problem (生产质量问题, 004 生产质量问题处理流程): found in the plant, no customer.

Scrap and rework are what it reports to its shipped batch, so it counts toward the batch incident
rules like a customer's report; it runs the same CAPA cycle with the same deadlines and escalation.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from qms_shared.domain import Aggregate, FieldErrors

from . import events
from .batch import BatchFigures, BatchMember, batch_key
from .cycle import CapaCycle
from .deadlines import DeadlinePolicy, ProblemMissedDeadline
from .history import ProblemHistoryEntry
from .incident import IncidentThresholds
from .validation import MAX_SHORT_TEXT
from .vocabulary import ClosureReason, Deadline, Department, ProblemLevel, Responsibility, Status, Step

FIGURE_FIELDS = ("quantity_scrapped", "quantity_reworked", "loss_amount", "batch_scale", "level")


class InternalProblem(CapaCycle, Aggregate):
    """A problem found in production, inspection or storage, owned by quality (004 §4.1)."""

    kind = "internal problem"
    history_entry = ProblemHistoryEntry
    missed_deadline_entry = ProblemMissedDeadline
    responsibilities = (Responsibility.COMPANY, Responsibility.SUPPLIER)  # there is no customer to blame
    # what a customer complaint has and a plant problem never does
    injury = reputation_damage = False
    claims_loss, claims_counted = Decimal(0), ()

    def __init__(self, *, id: uuid.UUID, number: str, product_code: str, description: str, level: str,
                 found_at: datetime, containment_due_at: datetime, corrective_action_due_at: datetime,
                 product_batch: str | None = None, production_date: date | None = None,
                 found_in: str | None = None, quantity_scrapped: int = 0, quantity_reworked: int = 0,
                 loss_amount: Decimal | None = None, batch_scale: bool = False):
        self.id, self.number, self.description, self.level = id, number, description, level
        self.product_code, self.product_batch, self.production_date = product_code, product_batch, production_date
        self.found_in, self.found_at = found_in, found_at
        self.quantity_scrapped, self.quantity_reworked = quantity_scrapped, quantity_reworked
        self.loss_amount, self.batch_scale = loss_amount, batch_scale
        self.owner_department, self.status = Department.QUALITY.value, Status.RECEIVED.value
        self.containment_due_at, self.containment_met_at = containment_due_at, None
        self.corrective_action_due_at, self.corrective_action_met_at = corrective_action_due_at, None
        self.containment_action = self.root_cause = self.cause_category = self.responsibility = None
        self.responsible_department = self.corrective_action = self.preventive_action = self.approved_by = None
        self.implementation_note = self.verification_note = None
        self.closure_reason = self.closed_at = self.incident_class = None
        self.reopen_count, self.incident_reasons, self.version = 0, [], 1
        self.history, self.overdue, self.events = [], [], []

    @classmethod
    def record_found(cls, *, id: uuid.UUID, number: str, by: str, at: datetime, policy: DeadlinePolicy,
                     thresholds: IncidentThresholds, batch: BatchFigures = BatchFigures(),
                     **fields) -> "InternalProblem":
        """Register a problem found at `found_at` (default `at`); deadlines and the incident class follow."""
        fields.setdefault("found_at", at)
        _check_problem(fields, recorded_at=at)
        problem = cls(id=id, number=number, **fields,
                      containment_due_at=policy.due_at(Deadline.CONTAINMENT, fields["found_at"]),
                      corrective_action_due_at=policy.due_at(Deadline.CORRECTIVE_ACTION, fields["found_at"]))
        problem.history.append(ProblemHistoryEntry(at=at, by=by, action="receipt", from_status=None,
                                                   to_status=problem.status, details={"level": problem.level}))
        problem.record(events.Received(**problem._facts(by, at), category=None, channel=None,
                                       product_code=problem.product_code,
                                       containment_due_at=problem.containment_due_at,
                                       corrective_action_due_at=problem.corrective_action_due_at))
        problem.classify(batch=batch, thresholds=thresholds, by=by, at=at)
        problem.version = 1
        return problem

    @property
    def batch_key(self):
        """The shipped batch the scrap and rework count toward."""
        return batch_key(self.product_code, self.product_batch, self.production_date)

    @property
    def batch_member(self) -> BatchMember:
        """Scrapped and reworked pieces count as reported; nothing was returned."""
        return BatchMember(self.number, (self.quantity_scrapped or 0) + (self.quantity_reworked or 0), 0)

    def contain(self, *, action: str, by: str, at: datetime) -> None:
        """Record the temporary action; a minor problem (轻微问题) closes with it, needing no corrective action."""
        super().contain(action=action, by=by, at=at)
        if self.level == ProblemLevel.MINOR:
            self.corrective_action_met_at = at
            self._move(Status.CLOSED, Step.CLOSURE, by, at, {"reason": ClosureReason.MINOR_CONTAINED.value})
            self._close(ClosureReason.MINOR_CONTAINED, by, at)

    def _check_figures(self, changes: dict) -> None:
        errors = FieldErrors()
        for name in changes:
            if name not in FIGURE_FIELDS:
                errors.add(name, "Unknown field.")
        _check_values(errors, changes)
        errors.raise_if_any("The figures cannot be changed.")

    def _facts(self, by: str, at: datetime) -> dict:
        return dict(subject_id=self.id, number=self.number, owner_department=self.owner_department,
                    status=self.status, at=at, by=by)


def _check_problem(fields: dict, *, recorded_at: datetime) -> None:
    errors = FieldErrors()
    errors.text("product.code", fields.get("product_code"), max_length=MAX_SHORT_TEXT)
    errors.text("product.batch", fields.get("product_batch"), required=False, max_length=MAX_SHORT_TEXT)
    errors.text("description", fields.get("description"))
    errors.choice("level", fields.get("level"), ProblemLevel)
    errors.choice("found_in", fields.get("found_in"), Department, required=False)
    found_at = fields.get("found_at")
    errors.aware("found_at", found_at)
    if isinstance(found_at, datetime) and found_at.tzinfo is not None:
        if found_at > recorded_at:
            errors.add("found_at", "Must not be in the future.")
        produced = fields.get("production_date")
        if isinstance(produced, date) and produced > found_at.date():
            errors.add("product.production_date", "Must not be after the problem was found.")
    _check_values(errors, fields)
    errors.raise_if_any("The internal problem cannot be recorded.")


def _check_values(errors: FieldErrors, fields: dict) -> None:
    for name in ("quantity_scrapped", "quantity_reworked"):
        value = fields.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int):
            errors.add(name, "Not a valid integer.")
        else:
            errors.non_negative(name, value)
    loss = fields.get("loss_amount")
    if loss is not None and not isinstance(loss, Decimal):
        errors.add("loss_amount", "Not a valid decimal.")
    else:
        errors.non_negative("loss_amount", loss)
    if "batch_scale" in fields and not isinstance(fields["batch_scale"], bool):
        errors.add("batch_scale", "Not a valid boolean.")
    if "level" in fields:
        errors.choice("level", fields["level"], ProblemLevel)
