"""Delivery history imported from the company's records (发货记录): the rows, their validation, the plan.

A row is one line of a delivery document (`source_document`, `line`): the key an import is idempotent by.
Rows are numbered as the file numbers them (the CSV line, the header being line 1; the position in the
JSON `rows`, from 1), so a refusal names the row a person can find. Validation is all or nothing: the
plan says what a file would add and change, and any refused row means nothing is written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from qms_shared.imports import text_cell

from .lines import QUANTITY_PLACES, plain

DELIVERY_FIELDS = ("customer_id", "customer_name", "product_code", "model", "delivered_on", "quantity",
                   "source_document", "line")
TEXT_LIMITS = {"customer_id": 100, "customer_name": 200, "product_code": 100, "model": 200, "source_document": 100}
MAX_QUANTITY = Decimal(10) ** 15  # Numeric(18, 3)
MAX_LINE = 2**31 - 1
# A delivery dated after the import's day is refused; one day of leeway, as the company's day may start
# before UTC's (China is UTC+8).
FUTURE_LEEWAY = timedelta(days=1)
# The earliest delivery day, as every date the API takes (qms_shared.web.bounds.MIN_DATE; domain/ imports no
# marshmallow): a year 0001 is a typing error, not history.
EARLIEST_DELIVERY = date(1900, 1, 1)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Delivery:
    """One delivered line: which customer got how much of which product, when, on which document."""

    customer_id: str
    customer_name: str
    product_code: str
    model: str
    delivered_on: date
    quantity: Decimal
    source_document: str
    line: int

    @property
    def key(self) -> tuple[str, int]:
        """What an import is idempotent by: the source document and its line."""
        return self.source_document, self.line

    def differences(self, stored: "Delivery") -> dict[str, dict]:
        """The fields that differ from the stored row, each as {"from", "to"} in the file's notation."""
        return {f.name: {"from": _shown(getattr(stored, f.name)), "to": _shown(getattr(self, f.name))}
                for f in fields(self) if getattr(stored, f.name) != getattr(self, f.name)}


def _shown(value):
    if isinstance(value, Decimal):
        return plain(value)
    return value.isoformat() if isinstance(value, date) else value


def read_delivery(raw: dict, *, today: date) -> tuple[Delivery | None, dict[str, list[str]]]:
    """The delivery a row describes, or None and every reason it is refused (field -> messages)."""
    if not isinstance(raw, dict):
        return None, {"_row": ["must be an object with the delivery's fields"]}
    errors: dict[str, list[str]] = {}
    values = {}
    for name in raw:
        if name not in DELIVERY_FIELDS:
            errors.setdefault(str(name), []).append("Unknown field.")
    for name, limit in TEXT_LIMITS.items():
        values[name] = text_cell(raw.get(name), limit, required=name != "model", errors=errors.setdefault(name, []))
    values["delivered_on"] = _delivered_on(raw.get("delivered_on"), today, errors.setdefault("delivered_on", []))
    values["quantity"] = _quantity(raw.get("quantity"), errors.setdefault("quantity", []))
    values["line"] = _line(raw.get("line"), errors.setdefault("line", []))
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        return None, errors
    return Delivery(**values), {}


def _delivered_on(value, today: date, errors: list) -> date | None:
    if value is None or value == "":
        errors.append("Missing data for required field.")
        return None
    text = value.strip() if isinstance(value, str) else None
    try:
        day = date.fromisoformat(text) if text and _ISO_DATE.match(text) else None
    except ValueError:
        day = None
    if day is None:
        errors.append("Not a valid date (YYYY-MM-DD).")
    elif day < EARLIEST_DELIVERY:
        errors.append(f"Before {EARLIEST_DELIVERY.isoformat()}.")
    elif day > today + FUTURE_LEEWAY:
        errors.append(f"In the future (after {today.isoformat()}).")
    return day


def _quantity(value, errors: list) -> Decimal | None:
    if value is None or value == "":
        errors.append("Missing data for required field.")
        return None
    number = None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        errors.append("Not a valid number.")
    elif number <= 0:
        errors.append("Must be greater than 0.")
    elif number >= MAX_QUANTITY:
        errors.append(f"Must be less than {MAX_QUANTITY:,.0f}.")
    elif max(0, -number.normalize().as_tuple().exponent) > QUANTITY_PLACES:
        errors.append(f"At most {QUANTITY_PLACES} decimal places.")
    else:
        return number
    return None


def _line(value, errors: list) -> int | None:
    if value is None or value == "":
        errors.append("Missing data for required field.")
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_LINE:
        errors.append("Must be a whole number from 1.")
        return None
    return value
