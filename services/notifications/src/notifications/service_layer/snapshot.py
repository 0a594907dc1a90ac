"""The rules, directory and templates the consumer plans with, reloaded only when one changed.

Loading every rule, recipient and template as ORM objects for each event cost more than the rest
of the handler; one small query (row count and sum of versions per table, which every create and
update moves) tells whether the copy in memory is still current, so a change made through the API
applies to the very next batch of events. The query runs once per transaction: the consumer applies
the events waiting as one batch in one transaction, and they are planned with the same snapshot.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from ..domain.recipient import Recipient
from ..domain.rule import Rule
from ..domain.template import Template


@dataclass(frozen=True)
class Snapshot:
    """What planning and composing read: enabled rules, active recipients, every template."""

    rules: list[Rule]
    directory: list[Recipient]
    templates: list[Template]


class SnapshotCache:
    """Holds the latest Snapshot and its stamp; `current(uow)` reloads when the stamp moved."""

    def __init__(self):
        self._lock = threading.Lock()
        self._stamp = None
        self._snapshot: Snapshot | None = None

    def current(self, uow) -> Snapshot:
        """The snapshot as of this transaction (checked on its first event, kept by the uow)."""
        if uow.snapshot is not None:
            return uow.snapshot
        stamp = uow.stamps.current()
        with self._lock:
            if stamp != self._stamp or self._snapshot is None:
                self._snapshot = Snapshot(uow.rules.enabled(), uow.recipients.directory(),
                                          uow.templates.for_channels(("email", "sms", "webhook")))
                self._stamp = stamp
            uow.snapshot = self._snapshot
            return self._snapshot
