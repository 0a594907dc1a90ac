"""RabbitMQ connections and the topology of CONTRACT.md: one topic exchange, a queue per service,
one delay queue per retry step (queue-level TTL dead-lettering back to the work queue), a dead-letter queue.
"""
from __future__ import annotations

import socket

import kombu

from .config import Config


def connect(config: Config) -> kombu.Connection:
    """An open kombu connection (py-amqp transport) with heartbeats on."""
    conn = kombu.Connection(config.broker_url, heartbeat=config.heartbeat, connect_timeout=5,
                            transport_options={"confirm_publish": False})
    conn.ensure_connection(max_retries=1)
    return conn


def broker_user(url: str) -> str:
    """The user name an AMQP URL logs in as."""
    return kombu.Connection(url).userid


def broker_reachable(url: str, timeout: float = 1.5) -> str | None:
    """None when an AMQP connection can be opened, else a short reason."""
    try:
        with kombu.Connection(url, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return None
    except Exception as exc:  # any failure means not reachable
        return type(exc).__name__


def declare_exchange(channel, config: Config) -> None:
    """The durable topic exchange every service publishes to."""
    channel.exchange_declare(config.exchange, "topic", durable=True, auto_delete=False)


QUORUM = {"x-queue-type": "quorum"}  # replicated on a cluster, durable, with at-least-once delivery


def queue_arguments(config: Config, name: str) -> dict:
    """The arguments every declaration of one of the service's queues must carry (they must match)."""
    if name == config.queue:
        return {**QUORUM, "x-dead-letter-exchange": "", "x-dead-letter-routing-key": config.dead_letter_queue}
    for step, delay in enumerate(config.retry_delays_ms, start=1):
        if name == config.retry_queue(step):
            return {**QUORUM, "x-message-ttl": int(delay), "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": config.queue}
    return dict(QUORUM)


def service_queues(config: Config) -> list[str]:
    """The service's queues: dead letters first (what the others dead-letter into), then work, retries."""
    return [config.dead_letter_queue, config.queue] + [
        config.retry_queue(step) for step in range(1, len(config.retry_delays_ms) + 1)]


def declare_queue(channel, config: Config, name: str) -> None:
    """Declare one of the service's queues (a quorum queue) with its arguments."""
    channel.queue_declare(name, durable=True, auto_delete=False, arguments=queue_arguments(config, name))


def declare_consumer_topology(channel, config: Config, patterns) -> None:
    """The service's work queue bound to `patterns`, its retry step queues and its dead-letter queue."""
    declare_exchange(channel, config)
    for name in service_queues(config):
        declare_queue(channel, config, name)
    for pattern in sorted(set(patterns)):
        channel.queue_bind(config.queue, config.exchange, routing_key=pattern)


CONNECTION_ERRORS = (OSError, socket.timeout, ConnectionError) + tuple(
    kombu.Connection("amqp://").connection_errors) + tuple(kombu.Connection("amqp://").channel_errors)
