"""Request and response schemas of /customer-requirements."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.requirement import CATEGORIES, STATUS_FLOW
from ..common import CustomerSchema, HistoryReadSchema, ImpactSchema, LimitReadSchema, LimitSchema


class RequirementCreateSchema(StrictSchema):
    """POST /customer-requirements: a requirement starts `identified`."""

    customer = fields.Nested(CustomerSchema, required=True)
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    text = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    source_document = fields.String(load_default="", validate=validate.Length(max=300))
    status = fields.String(load_default="identified", validate=validate.OneOf(STATUS_FLOW[:1]))
    limits = fields.List(fields.Nested(LimitSchema), load_default=list, validate=validate.Length(max=500))


class RequirementUpdateSchema(StrictSchema):
    """PATCH /customer-requirements/{id}: content, and/or `status` one step further."""

    category = fields.String(validate=validate.OneOf(CATEGORIES))
    text = fields.String(validate=validate.Length(min=1, max=10_000))
    source_document = fields.String(validate=validate.Length(max=300))
    limits = fields.List(fields.Nested(LimitSchema), validate=validate.Length(max=500))
    status = fields.String(validate=validate.OneOf(STATUS_FLOW))
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class RequirementReadSchema(ReadSchema):
    """A customer-specific requirement with its status history."""

    id = fields.UUID()
    number = fields.String()
    customer = fields.Function(lambda r: {"id": r.customer_id, "name": r.customer_name})
    category = fields.String()
    text = fields.String()
    source_document = fields.String()
    status = fields.String()
    limits = fields.List(fields.Nested(LimitReadSchema))
    history = fields.List(fields.Nested(HistoryReadSchema))
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    lock_version = fields.Integer(attribute="version")
    impact = fields.Nested(ImpactSchema, allow_none=True)


class RequirementListArgs(PageArgs):
    """Filters of GET /customer-requirements."""

    customer_id = fields.String()
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    status = fields.String(validate=validate.OneOf(STATUS_FLOW))
