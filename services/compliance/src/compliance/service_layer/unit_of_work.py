"""The compliance unit of work: repositories on one transaction with the outbox."""
from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

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
        """`count` consecutive human numbers in one statement (a re-evaluation may open hundreds of NCs).

        Same counter as `next_number`, so numbers stay gap-free and never collide with single ones.
        """
        if count <= 0:
            return []
        sequences = self.tables.sequences
        where = (sequences.c.prefix == prefix) & (sequences.c.year == year)
        last = self.session.execute(update(sequences).where(where).values(value=sequences.c.value + count)
                                    .returning(sequences.c.value)).scalar()
        if last is None:
            try:
                with self.session.begin_nested():
                    self.session.execute(insert(sequences).values(prefix=prefix, year=year, value=count))
                last = count
            except IntegrityError:  # created meanwhile by someone else: take the next block
                return self.reserve_numbers(prefix, year, count)
        return [f"{prefix}-{year}-{value:06d}" for value in range(last - count + 1, last + 1)]
