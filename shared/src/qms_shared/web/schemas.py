"""Base marshmallow schemas: strict request bodies, paging, money, problem details."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from collections.abc import Mapping

import marshmallow as ma
from marshmallow import INCLUDE, RAISE, ValidationError, fields, pre_load, validate

MAX_PER_PAGE = 200


class StrictSchema(ma.Schema):
    """Request bodies reject unknown fields (422), as the contract says, and text holding a NUL character
    (422 naming each field: PostgreSQL cannot store it)."""

    class Meta:
        unknown = RAISE

    @pre_load(pass_collection=True)
    def _refuse_nul_characters(self, data, **_kwargs):
        errors = nul_errors(data)
        if errors:
            raise ValidationError(errors)
        return data


NUL_MESSAGE = "Must not contain a NUL character (U+0000)."


def nul_errors(data) -> dict:
    """Marshmallow-shaped messages for every string (or key) in `data` holding a NUL, by path."""
    if isinstance(data, str):
        return {"_schema": [NUL_MESSAGE]} if "\x00" in data else {}
    errors: dict = {}
    stack = [(data, errors, None)]
    while stack:  # iterative: a body is never walked by recursion
        value, parent, key = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                parent[key] = [NUL_MESSAGE]
        elif isinstance(value, Mapping) or isinstance(value, (list, tuple)):
            node: dict = errors if key is None else {}
            if key is not None:
                parent[key] = node
            for child_key, child in _items(value):
                if isinstance(child_key, str) and "\x00" in child_key:
                    node[child_key.replace("\x00", "\\u0000")] = [NUL_MESSAGE]
                else:
                    stack.append((child, node, child_key))
    return _prune(errors)


def _items(value):
    if isinstance(value, Mapping):
        getlist = getattr(value, "getlist", None)  # a query string may repeat a name
        return [(k, getlist(k) if getlist else value[k]) for k in value]
    return list(enumerate(value))


def _prune(node):
    """Drop the empty branches the walk left behind."""
    if not isinstance(node, dict):
        return node
    pruned = {k: _prune(v) for k, v in node.items()}
    return {k: v for k, v in pruned.items() if v}


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
    """Money and other exact numbers as decimal strings ("1234.50"), never floats.

    At most `max_digits - places` digits before the point (so "1e30", "1e400" and "1e999999999" are 422,
    never a number the database or `quantize` cannot hold), and at most `places` after it when
    `max_places` is true (else the extra places are rounded when written back).
    """

    default_error_messages = {"invalid_decimal": "Not a valid decimal number.",
                              "negative": "Must not be negative.",
                              "too_large": "Too many digits: at most {integer_digits} before the decimal point.",
                              "too_many_places": "At most {places} digits after the decimal point."}

    def __init__(self, *, allow_negative: bool = False, max_digits: int = 18, places: int = 2,
                 max_places: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.allow_negative = allow_negative
        self.max_digits = max_digits
        self.places = places
        self.max_places = max_places

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return str(Decimal(value).quantize(Decimal(1).scaleb(-self.places)))

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise self.make_error("invalid_decimal")
        text = str(value).strip()
        if len(text) > 100:  # no exact number of this API is written with more characters
            raise self.make_error("invalid_decimal")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise self.make_error("invalid_decimal") from exc
        if not number.is_finite():
            raise self.make_error("invalid_decimal")
        if number < 0 and not self.allow_negative:
            raise self.make_error("negative")
        integer_digits = self.max_digits - self.places
        if number != 0 and number.adjusted() >= integer_digits:
            raise self.make_error("too_large", integer_digits=integer_digits)
        if self.max_places and number != 0 and number.normalize().as_tuple().exponent < -self.places:
            raise self.make_error("too_many_places", places=self.places)
        if number.as_tuple().exponent < -(self.max_digits + 10):  # "1e-999999999": no one means that
            raise self.make_error("too_many_places", places=self.places)
        if len(number.as_tuple().digits) > self.max_digits:
            raise self.make_error("too_large", integer_digits=integer_digits)
        return number


class ProblemSchema(ReadSchema):
    """RFC 9457 problem details; a problem may carry more members than these (RFC 9457 §3.2)."""

    class Meta:
        unknown = INCLUDE  # documented as additionalProperties: true

    type = fields.String(required=True, metadata={"description": "`urn:qms:problem:<Kind>`"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "422: messages by field path (`lines.0.quantity`)"})
    required_roles = fields.List(fields.String(), metadata={"description": "403: one of these roles is needed"})
    allowed = fields.List(fields.String(), metadata={"description": "409: what the current state allows"})
    current_status = fields.String(metadata={"description": "409: the state the resource is in"})
    accepted = fields.List(fields.String(), metadata={"description": "415: the media types this endpoint takes"})
