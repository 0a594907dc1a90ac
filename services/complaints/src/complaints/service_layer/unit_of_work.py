"""The complaints unit of work: repositories on one transaction with the outbox."""
from __future__ import annotations

from qms_shared.uow import SqlUnitOfWork

from ..adapters.repository import (
    ClaimRepository, ComplaintRepository, CorrectiveActionRepository, PraiseRepository, SurveyRepository,
)


class ComplaintsUnitOfWork(SqlUnitOfWork):
    """Complaints, claims, praises, surveys and corrective actions in one transaction with their events."""

    catalogue_package = "complaints"

    def _start(self) -> None:
        self.complaints = ComplaintRepository(self.session)
        self.claims = ClaimRepository(self.session)
        self.praises = PraiseRepository(self.session)
        self.surveys = SurveyRepository(self.session)
        self.corrective_actions = CorrectiveActionRepository(self.session)
