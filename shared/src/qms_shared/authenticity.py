"""Who may publish what: an event counts only when the broker user that published it is its service's.

Every service connects to RabbitMQ as a user of its own and stamps each message with the AMQP
`user_id` property; RabbitMQ refuses a `user_id` that is not the connection's user, so it cannot be
forged. A consumer accepts an event only when that user is the one of the service named by the
type's prefix, which must also be the envelope's `source`; and when the event does not claim to
have happened in the future. Anything else is parked as forged, and no handler sees it.

A message the consumer itself sends back to its queues (a retry, a replayed dead letter) carries
the consumer's own user and keeps the original publisher in `x-qms-publisher`: only the service's
own user can send such a message, so the header is trusted only then.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from . import envelope as envelopes

PUBLISHER_HEADER = "x-qms-publisher"
FUTURE_LEEWAY = timedelta(minutes=5)


def expected_user(service: str, broker_users: dict) -> str:
    """The broker user whose messages speak for `service` (the service's own name unless configured)."""
    return broker_users.get(service, service)


def publisher_of(user_id, headers, own_user: str) -> str | None:
    """The user that first published a message, as far as it can be trusted."""
    if user_id == own_user and isinstance(headers, dict) and isinstance(headers.get(PUBLISHER_HEADER), str):
        return headers[PUBLISHER_HEADER]
    return user_id if isinstance(user_id, str) else None


def forged(env: dict, publisher: str | None, broker_users: dict, now: datetime) -> str | None:
    """Why the event cannot be accepted from `publisher`, or None when it can."""
    service = env["type"].split(".", 1)[0]
    if env["source"] != service:
        return f"forged: source {env['source']!r} does not own {env['type']!r}"
    if publisher is None:
        return "forged: the message names no publishing user (user_id)"
    if publisher != expected_user(service, broker_users):
        return f"forged: user {publisher!r} may not publish {service} events"
    if envelopes.occurred_at(env) > now + FUTURE_LEEWAY:
        return f"forged: occurred_at {env['occurred_at']} is in the future"
    return None
