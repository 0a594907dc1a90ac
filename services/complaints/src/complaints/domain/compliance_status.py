"""What the complaints service knows of compliance (for the management review), from the compliance
service's events: each product's latest status and each nonconformance's state. A read model: the
compliance service decides; here only the latest news is kept, an older event never overwrites a newer one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

PRODUCT_STATUSES = ("compliant", "partially_compliant", "non_compliant")
NONCONFORMANCE_STATUSES = ("open", "action_planned", "closed")


@dataclass(frozen=True)
class ProductStatusNote:
    """A product's status after an evaluation (compliance.product.status_changed)."""

    product_id: str
    code: str
    name: str
    status: str
    evaluated_at: datetime


@dataclass(frozen=True)
class NonconformanceNote:
    """A nonconformance as an event showed it (compliance.nonconformance.*), at `occurred_at`."""

    number: str
    product_code: str
    owner_department: str
    status: str
    description: str
    occurred_at: datetime
    action_due_on: date | None = None


@dataclass(frozen=True)
class ComplianceStatus:
    """The review's compliance section: products by status, nonconformances by status, the open ones."""

    products: dict[str, int]
    nonconformances: dict[str, int]
    open_nonconformances: list
    non_compliant_products: list
    last_news_at: datetime | None


def is_open(status: str) -> bool:
    """A nonconformance still to be closed."""
    return status != "closed"


def overdue(action_due_on: date | None, status: str, today: date) -> bool:
    """An open nonconformance whose corrective action was due before `today`."""
    return is_open(status) and action_due_on is not None and action_due_on < today
