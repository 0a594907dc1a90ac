"""Read-side queries over many rows: filtered lists, the overdue scan's candidates, statistics, year counts."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, bindparam, func, literal, not_, or_, select, text, true, union_all
from sqlalchemy.orm import lazyload

from qms_shared.web.bounds import LIKE_ESCAPE, contains_pattern

from ..domain.batch import BatchFigures, BatchKey, BatchMember
from ..domain.complaint import Complaint
from ..domain.internal_problem import InternalProblem
from ..domain.satisfaction import YearCounts
from ..domain.statistics import CHINA, UNASSIGNED, StatisticsCounts
from ..domain.year_counts import QUALITY_CATEGORIES, SERVICE_CATEGORIES, UNCOUNTED_CLAIMS, year_bounds
from . import problem_tables as pt
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
        conditions.append(c.c.search_text.ilike(contains_pattern(filters["q"]), escape=LIKE_ESCAPE))
    if filters.get("overdue") is not None:
        owed = overdue_condition(now)
        conditions.append(owed if filters["overdue"] else not_(owed))
    where = and_(true(), *conditions)
    total = session.execute(select(func.count()).select_from(c).where(where)).scalar_one()
    rows = session.execute(select(Complaint).where(where).options(lazyload(Complaint.history),
                                                                   lazyload(Complaint.extensions))
                           .order_by(c.c.received_at.desc(), c.c.id.desc()).offset(offset).limit(limit))
    return list(rows.scalars()), total


# The batch's members (domain.batch.batch_figures): complaints report what was affected (or returned, if more) and
# what was returned, internal problems their scrap and rework. One statement per kind of key, built once.
def in_batch(table, *, by_batch: bool):
    """The rows of `table` in the batch the parameters name (`batch_params`), except the one `excluding`."""
    where = [table.c.product_code == bindparam("code"), table.c.id != bindparam("excluding")]
    if by_batch:
        where.append(table.c.product_batch == bindparam("batch"))
    else:  # domain.batch.batch_key: a blank batch number is no batch number
        where += [or_(table.c.product_batch.is_(None), table.c.product_batch == ""),
                  table.c.production_date == bindparam("produced")]
    return and_(*where)


def batch_params(key: BatchKey, excluding: uuid.UUID | None) -> dict:
    """The parameters of `in_batch` for batch `key`."""
    return {"code": key.product_code, "batch": key.batch, "produced": key.production_date,
            "excluding": excluding or NO_RECORD}


def _members(table, reported, returned, by_batch: bool):
    return select(table.c.number, reported.label("reported"), returned.label("returned")).where(
        in_batch(table, by_batch=by_batch))


def _batch_members(by_batch: bool):
    ip = pt.internal_problems
    return union_all(
        _members(c, func.greatest(func.coalesce(c.c.quantity_affected, 0), c.c.returned_quantity),
                 c.c.returned_quantity, by_batch),
        _members(ip, ip.c.quantity_scrapped + ip.c.quantity_reworked, literal(0), by_batch))


_BATCH_MEMBERS = {by_batch: _batch_members(by_batch) for by_batch in (True, False)}
NO_RECORD = uuid.UUID(int=0)


def batch_figures(session, key: BatchKey, *, excluding: uuid.UUID | None = None) -> BatchFigures:
    """The members of batch `key` (complaints and internal problems) except the record `excluding`."""
    rows = session.execute(_BATCH_MEMBERS[key.batch is not None], batch_params(key, excluding)).all()
    members = sorted((BatchMember(number, int(reported), int(returned)) for number, reported, returned in rows),
                     key=lambda m: m.number)
    return BatchFigures(key, tuple(members))


def overdue_candidates(session, as_of: datetime, *, table=c, overdue=t.complaint_overdue,
                       parent: str = "complaint_id", order: str = "received_at") -> list[uuid.UUID]:
    """Complaints (or internal problems) with a due date passed at `as_of` and not yet reported."""
    unreported = []
    for deadline in ("containment", "corrective_action"):
        met, due = table.c[f"{deadline}_met_at"], table.c[f"{deadline}_due_at"]
        reported = select(overdue.c.id).where(overdue.c[parent] == table.c.id, overdue.c.deadline == deadline,
                                               overdue.c.due_at == due).exists()
        unreported.append(and_(or_(met.is_(None), met > as_of), due < as_of, not_(reported)))
    query = select(table.c.id).where(table.c.status != "closed", or_(*unreported)).order_by(table.c[order])
    return list(session.execute(query).scalars())


def actions_overdue(session, as_of: datetime) -> list[uuid.UUID]:
    """Open corrective actions whose due date passed at `as_of` and was not reported yet."""
    a = t.corrective_actions
    query = select(a.c.id).where(a.c.status == "open", a.c.due_at < as_of, or_(
        a.c.overdue_reported_due_at.is_(None), a.c.overdue_reported_due_at != a.c.due_at)).order_by(a.c.due_at)
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


def _late(deadline: str, as_of: datetime):
    """domain.statistics.deadline_verdict is False: given late, or still owed past its due date."""
    met, due = c.c[f"{deadline}_met_at"], c.c[f"{deadline}_due_at"]
    return or_(and_(met.isnot(None), met <= as_of, met > due), and_(or_(met.is_(None), met > as_of), due < as_of))


def year_counts(session, year: int, *, as_of: datetime) -> YearCounts:
    """domain.year_counts.count_year in SQL: the year's complaints, praises, returns, claims and late responses."""
    first, after = (day_start(day) for day in year_bounds(year))
    in_year = and_(c.c.received_at >= first, c.c.received_at < after)
    row = session.execute(select(
        func.count(), func.count().filter(c.c.category.in_(sorted(QUALITY_CATEGORIES))),
        func.count().filter(c.c.category.in_(sorted(SERVICE_CATEGORIES))), func.count().filter(c.c.returned_quantity > 0),
    ).where(in_year)).one()
    late = 0
    for deadline in ("containment", "corrective_action"):
        due = c.c[f"{deadline}_due_at"]
        late += session.execute(select(func.count()).select_from(c).where(
            due >= first, due < after, _late(deadline, as_of))).scalar_one()
    praises = session.execute(select(func.count()).select_from(t.praises).where(
        t.praises.c.received_at >= first, t.praises.c.received_at < after)).scalar_one()
    claims = session.execute(select(func.count()).select_from(t.claims).where(
        t.claims.c.submitted_at >= first, t.claims.c.submitted_at < after,
        t.claims.c.status.notin_(sorted(UNCOUNTED_CLAIMS)))).scalar_one()
    return YearCounts(complaints=row[0], praises=praises, quality_complaints=row[1], service_complaints=row[2],
                      returns=row[3], claims=claims, late_responses=late)


def problems_found(session, *, start: date, end: date) -> list:
    """The internal problems found from `start` to `end` (Beijing days), for their statistics."""
    ip = pt.internal_problems
    rows = session.execute(select(InternalProblem).where(
        ip.c.found_at >= day_start(start), ip.c.found_at < day_start(end + timedelta(days=1)))
        .options(lazyload(InternalProblem.history), lazyload(InternalProblem.overdue)))
    return list(rows.scalars())


def page(session, kind, table, *, filters: dict, order, offset: int, limit: int) -> tuple[list, int]:
    """A page of any aggregate with equality filters on its columns."""
    where = and_(true(), *[table.c[name] == value for name, value in filters.items() if value is not None])
    total = session.execute(select(func.count()).select_from(table).where(where)).scalar_one()
    rows = session.execute(select(kind).where(where).order_by(*order).offset(offset).limit(limit)).scalars()
    return list(rows), total
