"""The service's own copy of what the compliance service said, and the contract checklist it feeds."""
from __future__ import annotations

import uuid
from datetime import datetime

from qms_shared.domain import Aggregate

COMPLIANT = "compliant"
PARTIALLY_COMPLIANT = "partially_compliant"
NON_COMPLIANT = "non_compliant"
UNKNOWN = "unknown"
PRODUCT_STATUSES = (COMPLIANT, PARTIALLY_COMPLIANT, NON_COMPLIANT)

CLEAR = "clear"
HOLD = "hold"


class ProductCompliance(Aggregate):
    """Latest evaluation result of one product, as the compliance service published it."""

    def __init__(self, *, product_code: str, status: str, evaluated_at: datetime, product_id: str | None = None):
        self.product_code = product_code
        self.product_id = product_id
        self.status = status
        self.evaluated_at = evaluated_at
        self.version = 1

    def update(self, status: str, evaluated_at: datetime) -> bool:
        """Take a newer result; an older one delivered late is ignored. True when the status changed."""
        if evaluated_at < self.evaluated_at:
            return False
        changed = status != self.status
        self.status = status
        self.evaluated_at = evaluated_at
        self.version += 1
        return changed


class KnownRequirement(Aggregate):
    """A customer-specific requirement (顾客特殊要求) as the compliance service published it."""

    def __init__(self, *, requirement_id: str, customer_id: str, category: str, text: str, status: str,
                 updated_at: datetime):
        self.requirement_id = requirement_id
        self.customer_id = customer_id
        self.category = category
        self.text = text
        self.status = status
        self.updated_at = updated_at
        self.version = 1

    def update(self, *, category: str, text: str, status: str, updated_at: datetime) -> bool:
        """Take a newer version of the requirement; True when its wording changed."""
        if updated_at < self.updated_at:
            return False
        changed = (category, text) != (self.category, self.text)
        self.category, self.text, self.status, self.updated_at = category, text, status, updated_at
        self.version += 1
        return changed


class ChecklistItem:
    """A customer requirement quality must acknowledge before the contract can be accepted."""

    def __init__(self, *, id: uuid.UUID, requirement_id: str, category: str, text: str):
        self.id = id
        self.requirement_id = requirement_id
        self.category = category
        self.text = text
        self.acknowledged_by: str | None = None
        self.acknowledged_at: datetime | None = None

    @property
    def acknowledged(self) -> bool:
        """True once quality acknowledged the current wording."""
        return self.acknowledged_at is not None


def contract_compliance_status(product_statuses: dict[str, str], waived_products) -> str:
    """`hold` if any unwaived product is non-compliant, else `unknown` if any is unknown, else `clear`."""
    waived = set(waived_products or ())
    statuses = product_statuses.items()
    if any(status == NON_COMPLIANT and code not in waived for code, status in statuses):
        return HOLD
    if any(status == UNKNOWN for _, status in statuses):
        return UNKNOWN
    return CLEAR


def non_compliant_products(product_statuses: dict[str, str]) -> list[str]:
    """Codes of the non-compliant products, sorted."""
    return sorted(code for code, status in product_statuses.items() if status == NON_COMPLIANT)
