"""The event consumer: applies each event at most once, retries with growing delays, dead-letters.

The main thread owns the AMQP connection (py-amqp is not thread-safe): it reads deliveries into a
local queue, keeps heartbeats flowing, and acks. Handlers run in order on a helper thread; the
events already waiting are applied as one batch (see inbox.py), each with its inbox row, and acked
after the commit (one `multiple` ack for the batch), so redelivery is harmless: the inbox says the
event was already applied. The main thread sleeps in `select` on the broker's socket and a wake-up
socket the helper thread writes to when a batch is done: no polling, no added latency.
"""
from __future__ import annotations

import collections
import logging
import socket
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

from amqp import Message

from . import envelope as envelopes
from . import metrics
from . import authenticity
from .broker import (CONNECTION_ERRORS, broker_user, connect, declare_consumer_topology, read_available,
                     wait_readable)
from .config import Config
from .inbox import InboxApplier, Outcome

log = logging.getLogger(__name__)
ATTEMPTS_HEADER = "x-qms-attempts"
ERROR_HEADER = "x-qms-error"


class EventConsumer:
    """Consumes `<service>.events` until `stop` is set; reconnects by itself."""

    def __init__(self, *, config: Config, uow_factory: Callable, handlers: dict[str, Callable],
                 tables, stop: threading.Event):
        self.config = config
        self.handlers = handlers
        self.applier = InboxApplier(service=config.service, uow_factory=uow_factory, handlers=handlers,
                                    inbox_table=tables.inbox, max_bytes=config.max_event_bytes,
                                    broker_users=config.broker_users)
        self.user = broker_user(config.broker_url)
        self.stop = stop
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{config.service}-handler")
        self.ready = threading.Event()

    def run(self) -> None:
        """Consume until stopped, surviving broker restarts."""
        backoff = 0.5
        while not self.stop.is_set():
            try:
                self._consume()
                backoff = 0.5
            except CONNECTION_ERRORS as exc:
                log.warning("consumer lost the broker; reconnecting", extra={"error": repr(exc)})
            except Exception:
                log.exception("consumer error; reconnecting")
            self.ready.clear()
            self.stop.wait(backoff)
            backoff = min(backoff * 2, 10)
        self.executor.shutdown(wait=True)

    def _consume(self) -> None:
        with connect(self.config) as conn:
            raw = conn.connection
            channel = raw.channel()
            declare_consumer_topology(channel, self.config, self.handlers.keys())
            channel.basic_qos(0, self.config.prefetch, False)
            publisher = raw.channel()  # put in confirm mode by its first basic_publish_confirm
            waiting: collections.deque = collections.deque()
            tag = channel.basic_consume(self.config.queue, callback=waiting.append)
            self.ready.set()
            log.info("consumer connected", extra={"queue": self.config.queue})
            self._loop(conn, channel, publisher, waiting)
            channel.basic_cancel(tag)

    def _loop(self, conn, channel, publisher, waiting) -> None:
        current: tuple[list[Message], Future] | None = None
        amqp, wake_r, wake_w = conn.connection, *socket.socketpair()
        wake_w.setblocking(False)
        idle = min(0.5, self.config.heartbeat / 4) if self.config.heartbeat else 0.5
        try:
            while True:
                if current is not None and current[1].done():
                    self._settle(channel, publisher, *current)
                    current = None
                if current is None:
                    if self.stop.is_set():
                        return  # unacked prefetched messages go back to the queue on close
                    if waiting:
                        current = self._submit(waiting, wake_w)
                # Read while a batch is applied: what the broker sent meanwhile makes up the next one.
                readable = wait_readable([amqp.sock, wake_r], idle)
                if wake_r in readable:
                    wake_r.recv(64)
                if amqp.sock in readable:
                    read_available(amqp)
                conn.heartbeat_check()
        finally:
            wake_r.close()
            wake_w.close()

    def _submit(self, waiting: collections.deque, wake: socket.socket) -> tuple[list[Message], Future]:
        batch = [waiting.popleft() for _ in range(min(len(waiting), self.config.consumer_batch))]
        future = self.executor.submit(self.applier.apply_batch, [m.body for m in batch],
                                      [self.publisher(m) for m in batch])
        future.add_done_callback(lambda _: _wake(wake))
        return batch, future

    def publisher(self, message: Message) -> str | None:
        """The broker user that published `message` (through our own retries and replays)."""
        return authenticity.publisher_of(message.properties.get("user_id"),
                                         message.properties.get("application_headers"), self.user)

    def apply(self, body: bytes | str) -> Outcome:
        """Apply one event (a batch of one)."""
        return self.applier.apply_batch([body])[0]

    def _settle(self, channel, publisher, batch: list[Message], future: Future) -> None:
        try:
            outcomes = future.result()
        except Exception as exc:  # apply_batch catches what handlers raise; this is a last line of defence
            log.exception("event batch failed as a whole")
            outcomes = [Outcome("failed", error=f"{type(exc).__name__}: {exc}"[:1000]) for _ in batch]
        acked = [self._settle_one(channel, publisher, message, outcome) for message, outcome in zip(batch, outcomes)]
        last = max((n for n, ack in enumerate(acked) if ack), default=None)
        if last is not None:  # tags grow in delivery order: one ack settles the batch (what was rejected is settled)
            channel.basic_ack(batch[last].delivery_tag, multiple=True)

    def _settle_one(self, channel, publisher, message: Message, outcome: Outcome) -> bool:
        """Retry or park one message; True when it is to be acked, False when it was rejected.

        Never raises but for a lost connection (then it is redelivered)."""
        try:
            self._route(publisher, message, outcome)
        except CONNECTION_ERRORS:
            raise
        except Exception:
            # Parking failed (e.g. the dead-letter queue refused it): reject it, and the work queue's
            # dead-letter exchange parks it with the broker's own x-death reason instead.
            log.exception("could not settle an event; rejected to the dead-letter queue")
            channel.basic_reject(message.delivery_tag, requeue=False)
            return False
        return True

    def _route(self, publisher, message: Message, outcome: Outcome) -> None:
        service = self.config.service
        if outcome.kind in ("applied", "duplicate", "ignored"):
            metrics.EVENTS_CONSUMED.labels(service, outcome.event_type, outcome.kind).inc()
        elif outcome.kind in ("poison", "forged"):
            self._dead_letter(publisher, message, outcome.error, 0)
            metrics.EVENTS_FAILED.labels(service, outcome.event_type, "dead").inc()
        else:
            self._retry_or_dead_letter(publisher, message, outcome)

    def attempts_so_far(self, message: Message) -> int:
        """The attempts header clamped to the retry ladder: a missing, foreign or hostile value counts as none."""
        headers = message.properties.get("application_headers") or {}
        raw = headers.get(ATTEMPTS_HEADER, 0) if isinstance(headers, dict) else 0
        if type(raw) is not int:
            try:
                raw = int(str(raw), 10) if len(str(raw)) <= 6 else 0
            except ValueError:
                raw = 0
        return min(max(raw, 0), len(self.config.retry_delays_ms))

    def _retry_or_dead_letter(self, publisher, message: Message, outcome: Outcome) -> None:
        attempts = self.attempts_so_far(message) + 1
        if attempts <= len(self.config.retry_delays_ms):
            self._republish(publisher, message, self.config.retry_queue(attempts),
                            {ATTEMPTS_HEADER: attempts, ERROR_HEADER: outcome.error})
            metrics.EVENTS_FAILED.labels(self.config.service, outcome.event_type, "retried").inc()
            log.warning("event will be retried", extra={"attempt": attempts, "error": outcome.error})
        else:
            self._dead_letter(publisher, message, outcome.error, attempts)
            metrics.EVENTS_FAILED.labels(self.config.service, outcome.event_type, "dead").inc()

    def _dead_letter(self, publisher, message: Message, error: str | None, attempts: int) -> None:
        log.error("event dead-lettered", extra={"error": error, "attempts": attempts})
        self._republish(publisher, message, self.config.dead_letter_queue, {
            ATTEMPTS_HEADER: attempts, ERROR_HEADER: error or "",
            "x-qms-failed-at": envelopes.utcnow().isoformat()})

    def _republish(self, publisher, message: Message, queue: str, extra_headers: dict) -> None:
        headers = message.properties.get("application_headers")
        headers = dict(headers) if isinstance(headers, dict) else {}
        headers.update(extra_headers)
        # sent as our own user (RabbitMQ allows no other), remembering who published it first
        original = self.publisher(message)
        if original is not None:
            headers[authenticity.PUBLISHER_HEADER] = original
        else:
            headers.pop(authenticity.PUBLISHER_HEADER, None)
        copy = Message(message.body, content_type="application/json", delivery_mode=2, user_id=self.user,
                       message_id=message.properties.get("message_id"), application_headers=headers)
        publisher.basic_publish_confirm(copy, exchange="", routing_key=queue, mandatory=True,
                                        confirm_timeout=10)


def _wake(sock: socket.socket) -> None:
    try:
        sock.send(b"!")
    except OSError:  # full (the loop wakes anyway) or closed (the loop is gone)
        pass
