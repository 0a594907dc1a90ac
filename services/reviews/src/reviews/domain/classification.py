"""Regular or special contract (常规合同 / 特殊合同), decided from the lines and facts about the customer."""
from __future__ import annotations

from dataclasses import dataclass, field

from .states import ACCEPTED

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

    @classmethod
    def of(cls, contracts, customer_id: str, codes, excluding=None) -> "CustomerFacts":
        """The facts as the rules define them, from contracts in memory (the repository's query must agree).

        A customer is known while one of its contracts is accepted; a product counts as delivered while a
        contract with a line of it is accepted (an amendment sends that contract back to review, and the
        product stops counting). `excluding` (the contract being amended) never counts for itself.
        """
        accepted = [c for c in contracts if c.status == ACCEPTED and c.id != excluding]
        return cls(new_customer=not any(c.customer_id == customer_id for c in accepted),
                   delivered_products=frozenset(line.product_code for c in accepted for line in c.lines
                                                if line.product_code in set(codes)))


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
