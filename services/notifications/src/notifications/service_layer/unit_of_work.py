"""The notifications unit of work."""
from __future__ import annotations

from qms_shared.uow import SqlUnitOfWork

from ..adapters.repository import ReceivedEventRepository


class NotificationsUnitOfWork(SqlUnitOfWork):
    """Received events (and later deliveries) in one transaction with the outbox."""

    catalogue_package = "notifications"

    def _start(self) -> None:
        self.received_events = ReceivedEventRepository(self.session)
