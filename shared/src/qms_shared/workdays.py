"""Working-day arithmetic on mainland China's calendar (weekends, public holidays, 调休 make-up days).

The official calendar comes from the maintained `chinese_calendar` package; years it does not know
yet fall back to Monday-Friday. Operators add or override days with `extra_holidays` and
`extra_workdays` (e.g. a company shutdown, or a year the package does not cover yet).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable

import chinese_calendar


class WorkCalendar:
    """Answers whether a date is a working day and adds working days to a date or time."""

    def __init__(self, extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()):
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self._known: dict[date, bool] = {}  # the package scans its whole table on every call; days do not change

    @classmethod
    def from_strings(cls, holidays: str = "", workdays: str = "") -> "WorkCalendar":
        """Build from comma-separated ISO dates, as they come from the environment."""
        return cls(_parse_dates(holidays), _parse_dates(workdays))

    def is_workday(self, day: date) -> bool:
        """True when people work on `day`."""
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = self._look_up(day)
        return known

    def _look_up(self, day: date) -> bool:
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the package has no official data for yet
            return day.weekday() < 5

    def add_workdays(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (the start day itself never counts)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current, left = start, days
        while left:
            current += timedelta(days=1)
            if self.is_workday(current):
                left -= 1
        return current

    def due_at(self, received: datetime, days: int) -> datetime:
        """Deadline `days` working days after `received`, at the same time of day and offset."""
        due_day = self.add_workdays(received.date(), days)
        return datetime.combine(due_day, received.timetz())

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.workdays_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_workday(start + timedelta(n)))


def _parse_dates(text: str) -> list[date]:
    return [date.fromisoformat(part.strip()) for part in (text or "").split(",") if part.strip()]
