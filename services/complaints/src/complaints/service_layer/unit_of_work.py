"""The complaints unit of work: repositories on one transaction with the outbox."""
from __future__ import annotations

from qms_shared.uow import SqlUnitOfWork

from ..adapters.repository import ComplaintRepository


class ComplaintsUnitOfWork(SqlUnitOfWork):
    """Complaints, claims and surveys in one transaction with their events."""

    catalogue_package = "complaints"

    def _start(self) -> None:
        self.complaints = ComplaintRepository(self.session)
