"""Handlers of other services' events (run by the consumer, inside its transaction; no commit).

The service keeps its own copy of each product's latest result and of customer requirements, and
applies changes to the open contracts they concern. Field names are read leniently (`code` or
`product_code`, `customer_id` or `customer.id`) so a compliance payload that adds fields keeps working.
From the customer archive (complaints service) it keeps who is an existing customer.
"""
from __future__ import annotations

from datetime import datetime

from ..domain.compliance import PRODUCT_STATUSES, KnownRequirement, ProductCompliance
from ..domain.customers import KnownCustomer
from .integration_events import publish_contract


def on_product_result(env: dict, uow) -> None:
    """A product was evaluated or changed status: update the copy, then hold or release open contracts."""
    data = env["data"]
    code = data.get("code") or data.get("product_code")
    status = data.get("status")
    if not code or status not in PRODUCT_STATUSES:
        return  # not a result this service can use (e.g. a product registered, not yet evaluated)
    at = _time(data.get("evaluated_at") or data.get("at") or env["occurred_at"])
    uow.compliance.lock(products=[code])
    copy = uow.compliance.product(code)
    if copy is None:
        uow.compliance.add(ProductCompliance(product_code=code, status=status, evaluated_at=at,
                                             product_id=str(data.get("product_id") or env["subject"])))
    elif not copy.update(status, at):
        return
    for contract in uow.contracts.open_with_product(code):
        contract.apply_product_status(product_code=code, status=status, at=_time(env["occurred_at"]))
        publish_contract(uow, contract)


def on_customer_requirement(env: dict, uow) -> None:
    """A customer requirement was added or changed: update the copy and the open contracts' checklists."""
    data = env["data"]
    customer = data.get("customer") or {}
    customer_id = data.get("customer_id") or customer.get("id")
    text = data.get("text")
    if not customer_id or not text:
        return
    requirement_id = str(data.get("requirement_id") or data.get("id") or env["subject"])
    at = _time(data.get("at") or data.get("updated_at") or env["occurred_at"])
    fields = dict(category=data.get("category") or "other", text=text, status=data.get("status") or "identified")
    uow.compliance.lock(customer=customer_id)
    copy = uow.compliance.requirement(requirement_id)
    if copy is None:
        uow.compliance.add(KnownRequirement(requirement_id=requirement_id, customer_id=customer_id,
                                            updated_at=at, **fields))
    elif not copy.update(updated_at=at, **fields):
        return
    known = uow.compliance.requirements_of(customer_id)
    for contract in uow.contracts.open_for_customer(customer_id):
        if contract.sync_requirements(known, at):
            publish_contract(uow, contract)


def on_customer(env: dict, uow) -> None:
    """A customer of the archive was created or changed: it is an existing customer from now on.

    Reads only `id` and `name` of `data` (any other field is the archive's business); an announcement
    without them is not one this service can use. Applying it twice, or an older one late, changes nothing.
    """
    data = env["data"]
    customer_id, name = data.get("id"), data.get("name")
    if not isinstance(customer_id, str) or not 0 < len(customer_id.strip()) <= 100 or not isinstance(name, str):
        return  # not an id this service can keep (ids are at most 100 characters, as on contracts)
    customer_id, at = customer_id.strip(), _time(env["occurred_at"])
    uow.customers.lock(customer_id)
    known = uow.customers.get(customer_id)
    if known is None:
        uow.customers.add(KnownCustomer(customer_id=customer_id, name=name.strip()[:200], updated_at=at))
    else:
        known.update(name=name.strip()[:200], updated_at=at)


def _time(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


EVENT_HANDLERS = {
    "compliance.product.*": on_product_result,
    "compliance.customer_requirement.*": on_customer_requirement,
    "complaints.customer.*": on_customer,
}
