"""RabbitMQ connections and the topology of CONTRACT.md: one topic exchange, a queue per service,
one delay queue per retry step (queue-level TTL dead-lettering back to the work queue), a dead-letter queue.

`BROKER_URL` may list several nodes of a cluster, separated by `;` (kombu's failover syntax):
`amqp://u:p@h1:5672//;amqp://u:p@h2:5672//`. A connection tries them in order and takes the first
that answers; every reconnection starts again from the first. All must log in as the same user.
"""
from __future__ import annotations

import select
import socket

import kombu

from .config import Config


def broker_hosts(url: str) -> list[str]:
    """The URLs of a failover list (a plain URL is a list of one)."""
    return [part.strip() for part in url.split(";") if part.strip()]


def _open(url: str, timeout: float, **options) -> kombu.Connection:
    """A connection to the first host of `url` that accepts one (each tried once, without pausing
    between hosts; a single host gets the one retry it always had)."""
    hosts = broker_hosts(url)
    conn = kombu.Connection(hosts, connect_timeout=timeout, failover_strategy="round-robin", **options)
    try:
        conn.ensure_connection(max_retries=max(len(hosts) - 1, 1), interval_start=0 if len(hosts) > 1 else 2)
    except BaseException:
        conn.release()
        raise
    return conn


def connect(config: Config) -> kombu.Connection:
    """An open kombu connection (py-amqp transport) with heartbeats on, to the first host that answers."""
    return _open(config.broker_url, 5, heartbeat=config.heartbeat, transport_options={"confirm_publish": False})


def read_available(amqp) -> None:
    """Read the frames the broker has sent (deliveries, confirms, heartbeats) on a py-amqp connection
    whose socket `select` found readable, never waiting for more.

    py-amqp reads exactly one frame's bytes at a time, so an empty socket means nothing is buffered.
    Never a zero timeout: a non-blocking read makes py-amqp raise EAGAIN and drop a partial frame.
    """
    while True:
        try:
            amqp.blocking_read(timeout=1.0)  # its first byte has arrived; the rest follows at once
        except TimeoutError:
            return  # a partial frame stays buffered in py-amqp until its rest arrives
        if not wait_readable([amqp.sock], 0):
            return


def wait_readable(sockets: list, timeout: float) -> list:
    """The sockets (or file descriptors) of `sockets` that have something to read, waiting up to `timeout` s."""
    return select.select(sockets, [], [], timeout)[0]


def broker_user(url: str) -> str:
    """The user name an AMQP URL (or failover list) logs in as."""
    users = {kombu.Connection(host).userid for host in broker_hosts(url)}
    if len(users) != 1:
        raise ValueError(f"every host of a broker URL must log in as one user, not {sorted(users)}")
    return users.pop()


def broker_reachable(url: str, timeout: float = 1.5) -> str | None:
    """None when an AMQP connection can be opened to one of the hosts, else a short reason."""
    try:
        _open(url, timeout).release()
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
