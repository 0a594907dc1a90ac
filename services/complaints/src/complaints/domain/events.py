"""Internal domain events of the CAPA cycle (not the wire format; the catalogue maps them).

A customer complaint and an internal quality problem record the same events for the same steps; the
translator names them after the aggregate (complaints.complaint.*, complaints.internal_problem.*).
Each carries what a notification needs to name the record (number, customer if any, owner department).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from qms_shared.domain import DomainEvent


@dataclass(kw_only=True)
class CycleEvent(DomainEvent):
    """Fields every event of a complaint or an internal problem carries."""

    subject_id: uuid.UUID
    number: str
    owner_department: str
    status: str
    at: datetime
    by: str
    customer_id: str | None = None
    customer_name: str | None = None


ComplaintEvent = CycleEvent


@dataclass(kw_only=True)
class Received(CycleEvent):
    """A complaint or an internal problem was registered; its two deadlines start running."""

    category: str | None
    channel: str | None
    product_code: str | None
    containment_due_at: datetime
    corrective_action_due_at: datetime


@dataclass(kw_only=True)
class Contained(CycleEvent):
    """The containment action was replied to the customer."""

    action: str
    on_time: bool


@dataclass(kw_only=True)
class Analysed(CycleEvent):
    """Root cause, cause category and responsibility were recorded."""

    cause_category: str
    responsibility: str
    responsible_department: str


@dataclass(kw_only=True)
class ActionPlanned(CycleEvent):
    """Corrective and preventive actions were approved and replied to the customer."""

    approved_by: str
    responsible_department: str
    on_time: bool


@dataclass(kw_only=True)
class ActionImplemented(CycleEvent):
    """The planned actions were carried out; verification is due."""


@dataclass(kw_only=True)
class Verified(CycleEvent):
    """Verification found the actions effective or not."""

    effective: bool


@dataclass(kw_only=True)
class Reopened(CycleEvent):
    """Actions were not effective: back to containment for a new analysis and plan (重提对策)."""

    reopen_count: int
    corrective_action_due_at: datetime


@dataclass(kw_only=True)
class Closed(CycleEvent):
    """The complaint is closed, verified effective or explained as the customer's own doing."""

    reason: str
    reopen_count: int


@dataclass(kw_only=True)
class DeadlineExtended(CycleEvent):
    """The customer agreed to a later due date."""

    deadline: str
    previous_due_at: datetime
    new_due_at: datetime


@dataclass(kw_only=True)
class DeadlineMissed(CycleEvent):
    """A due date passed without the reply (published once per missed due date)."""

    deadline: str
    due_at: datetime
    escalation: str
    escalation_level: int
    escalation_department: str
    responsible_department: str | None


@dataclass(kw_only=True)
class FiguresChanged(CycleEvent):
    """Quantities, loss or flags changed; the incident class is recomputed after this."""

    changes: dict = field(default_factory=dict)


@dataclass(kw_only=True)
class IncidentClassified(CycleEvent):
    """The quality incident class was set or changed."""

    incident_class: str
    previous_class: str | None
    reasons: list = field(default_factory=list)
    product_code: str | None = None


@dataclass(kw_only=True)
class MajorIncidentRaised(CycleEvent):
    """The complaint became a major quality incident: the general manager is told at once."""

    reasons: list = field(default_factory=list)
    product_code: str | None = None


# The complaint's names for the shared steps (what its tests and readers know them by).
ComplaintReceived, ComplaintContained, ComplaintAnalysed = Received, Contained, Analysed
ComplaintVerified, ComplaintReopened, ComplaintClosed = Verified, Reopened, Closed
