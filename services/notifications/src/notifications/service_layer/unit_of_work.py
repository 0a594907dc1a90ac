"""The notifications unit of work."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import event, text

from qms_shared.uow import SqlUnitOfWork

from ..adapters.repository import (DeliveryRepository, ReceivedEventRepository, RecipientRepository,
                                   RuleRepository, TemplateRepository)

DELIVERY_CHANNEL = "qms_notifications_deliveries"


class NotificationsUnitOfWork(SqlUnitOfWork):
    """Directory, rules, templates and deliveries in one transaction with the outbox."""

    catalogue_package = "notifications"

    def _start(self) -> None:
        self.received_events = ReceivedEventRepository(self.session)
        self.recipients = RecipientRepository(self.session)
        self.rules = RuleRepository(self.session)
        self.templates = TemplateRepository(self.session)
        self.deliveries = DeliveryRepository(self.session)

    def wake_dispatcher(self, in_process: Callable[[], None] | None = None) -> None:
        """Tell the dispatcher there is work, once this transaction commits.

        A dispatcher in this process is called directly after the commit; any other (the API
        wakes the worker's) hears a PostgreSQL NOTIFY, which is only delivered on commit.
        """
        if in_process is not None:
            event.listen(self.session, "after_commit", lambda _session: in_process(), once=True)
        elif self.db.is_postgres:
            self.session.execute(text("SELECT pg_notify(:c, '')"), {"c": DELIVERY_CHANNEL})
