"""The complaints unit of work: repositories on one transaction with the outbox (stale and duplicate writes
come out of the shared commit as the domain's ConcurrentUpdate and Conflict)."""
from __future__ import annotations

from qms_shared.uow import SqlUnitOfWork

from ..adapters.compliance_status_repository import ComplianceStatusRepository
from ..adapters.customer_repository import CustomerRepository, SurveyProposalRepository
from ..adapters.emergency_repository import EmergencyRepository
from ..adapters.report_queries import ReportQueries
from ..adapters.repository import (
    ClaimRepository, ComplaintRepository, CorrectiveActionRepository, InternalProblemRepository, PraiseRepository,
    SurveyRepository,
)
from ..adapters.reward_penalty_repository import ClauseRepository, NoticeRepository
from ..adapters.supplier_repository import (
    CorrectionRequestRepository, IncomingRepository, RecoveryRepository, SupplierRepository,
)


class ComplaintsUnitOfWork(SqlUnitOfWork):
    """Complaints, internal problems, claims, praises, surveys and corrective actions in one transaction with events."""

    catalogue_package = "complaints"

    def _start(self) -> None:
        self.complaints = ComplaintRepository(self.session)
        self.internal_problems = InternalProblemRepository(self.session)
        self.claims = ClaimRepository(self.session)
        self.praises = PraiseRepository(self.session)
        self.surveys = SurveyRepository(self.session)
        self.corrective_actions = CorrectiveActionRepository(self.session)
        self.reports = ReportQueries(self.session)  # the 8D report and the management review (issue 22)
        self.compliance_status = ComplianceStatusRepository(self.session)
        self.customers = CustomerRepository(self.session)
        self.survey_proposals = SurveyProposalRepository(self.session)
        # seed 004: supplier quality, reward/penalty notices, emergencies (issue 20)
        self.suppliers = SupplierRepository(self.session)
        self.incoming_nonconformances = IncomingRepository(self.session)
        self.correction_requests = CorrectionRequestRepository(self.session)
        self.supplier_recoveries = RecoveryRepository(self.session)
        self.reward_penalty_clauses = ClauseRepository(self.session)
        self.reward_penalty_notices = NoticeRepository(self.session)
        self.emergencies = EmergencyRepository(self.session)
