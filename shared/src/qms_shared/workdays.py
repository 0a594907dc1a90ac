"""Working-day arithmetic on mainland China's calendar (weekends, public holidays, 调休 make-up days).

Three sources, in this order of precedence:
1. the operator's `extra_holidays` and `extra_workdays` (QMS_EXTRA_HOLIDAYS / QMS_EXTRA_WORKDAYS: a company
   shutdown, or the make-up working days of a year whose official schedule no package has yet);
2. the official schedule published by the State Council, as the `chinese_calendar` package ships it;
3. for a year that package does not cover yet, the statutory holidays computed by the `holidays` package
   (its China calendar works out the lunar festivals for any year, with the make-up days it knows).

A year answered from source 3 is *provisional*: the computed festivals are right, but the State Council's
bridging days off and make-up working days are not known until it publishes them. The calendar never
degrades silently: every provisional year it answers for is remembered, and `provisional_years()` lists
them for the log, `/readyz` and `/metrics`.
"""
from __future__ import annotations

import functools
import logging
import threading
from datetime import date, datetime, timedelta
from typing import Iterable

import chinese_calendar
import holidays

log = logging.getLogger(__name__)
_seen_provisional: set[int] = set()
_seen_lock = threading.Lock()


@functools.lru_cache(maxsize=None)
def has_official_schedule(year: int) -> bool:
    """True when `chinese_calendar` ships the State Council's schedule for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


@functools.lru_cache(maxsize=64)
def _computed(year: int) -> tuple[frozenset, frozenset]:
    """(days off, make-up working days) of `year` as the `holidays` package computes them."""
    china = holidays.China(years=year)
    days_off = frozenset(day for day in china if day.year == year)
    return days_off, frozenset(day for day in china.weekend_workdays if day.year == year)


class WorkCalendar:
    """Answers whether a date is a working day and adds working days to a date or time."""

    def __init__(self, extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()):
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self._known: dict[date, bool] = {}  # the packages scan their tables on every call; days do not change

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
        if has_official_schedule(day.year):
            return chinese_calendar.is_workday(day)
        _note_provisional(day.year)
        days_off, make_up = _computed(day.year)
        if day in make_up:
            return True
        return day not in days_off and day.weekday() < 5

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


def _note_provisional(year: int) -> None:
    if year in _seen_provisional:
        return
    with _seen_lock:
        if year not in _seen_provisional:
            _seen_provisional.add(year)
            log.warning("working days of %s are computed, not official: load the State Council's schedule "
                        "(upgrade chinese_calendar, or set QMS_EXTRA_HOLIDAYS / QMS_EXTRA_WORKDAYS)", year,
                        extra={"year": year})


def provisional_years(today: date, confirmed: Iterable[int] = ()) -> list[int]:
    """Years this process computes with, or soon will, whose official schedule is not loaded.

    This year always counts, next year from October on (deadlines and plans reach into it then), and any
    year a calculation has touched. `confirmed` lists the years an operator has entered by hand.
    """
    years = {today.year} | ({today.year + 1} if today.month >= 10 else set()) | set(_seen_provisional)
    return sorted(y for y in years if y not in set(confirmed) and not has_official_schedule(y))


def _parse_dates(text: str) -> list[date]:
    return [date.fromisoformat(part.strip()) for part in (text or "").split(",") if part.strip()]


def parse_years(text: str) -> tuple[int, ...]:
    """`"2027, 2028"` -> (2027, 2028)."""
    return tuple(int(part) for part in (text or "").split(",") if part.strip())
