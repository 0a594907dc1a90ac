"""The reviews unit of work: repositories on one transaction with the outbox."""
from __future__ import annotations

from qms_shared.uow import SqlUnitOfWork

from ..adapters.repository import (ComplianceCopyRepository, ContractRepository, property_register,
                                   sample_register)


class ReviewsUnitOfWork(SqlUnitOfWork):
    """Contracts, the compliance copy and the registers in one transaction with their events."""

    catalogue_package = "reviews"

    def _start(self) -> None:
        self.contracts = ContractRepository(self.session)
        self.compliance = ComplianceCopyRepository(self.session)
        self.samples = sample_register(self.session)
        self.properties = property_register(self.session)

    def commit(self) -> None:
        """Write the contracts the commands changed, then the events, in the one transaction: the UPDATE of
        the changed rows goes in the round trip of the events' INSERT."""
        self.contracts.flush(send=self.write_with_commit)
        super().commit()
