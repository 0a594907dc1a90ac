"""Schemas of /customer-property (客户财产登记表)."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.bounds import BoundedDate
from qms_shared.web.schemas import ReadSchema, StrictSchema

from ..contracts.schemas import CustomerSchema, Name, Text
from ....domain.registers import PROPERTY_ISSUES


class PropertyCreateSchema(StrictSchema):
    """POST /customer-property."""

    customer = fields.Nested(CustomerSchema, required=True)
    name = Name(200, required=True)
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=1_000_000))
    received_on = BoundedDate(required=True, metadata={"description": "1900-01-01 to 2999-12-31"})
    received_by = Name(200, required=True)
    inspection = Text(2000, load_default=None, allow_none=True)
    handed_to_department = Text(50, load_default=None, allow_none=True)
    note = Text(5000, load_default=None, allow_none=True)


class PropertyIssueSchema(StrictSchema):
    """POST /customer-property/{id}/issue: lost, damaged or unsuitable."""

    issue = fields.String(required=True, validate=validate.OneOf(PROPERTY_ISSUES))
    note = Name(5000, required=True)


class PropertyReadSchema(ReadSchema):
    """A register entry."""

    id = fields.UUID()
    customer = fields.Function(lambda p: {"id": p.customer_id, "name": p.customer_name})
    name = fields.String()
    quantity = fields.Integer()
    received_on = fields.Date()
    received_by = fields.String()
    inspection = fields.String(allow_none=True)
    handed_to_department = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    issue = fields.String(allow_none=True)
    issue_note = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    version = fields.Integer(metadata={"description": "as in the ETag; send it back in If-Match"})
