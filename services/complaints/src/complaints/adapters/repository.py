"""Repositories: the aggregates in and out of the session (queries that read many live in queries.py)."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select

from qms_shared.db import advisory_xact_lock

from ..domain.capa import CorrectiveAction
from ..domain.claim import Claim
from ..domain.complaint import Complaint
from ..domain.praise import Praise
from ..domain.satisfaction import YearCounts
from ..domain.survey import SurveyCampaign
from . import queries, recurrence
from . import tables as t


class Repository:
    """Add and get one kind of aggregate."""

    kind: type

    def __init__(self, session):
        self.session = session

    def add(self, aggregate) -> None:
        """Track a new aggregate."""
        self.session.add(aggregate)

    def get(self, aggregate_id: uuid.UUID):
        """The aggregate, or None."""
        return self.session.get(self.kind, aggregate_id)


class ComplaintRepository(Repository):
    """Loads and stores complaints."""

    kind = Complaint

    def by_reference(self, reference: str) -> Complaint | None:
        """The complaint with this id or number, or None."""
        try:
            return self.get(uuid.UUID(reference))
        except ValueError:
            return self.session.execute(select(Complaint).where(t.complaints.c.number == reference)).scalars().first()

    def lock_batch_returns(self, key: tuple[str, date] | None, *, excluding: uuid.UUID | None = None) -> int:
        """The returns of batch `key` except `excluding`'s, with the batch locked until this transaction ends.

        Two changes to one batch run one after the other, so neither misses the other's returns. The sum
        is a statement of its own after the lock: under READ COMMITTED it then sees what the transaction
        we waited for committed.
        """
        if key is None:
            return 0
        advisory_xact_lock(self.session, "complaint-batch", key[0], key[1].isoformat())
        return queries.batch_returns(self.session, key, excluding=excluding)

    def in_batch(self, key: tuple[str, date], *, excluding: uuid.UUID) -> list[Complaint]:
        """The other complaints of the same model and production date."""
        return list(self.session.execute(select(Complaint).where(
            t.complaints.c.product_code == key[0], t.complaints.c.production_date == key[1],
            t.complaints.c.id != excluding)).scalars())

    def refresh_recurrence(self, complaint: Complaint, previous_cause: str | None) -> None:
        """Keep the `recurring` flags right after the complaint's cause was recorded or changed."""
        recurrence.refresh_around(self.session, customer_id=complaint.customer_id,
                                  product_code=complaint.product_code,
                                  causes={previous_cause, complaint.cause_category}, received_at=complaint.received_at)

    def overdue_candidates(self, as_of: datetime) -> list[uuid.UUID]:
        """Ids of complaints with a due date passed at `as_of` and not yet reported."""
        return queries.overdue_candidates(self.session, as_of)


class ClaimRepository(Repository):
    """Loads and stores claims."""

    kind = Claim


class PraiseRepository(Repository):
    """Loads and stores praises."""

    kind = Praise


class SurveyRepository(Repository):
    """Loads and stores survey campaigns."""

    kind = SurveyCampaign

    def for_year(self, year: int) -> SurveyCampaign | None:
        """The campaign of `year`, if one was opened."""
        return self.session.execute(select(SurveyCampaign).where(t.surveys.c.year == year)).scalars().first()

    def year_counts(self, year: int) -> YearCounts:
        """This service's complaints, praises, returns and claims of `year`, for the campaign's score."""
        return queries.year_counts(self.session, year)


class CorrectiveActionRepository(Repository):
    """Loads and stores corrective actions."""

    kind = CorrectiveAction
