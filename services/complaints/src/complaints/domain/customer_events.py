"""Internal domain events of the customer archive (客户档案); each carries the customer's id and name."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from qms_shared.domain import DomainEvent


@dataclass(kw_only=True)
class CustomerEvent(DomainEvent):
    """Fields every customer event carries."""

    customer_id: str
    name: str
    at: datetime
    by: str


@dataclass(kw_only=True)
class CustomerRegistered(CustomerEvent):
    """A customer entered the archive: by hand, by an import, or named first by a complaint, praise or survey."""

    source: str
    to_complete: bool
    grade: str | None = None


@dataclass(kw_only=True)
class CustomerUpdated(CustomerEvent):
    """Fields of the archive changed (`fields` names them; contact data is never on the wire)."""

    fields: list = field(default_factory=list)
    to_complete: bool = False


@dataclass(kw_only=True)
class GradeChanged(CustomerEvent):
    """The customer's grade (A/B/C/D, 004 客户服务管理办法 第四条) changed."""

    grade: str | None
    previous_grade: str | None
    reason: str


@dataclass(kw_only=True)
class PurchasesRecorded(CustomerEvent):
    """A year's purchase figures were recorded or corrected."""

    year: int
    quantity: Decimal
    unit: str
    revenue: Decimal


@dataclass(kw_only=True)
class VisitRecorded(CustomerEvent):
    """A follow-up visit (回访) was made; the next one is planned."""

    visited_on: date
    channel: str
    next_visit_due_on: date | None


@dataclass(kw_only=True)
class VisitOverdue(CustomerEvent):
    """The planned follow-up visit is past due: sales' head first, then the general manager."""

    due_on: date
    escalation: str
    escalation_level: int
    escalation_department: str
    account_manager: str | None
    deputy: str | None
