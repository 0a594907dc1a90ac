"""The compliance service's news kept for the management review (no commit: the consumer commits).

compliance.product.status_changed gives a product's status; compliance.nonconformance.* (opened,
action_planned, closed) a nonconformance's state. Both go into a read model of this service's own.
"""
from __future__ import annotations

from datetime import date, datetime

from qms_shared.topic import matches

from ..domain.compliance_status import NonconformanceNote, ProductStatusNote

PRODUCT_STATUS = "compliance.product.status_changed"
NONCONFORMANCES = "compliance.nonconformance.*"


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def on_product_status_changed(env: dict, uow) -> None:
    """Keep the product's latest status."""
    data = env["data"]
    uow.compliance_status.note_product(ProductStatusNote(
        product_id=str(env["subject"]), code=data["code"], name=data.get("name") or data["code"],
        status=data["status"], evaluated_at=_moment(data.get("evaluated_at") or env["occurred_at"])),
        noted_at=_moment(env["occurred_at"]))


def on_nonconformance_changed(env: dict, uow) -> None:
    """Keep the nonconformance's latest state (one that names no product and status says nothing to keep)."""
    data = env.get("data") or {}
    if not all(data.get(name) for name in ("number", "product_code", "status")):
        return
    due = data.get("action_due_on")
    uow.compliance_status.note_nonconformance(NonconformanceNote(
        number=data["number"], product_code=data["product_code"], owner_department=data.get("owner_department") or "",
        status=data["status"], description=data.get("description") or "", occurred_at=_moment(env["occurred_at"]),
        action_due_on=date.fromisoformat(due) if due else None))


READ_MODEL = {PRODUCT_STATUS: on_product_status_changed, NONCONFORMANCES: on_nonconformance_changed}


def _both(first, second):
    def handle(env: dict, uow) -> None:
        first(env, uow)
        second(env, uow)
    handle.__doc__ = f"{first.__doc__} Then: {second.__doc__}"
    return handle


def with_compliance_status(handlers: dict) -> dict:
    """`handlers` plus the read model's; an event type both want runs both (the given handler first).

    The consumer takes the first pattern that matches an event, so the given (more specific) patterns stay first.
    """
    combined = {}
    for pattern, handler in handlers.items():
        mine = next((h for p, h in READ_MODEL.items() if matches(p, pattern)), None)
        combined[pattern] = handler if mine is None else _both(handler, mine)
    return {**combined, **{p: h for p, h in READ_MODEL.items() if p not in combined}}
