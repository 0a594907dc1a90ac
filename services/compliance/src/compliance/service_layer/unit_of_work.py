"""The compliance unit of work: repositories on one transaction with the outbox."""
from __future__ import annotations

from qms_shared.uow import SqlUnitOfWork

from ..adapters.repository import (EvaluationRepository, ImpactReportRepository, InterestedPartyRepository,
                                   NonconformanceRepository, ProductRepository, RegulationRepository,
                                   RequirementRepository)


class ComplianceUnitOfWork(SqlUnitOfWork):
    """Regulations, requirements, products, evaluations and nonconformances with their events."""

    catalogue_package = "compliance"

    def _start(self) -> None:
        self.regulations = RegulationRepository(self.session)
        self.requirements = RequirementRepository(self.session)
        self.interested_parties = InterestedPartyRepository(self.session)
        self.products = ProductRepository(self.session)
        self.evaluations = EvaluationRepository(self.session)
        self.nonconformances = NonconformanceRepository(self.session)
        self.impact_reports = ImpactReportRepository(self.session)

    def reserve_numbers(self, prefix: str, year: int, count: int) -> list[str]:
        """`count` human numbers in one statement (a re-evaluation may open hundreds of NCs)."""
        return self.next_numbers(prefix, year, count)
