"""The management review's figures, aggregated in SQL over the period (one module, pinned by a test).

The complaint statistics are the statistics endpoint's own query (queries.statistics_counts), so the pack
and GET complaints/stats cannot disagree; the rest are a few small GROUP BYs over the period's rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from ..domain.statistics import UNASSIGNED, StatisticsCounts
from ..domain.survey import SurveyCampaign
from ..domain.vocabulary import IncidentClass
from . import queries
from . import tables as t

MAJOR_LISTED = 20
c, claims = t.complaints, t.claims


@dataclass
class ReviewFigures:
    """The period's tallies: complaint statistics, incidents by class, the major ones, claims by status."""

    counts: StatisticsCounts
    incidents: dict[str, int]
    major_incidents: list[dict]
    claims: list[dict]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return queries.day_start(start), queries.day_start(end + timedelta(days=1))


def incidents_by_class(session, start: date, end: date) -> dict[str, int]:
    """Complaints received in the period by incident class (004 §3), mildest first."""
    first, after = _bounds(start, end)
    incident = func.coalesce(c.c.incident_class, UNASSIGNED)
    rows = session.execute(select(incident, func.count()).where(
        c.c.received_at >= first, c.c.received_at < after).group_by(incident)).all()
    found = dict(rows)
    return {**{k.value: found.pop(k.value, 0) for k in IncidentClass}, **found}


def major_incidents(session, start: date, end: date, limit: int = MAJOR_LISTED) -> list[dict]:
    """The period's major incidents, newest first, with why they are major."""
    first, after = _bounds(start, end)
    rows = session.execute(select(
        c.c.id, c.c.number, c.c.customer_name, c.c.product_code, c.c.product_batch, c.c.received_at, c.c.status,
        c.c.incident_reasons).where(c.c.received_at >= first, c.c.received_at < after,
                                    c.c.incident_class == IncidentClass.MAJOR.value)
        .order_by(c.c.received_at.desc()).limit(limit)).mappings().all()
    return [dict(row) for row in rows]


def claims_by_status(session, start: date, end: date) -> list[dict]:
    """Claims submitted in the period, by status and currency: how many, claimed, proposed, settled."""
    first, after = _bounds(start, end)
    rows = session.execute(select(
        claims.c.status, claims.c.currency, func.count().label("count"), func.sum(claims.c.amount).label("claimed"),
        func.coalesce(func.sum(claims.c.proposed_amount), 0).label("proposed"),
        func.coalesce(func.sum(claims.c.settled_amount), 0).label("settled"))
        .where(claims.c.submitted_at >= first, claims.c.submitted_at < after)
        .group_by(claims.c.status, claims.c.currency).order_by(claims.c.currency, claims.c.status)).mappings().all()
    return [dict(row) for row in rows]


def review_figures(session, *, start: date, end: date, as_of: datetime) -> ReviewFigures:
    """Every SQL figure of the pack for `start`..`end` (Beijing days) at `as_of`."""
    return ReviewFigures(counts=queries.statistics_counts(session, start=start, end=end, as_of=as_of),
                         incidents=incidents_by_class(session, start, end),
                         major_incidents=major_incidents(session, start, end),
                         claims=claims_by_status(session, start, end))


def surveys_of_years(session, first_year: int, last_year: int) -> list[SurveyCampaign]:
    """The survey campaigns of the years from `first_year` to `last_year`, oldest first."""
    return list(session.execute(select(SurveyCampaign).where(t.surveys.c.year.between(first_year, last_year))
                                .order_by(t.surveys.c.year)).scalars())


class ReportQueries:
    """The reports' reads on the unit of work's session."""

    def __init__(self, session):
        self.session = session

    def review_figures(self, *, start: date, end: date, as_of: datetime) -> ReviewFigures:
        """See review_figures."""
        return review_figures(self.session, start=start, end=end, as_of=as_of)

    def surveys_of_years(self, first_year: int, last_year: int) -> list[SurveyCampaign]:
        """See surveys_of_years."""
        return surveys_of_years(self.session, first_year, last_year)

    def problems_found(self, *, start: date, end: date) -> list:
        """The internal problems found in the period (counted apart, as the statistics endpoint does)."""
        return queries.problems_found(self.session, start=start, end=end)
