"""The notifications unit of work."""
from __future__ import annotations

from sqlalchemy import text

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

    def wake_dispatcher(self) -> None:
        """Tell the dispatcher there is work, delivered by PostgreSQL only if this commits."""
        if self.db.is_postgres:
            self.session.execute(text("SELECT pg_notify(:c, '')"), {"c": DELIVERY_CHANNEL})
