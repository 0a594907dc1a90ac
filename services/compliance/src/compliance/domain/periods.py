"""Calendar periods the rules are written in (12 months, 180 days)."""
from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, clamped to the month's end (29 Feb -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def older_than_months(day: date, months: int, today: date) -> bool:
    """True when more than `months` months have passed since `day` (on the anniversary: not yet)."""
    return add_months(day, months) < today
