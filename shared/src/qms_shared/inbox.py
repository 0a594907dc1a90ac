"""Applying events at most once: each event's inbox row and its handler's changes commit together.

Events that are already waiting are applied as a batch in one transaction, each inside its own
savepoint: one commit (one WAL flush) for many events, while an event whose handler fails is rolled
back alone (its inbox row, changes and queued events with it) and goes to the retry path.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from . import authenticity
from . import envelope as envelopes
from . import metrics
from .correlation import correlated
from .topic import matches

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What became of one delivery."""

    kind: str  # applied | duplicate | ignored | failed | poison | forged
    event_type: str = "unknown"
    error: str | None = None


class InboxApplier:
    """Applies envelopes with the service's handlers, recording each event id in the inbox."""

    def __init__(self, *, service: str, uow_factory: Callable, handlers: dict[str, Callable], inbox_table,
                 max_bytes: int = envelopes.MAX_EVENT_BYTES, broker_users: dict | None = None):
        self.service = service
        self.uow_factory = uow_factory
        self.handlers = handlers
        self.inbox = inbox_table
        self.max_bytes = max_bytes
        self.broker_users = broker_users or {}

    def apply_batch(self, bodies: list, publishers: list | None = None) -> list[Outcome]:
        """Apply message bodies in order, in one transaction; one outcome per body.

        A body that is not a valid envelope is `poison` with its reason and never reaches a handler;
        the others of the batch are applied as if it were not there. With `publishers` (the broker user
        that published each body: the consumer passes them), an event its service's user did not
        publish is `forged` (authenticity.py). Without, the caller vouches for the bodies (tests, tools).
        """
        outcomes: list[Outcome | None] = [None] * len(bodies)
        work = []
        for index, body in enumerate(bodies):
            try:
                env = envelopes.parse(body, max_bytes=self.max_bytes)
            except Exception as exc:  # NotAnEvent; parse raises nothing else, but a bad message must never stop us
                outcomes[index] = Outcome("poison", error=f"not an event envelope: {exc}"[:1000])
                continue
            if publishers is not None:
                reason = authenticity.forged(env, publishers[index], self.broker_users, envelopes.utcnow())
                if reason:
                    outcomes[index] = Outcome("forged", env["type"], reason)
                    continue
            handler = self.handler_for(env["type"])
            if handler is None:
                outcomes[index] = Outcome("ignored", env["type"])
            else:
                work.append((index, env, handler))
        if work:
            self._apply_work(work, outcomes)
        return outcomes

    def handler_for(self, event_type: str) -> Callable | None:
        """The handler of the first pattern matching `event_type` (AMQP topic rules)."""
        for pattern, handler in self.handlers.items():
            if matches(pattern, event_type):
                return handler
        return None

    def _apply_work(self, work, outcomes) -> None:
        started = time.perf_counter()
        try:
            with self.uow_factory() as uow:
                for index, env, handler in work:
                    outcomes[index] = self._apply_one(uow, env, handler)
                uow.commit()
        except Exception as exc:  # the commit itself failed: nothing of the batch was applied
            log.exception("event batch could not be committed")
            for index, env, _ in work:
                outcomes[index] = Outcome("failed", env["type"], f"{type(exc).__name__}: {exc}"[:1000])
        elapsed = (time.perf_counter() - started) / len(work)
        for _ in work:
            metrics.EVENT_LATENCY.labels(self.service).observe(elapsed)

    def _apply_one(self, uow, env: dict, handler: Callable) -> Outcome:
        mark = uow.pending_mark()
        with correlated(env.get("correlation_id"), env["id"]):
            savepoint = uow.session.begin_nested()
            try:
                try:
                    with uow.session.begin_nested():
                        uow.session.execute(insert(self.inbox).values(
                            event_id=env["id"], event_type=env["type"], processed_at=envelopes.utcnow()))
                except IntegrityError:
                    savepoint.rollback()
                    return Outcome("duplicate", env["type"])
                handler(env, uow)
                uow.session.flush()
                savepoint.commit()
                return Outcome("applied", env["type"])
            except Exception as exc:
                savepoint.rollback()
                uow.discard_since(mark)
                log.exception("event handler failed", extra={"event_id": env["id"], "type": env["type"]})
                return Outcome("failed", env["type"], f"{type(exc).__name__}: {exc}"[:1000])
