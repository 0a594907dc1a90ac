"""Schemas of /notifications (send directly)."""
from marshmallow import fields, validate

from qms_shared.web.schemas import ReadSchema, StrictSchema

from ....domain.vocabulary import CHANNELS
from ..deliveries.schemas import DeliveryReadSchema


class AddressSchema(StrictSchema):
    """A bare address: the one that fits the channel."""

    email = fields.String(validate=validate.Length(max=254))
    mobile = fields.String(validate=validate.Length(max=32))
    url = fields.String(validate=validate.Length(max=500), metadata={
        "description": "http(s); refused (422) when its host is, or resolves to, a loopback, private, "
                       "link-local, multicast or reserved address outside QMS_OUTBOUND_ALLOWED_NETWORKS"})


class NotificationCreateSchema(StrictSchema):
    """To recipients of the directory, or to one address; subject required for email. Admin and system
    only. A webhook receives `body` (JSON) inside an envelope: {"type": "direct", "delivery_id",
    "sent_at", "body"}."""

    recipient_ids = fields.List(fields.UUID(), validate=validate.Length(max=500))
    to = fields.Nested(AddressSchema)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    subject = fields.String(validate=validate.Length(max=500))
    body = fields.String(required=True, validate=validate.Length(min=1, max=100_000))


class SkippedSchema(ReadSchema):
    """A recipient the notification could not reach, and why."""

    recipient_id = fields.String()
    reason = fields.String()


class NotificationReadSchema(ReadSchema):
    """What the request became."""

    id = fields.UUID()
    deliveries = fields.List(fields.Nested(DeliveryReadSchema))
    skipped = fields.List(fields.Nested(SkippedSchema))
