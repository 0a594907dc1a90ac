"""Regular or special contract (常规合同 / 特殊合同), decided from the lines and facts about the customer."""
from __future__ import annotations

from dataclasses import dataclass, field

REGULAR = "regular"
SPECIAL = "special"

NEW_PRODUCT = "new_product"
NEVER_DELIVERED = "product_never_delivered"
MODIFIED_PRODUCT = "modified_product"
NEW_CUSTOMER = "new_customer"
CUSTOMER_REQUIREMENTS = "customer_requirements"


@dataclass(frozen=True)
class CustomerFacts:
    """What the service's own records say: is the customer new, which products were delivered before."""

    new_customer: bool
    delivered_products: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Classification:
    """The type and the reasons for it, each reason a dict with `code` and optional `product_code`."""

    type: str
    reasons: tuple[dict, ...]


def classify(lines, facts: CustomerFacts, requirements: str | None, known_requirement_count: int = 0) -> Classification:
    """Special when any line is new, modified or never delivered, the customer is new, or it has requirements."""
    reasons: list[dict] = []
    for line in lines:
        if line.new_product:
            reasons.append({"code": NEW_PRODUCT, "product_code": line.product_code})
        elif line.product_code not in facts.delivered_products:
            reasons.append({"code": NEVER_DELIVERED, "product_code": line.product_code})
        if line.modified:
            reasons.append({"code": MODIFIED_PRODUCT, "product_code": line.product_code})
    if facts.new_customer:
        reasons.append({"code": NEW_CUSTOMER})
    if (requirements or "").strip() or known_requirement_count:
        reasons.append({"code": CUSTOMER_REQUIREMENTS})
    return Classification(SPECIAL if reasons else REGULAR, tuple(reasons))
