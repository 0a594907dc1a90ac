"""The complaints unit of work: repositories on one transaction with the outbox."""
from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from qms_shared.domain import Conflict
from qms_shared.uow import SqlUnitOfWork

from ..domain.exceptions import DUPLICATE_RECORD, ConcurrentUpdate
from .compliance_status_repository import ComplianceStatusRepository
from .report_queries import ReportQueries
from .customer_repository import CustomerRepository, SurveyProposalRepository
from .emergency_repository import EmergencyRepository
from .reward_penalty_repository import ClauseRepository, NoticeRepository
from .supplier_repository import (
    CorrectionRequestRepository, IncomingRepository, RecoveryRepository, SupplierRepository,
)
from .repository import (
    ClaimRepository, ComplaintRepository, CorrectiveActionRepository, InternalProblemRepository, PraiseRepository,
    SurveyRepository,
)

log = logging.getLogger(__name__)


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

    def commit(self) -> None:
        """Write the change and its events, or raise the domain's Conflict for what the database refused."""
        try:
            super().commit()
        except StaleDataError as exc:  # the version the change was made on is no longer the stored one
            raise ConcurrentUpdate() from exc
        except IntegrityError as exc:  # e.g. a second report of one missed due date, a second survey of a year
            log.warning("integrity error", extra={"error": str(exc.orig)[:500]})
            raise Conflict(DUPLICATE_RECORD) from exc
