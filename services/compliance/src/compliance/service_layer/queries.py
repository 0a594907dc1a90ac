"""Read-side queries that span aggregates (no change, no event)."""
from __future__ import annotations

from datetime import date
from typing import Any

from ..domain.report import annual_report


def annual_report_data(uow, year: int, today: date) -> dict[str, Any]:
    """The yearly compliance evaluation report as of the year's end (or today, for the current year)."""
    as_of = min(date(year, 12, 31), today)
    with uow:
        return annual_report(year, products=uow.products.all(), regulations=uow.regulations.all(),
                             nonconformances=uow.nonconformances.all(), as_of=as_of)
