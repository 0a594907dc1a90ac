"""Regular or special contract (常规合同 / 特殊合同), decided from the lines and facts about the customer."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .states import ACCEPTED

REGULAR = "regular"
SPECIAL = "special"

NEW_PRODUCT = "new_product"
NEVER_DELIVERED = "product_never_delivered"
MODIFIED_PRODUCT = "modified_product"
NEW_CUSTOMER = "new_customer"
CUSTOMER_REQUIREMENTS = "customer_requirements"


CONTRACT = "contract"
IMPORT = "import"
ARCHIVE = "customer_archive"
KNOWN_CUSTOMER = "known_customer"
DELIVERED_BEFORE = "delivered_before"


@dataclass(frozen=True)
class Evidence:
    """The record a fact comes from: an accepted contract, an imported delivery, or the customer archive."""

    source: str
    document: str | None = None  # the contract's number, or the delivery's source document
    line: int | None = None
    delivered_on: date | None = None

    def as_dict(self) -> dict:
        """The evidence as JSON-friendly values, without what it does not have."""
        values = {"source": self.source, "document": self.document, "line": self.line,
                  "delivered_on": self.delivered_on.isoformat() if self.delivered_on else None}
        return {name: value for name, value in values.items() if value is not None}

    def describe(self) -> str:
        """How a person reads it: `contract CT-2026-000001`, `import DN-8812 line 3`."""
        if self.source == CONTRACT:
            return f"contract {self.document}, accepted"
        if self.source == IMPORT:
            return f"import {self.document} line {self.line}"
        return "the customer archive of the complaints service"

    def dated(self) -> str:
        """` on <day>` when the record has a delivery date."""
        return f" on {self.delivered_on.isoformat()}" if self.delivered_on else ""


def _contract_evidence(contracts) -> Evidence | None:
    numbers = [c.number for c in contracts]
    return Evidence(CONTRACT, max(numbers)) if numbers else None


def _delivery_evidence(deliveries) -> Evidence | None:
    latest = max(deliveries, key=lambda d: (d.delivered_on, d.source_document, d.line), default=None)
    return None if latest is None else Evidence(IMPORT, latest.source_document, latest.line, latest.delivered_on)


@dataclass(frozen=True)
class CustomerFacts:
    """What the service knows: is the customer new, which products were delivered before, and from what."""

    new_customer: bool
    delivered_products: frozenset[str] = field(default_factory=frozenset)
    customer_evidence: Evidence | None = None
    product_evidence: dict = field(default_factory=dict, hash=False)  # product code -> Evidence

    @classmethod
    def of(cls, contracts, customer_id: str, codes, excluding=None, *, deliveries=(),
           known_customers=()) -> "CustomerFacts":
        """The facts as the rules define them, from records in memory (the repository's query must agree).

        A customer is known while one of its contracts is accepted, once a delivery to it was imported, or
        when the customer archive (complaints service) knows it; a product counts as delivered while a
        contract with a line of it is accepted (an amendment sends that contract back to review, and the
        product stops counting), or once a delivery of it was imported. `excluding` (the contract being
        amended) never counts for itself. The evidence named is the latest accepted contract (by number),
        else the latest imported delivery (by day, then document and line), else the archive.
        """
        accepted = [c for c in contracts if c.status == ACCEPTED and c.id != excluding]
        return cls.from_evidence(
            customer=(_contract_evidence(c for c in accepted if c.customer_id == customer_id),
                      _delivery_evidence(d for d in deliveries if d.customer_id == customer_id),
                      Evidence(ARCHIVE) if customer_id in set(known_customers) else None),
            products={code: (_contract_evidence(c for c in accepted if code in {line.product_code for line in c.lines}),
                             _delivery_evidence(d for d in deliveries if d.product_code == code))
                      for code in set(codes)})

    @classmethod
    def from_evidence(cls, *, customer, products: dict) -> "CustomerFacts":
        """The facts from the candidates of each source, in the rule's order (contract, import, archive):
        the first one found is the evidence; none found, the customer is new or the product never delivered."""
        known = next((e for e in customer if e is not None), None)
        delivered = {code: found for code, candidates in sorted(products.items())
                     if (found := next((e for e in candidates if e is not None), None)) is not None}
        return cls(new_customer=known is None, delivered_products=frozenset(delivered),
                   customer_evidence=known, product_evidence=delivered)


@dataclass(frozen=True)
class Classification:
    """The type and the reasons for it, each reason a dict with `code` and optional `product_code`."""

    type: str
    reasons: tuple[dict, ...]
    history: tuple[dict, ...] = ()  # the records the facts came from (known customer, delivered before)


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
    return Classification(SPECIAL if reasons else REGULAR, tuple(reasons), history_used(lines, facts))


def history_used(lines, facts: CustomerFacts) -> tuple[dict, ...]:
    """The records that made the customer known and the lines' products delivered before, each with its text,
    e.g. "delivered before: P-100 on 2025-03-02 (import DN-8812 line 3)"."""
    used = []
    if not facts.new_customer and facts.customer_evidence is not None:
        evidence = facts.customer_evidence
        used.append({"code": KNOWN_CUSTOMER, **evidence.as_dict(),
                     "text": f"known customer{': delivered' + evidence.dated() if evidence.dated() else ''} "
                             f"({evidence.describe()})"})
    for code in dict.fromkeys(line.product_code for line in lines if not line.new_product):
        evidence = facts.product_evidence.get(code)
        if evidence is not None:
            used.append({"code": DELIVERED_BEFORE, "product_code": code, **evidence.as_dict(),
                         "text": f"delivered before: {code}{evidence.dated()} ({evidence.describe()})"})
    return tuple(used)
