"""Documented bounds for what a request may say, so an extreme value is a 422 naming its field, never a
500 from the database or the calendar: dates, times, numbers, `as_of`, and text search patterns.

- dates and times lie between MIN_DATE (1900-01-01) and MAX_DATE (2999-12-31);
- decimals: `DecimalString(max_digits=, places=)` in schemas.py; floats: `BoundedFloat` (finite, in range);
- `as_of`: not later than now plus a small leeway (`not_after_now`);
- text search: `contains_pattern(text)` with `column.ilike(pattern, escape="\\\\")`.
"""
from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta, timezone

from marshmallow import ValidationError, fields

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)
AS_OF_LEEWAY = timedelta(minutes=5)
FLOAT_LIMIT = 1e15
LIKE_ESCAPE = "\\"


def _out_of_range(what: str) -> str:
    return f"{what} must lie between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}."


class BoundedDate(fields.Date):
    """A `YYYY-MM-DD` date between 1900-01-01 and 2999-12-31 (also for `*_from` / `*_to` filters)."""

    default_error_messages = {"out_of_range": _out_of_range("A date")}

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if not MIN_DATE <= result <= MAX_DATE:
            raise self.make_error("out_of_range")
        return result


class BoundedDateTime(fields.AwareDateTime):
    """An ISO 8601 time with offset, whose date (in UTC) lies between 1900-01-01 and 2999-12-31."""

    default_error_messages = {"out_of_range": _out_of_range("A time")}

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        lowest = datetime.combine(MIN_DATE, time.min, timezone.utc)
        highest = datetime.combine(MAX_DATE, time.max, timezone.utc)
        if not lowest <= result <= highest:  # compared aware: no conversion can overflow here
            raise self.make_error("out_of_range")
        return result


class BoundedFloat(fields.Float):
    """A finite float within ±`limit` (default 1e15): no NaN, no infinity, no 1e308."""

    default_error_messages = {"out_of_range": "Must be a finite number between {minimum} and {maximum}."}

    def __init__(self, *, minimum: float = -FLOAT_LIMIT, maximum: float = FLOAT_LIMIT, **kwargs):
        super().__init__(allow_nan=False, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _validated(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, str) and len(value) > 100:
            raise self.make_error("invalid")
        try:
            number = super()._validated(value)
        except (OverflowError, ValueError):
            raise self.make_error("invalid") from None
        if number is None:
            return None
        if not math.isfinite(number) or not self.minimum <= number <= self.maximum:
            raise self.make_error("out_of_range", minimum=self.minimum, maximum=self.maximum)
        return number


def not_after_now(leeway: timedelta = AS_OF_LEEWAY, clock=None):
    """A validator: the time is no later than now plus `leeway` (an `as_of` in year 9999 is refused)."""

    def validate(value: datetime) -> None:
        now = (clock or (lambda: datetime.now(timezone.utc)))()
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        if value > now + leeway:
            raise ValidationError(f"Must not be later than now (plus {int(leeway.total_seconds())} s).")

    return validate


def escape_like(text: str, escape: str = LIKE_ESCAPE) -> str:
    """`text` with LIKE's wildcards (`%`, `_`) and the escape character itself taken literally."""
    return (text.replace(escape, escape + escape).replace("%", escape + "%").replace("_", escape + "_"))


def contains_pattern(text: str, escape: str = LIKE_ESCAPE) -> str:
    """A LIKE/ILIKE pattern matching `text` anywhere, literally: use with `escape="\\\\"`."""
    return f"%{escape_like(text, escape)}%"
