"""The event consumer: applies each event at most once, retries with growing delays, dead-letters.

The main thread owns the AMQP connection (py-amqp is not thread-safe): it reads deliveries into a
local queue, keeps heartbeats flowing, and acks. Handlers run one at a time, in order, on a helper
thread, each in one database transaction with its inbox row, so an ack after commit makes
redelivery harmless: the inbox says the event was already applied.
"""
from __future__ import annotations

import collections
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Callable

from amqp import Message
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from . import envelope as envelopes
from . import metrics
from .broker import CONNECTION_ERRORS, connect, declare_consumer_topology
from .config import Config
from .correlation import correlated
from .topic import matches

log = logging.getLogger(__name__)
ATTEMPTS_HEADER = "x-qms-attempts"
ERROR_HEADER = "x-qms-error"


@dataclass
class Outcome:
    """What became of one delivery."""

    kind: str  # applied | duplicate | ignored | failed | poison
    event_type: str = "unknown"
    error: str | None = None


class EventConsumer:
    """Consumes `<service>.events` until `stop` is set; reconnects by itself."""

    def __init__(self, *, config: Config, uow_factory: Callable, handlers: dict[str, Callable],
                 tables, stop: threading.Event):
        self.config = config
        self.uow_factory = uow_factory
        self.handlers = handlers
        self.inbox = tables.inbox
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
        current: tuple[Message, Future] | None = None
        while True:
            if current is not None:
                wait([current[1]], timeout=min(1.0, self.config.heartbeat / 4))
                if current[1].done():
                    self._settle(channel, publisher, *current)
                    current = None
            if current is None:
                if self.stop.is_set():
                    return  # unacked prefetched messages go back to the queue on close
                if waiting:
                    message = waiting.popleft()
                    current = (message, self.executor.submit(self.apply, message.body))
                    continue
            try:
                # never 0: a non-blocking read makes py-amqp raise EAGAIN and drop a partial frame
                conn.drain_events(timeout=0.01 if current is not None else 0.5)
            except TimeoutError:
                pass
            conn.heartbeat_check()

    def apply(self, body: bytes | str) -> Outcome:
        """Apply one event: handler changes and inbox row in one transaction (runs on the helper thread)."""
        try:
            env = envelopes.parse(body)
        except ValueError as exc:
            return Outcome("poison", error=f"not an event envelope: {exc}")
        handler = self._handler_for(env["type"])
        if handler is None:
            return Outcome("ignored", env["type"])
        started = time.perf_counter()
        with correlated(env.get("correlation_id"), env["id"]):
            try:
                outcome = self._apply_once(env, handler)
            except Exception as exc:
                log.exception("event handler failed", extra={"event_id": env["id"], "type": env["type"]})
                return Outcome("failed", env["type"], f"{type(exc).__name__}: {exc}"[:1000])
        metrics.EVENT_LATENCY.labels(self.config.service).observe(time.perf_counter() - started)
        return outcome

    def _apply_once(self, env: dict, handler: Callable) -> Outcome:
        with self.uow_factory() as uow:
            try:
                uow.session.execute(insert(self.inbox).values(
                    event_id=env["id"], event_type=env["type"], processed_at=envelopes.utcnow()))
            except IntegrityError:
                return Outcome("duplicate", env["type"])
            handler(env, uow)
            uow.commit()
        return Outcome("applied", env["type"])

    def _handler_for(self, event_type: str) -> Callable | None:
        for pattern, handler in self.handlers.items():
            if matches(pattern, event_type):
                return handler
        return None

    def _settle(self, channel, publisher, message: Message, future: Future) -> None:
        outcome: Outcome = future.result()
        service = self.config.service
        if outcome.kind in ("applied", "duplicate", "ignored"):
            metrics.EVENTS_CONSUMED.labels(service, outcome.event_type, outcome.kind).inc()
        elif outcome.kind == "poison":
            self._dead_letter(publisher, message, outcome.error, 0)
            metrics.EVENTS_FAILED.labels(service, outcome.event_type, "dead").inc()
        else:
            self._retry_or_dead_letter(publisher, message, outcome)
        channel.basic_ack(message.delivery_tag)

    def _retry_or_dead_letter(self, publisher, message: Message, outcome: Outcome) -> None:
        headers = dict(message.properties.get("application_headers") or {})
        attempts = int(headers.get(ATTEMPTS_HEADER, 0)) + 1
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

    @staticmethod
    def _republish(publisher, message: Message, queue: str, extra_headers: dict) -> None:
        headers = dict(message.properties.get("application_headers") or {})
        headers.update(extra_headers)
        copy = Message(message.body, content_type="application/json", delivery_mode=2,
                       message_id=message.properties.get("message_id"), application_headers=headers)
        publisher.basic_publish_confirm(copy, exchange="", routing_key=queue, mandatory=True,
                                        confirm_timeout=10)
