"""Domain events -> the integration events other services see (built explicitly, see catalogue.json)."""
from __future__ import annotations

from ..domain.events import DeliveryFailed, DeliverySent

SENT = "notifications.delivery.sent"
FAILED = "notifications.delivery.failed"


def _id(value) -> str | None:
    return None if value is None else str(value)


def to_integration(event, delivery) -> tuple[str, str, dict] | None:
    """(type, subject, data) to publish for a domain event, or None for internal-only events."""
    base = {"delivery_id": str(delivery.id), "event_id": _id(delivery.event_id),
            "event_type": delivery.event_type, "recipient_id": _id(delivery.recipient_id),
            "channel": delivery.channel}
    if isinstance(event, DeliverySent):
        return SENT, str(delivery.id), {**base, "attempts": event.attempts,
                                        "sent_at": event.sent_at.isoformat()}
    if isinstance(event, DeliveryFailed):
        return FAILED, str(delivery.id), {**base, "status": event.status, "attempts": event.attempts,
                                          "error": event.error, "failed_at": event.failed_at.isoformat()}
    return None


def publish_events(uow, delivery) -> None:
    """Publish what a delivery's recorded events mean to the outside, and forget them."""
    for event in delivery.pull_events():
        message = to_integration(event, delivery)
        if message is not None:
            uow.publish(*message)
