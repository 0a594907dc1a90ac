"""A lane: one channel's sends on a few threads of its own, so a slow channel never holds another.

A webhook receiver answering at the last second of its deadline, or an SMS gateway timing out, keeps
only its own lane's threads busy: e-mail goes on meanwhile. Each lane takes no more leased messages
than it can send well within the lease (`capacity`), and records its outcomes itself (every
RECORD_EVERY sends, or as soon as it has nothing more to send).
"""
from __future__ import annotations

import logging
import queue
import threading
from typing import Callable

from ..adapters.senders.base import Message

log = logging.getLogger(__name__)
# Outcomes are recorded after every few sends, not once per leased batch (100): a worker dying
# after a server accepted messages and before their outcome is recorded sends those again, so this
# bounds that to a few. Each recording is a transaction (and wakes the outbox relay): every 10
# sends cost ~1 ms of worker CPU per email more than every 100 in the bench, every 25 about half.
RECORD_EVERY = 25

Outcome = tuple[str, "str | None"]


class Lane:
    """Sends one channel's leased messages on `workers` threads; `try_send` gives each one's outcome."""

    def __init__(self, channel: str, *, workers: int, capacity: int,
                 try_send: Callable[[Message, set], Outcome], record: Callable[[list], None],
                 on_room: Callable[[], None] = lambda: None):
        self.channel, self.workers, self.capacity = channel, workers, capacity
        self._try_send, self._record, self._on_room = try_send, record, on_room
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._pending = 0  # leased to this lane and not yet recorded
        self._changed = threading.Condition()
        self._threads: list[threading.Thread] = []
        self.failure: BaseException | None = None

    def room(self) -> int:
        """How many more messages this lane may be given now."""
        with self._changed:
            return 0 if self.failure else self.capacity - self._pending

    def submit(self, messages: list[Message]) -> None:
        """Send these (one batch: a server found down is tried once for the batch, see `try_send`)."""
        if not messages:
            return
        with self._changed:
            self._pending += len(messages)
        self._start()
        down: set[str] = set()
        for message in messages:
            self._queue.put((message, down))

    def join(self) -> None:
        """Wait until everything submitted is sent and recorded; re-raise what killed a thread."""
        with self._changed:
            self._changed.wait_for(lambda: self._pending == 0 or self.failure is not None)
        if self.failure is not None:
            raise self.failure

    def close(self, timeout: float = 5.0) -> None:
        """Stop the threads once the messages already given are sent."""
        threads, self._threads = self._threads, []
        for _ in threads:
            self._queue.put(None)
        for thread in threads:
            thread.join(timeout)

    def _start(self) -> None:
        self._threads = [t for t in self._threads if t.is_alive()]
        while len(self._threads) < self.workers:
            thread = threading.Thread(target=self._work, name=f"notifications-{self.channel}-{len(self._threads)}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)

    def _work(self) -> None:
        outcomes: list = []
        while True:
            item = self._queue.get()
            if item is None:
                return
            message, down = item
            try:
                outcomes.append((message.delivery_id, self._try_send(message, down)))
                if len(outcomes) >= RECORD_EVERY or self._queue.empty():
                    self._flush(outcomes)
                    outcomes = []
            except BaseException as killed:  # not an Exception (a kill): stop here, record nothing more
                with self._changed:
                    self.failure = killed
                    self._changed.notify_all()
                return

    def _flush(self, outcomes: list) -> None:
        try:
            self._record(outcomes)
        except Exception:  # the database is away: the leases run out and these are sent again
            log.exception("recording outcomes failed", extra={"channel": self.channel, "count": len(outcomes)})
        with self._changed:
            self._pending -= len(outcomes)
            roomy = self._pending <= self.capacity // 2
            self._changed.notify_all()
        if roomy:
            self._on_room()
