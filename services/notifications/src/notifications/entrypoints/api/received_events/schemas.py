"""Schemas of /received-events."""
from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema


class ReceivedEventSchema(ReadSchema):
    """An event notifications received."""

    event_id = fields.String()
    type = fields.String()
    source = fields.String()
    subject = fields.String()
    correlation_id = fields.String()
    occurred_at = fields.String()
    received_at = fields.AwareDateTime()


class ReceivedEventArgs(PageArgs):
    """Filters."""

    type = fields.String(validate=validate.Length(max=200))
    event_id = fields.String(validate=validate.Length(max=36))
