"""The notifications unit of work."""
from __future__ import annotations

from typing import Callable

from qms_shared.uow import SqlUnitOfWork

from ..adapters.deliveries import DeliveryRepository
from ..adapters.repository import (ReceivedEventRepository, RecipientRepository, RuleRepository, StampRepository,
                                   TemplateRepository)
from ..adapters.wakeup import notify_dispatchers


class NotificationsUnitOfWork(SqlUnitOfWork):
    """Directory, rules, templates and deliveries in one transaction with the outbox."""

    catalogue_package = "notifications"

    def _start(self) -> None:
        self.received_events = ReceivedEventRepository(self.session)
        self.recipients = RecipientRepository(self.session)
        self.rules = RuleRepository(self.session)
        self.templates = TemplateRepository(self.session)
        self.deliveries = DeliveryRepository(self.session)
        self.stamps = StampRepository(self.session)
        self.snapshot = None  # the rules, directory and templates planned with (see SnapshotCache)
        self._wake_after_commit: set[Callable[[], None]] = set()

    def commit(self) -> None:
        """Commit, then wake the dispatcher if asked; the next transaction checks the snapshot again."""
        super().commit()
        self.snapshot = None
        woken, self._wake_after_commit = self._wake_after_commit, set()
        for wake in woken:
            wake()

    def wake_dispatcher(self, in_process: Callable[[], None] | None = None) -> None:
        """Tell the dispatcher there is work, once this transaction commits.

        A dispatcher in this process is called directly after the commit (once, however many
        events of the transaction asked); any other (the API wakes the worker's) hears a
        PostgreSQL NOTIFY, which is only delivered on commit.
        """
        if in_process is not None:
            self._wake_after_commit.add(in_process)
        else:
            notify_dispatchers(self.session)
