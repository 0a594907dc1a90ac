"""Contract lines (产品名称/规格型号/数量/单价/金额/要求到货日期) and how two sets of lines differ."""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from qms_shared.domain import FieldErrors

CENT = Decimal("0.01")
# Kept exactly as stored: a quantity to the gram or piece-thousandth, a unit price to 1/100 of a fen.
QUANTITY_PLACES = 3
PRICE_PLACES = 4
LINE_FIELDS = ("product_code", "product_name", "model", "quantity", "unit_price",
               "requested_delivery_date", "new_product", "modified")


class ContractLine:
    """One ordered product with its quantity, unit price and the delivery date the customer asks for."""

    def __init__(self, *, id: uuid.UUID, line_no: int, product_code: str, product_name: str, model: str,
                 quantity: Decimal, unit_price: Decimal, requested_delivery_date: date,
                 new_product: bool = False, modified: bool = False):
        self.id = id
        self.line_no = line_no
        self.product_code = product_code
        self.product_name = product_name
        self.model = model
        self.quantity = quantity
        self.unit_price = unit_price
        self.requested_delivery_date = requested_delivery_date
        self.new_product = new_product
        self.modified = modified

    @property
    def amount(self) -> Decimal:
        """Quantity times unit price, to the cent."""
        return (self.quantity * self.unit_price).quantize(CENT)

    def terms(self) -> dict:
        """The line as JSON-friendly values, for revision snapshots and comparisons."""
        return {"line_no": self.line_no, "product_code": self.product_code, "product_name": self.product_name,
                "model": self.model, "quantity": plain(self.quantity), "unit_price": plain(self.unit_price),
                "amount": str(self.amount), "requested_delivery_date": self.requested_delivery_date.isoformat(),
                "new_product": self.new_product, "modified": self.modified}


def plain(number: Decimal) -> str:
    """A decimal without trailing zeros or exponent, e.g. 1000.000 -> "1000", 2.5000 -> "2.5"."""
    return format(number.normalize(), "f")


def build_lines(items: list[dict]) -> list[ContractLine]:
    """Validate line input (dicts with LINE_FIELDS) and build lines; all errors are reported at once."""
    errors = FieldErrors()
    errors.check(bool(items), "lines", "a contract needs at least one line")
    for n, item in enumerate(items or ()):
        for name, message in _line_errors(item):
            errors.add(f"lines.{n}.{name}", message)
    errors.raise_if_any("invalid contract lines")
    return [_line(n + 1, item) for n, item in enumerate(items)]


def _line_errors(item: dict):
    for name in ("product_code", "product_name"):
        if not str(item.get(name) or "").strip():
            yield name, "required"
    quantity = _decimal(item.get("quantity"))
    if quantity is None or quantity <= 0:
        yield "quantity", "must be a number greater than 0"
    elif _places(quantity) > QUANTITY_PLACES:
        yield "quantity", f"at most {QUANTITY_PLACES} decimal places"
    price = _decimal(item.get("unit_price"))
    if price is None or price < 0:
        yield "unit_price", "must be a number of at least 0"
    elif _places(price) > PRICE_PLACES:
        yield "unit_price", f"at most {PRICE_PLACES} decimal places"
    if not isinstance(item.get("requested_delivery_date"), date):
        yield "requested_delivery_date", "required (YYYY-MM-DD)"


def _places(number: Decimal) -> int:
    return max(0, -number.normalize().as_tuple().exponent)


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, (bool, float)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _line(line_no: int, item: dict) -> ContractLine:
    return ContractLine(
        id=uuid.uuid4(), line_no=line_no, product_code=item["product_code"].strip(),
        product_name=item["product_name"].strip(), model=(item.get("model") or "").strip(),
        quantity=Decimal(str(item["quantity"])), unit_price=Decimal(str(item["unit_price"])),
        requested_delivery_date=item["requested_delivery_date"],
        new_product=bool(item.get("new_product")), modified=bool(item.get("modified")))


def changed_aspects(old: list[ContractLine], new: list[ContractLine]) -> set[str]:
    """Which aspects (keys of departments.AMENDMENT_TOUCHES) differ between two sets of lines, by line number."""
    aspects: set[str] = set()
    if len(new) > len(old):
        aspects.add("line_added")
    if len(new) < len(old):
        aspects.add("line_removed")
    for before, after in zip(old, new):
        if before.quantity != after.quantity:
            aspects.add("quantity")
        if before.requested_delivery_date != after.requested_delivery_date:
            aspects.add("requested_delivery_date")
        if before.unit_price != after.unit_price:
            aspects.add("unit_price")
        if (before.product_code, before.model, before.new_product, before.modified) != \
                (after.product_code, after.model, after.new_product, after.modified):
            aspects.add("product")
    return aspects
