"""Applying events at most once: each event's inbox row and its handler's changes commit together.

Events that are already waiting are applied as a batch in one transaction: one statement records the
whole batch in the inbox (`INSERT ... ON CONFLICT DO NOTHING RETURNING event_id`: what comes back is
new, the rest are duplicates), the handlers run, and one commit (one WAL flush) applies them all.
Only when a handler fails (or the commit does) is the batch rolled back and applied again with a
savepoint per event, without the handler that failed: it goes to the retry path alone, its inbox
row, changes and queued events with it, and the others commit once.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
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
        # many rows in one statement (insertmanyvalues); RETURNING names the events not applied before
        self.record_new = pg_insert(inbox_table).on_conflict_do_nothing(
            index_elements=[inbox_table.c.event_id]).returning(inbox_table.c.event_id)
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
            failed = self._apply_together(work, outcomes)
            if failed is not None:  # a handler failed: the others again, a savepoint each, without it
                self._apply_apart(work, outcomes, skip=failed)
        except Exception as exc:  # the commit itself failed: nothing of the batch was applied
            log.exception("event batch could not be committed")
            for index, env, _ in work:
                outcomes[index] = Outcome("failed", env["type"], f"{type(exc).__name__}: {exc}"[:1000])
        elapsed = (time.perf_counter() - started) / len(work)
        for _ in work:
            metrics.EVENT_LATENCY.labels(self.service).observe(elapsed)

    def _apply_together(self, work, outcomes) -> int | None:
        """The batch in one transaction, no savepoint; None once committed, else (nothing committed) the
        position in `work` of the handler that failed, or -1 when the inbox insert or the commit failed."""
        try:
            with self.uow_factory() as uow:
                new, seen = self._record(uow, work), set()
                for position, (index, env, handler) in enumerate(work):
                    if env["id"] not in new or env["id"] in seen:
                        outcomes[index] = Outcome("duplicate", env["type"])
                        continue
                    seen.add(env["id"])
                    with correlated(env.get("correlation_id"), env["id"]):
                        try:
                            handler(env, uow)
                        except Exception as exc:
                            log.exception("event handler failed", extra={"event_id": env["id"], "type": env["type"]})
                            outcomes[index] = Outcome("failed", env["type"], f"{type(exc).__name__}: {exc}"[:1000])
                            return position
                    outcomes[index] = Outcome("applied", env["type"])
                uow.commit()
                return None
        except Exception:  # e.g. a row of one handler refused at flush: find it, event by event
            log.warning("event batch refused at commit; applying it event by event", exc_info=True)
            return -1

    def _record(self, uow, work) -> set:
        """Insert the batch's event ids into the inbox in one statement; the ids that were not there."""
        now = envelopes.utcnow()
        rows = {env["id"]: {"event_id": env["id"], "event_type": env["type"], "processed_at": now}
                for _, env, _ in work}
        return set(uow.session.execute(self.record_new, list(rows.values())).scalars())

    def _apply_apart(self, work, outcomes, skip: int) -> None:
        """The batch again, each event in its own savepoint, but for the one at `skip` (already failed)."""
        with self.uow_factory() as uow:
            for position, (index, env, handler) in enumerate(work):
                if position != skip:
                    outcomes[index] = self._apply_one(uow, env, handler)
            uow.commit()

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
