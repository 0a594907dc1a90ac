"""The reviews unit of work: repositories on one transaction with the outbox."""
from __future__ import annotations

from qms_shared.uow import SqlUnitOfWork

from ..adapters.compliance_copy import ComplianceCopyRepository
from ..adapters.contracts import ContractRepository
from ..adapters.delivery_history import DeliveryHistoryRepository
from ..adapters.known_customers import KnownCustomerRepository
from ..adapters.registers import property_register, sample_register


class ReviewsUnitOfWork(SqlUnitOfWork):
    """Contracts, the compliance copy, the registers, the delivery history and the known customers in one
    transaction with their events."""

    catalogue_package = "reviews"

    def _start(self) -> None:
        self.contracts = ContractRepository(self.session)
        self.compliance = ComplianceCopyRepository(self.session)
        self.samples = sample_register(self.session)
        self.properties = property_register(self.session)
        self.deliveries = DeliveryHistoryRepository(self.session)
        self.customers = KnownCustomerRepository(self.session)
