"""Documented bounds: extreme dates, numbers and `as_of` values are 422s naming the field, never 500s."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from marshmallow import ValidationError, fields

from qms_shared.web.bounds import (BoundedDate, BoundedDateTime, BoundedFloat, contains_pattern, escape_like,
                                   not_after_now)
from qms_shared.web.schemas import DecimalString, StrictSchema


class Body(StrictSchema):
    on = BoundedDate()
    at = BoundedDateTime()
    amount = DecimalString()
    quantity = DecimalString(places=3, max_digits=15)
    price = DecimalString(places=4, max_digits=18, max_places=True)
    ppm = BoundedFloat(minimum=0, maximum=1_000_000)
    as_of = BoundedDateTime(validate=not_after_now())


def _errors(**data) -> dict:
    with pytest.raises(ValidationError) as raised:
        Body().load(data)
    return raised.value.messages


@pytest.mark.parametrize("value", ["0218-05-01", "0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_dates_outside_1900_to_2999_are_refused(value):
    assert "between 1900-01-01 and 2999-12-31" in _errors(on=value)["on"][0]


def test_dates_inside_the_bounds_are_taken():
    assert Body().load({"on": "1900-01-01"})["on"] == date(1900, 1, 1)
    assert Body().load({"on": "2999-12-31"})["on"] == date(2999, 12, 31)


@pytest.mark.parametrize("value", ["0218-05-01T10:00:00+08:00", "0001-01-01T00:00:00+14:00",
                                   "9999-12-31T23:59:59-12:00", "3000-01-01T00:00:00Z"])
def test_times_outside_the_bounds_are_refused_without_overflow(value):
    assert "at" in _errors(at=value)


def test_times_inside_the_bounds_are_taken():
    loaded = Body().load({"at": "2026-03-01T08:00:00+08:00"})["at"]
    assert loaded == datetime(2026, 3, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("field, value", [("amount", "1e30"), ("quantity", "1e400"), ("quantity", "1e999999999"),
                                          ("amount", "1E+16"), ("amount", "12345678901234567"),
                                          ("amount", "1e-999999999"), ("amount", "NaN"), ("amount", "Infinity"),
                                          ("amount", "9" * 200), ("price", "0.00001")])
def test_decimals_beyond_their_digits_are_refused(field, value):
    assert field in _errors(**{field: value})


def test_decimals_within_their_digits_are_taken():
    loaded = Body().load({"amount": "9999999999999999.99", "quantity": "12.345", "price": "1999.9999"})
    assert loaded == {"amount": Decimal("9999999999999999.99"), "quantity": Decimal("12.345"),
                      "price": Decimal("1999.9999")}


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", "1e30", 1e308, -1, "1" * 500, True])
def test_floats_that_are_not_finite_or_in_range_are_refused(value):
    assert "ppm" in _errors(ppm=value)


def test_floats_in_range_are_taken():
    assert Body().load({"ppm": "150.5"})["ppm"] == 150.5


def test_as_of_may_not_lie_beyond_now_plus_the_leeway():
    soon = (datetime.now(timezone.utc) + timedelta(minutes=2)).isoformat()
    assert Body().load({"as_of": soon})["as_of"].year >= 2026
    later = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    assert "later than now" in _errors(as_of=later)["as_of"][0]
    assert "as_of" in _errors(as_of="9999-12-31T00:00:00Z")


def test_like_wildcards_and_the_escape_character_are_taken_literally():
    assert escape_like("50%_off\\") == "50\\%\\_off\\\\"
    assert contains_pattern("a_b") == "%a\\_b%"
    assert contains_pattern("plain") == "%plain%"


class Search(StrictSchema):
    to = BoundedDate()
    q = fields.String()


def test_a_to_filter_beyond_the_bounds_is_422_naming_it():
    with pytest.raises(ValidationError) as raised:
        Search().load({"to": "9999-12-31"})
    assert list(raised.value.messages) == ["to"]
