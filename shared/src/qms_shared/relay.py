"""The outbox relay: publishes committed events in order, persistent, marked sent only once confirmed.

Publishes a batch, then waits for the broker's confirms of the whole batch (bounded by
`confirm_timeout`): far faster than one round trip per message, and still "sent only after confirmed".
Messages published `mandatory` that no queue takes come back as basic.return: they are counted and
marked unroutable, never silently taken for delivered.
"""
from __future__ import annotations

import logging
import threading
from collections import Counter
import time
import zlib

from amqp import Message
from sqlalchemy import select, text, update

from . import metrics
from .broker import CONNECTION_ERRORS, broker_user, connect, declare_exchange, read_available, wait_readable
from .config import Config
from .db import Database
from .envelope import utcnow
from .uow import OUTBOX_CHANNEL, MessagingTables

log = logging.getLogger(__name__)


class ConfirmTimeout(Exception):
    """The broker did not confirm a batch in time; nothing of it is marked sent."""


class ConfirmingPublisher:
    """A channel in confirm mode publishing batches and collecting acks, nacks and returns."""

    def __init__(self, connection, config: Config):
        self.connection = connection
        self.config = config
        self.channel = connection.connection.channel()
        declare_exchange(self.channel, config)
        self.channel.confirm_select()
        self.channel.events["basic_ack"].add(self._on_ack)
        self.channel.events["basic_nack"].add(self._on_nack)
        self.channel.events["basic_return"].add(self._on_return)
        self.user = broker_user(config.broker_url)  # RabbitMQ checks it: consumers trust it (authenticity.py)
        self.next_tag = 1
        self.outstanding: dict[int, str] = {}
        self.acked: set[str] = set()
        self.nacked: set[str] = set()
        self.returned: set[str] = set()

    def publish_batch(self, messages: list[tuple[str, str, str]]) -> tuple[set, set, set]:
        """Publish (event_id, routing_key, body) triples; return (acked, nacked, returned) event ids."""
        self.acked, self.nacked, self.returned = set(), set(), set()
        for event_id, routing_key, body in messages:
            message = Message(body, content_type="application/json", delivery_mode=2, message_id=event_id,
                              user_id=self.user)
            self.channel.basic_publish(message, exchange=self.config.exchange, routing_key=routing_key,
                                       mandatory=True)
            self.outstanding[self.next_tag] = event_id
            self.next_tag += 1
        self._await_confirms()
        return self.acked, self.nacked, self.returned

    def _await_confirms(self) -> None:
        deadline = time.monotonic() + self.config.confirm_timeout
        while self.outstanding:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ConfirmTimeout(f"{len(self.outstanding)} messages unconfirmed")
            try:
                self.connection.drain_events(timeout=min(left, 1.0))
            except TimeoutError:
                self.connection.heartbeat_check()

    def _settle(self, tag: int, multiple: bool, into: set) -> None:
        tags = [t for t in self.outstanding if t <= tag] if multiple else [tag]
        for t in tags:
            event_id = self.outstanding.pop(t, None)
            if event_id is not None:
                into.add(event_id)

    def _on_ack(self, delivery_tag, multiple):
        self._settle(delivery_tag, multiple, self.acked)

    def _on_nack(self, delivery_tag, multiple):
        self._settle(delivery_tag, multiple, self.nacked)

    def _on_return(self, exc, exchange, routing_key, message):
        self.returned.add(message.properties.get("message_id"))


