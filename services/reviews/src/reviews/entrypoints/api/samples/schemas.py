"""Schemas of /samples (样品发送登记表)."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.bounds import BoundedDate
from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ..contracts.schemas import CustomerSchema, Name, Text
from ....domain.registers import SAMPLE_RESULTS


class SampleCreateSchema(StrictSchema):
    """POST /samples."""

    customer = fields.Nested(CustomerSchema, required=True)
    sample_name = Name(200, required=True)
    specification = Text(200, load_default=None, allow_none=True)
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=1_000_000))
    sent_on = BoundedDate(required=True, metadata={"description": "1900-01-01 to 2999-12-31"})
    salesperson = Name(200, required=True)
    contract_id = fields.UUID(load_default=None, allow_none=True)
    note = Text(5000, load_default=None, allow_none=True)


class SampleResultSchema(StrictSchema):
    """POST /samples/{id}/result: the customer's verdict."""

    result = fields.String(required=True, validate=validate.OneOf(SAMPLE_RESULTS))
    on = BoundedDate(required=True, metadata={"description": "1900-01-01 to 2999-12-31"})


class SampleReadSchema(ReadSchema):
    """A register entry."""

    id = fields.UUID()
    customer = fields.Function(lambda s: {"id": s.customer_id, "name": s.customer_name})
    sample_name = fields.String()
    specification = fields.String(allow_none=True)
    quantity = fields.Integer()
    sent_on = fields.Date()
    salesperson = fields.String()
    contract_id = fields.UUID(allow_none=True)
    note = fields.String(allow_none=True)
    result = fields.String(allow_none=True)
    result_on = fields.Date(allow_none=True)
    created_at = fields.AwareDateTime()
    version = fields.Integer(metadata={"description": "as in the ETag; send it back in If-Match"})


class RegisterListArgs(PageArgs):
    """Filters of a register."""

    customer_id = Name(100)
