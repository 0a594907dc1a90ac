"""The compliance unit of work: repositories on one transaction with the outbox."""
from __future__ import annotations

from qms_shared.uow import SqlUnitOfWork

from ..adapters.products_repository import EvaluationRepository, ImpactReportRepository, ProductRepository
from ..adapters.repository import (InterestedPartyRepository, NonconformanceRepository, RegulationRepository,
                                   RequirementRepository, SubstanceGroupRepository)


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
        self.substance_groups = SubstanceGroupRepository(self.session)

