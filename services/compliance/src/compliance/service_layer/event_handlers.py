"""Handlers of the other services' events (run by the consumer, inside its transaction)."""
from __future__ import annotations

from datetime import date, datetime

from qms_shared.envelope import utcnow

from ..domain.interested_party import InterestedPartyRecord
from . import integration_events


def record_environmental_complaint(env: dict, uow) -> None:
    """An environmental (RoHS / hazardous substance) complaint goes into the interested-party log (5.1.3)."""
    data = env.get("data") or {}
    if data.get("category") != "environmental":
        return
    received = _day(data.get("received_at")) or utcnow().date()
    record = InterestedPartyRecord.from_environmental_complaint(
        complaint_id=str(env["subject"]), complaint_number=str(data.get("number") or env["subject"]),
        customer_name=str((data.get("customer") or {}).get("name") or ""),
        description=_describe(data), received_on=received, at=utcnow())
    uow.interested_parties.add(record)
    integration_events.publish(uow, record)


def _describe(data: dict) -> str:
    """The complaint's text, naming the product when the event carries it."""
    product = (data.get("product") or {}).get("code") if isinstance(data.get("product"), dict) else None
    text = str(data.get("description") or "")
    return f"{text} (product {product})" if product else text


def _day(value) -> date | None:
    try:
        return datetime.fromisoformat(value).date() if value else None
    except (TypeError, ValueError):
        return None


EVENT_HANDLERS = {"complaints.complaint.received": record_environmental_complaint}
