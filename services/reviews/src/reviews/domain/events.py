"""Internal domain events of the reviews service (not the wire format; the catalogue maps them)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from qms_shared.domain import DomainEvent


@dataclass
class ContractEvent(DomainEvent):
    """Fields every contract event carries so a notification can name the contract and its people."""

    contract_id: uuid.UUID
    number: str
    customer_name: str
    salesperson: str
    revision: int


@dataclass
class ContractSubmitted(ContractEvent):
    """A contract was registered and sent for review."""

    type: str = "regular"
    type_reasons: list = field(default_factory=list)
    required_departments: list = field(default_factory=list)
    source: str = "written"


@dataclass
class ReviewRequested(ContractEvent):
    """Departments were asked, together, to review a revision by one due date (one event, not one each)."""

    departments: list = field(default_factory=list)
    due_at: datetime | None = None


@dataclass
class ReviewRecorded(ContractEvent):
    """A department gave its opinion."""

    department: str = ""
    opinion: str = ""
    comment: str | None = None
    reviewer: str = ""
    delivery_date: date | None = None
    delivery_late: bool = False


@dataclass
class ReviewOverdue(ContractEvent):
    """A department review passed its due date without an opinion (published once per review)."""

    department: str = ""
    due_at: datetime | None = None


@dataclass
class ContractReadyForDecision(ContractEvent):
    """Every required department has reviewed; `decider` is who must now decide."""

    decider: str = "sales"
    rejected_by: list = field(default_factory=list)
    blockers: list = field(default_factory=list)


@dataclass
class ContractDecided(ContractEvent):
    """An outcome was decided: accepted, needs_customer or rejected."""

    outcome: str = ""
    reason: str | None = None
    decided_by: str = ""
    overruled_departments: list = field(default_factory=list)


@dataclass
class ProductionOrderIssued(ContractEvent):
    """The production order (生产单) for an accepted revision went to production (001 §5.2.6)."""

    production_order_number: str = ""
    lines: list = field(default_factory=list)
    delivery_date: date | None = None


@dataclass
class ContractAmended(ContractEvent):
    """A change created a new revision that the listed departments review again."""

    reason: str = ""
    changed: list = field(default_factory=list)
    re_review_departments: list = field(default_factory=list)
    type: str = "regular"


@dataclass
class OralOrderConfirmed(ContractEvent):
    """The customer confirmed an oral order (002 §4.2.2)."""

    confirmed_by: str = ""


@dataclass
class ComplianceHoldPlaced(ContractEvent):
    """A non-compliant product put the contract on compliance hold."""

    product_codes: list = field(default_factory=list)


@dataclass
class ComplianceHoldLifted(ContractEvent):
    """No unwaived non-compliant product is left; `waived` tells whether a waiver lifted it."""

    waived: bool = False


@dataclass
class ComplianceWaived(ContractEvent):
    """Quality accepted the non-compliant products of this contract, with a reason."""

    reason: str = ""
    product_codes: list = field(default_factory=list)
    waived_by: str = ""


@dataclass
class ChecklistItemAcknowledged(ContractEvent):
    """Quality acknowledged a customer-specific requirement on the contract's checklist."""

    item_id: uuid.UUID | None = None
    requirement_id: str = ""
    acknowledged_by: str = ""


@dataclass
class SampleSent(DomainEvent):
    """A sample was sent to a customer (样品发送登记表)."""

    sample_id: uuid.UUID
    customer_name: str
    sample_name: str
    quantity: int
    sent_on: date
    salesperson: str


@dataclass
class SampleResultRecorded(DomainEvent):
    """The customer's verdict on a sample was recorded."""

    sample_id: uuid.UUID
    customer_name: str
    sample_name: str
    result: str


@dataclass
class CustomerPropertyReceived(DomainEvent):
    """Customer property (drawings, samples, tooling) was received (客户财产登记表)."""

    property_id: uuid.UUID
    customer_name: str
    name: str
    quantity: int
    received_on: date


@dataclass
class CustomerPropertyIssueReported(DomainEvent):
    """Customer property was lost, damaged or found unsuitable: the customer must be told (001 §5.1c)."""

    property_id: uuid.UUID
    customer_name: str
    name: str
    issue: str
    note: str
