"""Request and response schemas of /complaints."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

CATEGORIES = ("quality", "delivery", "quantity", "service", "price", "environmental", "other")


class CustomerSchema(StrictSchema):
    """The customer who complains."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ComplaintCreateSchema(StrictSchema):
    """POST /complaints."""

    customer = fields.Nested(CustomerSchema, required=True)
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    description = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    received_at = fields.AwareDateTime(load_default=None)


class ComplaintReadSchema(ReadSchema):
    """A complaint as clients read it."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    customer = fields.Function(lambda c: {"id": c.customer_id, "name": c.customer_name})
    category = fields.String()
    owner_department = fields.String()
    description = fields.String()
    received_at = fields.AwareDateTime()


class ComplaintListArgs(PageArgs):
    """Filters of GET /complaints."""
