"""Schemas of /deliveries."""
from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema

from ....domain.vocabulary import CHANNELS, DELIVERY_STATES
from ..visibility import HIDDEN_NOTE


class AttemptSchema(ReadSchema):
    """One try at sending."""

    number = fields.Integer()
    at = fields.AwareDateTime()
    succeeded = fields.Boolean()
    error = fields.String(allow_none=True, metadata={
        "description": "Why it failed, in our words: a status code and its reason or the kind of network "
                       "error, never the receiver's answer. " + HIDDEN_NOTE})


class DeliveryReadSchema(ReadSchema):
    """A delivery with every attempt."""

    id = fields.UUID()
    event_id = fields.UUID(allow_none=True)
    event_type = fields.String(allow_none=True)
    recipient_id = fields.UUID(allow_none=True)
    rule_id = fields.UUID(allow_none=True)
    channel = fields.String()
    address = fields.String(allow_none=True, metadata={"description": "Email, mobile or URL. " + HIDDEN_NOTE})
    locale = fields.String(allow_none=True)
    subject = fields.String(allow_none=True, metadata={"description": HIDDEN_NOTE})
    body = fields.String(allow_none=True, metadata={"description": "The text sent (a direct webhook's is "
                         "sent inside an envelope naming the delivery). " + HIDDEN_NOTE})
    status = fields.String()
    attempts = fields.List(fields.Nested(AttemptSchema))
    attempt_count = fields.Function(lambda d: len(d.attempts))
    resend_count = fields.Integer()
    next_attempt_at = fields.AwareDateTime(allow_none=True)
    last_error = fields.String(allow_none=True, metadata={"description": "The last attempt's error, as for "
                               "attempts. " + HIDDEN_NOTE})
    sent_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()
    version = fields.Integer()


class DeliveryArgs(PageArgs):
    """Filters of the delivery list."""

    event_id = fields.UUID()
    recipient_id = fields.UUID()
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    status = fields.String(validate=validate.OneOf(DELIVERY_STATES))
