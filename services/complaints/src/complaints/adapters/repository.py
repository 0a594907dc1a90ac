"""Repositories: the aggregates in and out of the session (queries that read many live in queries.py)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from qms_shared.db import advisory_xact_lock

from ..domain.capa import CorrectiveAction
from ..domain.claim import Claim
from ..domain.batch import BatchFigures, BatchKey
from ..domain.complaint import Complaint
from ..domain.internal_problem import InternalProblem
from ..domain.praise import Praise
from ..domain.satisfaction import YearCounts
from ..domain.survey import SurveyCampaign
from . import problem_tables as pt
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

    def lock_batch(self, key: BatchKey | None, *, excluding: uuid.UUID | None = None) -> BatchFigures:
        """The figures of batch `key` without the record `excluding`, the batch locked until this transaction ends."""
        return lock_batch(self.session, key, excluding=excluding)

    def in_batch(self, key: BatchKey, *, excluding: uuid.UUID) -> list[Complaint]:
        """The other complaints of the shipped batch `key`."""
        return _in_batch(self.session, Complaint, t.complaints, key, excluding)

    def refresh_recurrence(self, complaint: Complaint, previous_cause: str | None) -> None:
        """Keep the `recurring` flags right after the complaint's cause was recorded or changed."""
        recurrence.refresh_around(self.session, customer_id=complaint.customer_id,
                                  product_code=complaint.product_code,
                                  causes={previous_cause, complaint.cause_category}, received_at=complaint.received_at)

    def overdue_candidates(self, as_of: datetime) -> list[uuid.UUID]:
        """Ids of complaints with a due date passed at `as_of` and not yet reported."""
        return queries.overdue_candidates(self.session, as_of)


class InternalProblemRepository(Repository):
    """Loads and stores internal quality problems."""

    kind = InternalProblem

    def lock_batch(self, key: BatchKey | None, *, excluding: uuid.UUID | None = None) -> BatchFigures:
        """As ComplaintRepository.lock_batch (one lock and one sum for both kinds of record)."""
        return lock_batch(self.session, key, excluding=excluding)

    def in_batch(self, key: BatchKey, *, excluding: uuid.UUID) -> list[InternalProblem]:
        """The other internal problems of the shipped batch `key`."""
        return _in_batch(self.session, InternalProblem, pt.internal_problems, key, excluding)

    def overdue_candidates(self, as_of: datetime) -> list[uuid.UUID]:
        """Ids of internal problems with a due date passed at `as_of` and not yet reported."""
        return queries.overdue_candidates(self.session, as_of, table=pt.internal_problems,
                                          overdue=pt.internal_problem_overdue, parent="internal_problem_id",
                                          order="found_at")


class ClaimRepository(Repository):
    """Loads and stores claims."""

    kind = Claim

    def for_complaint(self, complaint_id: uuid.UUID) -> list[Claim]:
        """Every claim against the complaint."""
        return list(self.session.execute(select(Claim).where(t.claims.c.complaint_id == complaint_id)).scalars())


class PraiseRepository(Repository):
    """Loads and stores praises."""

    kind = Praise


class SurveyRepository(Repository):
    """Loads and stores survey campaigns."""

    kind = SurveyCampaign

    def for_year(self, year: int) -> SurveyCampaign | None:
        """The campaign of `year`, if one was opened."""
        return self.session.execute(select(SurveyCampaign).where(t.surveys.c.year == year)).scalars().first()

    def year_counts(self, year: int, *, as_of: datetime) -> YearCounts:
        """This service's complaints, praises, returns, claims and late responses of `year`, for the score."""
        return queries.year_counts(self.session, year, as_of=as_of)


class CorrectiveActionRepository(Repository):
    """Loads and stores corrective actions."""

    kind = CorrectiveAction

    def overdue_candidates(self, as_of: datetime) -> list[uuid.UUID]:
        """Ids of open corrective actions whose due date passed at `as_of`, not yet reported."""
        return queries.actions_overdue(self.session, as_of)


def lock_batch(session, key: BatchKey | None, *, excluding: uuid.UUID | None = None) -> BatchFigures:
    """The figures of batch `key` without the record `excluding`, with the batch locked until the transaction ends.

    Two changes to one batch (a complaint's or an internal problem's) run one after the other, so neither
    misses the other's pieces. The sum is a statement of its own after the lock: under READ COMMITTED it
    then sees what the transaction we waited for committed.
    """
    if key is None:
        return BatchFigures()
    advisory_xact_lock(session, *key.lock_name)
    return queries.batch_figures(session, key, excluding=excluding)


def _in_batch(session, kind, table, key: BatchKey, excluding: uuid.UUID) -> list:
    where = queries.in_batch(table, by_batch=key.batch is not None)
    return list(session.execute(select(kind).where(where), queries.batch_params(key, excluding)).scalars())
