"""What the service's own records say about a year, for satisfaction's objective score (001 §5.8, 003 §5.3.3).

The counting rules as DOMAIN.md §5 makes them precise: quality complaints include environmental ones;
service complaints include delivery, quantity and price; a rejected claim is no claim; a late response
is a containment or corrective-action reply owed to a customer that missed its due date in the year.
adapters/queries.year_counts counts the same in SQL (an integration test holds them together).
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from .claim import ClaimStatus
from .satisfaction import YearCounts
from .statistics import deadline_verdict, local_day
from .vocabulary import Category, Deadline

QUALITY_CATEGORIES = frozenset({Category.QUALITY.value, Category.ENVIRONMENTAL.value})
SERVICE_CATEGORIES = frozenset({Category.SERVICE.value, Category.DELIVERY.value, Category.QUANTITY.value,
                                Category.PRICE.value})
UNCOUNTED_CLAIMS = frozenset({ClaimStatus.REJECTED.value})


def in_year(moment: datetime | None, year: int) -> bool:
    """True when `moment` falls in `year` on the company's clock."""
    return moment is not None and local_day(moment).year == year


def late_responses(complaints: Iterable, year: int, as_of: datetime) -> int:
    """Replies owed to customers whose due date fell in `year` and that were given late or are still owed past it."""
    late = 0
    for complaint in complaints:
        for deadline in Deadline:
            due = getattr(complaint, f"{deadline.value}_due_at")
            met = getattr(complaint, f"{deadline.value}_met_at")
            if in_year(due, year) and deadline_verdict(due, met, as_of) is False:
                late += 1
    return late


def count_year(year: int, *, complaints: Iterable, claims: Iterable, praises: Iterable[datetime],
               as_of: datetime) -> YearCounts:
    """The year's counts from records: complaints by receipt, claims by submission, praises by receipt."""
    complaints = list(complaints)
    of_year = [c for c in complaints if in_year(c.received_at, year)]
    return YearCounts(
        complaints=len(of_year), praises=sum(1 for at in praises if in_year(at, year)),
        quality_complaints=sum(1 for c in of_year if c.category in QUALITY_CATEGORIES),
        service_complaints=sum(1 for c in of_year if c.category in SERVICE_CATEGORIES),
        returns=sum(1 for c in of_year if (c.returned_quantity or 0) > 0),
        claims=sum(1 for c in claims if in_year(c.submitted_at, year) and c.status not in UNCOUNTED_CLAIMS),
        late_responses=late_responses(complaints, year, as_of))


def year_bounds(year: int) -> tuple[date, date]:
    """The first days of `year` and of the next one (the counts' range on the company's clock)."""
    return date(year, 1, 1), date(year + 1, 1, 1)
