"""Builders for the reviews domain's unit tests: a fixed clock, calendar and valid contracts.

A uniquely named module (not conftest) so tests import it without clashing with other services' helpers.
"""
import uuid
from datetime import date, datetime, timedelta, timezone

from qms_shared.domain import Actor
from qms_shared.workdays import WorkCalendar
from reviews.domain.classification import CustomerFacts, classify
from reviews.domain.compliance import KnownRequirement
from reviews.domain.contract import Contract
from reviews.domain.lines import build_lines
from reviews.domain.policy import ReviewPolicy

CST = timezone(timedelta(hours=8))
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=CST)  # a Monday, no holiday nearby
POLICY = ReviewPolicy(calendar=WorkCalendar(), due_days=2)
KNOWN_CUSTOMER = CustomerFacts(new_customer=False, delivered_products=frozenset({"P-100", "P-200"}))


def line(**overrides) -> dict:
    """A valid line input for an already delivered product."""
    item = dict(product_code="P-100", product_name="Carton 5-ply", model="A4", quantity="1000",
                unit_price="2.50", requested_delivery_date=date(2026, 3, 20), new_product=False, modified=False)
    item.update(overrides)
    return item


def requirement(rid="CSR-1", text="No phthalates above 500 ppm", category="environmental") -> KnownRequirement:
    """A customer-specific requirement as the compliance service published it."""
    return KnownRequirement(requirement_id=rid, customer_id="C-1", category=category, text=text,
                            status="communicated", updated_at=T0)


def submit(*, lines=None, facts=KNOWN_CUSTOMER, requirements=None, source="written", statuses=None,
           known=(), policy=POLICY, at=T0) -> Contract:
    """Submit a contract; by default a regular one (known customer, delivered product, no requirements)."""
    built = build_lines(lines or [line()])
    classification = classify(built, facts, requirements, len(known))
    return Contract.submit(id=uuid.uuid4(), number="CT-2026-000001", customer_id="C-1", customer_name="Acme",
                           salesperson="Zhang San", region="East", source=source, currency="CNY",
                           payment_terms="30 days net", requirements=requirements, lines=built,
                           classification=classification, policy=policy, product_statuses=statuses or {},
                           known_requirements=list(known), by="u-sales", at=at)


def special(**kwargs) -> Contract:
    """A special contract: the customer is new."""
    return submit(facts=CustomerFacts(new_customer=True, delivered_products=frozenset({"P-100"})), **kwargs)


def review(contract, department, opinion="approve", comment=None, delivery_date=None, at=None):
    """Record one department's opinion; production gets a delivery date by default."""
    if department == "production" and delivery_date is None and opinion != "reject":
        delivery_date = date(2026, 3, 18)
    return contract.record_review(department=department, opinion=opinion, comment=comment,
                                  delivery_date=delivery_date, reviewer=as_role(department), policy=POLICY,
                                  at=at or T0 + timedelta(hours=1))


def as_role(role: str, department: str | None = None) -> Actor:
    """A user holding one role (and the token's `department` claim when given)."""
    return Actor(id=f"u-{role}", name=role.title(), roles=frozenset({role}), department=department)


def approve_all(contract, skip=()):
    """Approve every pending department, the general manager last."""
    for department in contract.pending_departments():
        if department not in skip and department != "general_manager":
            review(contract, department)
    if "general_manager" in contract.pending_departments() and "general_manager" not in skip:
        review(contract, "general_manager")


def event_types(contract) -> list[str]:
    """Names of the recorded events, in order, forgetting them."""
    return [type(e).__name__ for e in contract.pull_events()]


