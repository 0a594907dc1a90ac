"""Line validation at its edges, amounts, and how two sets of lines differ."""
from datetime import date
from decimal import Decimal

import pytest

from qms_shared.domain import ValidationFailed
from reviews.domain.lines import build_lines, changed_aspects

from reviews_builders import line


def errors_of(items):
    with pytest.raises(ValidationFailed) as caught:
        build_lines(items)
    return caught.value.extra["errors"]


def test_amount_is_quantity_times_price_rounded_to_the_cent():
    built = build_lines([line(quantity="3", unit_price="0.335")])
    assert built[0].amount == Decimal("1.00")  # 1.005 rounds half-even to 1.00
    assert build_lines([line(quantity="1000", unit_price="2.50")])[0].amount == Decimal("2500.00")


def test_lines_are_numbered_from_one():
    assert [l.line_no for l in build_lines([line(), line(product_code="P-200")])] == [1, 2]


def test_no_lines_is_refused():
    assert errors_of([]) == {"lines": ["a contract needs at least one line"]}


@pytest.mark.parametrize("quantity, ok", [("0", False), ("-1", False), ("0.001", True), ("1", True),
                                          ("0.0001", False), ("2.5000", True),
                                          ("abc", False), (None, False), ("NaN", False), (1.5, False)])
def test_quantity_must_be_positive_decimal(quantity, ok):
    if ok:
        assert build_lines([line(quantity=quantity)])[0].quantity == Decimal(quantity)
    else:
        assert "lines.0.quantity" in errors_of([line(quantity=quantity)])


@pytest.mark.parametrize("price, ok", [("-0.01", False), ("0", True), ("0.01", True), ("0.0001", True),
                                       ("0.00001", False)])
def test_unit_price_may_be_zero_but_not_negative(price, ok):
    if ok:
        assert build_lines([line(unit_price=price)])[0].unit_price == Decimal(price)
    else:
        assert "lines.0.unit_price" in errors_of([line(unit_price=price)])


def test_every_error_is_reported_with_its_line_index():
    errors = errors_of([line(), line(product_code=" ", requested_delivery_date="2026-03-01")])
    assert set(errors) == {"lines.1.product_code", "lines.1.requested_delivery_date"}


def test_changed_aspects_by_field():
    old = build_lines([line()])
    assert changed_aspects(old, build_lines([line()])) == set()
    assert changed_aspects(old, build_lines([line(quantity="1200")])) == {"quantity"}
    assert changed_aspects(old, build_lines([line(unit_price="2.40")])) == {"unit_price"}
    assert changed_aspects(old, build_lines([line(requested_delivery_date=date(2026, 4, 1))])) == \
        {"requested_delivery_date"}
    assert changed_aspects(old, build_lines([line(model="A3")])) == {"product"}
    assert changed_aspects(old, build_lines([line(), line(product_code="P-200")])) == {"line_added"}
    assert changed_aspects(build_lines([line(), line()]), old) == {"line_removed"}


def test_same_value_written_differently_is_no_change():
    assert changed_aspects(build_lines([line(quantity="1000")]), build_lines([line(quantity="1000.00")])) == set()
