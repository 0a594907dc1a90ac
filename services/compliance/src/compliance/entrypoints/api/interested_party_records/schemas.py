"""Request and response schemas of /interested-party-records."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.bounds import BoundedDate
from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.interested_party import PARTY_TYPES, RECORD_KINDS, SOURCES


class RecordCreateSchema(StrictSchema):
    """POST /interested-party-records."""

    party_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    party_type = fields.String(required=True, validate=validate.OneOf(PARTY_TYPES))
    kind = fields.String(required=True, validate=validate.OneOf(RECORD_KINDS))
    description = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    received_on = BoundedDate(required=True)


class ClosureSchema(StrictSchema):
    """POST /interested-party-records/{id}/closure."""

    response = fields.String(required=True, validate=validate.Length(min=1, max=10_000))


class RecordReadSchema(ReadSchema):
    """An entry of the interested-party log (相关方要求记录表)."""

    id = fields.UUID()
    party_name = fields.String()
    party_type = fields.String()
    kind = fields.String()
    description = fields.String()
    received_on = fields.Date()
    source = fields.String()
    source_reference = fields.String(allow_none=True)
    status = fields.String()
    response = fields.String()
    created_at = fields.AwareDateTime()
    closed_at = fields.AwareDateTime(allow_none=True)
    closed_by = fields.String(allow_none=True)
    lock_version = fields.Integer(attribute="version")


class RecordListArgs(PageArgs):
    """Filters of GET /interested-party-records."""

    kind = fields.String(validate=validate.OneOf(RECORD_KINDS))
    source = fields.String(validate=validate.OneOf(SOURCES))
    status = fields.String(validate=validate.OneOf(("open", "closed")))
    source_reference = fields.String()
