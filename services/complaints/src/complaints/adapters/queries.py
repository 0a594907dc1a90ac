"""Read-side queries over many rows: filtered lists, the overdue scan's candidates, statistics, year counts."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, bindparam, func, not_, or_, select, text, true
from sqlalchemy.orm import lazyload

from ..domain.complaint import Complaint
from ..domain.satisfaction import YearCounts
from ..domain.statistics import CHINA, UNASSIGNED, StatisticsCounts
from . import tables as t

c = t.complaints


def day_start(day: date) -> datetime:
    """Midnight of `day` on the company's clock."""
    return datetime.combine(day, time(0), CHINA)


def _open_past_due(deadline: str, as_of: datetime):
    met, due = c.c[f"{deadline}_met_at"], c.c[f"{deadline}_due_at"]
    return and_(or_(met.is_(None), met > as_of), due < as_of)


def overdue_condition(as_of: datetime):
    """A reply is owed and past its due date at `as_of` (a closed complaint owes nothing)."""
    return and_(c.c.status != "closed",
                or_(_open_past_due("containment", as_of), _open_past_due("corrective_action", as_of)))


def list_complaints(session, filters: dict, *, now: datetime, offset: int, limit: int) -> tuple[list, int]:
    """A page of complaints matching `filters`, newest first, and how many match in all."""
    conditions = []
    for name in ("status", "category", "owner_department", "incident_class"):
        if filters.get(name):
            conditions.append(c.c[name] == filters[name])
    if filters.get("customer"):
        conditions.append(c.c.customer_id == filters["customer"])
    if filters.get("received_from"):
        conditions.append(c.c.received_at >= day_start(filters["received_from"]))
    if filters.get("received_to"):
        conditions.append(c.c.received_at < day_start(filters["received_to"] + timedelta(days=1)))
    if filters.get("q"):
        pattern = "%" + filters["q"].lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(c.c.search_text.like(pattern, escape="\\"))
    if filters.get("overdue") is not None:
        owed = overdue_condition(now)
        conditions.append(owed if filters["overdue"] else not_(owed))
    where = and_(true(), *conditions)
    total = session.execute(select(func.count()).select_from(c).where(where)).scalar_one()
    rows = session.execute(select(Complaint).where(where).options(lazyload(Complaint.history),
                                                                   lazyload(Complaint.extensions))
                           .order_by(c.c.received_at.desc(), c.c.id.desc()).offset(offset).limit(limit))
    return list(rows.scalars()), total


# The batch rule's sum (domain.classification.batch_returns); built once, so every creation reuses its
# compiled form. A new complaint's id is in no row yet: excluding it (or the zero id) excludes nothing.
_BATCH_RETURNS = select(func.coalesce(func.sum(c.c.returned_quantity), 0)).where(
    c.c.product_code == bindparam("code"), c.c.production_date == bindparam("produced"),
    c.c.id != bindparam("excluding"))
NO_COMPLAINT = uuid.UUID(int=0)


def batch_returns(session, key: tuple[str, date], *, excluding: uuid.UUID | None = None) -> int:
    """The returns of the complaints of batch `key` (model, production date), except `excluding`."""
    params = {"code": key[0], "produced": key[1], "excluding": excluding or NO_COMPLAINT}
    return int(session.execute(_BATCH_RETURNS, params).scalar_one())


def overdue_candidates(session, as_of: datetime) -> list[uuid.UUID]:
    """Complaints with a due date passed at `as_of` and not yet reported."""
    o = t.complaint_overdue
    unreported = []
    for deadline in ("containment", "corrective_action"):
        reported = select(o.c.id).where(o.c.complaint_id == c.c.id, o.c.deadline == deadline,
                                         o.c.due_at == c.c[f"{deadline}_due_at"]).exists()
        unreported.append(and_(_open_past_due(deadline, as_of), not_(reported)))
    query = select(c.c.id).where(c.c.status != "closed", or_(*unreported)).order_by(c.c.received_at)
    return list(session.execute(query).scalars())


