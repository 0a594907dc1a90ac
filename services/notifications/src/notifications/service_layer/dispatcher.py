"""The dispatcher: sends due deliveries and records each outcome, with retries and dead letters.

Due deliveries are leased (SKIP LOCKED, so several worker processes never take the same one), per
channel as many as the channel's lane has room for, and handed to that lane (service_layer/lanes.py):
a few threads of the channel's own send them outside any transaction and record the outcomes every
few sends through the domain model, in one transaction each. A slow webhook receiver holds only the
webhook lane. If the process dies between sending and recording, the lease runs out and those few
deliveries are sent again: at-least-once at that one point, exactly-once everywhere else (the key
stops duplicate deliveries).
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
from ..domain.vocabulary import EMAIL, PENDING, RETRYING, SENT, SMS, WEBHOOK
from .dependencies import Dependencies
from .integration_events import publish_events
from .lanes import RECORD_EVERY, Lane, Outcome

__all__ = ["DEFER", "Dispatcher", "RECORD_EVERY"]

log = logging.getLogger(__name__)
LINGER_SECONDS = 0.1
DEFER = timedelta(seconds=5)  # how long a message waits when its server just failed another
# Threads per channel, and how many leased messages each lane holds at most (None: one batch). E-mail
# has one thread: it reuses one SMTP session. Sixteen webhooks at a 10 s deadline on four threads take
# 40 s at worst, well within the 2 minute lease.
LANES = {EMAIL: (1, None), SMS: (2, 16), WEBHOOK: (4, 16)}


class Dispatcher:
    """Leases due deliveries into the channels' lanes; `run_once` is one round, `drain` sends all due.

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
        self._room = threading.Event()
        self.lanes = {channel: Lane(channel, workers=workers, capacity=capacity or batch,
                                    try_send=self._try_send, record=self._record, on_room=self._room.set)
                      for channel, (workers, capacity) in LANES.items()}

    def run_once(self) -> int:
        """Lease what is due for every lane with room and hand it over; how many were leased.

        The sends go on in the lanes' threads: `join` waits for them.
        """
        leased = self._claim({channel: lane.room() for channel, lane in self.lanes.items()})
        for channel, messages in leased.items():
            self.lanes[channel].submit(messages)
        return sum(map(len, leased.values()))

    def join(self) -> None:
        """Wait until every message handed to a lane is sent and its outcome recorded."""
        for lane in self.lanes.values():
            lane.join()

    def drain(self, stop: threading.Event | None = None) -> int:
        """Send and record everything due now (tests, tools); how many were tried."""
        total = 0
        while not (stop and stop.is_set()):
            tried = self.run_once()
            self.join()
            total += tried
            if tried == 0:
                return total
        return total

    def _claim(self, room: dict[str, int]) -> dict[str, list[Message]]:
        """Lease up to `room` due deliveries per channel, committed before any is sent."""
        now, leased = self.deps.clock(), {}
        with self.uow_factory() as uow:
            for channel, limit in room.items():
                if limit > 0:
                    leased[channel] = uow.deliveries.claim_due(now, min(limit, self.batch), self.lease,
                                                               channel=channel)
            uow.commit()
        return leased

    def _try_send(self, message: Message, down: set[str]) -> Outcome:
        """Send unless its server already failed in this batch: one timeout per server, not one per message."""
        route = _route(message)
        if route in down:
            return "deferred", None
        outcome = self._send(message)
        if outcome[0] == "transient":
            down.add(route)
        return outcome

    def _send(self, message: Message) -> Outcome:
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
        """Sleep until woken in-process, a NOTIFY arrives (other processes), a lane has room again
        or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._room.is_set():  # a lane emptied while work may be waiting: lease at once
                break
            if self._woken.wait(0.02) or (self.listener is not None and self.listener.heard()):
                # Linger a moment so the next batch carries many deliveries, not one: two
                # transactions per message would cost more than 0.1 s of latency.
                time.sleep(LINGER_SECONDS)
                break
        self._woken.clear()
        self._room.clear()

    def close(self) -> None:
        """Stop the lanes; close the listening connection and the senders' sessions."""
        for lane in self.lanes.values():
            lane.close()
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
