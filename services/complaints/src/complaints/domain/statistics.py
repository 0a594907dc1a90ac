"""Complaint statistics for the management review (《顾客投诉/抱怨汇总处理表》, 000 §4.1.7).

Pure functions over plain records, so the same rules serve the API, the CSV export and the tests.
"""
from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from .vocabulary import COMPANY_TZ, Category, CauseCategory, Deadline

CHINA = COMPANY_TZ  # a complaint's month is its month in Beijing
UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class ComplaintRecord:
    """What statistics need to know about one complaint."""

    customer_id: str
    customer_name: str
    category: str
    received_at: datetime
    product_code: str | None = None
    cause_category: str | None = None
    responsible_department: str | None = None
    containment_due_at: datetime | None = None
    containment_met_at: datetime | None = None
    corrective_action_due_at: datetime | None = None
    corrective_action_met_at: datetime | None = None


@dataclass
class ComplaintStatistics:
    """Counts for a period, recurrence and on-time rates (percent, None when nothing was due yet)."""

    start: date
    end: date
    total: int
    by_category: dict[str, int]
    by_customer: dict[str, dict]
    by_cause_category: dict[str, int]
    by_department: dict[str, int]
    by_month: dict[str, int]
    recurring: int
    sporadic: int
    unanalysed: int
    recurring_problems: list[dict] = field(default_factory=list)
    on_time_rate: dict[str, Decimal | None] = field(default_factory=dict)
    internal_problems: dict = field(default_factory=dict)  # counted apart (domain.problem_statistics)


def period_of(year: int, month: int | None = None) -> tuple[date, date]:
    """First and last day of a year, or of one month of it."""
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def months_between(start: date, end: date) -> list[str]:
    """Every month from `start` to `end` as YYYY-MM, so a trend shows its empty months too."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def local_day(moment: datetime, tz: tzinfo = CHINA) -> date:
    """The calendar day of `moment` on the company's clock."""
    return moment.astimezone(tz).date()


@dataclass
class StatisticsCounts:
    """Raw tallies of a period, however they were counted (in Python here, in SQL by the service)."""

    total: int = 0
    analysed: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_customer: dict[str, dict] = field(default_factory=dict)
    by_cause_category: dict[str, int] = field(default_factory=dict)
    by_department: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    recurring_problems: dict[tuple, int] = field(default_factory=dict)
    on_time: dict[str, tuple[int, int]] = field(default_factory=dict)  # deadline -> (on time, decided)


def complaint_statistics(records: Iterable[ComplaintRecord], *, start: date, end: date, as_of: datetime,
                         tz: tzinfo = CHINA, window_days: int = 365) -> ComplaintStatistics:
    """Statistics of the complaints received from `start` to `end` (inclusive).

    `records` may reach outside the period: those count for recurrence only (a repeat within 365 days on
    either side makes a complaint recurring).
    """
    records = list(records)
    in_period = [r for r in records if start <= local_day(r.received_at, tz) <= end]
    recurring = recurring_flags(records, window_days=window_days)
    counts = StatisticsCounts(total=len(in_period), analysed=sum(1 for r in in_period if r.cause_category))
    for record in in_period:
        entry = counts.by_customer.setdefault(record.customer_id, {"name": record.customer_name, "count": 0})
        entry["count"] += 1
    counts.by_category = _tally(r.category for r in in_period)
    counts.by_cause_category = _tally(r.cause_category or UNASSIGNED for r in in_period)
    counts.by_department = _tally(r.responsible_department or UNASSIGNED for r in in_period)
    counts.by_month = _tally(local_day(r.received_at, tz).strftime("%Y-%m") for r in in_period)
    counts.recurring_problems = dict(Counter(problem_key(r) for r in in_period if recurring[id(r)]))
    counts.on_time = {d.value: on_time_counts(in_period, d, as_of) for d in Deadline}
    return assemble_statistics(counts, start=start, end=end)


def assemble_statistics(counts: StatisticsCounts, *, start: date, end: date) -> ComplaintStatistics:
    """Shape raw tallies for the report: every category, cause and month listed, rates in percent."""
    recurring = sum(counts.recurring_problems.values())
    problems = [{"customer_id": key[0], "product_code": key[1], "cause_category": key[2], "count": n}
                for key, n in sorted(counts.recurring_problems.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    return ComplaintStatistics(
        start=start, end=end, total=counts.total,
        by_category=_tally((), [c.value for c in Category]) | counts.by_category,
        by_customer=dict(sorted(counts.by_customer.items(), key=lambda kv: (-kv[1]["count"], kv[0]))),
        by_cause_category=_tally((), [c.value for c in CauseCategory]) | counts.by_cause_category,
        by_department=dict(counts.by_department),
        by_month=_tally((), months_between(start, end)) | counts.by_month,
        recurring=recurring, sporadic=counts.analysed - recurring, unanalysed=counts.total - counts.analysed,
        recurring_problems=problems,
        on_time_rate={d.value: percent(*counts.on_time.get(d.value, (0, 0))) for d in Deadline},
    )


def problem_key(record: ComplaintRecord) -> tuple | None:
    """Same customer, same product, same cause: the same problem (None until analysed)."""
    if not record.cause_category:
        return None
    return (record.customer_id, record.product_code, record.cause_category)


def recurring_flags(records: list[ComplaintRecord], *, window_days: int = 365) -> dict[int, bool]:
    """For each record (by id()), whether its problem occurred again within `window_days` either side."""
    groups: dict[tuple, list[ComplaintRecord]] = defaultdict(list)
    for record in records:
        key = problem_key(record)
        if key is not None:
            groups[key].append(record)
    flags = {id(r): False for r in records}
    window = timedelta(days=window_days)
    for group in groups.values():
        group.sort(key=lambda r: r.received_at)
        for before, after in zip(group, group[1:]):
            if after.received_at - before.received_at <= window:
                flags[id(before)] = flags[id(after)] = True
    return flags


def on_time_counts(records: Iterable[ComplaintRecord], deadline: Deadline, as_of: datetime) -> tuple[int, int]:
    """(replies given by their due date, replies given or already late) at `as_of`."""
    on_time = decided = 0
    for record in records:
        verdict = deadline_verdict(getattr(record, f"{deadline.value}_due_at"),
                                   getattr(record, f"{deadline.value}_met_at"), as_of)
        if verdict is not None:
            decided += 1
            on_time += verdict
    return on_time, decided


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent with one decimal, None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def deadline_verdict(due_at: datetime | None, met_at: datetime | None, as_of: datetime) -> bool | None:
    """True on time, False late (given late, or still owed past due), None not decided yet."""
    if due_at is None:
        return None
    if met_at is not None and met_at <= as_of:
        return met_at <= due_at
    return False if due_at < as_of else None


def _tally(values: Iterable[str], keys: Iterable[str] = ()) -> dict[str, int]:
    counts = {key: 0 for key in keys}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