# One scan of the period: per (category, cause, department, month) cell with its on-time tallies, and per
# customer. Two grouping sets hash far fewer times than five; the cells (at most a few thousand) roll up in Python.
# The month is the row's place among the period's month starts (width_bucket, a binary search): converting
# every row's time to Beijing time for date_trunc was a third of the query.
_GROUPS = text("""
SELECT GROUPING(customer_id) AS by_customer, category, customer_id, max(customer_name) AS customer_name, cause,
       dept, month, count(*) AS n,
       count(*) FILTER (WHERE containment_met_at <= :as_of AND containment_met_at <= containment_due_at) AS c_on,
       count(*) FILTER (WHERE containment_met_at <= :as_of OR containment_due_at < :as_of) AS c_all,
       count(*) FILTER (WHERE corrective_action_met_at <= :as_of
                          AND corrective_action_met_at <= corrective_action_due_at) AS a_on,
       count(*) FILTER (WHERE corrective_action_met_at <= :as_of OR corrective_action_due_at < :as_of) AS a_all
FROM (SELECT category, customer_id, customer_name, coalesce(cause_category, :none) AS cause,
             coalesce(responsible_department, :none) AS dept,
             width_bucket(received_at, CAST(:month_starts AS timestamptz[])) AS month,
             containment_due_at, containment_met_at, corrective_action_due_at, corrective_action_met_at
      FROM complaints WHERE received_at >= :start AND received_at < :end) AS period
GROUP BY GROUPING SETS ((category, cause, dept, month), (customer_id))
""")

# The recurring complaints of the period (flags kept by adapters/recurrence.py), per problem.
_RECURRING = text("""
SELECT customer_id, product_code, cause_category, count(*) AS n FROM complaints
WHERE recurring AND received_at >= :start AND received_at < :end
GROUP BY customer_id, product_code, cause_category
""")


def statistics_counts(session, *, start: date, end: date, as_of: datetime) -> StatisticsCounts:
    """Tally the complaints received from `start` to `end` (Beijing days): one scan, plus one for recurrence."""
    bounds = {"start": day_start(start), "end": day_start(end + timedelta(days=1))}
    months = _months_after(start, end)
    labels = [start.strftime("%Y-%m")] + [month.strftime("%Y-%m") for month in months]  # by width_bucket's answer
    counts = StatisticsCounts()
    c_on = c_all = a_on = a_all = 0
    by_category, by_cause, by_department, by_month = (counts.by_category, counts.by_cause_category,
                                                      counts.by_department, counts.by_month)
    # fetched at once, as tuples: row by row through result mappings was half of the endpoint's CPU
    rows = session.execute(_GROUPS, {**bounds, "none": UNASSIGNED, "as_of": as_of,
                                     "month_starts": [day_start(month) for month in months]}).all()
    for by_customer, category, customer_id, customer_name, cause, dept, month, n, *on_time in rows:
        if by_customer == 0:  # GROUPING(customer_id) is 0 in the per-customer set
            counts.by_customer[customer_id] = {"name": customer_name, "count": n}
            continue
        counts.total += n
        by_category[category] = by_category.get(category, 0) + n
        by_cause[cause] = by_cause.get(cause, 0) + n
        by_department[dept] = by_department.get(dept, 0) + n
        by_month[labels[month]] = by_month.get(labels[month], 0) + n
        c_on, c_all, a_on, a_all = c_on + on_time[0], c_all + on_time[1], a_on + on_time[2], a_all + on_time[3]
    counts.analysed = counts.total - by_cause.get(UNASSIGNED, 0)
    counts.on_time = {"containment": (c_on, c_all), "corrective_action": (a_on, a_all)}
    counts.recurring_problems = {(customer, product, cause): n for customer, product, cause, n
                                 in session.execute(_RECURRING, bounds).all()}
    return counts


def _months_after(start: date, end: date) -> list[date]:
    """The first days of the months after `start`'s, up to `end`."""
    months, month = [], date(start.year, start.month, 1)
    while True:
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if month > end:
            return months
        months.append(month)


def year_counts(session, year: int) -> YearCounts:
    """Complaints, praises, returns and claims of `year`, for the satisfaction score."""
    start, end = day_start(date(year, 1, 1)), day_start(date(year + 1, 1, 1))
    in_year = and_(c.c.received_at >= start, c.c.received_at < end)
    row = session.execute(select(
        func.count(), func.count().filter(c.c.category == "quality"),
        func.count().filter(c.c.category == "service"), func.count().filter(c.c.returned_quantity > 0),
    ).where(in_year)).one()
    praises = session.execute(select(func.count()).select_from(t.praises).where(
        t.praises.c.received_at >= start, t.praises.c.received_at < end)).scalar_one()
    claims = session.execute(select(func.count()).select_from(t.claims).where(
        t.claims.c.submitted_at >= start, t.claims.c.submitted_at < end)).scalar_one()
    return YearCounts(complaints=row[0], praises=praises, quality_complaints=row[1], service_complaints=row[2],
                      returns=row[3], claims=claims)


def page(session, kind, table, *, filters: dict, order, offset: int, limit: int) -> tuple[list, int]:
    """A page of any aggregate with equality filters on its columns."""
    where = and_(true(), *[table.c[name] == value for name, value in filters.items() if value is not None])
    total = session.execute(select(func.count()).select_from(table).where(where)).scalar_one()
    rows = session.execute(select(kind).where(where).order_by(*order).offset(offset).limit(limit)).scalars()
    return list(rows), total
