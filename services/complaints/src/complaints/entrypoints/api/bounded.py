"""The bounds of every date, time and exact number a complaints request may carry, stated in the OpenAPI document.

Built on the suite's `qms_shared.web.bounds` and `DecimalString`: a value out of bounds is a 422 naming its
field, never a 500 from the database, the calendar or `quantize`.
- dates and times: 1900-01-01 to 2999-12-31 (a time compared in UTC);
- money: a decimal string, at most 16 digits before the point and 2 after (the columns are NUMERIC(18, 2));
- tonnes and other measured quantities: at most 15 digits before the point and 3 after (NUMERIC(18, 3));
- percentages: 0 to 100, 2 places (NUMERIC(6, 2)); hours of work: at most 8 digits before the point.
"""
from __future__ import annotations

from marshmallow import validate

from qms_shared.web.bounds import MAX_DATE, MIN_DATE, BoundedDate, BoundedDateTime
from qms_shared.web.schemas import DecimalString

DATES = f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
MONEY = "a decimal string >= 0, at most 16 digits before the point and 2 after, e.g. \"1200.50\""
MEASURE = "a decimal string >= 0, at most 15 digits before the point and 3 after, e.g. \"250.5\""
PERCENTAGE = "a decimal string from 0 to 100, e.g. \"98.5\""


def _described(kwargs: dict, bounds: str) -> dict:
    metadata = dict(kwargs.pop("metadata", {}))
    metadata["description"] = f"{metadata['description']}; {bounds}" if metadata.get("description") else bounds
    return {**kwargs, "metadata": metadata}


def day(**kwargs) -> BoundedDate:
    """A `YYYY-MM-DD` date from 1900-01-01 to 2999-12-31 (also the `*_from` / `*_to` filters)."""
    return BoundedDate(**_described(kwargs, DATES))


def moment(**kwargs) -> BoundedDateTime:
    """An ISO 8601 time with offset, from 1900-01-01 to 2999-12-31."""
    return BoundedDateTime(**_described(kwargs, f"ISO 8601 with offset, {DATES}"))


def money(**kwargs) -> DecimalString:
    """An amount of money, as the columns hold it (NUMERIC(18, 2))."""
    return DecimalString(max_digits=18, places=2, **_described(kwargs, MONEY))


def measure(**kwargs) -> DecimalString:
    """A measured quantity such as tonnes (NUMERIC(18, 3))."""
    return DecimalString(max_digits=18, places=3, **_described(kwargs, MEASURE))


def percentage(**kwargs) -> DecimalString:
    """A percentage from 0 to 100 (NUMERIC(6, 2))."""
    return DecimalString(max_digits=6, places=2, validate=validate.Range(min=0, max=100),
                         **_described(kwargs, PERCENTAGE))
