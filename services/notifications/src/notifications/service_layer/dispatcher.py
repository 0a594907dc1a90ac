"""The dispatcher: sends due deliveries and records each outcome, with retries and dead letters.

A batch of due deliveries is leased in one statement (SKIP LOCKED, so several worker processes
never take the same one) and sent outside any transaction; the outcomes are recorded every few
sends (RECORD_EVERY) through the domain model, in one transaction each. If the process dies
between sending and recording, the lease runs out and those few deliveries are sent again:
at-least-once at that one point, exactly-once everywhere else (the key stops duplicate deliveries).
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from ..adapters.metrics import DELIVERY_ATTEMPTS
from ..adapters.senders.base import Message, PermanentSendError, SendError
from ..domain.delivery import Delivery
from ..domain.vocabulary import PENDING, RETRYING, SENT, WEBHOOK
from .dependencies import Dependencies
from .integration_events import publish_events

log = logging.getLogger(__name__)
LINGER_SECONDS = 0.1
DEFER = timedelta(seconds=5)  # how long a message waits when its server just failed another
# Outcomes are recorded after every few sends, not once per leased batch (100): a worker dying
# after a server accepted messages and before their outcome is recorded sends those again, so this
# bounds that to a few. Each recording is a transaction (and wakes the outbox relay): every 10
# sends cost ~1 ms of worker CPU per email more than every 100 in the bench, every 25 about half.
RECORD_EVERY = 25


class Dispatcher:
    """Leases, sends and records deliveries; `run_once` is one batch, `wait_for_work` sleeps.

    `listener` (adapters.wakeup.DeliveryListener) hears other processes' NOTIFY; without one the
    dispatcher is woken in-process only, and polls.
    """

    def __init__(self, *, uow_factory, deps: Dependencies, listener=None, batch: int = 100,
                 lease: timedelta = timedelta(minutes=2)):
        self.uow_factory = uow_factory
        self.deps = deps
        self.listener = listener
        self.batch = batch
        self.lease = lease
        self._woken = threading.Event()

    def run_once(self) -> int:
        """Send one batch of due deliveries; return how many were tried."""
        leased = self._claim()
        down: set[str] = set()
        outcomes = []
        for message in leased:
            route = _route(message)
            if route in down:  # one timeout per unreachable server per batch, not one per message
                outcomes.append((message.delivery_id, ("deferred", None)))
                continue
            outcome = self._send(message)
            if outcome[0] == "transient":
                down.add(route)
            outcomes.append((message.delivery_id, outcome))
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

    def _claim(self) -> list[Message]:
        """Lease up to `batch` due deliveries, committed before any is sent."""
        with self.uow_factory() as uow:
            leased = uow.deliveries.claim_due(self.deps.clock(), self.batch, self.lease)
            uow.commit()
        return leased

    def _send(self, message: Message) -> tuple[str, str | None]:
        sender = self.deps.senders.get(message.channel)
        if sender is None:
            return "permanent", f"no sender configured for {message.channel}"
        try:
            sender.send(message)
        except PermanentSendError as error:
            return "permanent", str(error)
        except SendError as error:
            return "transient", str(error)
        except Exception as error:  # a sender bug must not stop the others: retry it later
            log.exception("sender failed unexpectedly", extra={"delivery_id": str(message.delivery_id)})
            return "transient", f"{type(error).__name__}: {error}"
        return "sent", None

    def _record(self, outcomes) -> None:
        """Each outcome applied to its delivery by the domain, and published, in one transaction."""
        now = self.deps.clock()
        with self.uow_factory() as uow:
            found = {d.id: d for d in uow.deliveries.by_ids([i for i, _ in outcomes])}
            for delivery_id, (kind, error) in outcomes:
                delivery = found.get(delivery_id)
                if delivery is None or delivery.status not in (PENDING, RETRYING):
                    continue  # changed meanwhile (e.g. deleted): nothing to record
                self._apply(delivery, kind, error, now)
                DELIVERY_ATTEMPTS.labels(delivery.channel, "deferred" if kind == "deferred" else delivery.status).inc()
                publish_events(uow, delivery)
            # A sent delivery is finished; any other may be tried again (retry or resend), so its
            # lease is given back.
            uow.deliveries.release(d.id for d in found.values() if d.status != SENT)
            uow.commit()

    def _apply(self, delivery: Delivery, kind: str, error: str | None, now: datetime) -> None:
        if kind == "sent":
            delivery.mark_sent(now)
        elif kind == "deferred":
            delivery.defer(now + DEFER, now)
        else:
            delivery.mark_failed(now, error, self.deps.policy, permanent=kind == "permanent")

    def wake(self) -> None:
        """Work was committed in this process: stop waiting."""
        self._woken.set()

    def wait_for_work(self, timeout: float) -> None:
        """Sleep until woken in-process, a NOTIFY arrives (other processes) or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._woken.wait(0.02) or (self.listener is not None and self.listener.heard()):
                # Linger a moment so the next batch carries many deliveries, not one: two
                # transactions per message would cost more than 0.1 s of latency.
                time.sleep(LINGER_SECONDS)
                break
        self._woken.clear()

    def close(self) -> None:
        """Close the listening connection and the senders' sessions."""
        if self.listener is not None:
            self.listener.close()
        self._woken = threading.Event()
        for sender in self.deps.senders.values():
            getattr(sender, "close", lambda: None)()


def _route(message: Message) -> str:
    """What fails together: a channel's one server, or for webhooks each receiving host."""
    if message.channel == WEBHOOK:
        return f"webhook:{urlsplit(message.address).netloc}"
    return message.channel
