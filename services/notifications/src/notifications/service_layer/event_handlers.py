"""Handlers of the other services' events (run by the consumer, inside its transaction)."""
from __future__ import annotations

from qms_shared.envelope import utcnow

from ..domain.skeleton import ReceivedEvent


def record_event(env: dict, uow) -> None:
    """Keep a record of the event: what arrived, from whom, about what."""
    uow.received_events.add(ReceivedEvent(
        event_id=env["id"], type=env["type"], source=env["source"], subject=env["subject"],
        correlation_id=env["correlation_id"], occurred_at=env["occurred_at"], received_at=utcnow()))


EVENT_HANDLERS = {"complaints.complaint.received": record_event}
