"""Operator tools for `<service>.events.dead`: list what failed and why, replay it to the work queue."""
from __future__ import annotations

import orjson
from typing import Iterator

from amqp import Message

from .authenticity import PUBLISHER_HEADER
from .broker import broker_user, connect, declare_exchange, declare_queue
from .config import Config
from .consumer import ATTEMPTS_HEADER, ERROR_HEADER


def _drain(channel, queue: str) -> Iterator[Message]:
    while True:
        message = channel.basic_get(queue, no_ack=False)
        if message is None:
            return
        yield message


def describe(message: Message) -> dict:
    """A dead letter as an operator wants to read it."""
    headers = message.properties.get("application_headers") or {}
    try:  # a parked message may be anything a sender put on the wire
        env = orjson.loads(message.body)
        summary = {"id": env.get("id"), "type": env.get("type"), "subject": env.get("subject")}
    except Exception:
        summary = {"id": message.properties.get("message_id"), "type": None, "subject": None}
    return {**summary, "attempts": headers.get(ATTEMPTS_HEADER), "error": headers.get(ERROR_HEADER),
            "failed_at": headers.get("x-qms-failed-at")}


def list_dead_letters(config: Config) -> list[dict]:
    """Every dead letter, left in the queue (read without ack, then returned on close)."""
    with connect(config) as conn:
        channel = conn.connection.channel()
        declare_queue(channel, config, config.dead_letter_queue)
        found = [describe(m) for m in _drain(channel, config.dead_letter_queue)]
        channel.close()
    return found


def replay(config: Config, ids: set[str] | None = None) -> int:
    """Send dead letters (all, or those whose event id is in `ids`) back to the work queue."""
    count = 0
    with connect(config) as conn:
        channel = conn.connection.channel()
        declare_exchange(channel, config)
        declare_queue(channel, config, config.dead_letter_queue)
        for message in list(_drain(channel, config.dead_letter_queue)):
            if ids is not None and describe(message)["id"] not in ids:
                continue
            headers = dict(message.properties.get("application_headers") or {})
            user_id = message.properties.get("user_id")
            if PUBLISHER_HEADER not in headers and isinstance(user_id, str):  # parked by the broker itself
                headers[PUBLISHER_HEADER] = user_id
            headers[ATTEMPTS_HEADER] = 0
            headers["x-qms-replayed"] = True
            # sent as the service's own user; the first publisher stays in x-qms-publisher (authenticity.py)
            copy = Message(message.body, content_type="application/json", delivery_mode=2,
                           user_id=broker_user(config.broker_url),
                           message_id=message.properties.get("message_id"), application_headers=headers)
            channel.basic_publish_confirm(copy, exchange="", routing_key=config.queue, confirm_timeout=10)
            channel.basic_ack(message.delivery_tag)
            count += 1
        channel.close()
    return count
