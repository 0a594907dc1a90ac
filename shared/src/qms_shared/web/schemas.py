"""Base marshmallow schemas: strict request bodies, paging, money, problem details."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import marshmallow as ma
from marshmallow import RAISE, fields, validate

MAX_PER_PAGE = 200


class StrictSchema(ma.Schema):
    """Request bodies reject unknown fields (422), as the contract says."""

    class Meta:
        unknown = RAISE


class ReadSchema(ma.Schema):
    """Response schemas: documented output, unknown attributes ignored."""


class PageArgs(StrictSchema):
    """`?page=1&per_page=50` (max 200)."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PER_PAGE))


_page_schemas: dict = {}


def page_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The list-response schema `{"items": [...], "total", "page", "per_page"}` for `item_schema`."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    if name not in _page_schemas:
        _page_schemas[name] = type(name, (ReadSchema,), {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "total": fields.Integer(required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
        })
    return _page_schemas[name]


def page_body(items, total: int, args: dict) -> dict:
    """The body for a page of `items` out of `total`."""
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


class DecimalString(fields.String):
    """Money and other exact numbers as decimal strings ("1234.50"), never floats."""

    default_error_messages = {"invalid_decimal": "Not a valid decimal number.",
                              "negative": "Must not be negative.",
                              "too_large": "Too many digits."}

    def __init__(self, *, allow_negative: bool = False, max_digits: int = 18, places: int = 2, **kwargs):
        super().__init__(**kwargs)
        self.allow_negative = allow_negative
        self.max_digits = max_digits
        self.places = places

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return str(Decimal(value).quantize(Decimal(1).scaleb(-self.places)))

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise self.make_error("invalid_decimal")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise self.make_error("invalid_decimal") from exc
        if not number.is_finite():
            raise self.make_error("invalid_decimal")
        if number < 0 and not self.allow_negative:
            raise self.make_error("negative")
        if len(number.as_tuple().digits) > self.max_digits:
            raise self.make_error("too_large")
        return number


class ProblemSchema(ReadSchema):
    """RFC 9457 problem details."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
