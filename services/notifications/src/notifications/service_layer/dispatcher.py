"""The dispatcher: sends due deliveries and records each outcome, with retries and dead letters.

A batch of due deliveries is leased in one statement (SKIP LOCKED, so several worker processes
never take the same one) and sent outside any transaction; the outcomes are recorded every few
sends (RECORD_EVERY): the sent ones in one statement, the rest (failures, deferrals) through the
domain model. If the process dies between sending and recording, the lease runs out and those
few deliveries are sent again: at-least-once at that one point, exactly-once everywhere else (the
key stops duplicate deliveries).
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Callable
from urllib.parse import urlsplit

from sqlalchemy import or_, select, update

from ..adapters.metrics import DELIVERY_ATTEMPTS
from ..adapters.orm import deliveries, recipients
from ..adapters.senders.base import Message, PermanentSendError, SendError
from ..domain.retry import RetryPolicy
from ..domain.vocabulary import PENDING, RETRYING, SENT, WEBHOOK
from .integration_events import publish_events, publish_sent
from .unit_of_work import DELIVERY_CHANNEL

log = logging.getLogger(__name__)
LINGER_SECONDS = 0.1
DEFER = timedelta(seconds=5)  # how long a message waits when its server just failed another
# Outcomes are recorded after every few sends, not once per leased batch (100): a worker dying
# after a server accepted messages and before their outcome is recorded sends those again, so this
# bounds that to a few. Each recording is a transaction (and wakes the outbox relay): every 10
# sends cost ~1 ms of worker CPU per email more than every 100 in the bench, every 25 about half.
RECORD_EVERY = 25


class Dispatcher:
    """Leases, sends and records deliveries; `run_once` is one batch, `wait_for_work` sleeps."""

    def __init__(self, *, db, uow_factory, senders: dict, policy: RetryPolicy,
                 clock: Callable[[], datetime], batch: int = 100, lease: timedelta = timedelta(minutes=2)):
        self.db = db
        self.uow_factory = uow_factory
        self.senders = senders
        self.policy = policy
        self.clock = clock
        self.batch = batch
        self.lease = lease
        self._listener = None
        self._woken = threading.Event()

    def run_once(self) -> int:
        """Send one batch of due deliveries; return how many were tried."""
        leased = self._lease()
        if not leased:
            return 0
        down: set[str] = set()
        outcomes = []
        for row in leased:
            route = _route(row)
            if route in down:  # one timeout per unreachable server per batch, not one per message
                outcomes.append((row["id"], ("deferred", None)))
                continue
            outcome = self._send(row)
            if outcome[0] == "transient":
                down.add(route)
            outcomes.append((row["id"], outcome))
            if len(outcomes) >= RECORD_EVERY:
                self._record(outcomes)
                outcomes = []
        if outcomes:
            self._record(outcomes)
        return len(leased)

    def drain(self, stop: threading.Event | None = None) -> int:
        """Send batches until nothing more is due (a short batch means the queue is empty)."""
        total = 0
        while not (stop and stop.is_set()):
            tried = self.run_once()
            total += tried
            if tried < self.batch:
                return total
        return total

    def _lease(self) -> list[dict]:
        """Claim up to `batch` due deliveries for `lease` in one statement; their rows."""
        now = self.clock()
        due = (select(deliveries.c.id).where(
            deliveries.c.status.in_([PENDING, RETRYING]), deliveries.c.next_attempt_at <= now,
            or_(deliveries.c.claimed_until.is_(None), deliveries.c.claimed_until < now))
            .order_by(deliveries.c.next_attempt_at).limit(self.batch))
        if self.db.is_postgres:
            due = due.with_for_update(skip_locked=True)
        claim = (update(deliveries).where(deliveries.c.id.in_(due.scalar_subquery()))
                 .values(claimed_until=now + self.lease)
                 .returning(deliveries.c.id, deliveries.c.channel, deliveries.c.address,
                            deliveries.c.subject, deliveries.c.body, deliveries.c.html_body,
                            deliveries.c.event_type, deliveries.c.recipient_id, deliveries.c.next_attempt_at))
        with self.db.engine.begin() as conn:
            rows = [dict(row) for row in conn.execute(claim).mappings()]
            hooks = {row["recipient_id"] for row in rows if row["channel"] == WEBHOOK and row["recipient_id"]}
            secrets = dict(conn.execute(select(recipients.c.id, recipients.c.webhook_secret)
                                        .where(recipients.c.id.in_(hooks))).all()) if hooks else {}
        for row in rows:
            row["webhook_secret"] = secrets.get(row["recipient_id"])
        return sorted(rows, key=lambda row: row["next_attempt_at"])

    def _send(self, row: dict) -> tuple[str, str | None]:
        message = Message(delivery_id=row["id"], channel=row["channel"], address=row["address"],
                          body=row["body"], subject=row["subject"], html_body=row["html_body"],
                          event_type=row["event_type"],
                          secret=row["webhook_secret"] if row["channel"] == WEBHOOK else None)
        sender = self.senders.get(row["channel"])
        if sender is None:
            return "permanent", f"no sender configured for {row['channel']}"
        try:
            sender.send(message)
        except PermanentSendError as error:
            return "permanent", str(error)
        except SendError as error:
            return "transient", str(error)
        except Exception as error:  # a sender bug must not stop the others: retry it later
            log.exception("sender failed unexpectedly", extra={"delivery_id": str(row["id"])})
            return "transient", f"{type(error).__name__}: {error}"
        return "sent", None

    def _record(self, outcomes) -> None:
        now = self.clock()
        with self.uow_factory() as uow:
            if self.db.is_postgres:
                # The common outcome, in one statement: loading and updating each delivery through
                # the ORM (a round trip each, for its version check) cost more than sending it.
                sent = [delivery_id for delivery_id, (kind, _) in outcomes if kind == "sent"]
                if sent:
                    for row in uow.deliveries.record_sent(sent, now):
                        DELIVERY_ATTEMPTS.labels(row.channel, SENT).inc()
                        publish_sent(uow, row, now)
                outcomes = [(delivery_id, outcome) for delivery_id, outcome in outcomes if outcome[0] != "sent"]
            if outcomes:
                self._record_through_domain(uow, outcomes, now)
            uow.commit()

    def _record_through_domain(self, uow, outcomes, now: datetime) -> None:
        """Failures, deferrals (and on SQLite every outcome): each delivery loaded and changed."""
        found = {d.id: d for d in uow.deliveries.by_ids([i for i, _ in outcomes])}
        for delivery_id, (kind, error) in outcomes:
            delivery = found.get(delivery_id)
            if delivery is None or delivery.status not in (PENDING, RETRYING):
                continue  # changed meanwhile (e.g. deleted): nothing to record
            if kind == "sent":
                delivery.mark_sent(now)
            elif kind == "deferred":
                delivery.defer(now + DEFER, now)
            else:
                delivery.mark_failed(now, error, self.policy, permanent=kind == "permanent")
            DELIVERY_ATTEMPTS.labels(delivery.channel, "deferred" if kind == "deferred" else delivery.status).inc()
            publish_events(uow, delivery)
        # A sent delivery is finished; any other may be tried again (retry or resend), so
        # its lease is given back.
        unfinished = [d.id for d in found.values() if d.status != SENT]
        if unfinished:
            uow.session.flush()
            uow.session.execute(update(deliveries).where(deliveries.c.id.in_(unfinished))
                                .values(claimed_until=None))

    def wake(self) -> None:
        """Work was committed in this process: stop waiting."""
        self._woken.set()

    def wait_for_work(self, timeout: float) -> None:
        """Sleep until woken in-process, a NOTIFY arrives (other processes) or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._woken.wait(0.02) or (self.db.is_postgres and self._notified()):
                # Linger a moment so the next batch carries many deliveries, not one: two
                # transactions per message would cost more than 0.1 s of latency.
                time.sleep(LINGER_SECONDS)
                break
        self._woken.clear()

    def _notified(self) -> bool:
        try:
            return any(True for _ in self._listen().notifies(timeout=0, stop_after=1))
        except Exception as exc:
            log.warning("delivery listener failed; polling", extra={"error": repr(exc)})
            self._close_listener()
            return False

    def _listen(self):
        if self._listener is None or self._listener.closed:
            import psycopg
            url = self.db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._listener = psycopg.connect(url, autocommit=True)
            self._listener.execute(f"LISTEN {DELIVERY_CHANNEL}")
        return self._listener

    def close(self) -> None:
        """Close the listening connection and the senders' sessions."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._woken = threading.Event()
        for sender in self.senders.values():
            getattr(sender, "close", lambda: None)()


def _route(row: dict) -> str:
    """What fails together: a channel's one server, or for webhooks each receiving host."""
    if row["channel"] == WEBHOOK:
        return f"webhook:{urlsplit(row['address']).netloc}"
    return row["channel"]
