"""`qms-<service> migrate-queues`: turn an installation's classic queues into quorum queues, keeping
every message.

A queue's type cannot be changed in place, so each classic queue of the service is emptied into a
temporary quorum queue (`<queue>.migrating`), deleted, declared again as a quorum queue, and refilled.
Each message is published with a confirm before the original is acked: a crash loses nothing, and
running the command again finishes the job (a leftover temporary queue is emptied back first). Run it
with the service's worker stopped; its API may keep running (the outbox holds new events).
"""
from __future__ import annotations

import logging

from amqp import Message
from amqp.exceptions import PreconditionFailed

from . import authenticity
from .broker import QUORUM, broker_user, connect, declare_consumer_topology, declare_queue, service_queues
from .config import Config

log = logging.getLogger(__name__)


def migrate_queues(config: Config, patterns) -> dict[str, str]:
    """Make every queue of the service a quorum queue; return what happened to each."""
    report = {}
    with connect(config) as conn:
        user = broker_user(config.broker_url)
        for name in service_queues(config):
            bound = sorted(set(patterns)) if name == config.queue else []
            report[name] = _migrate(conn, config, name, user, bound)
        channel = conn.connection.channel()
        declare_consumer_topology(channel, config, patterns)
        channel.close()
    return report


def _migrate(conn, config: Config, name: str, user: str, patterns: list[str]) -> str:
    """One queue. While the work queue is swapped, the temporary queue is bound in its place: an event
    published meanwhile waits there (one that reaches both is applied once: the inbox)."""
    temp = f"{name}.migrating"
    if _is_quorum(conn, config, name):
        leftover = _move_if_exists(conn, temp, name, user)
        return "quorum" + (f" (finished an interrupted migration: {leftover} messages)" if leftover else "")
    channel = conn.connection.channel()
    channel.queue_declare(temp, durable=True, auto_delete=False, arguments=dict(QUORUM))
    _bind(channel, config, temp, patterns)
    out = _move(channel, name, temp, user)
    channel.queue_delete(name)
    # a new channel for the new queue: a channel that knew the classic queue keeps treating the name as
    # classic (RabbitMQ 3.10 then closes the connection on the next publish to it)
    channel.close()
    channel = conn.connection.channel()
    declare_queue(channel, config, name)
    _bind(channel, config, name, patterns)
    for pattern in patterns:
        channel.queue_unbind(temp, config.exchange, routing_key=pattern)
    back = _move(channel, temp, name, user)
    channel.queue_delete(temp)
    channel.close()
    log.info("queue migrated to quorum", extra={"queue": name, "messages": back})
    return f"migrated from classic ({out} messages moved, {back} back with those that came meanwhile)"


def _bind(channel, config: Config, queue: str, patterns: list[str]) -> None:
    for pattern in patterns:
        channel.queue_bind(queue, config.exchange, routing_key=pattern)


def _is_quorum(conn, config: Config, name: str) -> bool:
    """Declares the queue as a quorum queue when it does not exist; False when it exists as a classic one."""
    channel = conn.connection.channel()
    try:
        declare_queue(channel, config, name)
    except PreconditionFailed:  # inequivalent arguments: the queue exists as another type
        return False
    channel.close()
    return True


def _move_if_exists(conn, source: str, target: str, user: str) -> int:
    channel = conn.connection.channel()
    try:
        channel.queue_declare(source, passive=True)
    except Exception:  # no leftover queue (the failed passive declare closed that channel)
        return 0
    moved = _move(channel, source, target, user)
    channel.queue_delete(source)
    channel.close()
    return moved


def _move(channel, source: str, target: str, user: str) -> int:
    """Every message of `source` into `target`, each confirmed before its original is acked."""
    moved = 0
    while (message := channel.basic_get(source, no_ack=False)) is not None:
        headers = message.properties.get("application_headers")
        headers = dict(headers) if isinstance(headers, dict) else {}
        # sent as our own user (RabbitMQ allows no other), remembering who published it first
        original = authenticity.publisher_of(message.properties.get("user_id"), headers, user)
        if original is not None:
            headers[authenticity.PUBLISHER_HEADER] = original
        copy = Message(message.body, content_type=message.properties.get("content_type", "application/json"),
                       delivery_mode=2, user_id=user, message_id=message.properties.get("message_id"),
                       application_headers=headers)
        channel.basic_publish_confirm(copy, exchange="", routing_key=target, mandatory=True, confirm_timeout=10)
        channel.basic_ack(message.delivery_tag)
        moved += 1
    return moved
