"""Repositories: the aggregates in and out of the session (queries that read many live in queries.py)."""
from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Integer, bindparam, func, select

from qms_shared.numbers import Numbering
from qms_shared.persistence import run_sql

from ..domain.capa import CorrectiveAction
from ..domain.claim import Claim
from ..domain.complaint import Complaint
from ..domain.praise import Praise
from ..domain.survey import SurveyCampaign
from . import recurrence
from . import tables as t


# built once: constructing a statement costs more than running it (these run on every creation)
_LOCKED_BATCH_RETURNS = select(func.complaint_batch_returns(  # PostgreSQL (a migration makes the function)
    bindparam("code"), bindparam("produced"), bindparam("excluding"), type_=Integer))
_LOCKED_BATCH_RETURNS_AND_NUMBER = "SELECT complaint_batch_returns($1, $2, $3), nextval($4::regclass)"
_BATCH_RETURNS_AND_NUMBER = ("SELECT (SELECT coalesce(sum(returned_quantity), 0) FROM complaints"
                             " WHERE product_code = $1 AND production_date = $2), nextval($3::regclass)")
# evaluated by the creating statement itself (see the migration that makes the function)
BATCH_UNCHANGED = "complaint_batch_unchanged({}, {}, {}, {})"
_BATCH_RETURNS = select(func.coalesce(func.sum(t.complaints.c.returned_quantity), 0)).where(
    t.complaints.c.product_code == bindparam("code"), t.complaints.c.production_date == bindparam("produced"),
    t.complaints.c.id != bindparam("excluding"))


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

    def batch_returns(self, key: tuple[str, date] | None, *, excluding: uuid.UUID | None = None) -> int:
        """Returns of the same model and production date across complaints, except `excluding`.

        On PostgreSQL a transaction-scoped lock on the batch is taken first, so two changes to one batch
        cannot both miss each other's returns; the sum's snapshot must be taken after the lock, which the
        database function `complaint_batch_returns` (a migration) does in one round trip. SQLite has one
        writer at a time and needs no lock.
        """
        if key is None:
            return 0
        # a new complaint's id is in no row yet, so excluding it excludes nothing
        params = {"code": key[0], "produced": key[1], "excluding": excluding or uuid.UUID(int=0)}
        postgres = self.session.bind.dialect.name == "postgresql"
        return int(self.session.execute(_LOCKED_BATCH_RETURNS if postgres else _BATCH_RETURNS, params).scalar_one())

    def batch_returns_and_number(self, key: tuple[str, date] | None, numbering: Numbering, *,
                                 locked: bool = True) -> tuple[int, str]:
        """A new complaint's `batch_returns` and its number, in one round trip where the database allows.

        `locked=False` reads the returns without the batch lock: the creation must then check them
        as it writes (BATCH_UNCHANGED, with the unit of work's check_at_commit).
        """
        if numbering.sequence is None:  # SQLite: one writer at a time, nothing to lock
            return self.batch_returns(key), numbering.take()
        if key is None:
            return 0, numbering.take()
        # every creation runs it: in SQL run by psycopg directly (persistence.run_sql)
        if locked:
            [(returns, value)] = run_sql(self.session, _LOCKED_BATCH_RETURNS_AND_NUMBER,
                                         (key[0], key[1], uuid.UUID(int=0), numbering.sequence))
        else:
            [(returns, value)] = run_sql(self.session, _BATCH_RETURNS_AND_NUMBER, (key[0], key[1], numbering.sequence))
        return int(returns), numbering.format(value)

    def refresh_recurrence(self, complaint: Complaint, previous_cause: str | None) -> None:
        """Keep the `recurring` flags right after the complaint's cause was recorded or changed."""
        recurrence.refresh_around(self.session, customer_id=complaint.customer_id,
                                  product_code=complaint.product_code,
                                  causes={previous_cause, complaint.cause_category}, received_at=complaint.received_at)

    def in_batch(self, key: tuple[str, date], *, excluding: uuid.UUID) -> list[Complaint]:
        """The other complaints of the same model and production date."""
        return list(self.session.execute(select(Complaint).where(
            t.complaints.c.product_code == key[0], t.complaints.c.production_date == key[1],
            t.complaints.c.id != excluding)).scalars())


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


class CorrectiveActionRepository(Repository):
    """Loads and stores corrective actions."""

    kind = CorrectiveAction