class OutboxRelay:
    """Moves outbox rows to the broker until `stop` is set; reconnects by itself."""

    def __init__(self, db: Database, tables: MessagingTables, config: Config, stop: threading.Event):
        self.db = db
        self.outbox = tables.outbox
        self.config = config
        self.stop = stop
        self.lock_key = zlib.crc32(f"qms-relay-{config.service}".encode())
        self._listener = None

    def run(self) -> None:
        """Relay until stopped, surviving broker and database outages."""
        backoff = 0.5
        while not self.stop.is_set():
            try:
                with connect(self.config) as conn:
                    publisher = ConfirmingPublisher(conn, self.config)
                    log.info("relay connected")
                    backoff = 0.5
                    self._loop(conn, publisher)
            except CONNECTION_ERRORS + (ConfirmTimeout,) as exc:
                log.warning("relay lost the broker; retrying", extra={"error": repr(exc)})
            except Exception:
                log.exception("relay error; retrying")
            self.stop.wait(backoff)
            backoff = min(backoff * 2, 10)
        self._close_listener()

    def _loop(self, conn, publisher: ConfirmingPublisher) -> None:
        while not self.stop.is_set():
            self._listening()  # before reading the outbox: a commit after the read is heard
            if self.relay_once(publisher) < self.config.relay_batch:
                self._wait_for_work(conn)

    def relay_once(self, publisher: ConfirmingPublisher) -> int:
        """Publish one batch of pending rows; return how many were confirmed."""
        with self.db.engine.connect() as db:
            if not db.execute(
                    text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": self.lock_key}).scalar():
                db.rollback()
                return 0  # another relay of this service is at work: keep the order by not competing
            rows = db.execute(select(self.outbox.c.id, self.outbox.c.event_id, self.outbox.c.event_type,
                                     self.outbox.c.payload)
                              .where(self.outbox.c.published_at.is_(None))
                              .order_by(self.outbox.c.id).limit(self.config.relay_batch)).all()
            if not rows:
                db.rollback()
                return 0
            acked, nacked, returned = publisher.publish_batch([(r.event_id, r.event_type, r.payload) for r in rows])
            # Marking sent needs no flush to disk of its own: if a crash loses the mark, the rows are
            # published again and the inbox drops the copies. The next batch does not wait for it.
            db.execute(text("SET LOCAL synchronous_commit TO OFF"))
            self._mark(db, rows, acked, returned)
            db.commit()
        if nacked:
            log.warning("broker refused events; they stay in the outbox", extra={"count": len(nacked)})
        return len(acked)

    def _mark(self, db, rows, acked: set, returned: set) -> None:
        now = utcnow()
        done = [r for r in rows if r.event_id in acked]
        if len(done) == len(rows):  # the usual case: one range instead of a long IN list
            where = self.outbox.c.id.between(rows[0].id, rows[-1].id) & self.outbox.c.published_at.is_(None)
        else:
            where = self.outbox.c.id.in_([r.id for r in done])
        if done:
            db.execute(update(self.outbox).where(where).values(published_at=now, attempts=self.outbox.c.attempts + 1))
        lost = [r for r in done if r.event_id in returned]
        if lost:
            db.execute(update(self.outbox).where(self.outbox.c.id.in_([r.id for r in lost]))
                       .values(unroutable=True, last_error="unroutable: no queue bound"))
        published = Counter(r.event_type for r in done if r.event_id not in returned)
        for event_type, count in published.items():
            metrics.EVENTS_PUBLISHED.labels(self.config.service, event_type).inc(count)
        for r in lost:
            metrics.EVENTS_UNROUTABLE.labels(self.config.service, r.event_type).inc()
            log.warning("event unroutable", extra={"event_id": r.event_id, "type": r.event_type})

    def _wait_for_work(self, conn) -> None:
        """Sleep until a commit notifies (PostgreSQL LISTEN), the broker sends something, or the poll
        interval passes; one `select` on both sockets, so a NOTIFY wakes the relay at once."""
        amqp = conn.connection
        timeout = self.config.relay_poll_interval
        if self.config.heartbeat:
            timeout = min(timeout, self.config.heartbeat / 4)
        listener = self._listener if self._listener is not None and not self._listener.closed else None
        sockets = [amqp.sock] + ([listener.fileno()] if listener is not None else [])
        readable = wait_readable(sockets, timeout)
        if amqp.sock in readable:  # heartbeats, or the broker closing: read them, or py-amqp declares it dead
            read_available(amqp)
        conn.heartbeat_check()
        if listener is not None:
            try:
                for _ in listener.notifies(timeout=0, stop_after=100):
                    pass
            except Exception as exc:
                log.warning("outbox listener failed; polling", extra={"error": repr(exc)})
                self._close_listener()

    def _listening(self) -> None:
        """Make sure the LISTEN connection is open (else the poll interval is the only wake-up)."""
        try:
            self._listen()
        except Exception as exc:
            log.warning("outbox listener failed; polling", extra={"error": repr(exc)})
            self._close_listener()

    def _listen(self):
        if self._listener is None or self._listener.closed:
            import psycopg
            url = self.db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._listener = psycopg.connect(url, autocommit=True)
            self._listener.execute(f"LISTEN {OUTBOX_CHANNEL}")
        return self._listener

    def _close_listener(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
