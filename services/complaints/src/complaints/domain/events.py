"""Internal domain events of the complaint aggregate (not the wire format; the catalogue maps them).

Each carries what a notification needs to name the complaint (number, customer, owner department),
so the translator to integration events never has to reload the aggregate.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from qms_shared.domain import DomainEvent


@dataclass(kw_only=True)
class ComplaintEvent(DomainEvent):
    """Fields every complaint event carries."""

    complaint_id: uuid.UUID
    number: str
    customer_id: str
    customer_name: str
    owner_department: str
    status: str
    at: datetime
    by: str


@dataclass(kw_only=True)
class ComplaintReceived(ComplaintEvent):
    """A complaint was registered; its two deadlines start running."""

    category: str
    channel: str
    product_code: str | None
    containment_due_at: datetime
    corrective_action_due_at: datetime


@dataclass(kw_only=True)
class ComplaintContained(ComplaintEvent):
    """The containment action was replied to the customer."""

    action: str
    on_time: bool


@dataclass(kw_only=True)
class ComplaintAnalysed(ComplaintEvent):
    """Root cause, cause category and responsibility were recorded."""

    cause_category: str
    responsibility: str
    responsible_department: str


@dataclass(kw_only=True)
class ActionPlanned(ComplaintEvent):
    """Corrective and preventive actions were approved and replied to the customer."""

    approved_by: str
    responsible_department: str
    on_time: bool


@dataclass(kw_only=True)
class ActionImplemented(ComplaintEvent):
    """The planned actions were carried out; verification is due."""


@dataclass(kw_only=True)
class ComplaintVerified(ComplaintEvent):
    """Verification found the actions effective or not."""

    effective: bool


@dataclass(kw_only=True)
class ComplaintReopened(ComplaintEvent):
    """Actions were not effective: back to containment for a new analysis and plan (重提对策)."""

    reopen_count: int
    corrective_action_due_at: datetime


@dataclass(kw_only=True)
class ComplaintClosed(ComplaintEvent):
    """The complaint is closed, verified effective or explained as the customer's own doing."""

    reason: str
    reopen_count: int


@dataclass(kw_only=True)
class DeadlineExtended(ComplaintEvent):
    """The customer agreed to a later due date."""

    deadline: str
    previous_due_at: datetime
    new_due_at: datetime


@dataclass(kw_only=True)
class DeadlineMissed(ComplaintEvent):
    """A due date passed without the reply (published once per missed due date)."""

    deadline: str
    due_at: datetime
    escalation: str
    responsible_department: str | None


@dataclass(kw_only=True)
class FiguresChanged(ComplaintEvent):
    """Quantities, loss or flags changed; the incident class is recomputed after this."""

    changes: dict = field(default_factory=dict)


@dataclass(kw_only=True)
class IncidentClassified(ComplaintEvent):
    """The quality incident class was set or changed."""

    incident_class: str
    previous_class: str | None
    reasons: list = field(default_factory=list)
    product_code: str | None = None


@dataclass(kw_only=True)
class MajorIncidentRaised(ComplaintEvent):
    """The complaint became a major quality incident: the general manager is told at once."""

    reasons: list = field(default_factory=list)
    product_code: str | None = None
