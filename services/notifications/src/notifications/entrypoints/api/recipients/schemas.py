"""Schemas of /recipients."""
from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.vocabulary import CHANNELS, LOCALES, ROLES
from ..visibility import HIDDEN_NOTE

_name = validate.Length(min=1, max=200)


class RecipientUpdateSchema(StrictSchema):
    """Fields of a recipient; on PATCH any subset. Formats are checked by the domain (422)."""

    name = fields.String(validate=_name)
    email = fields.String(allow_none=True, validate=validate.Length(max=254))
    mobile = fields.String(allow_none=True, validate=validate.Length(max=32))
    department = fields.String(allow_none=True, validate=validate.Length(max=50))
    department_head = fields.Boolean()
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), validate=validate.Length(max=20))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    opt_out = fields.List(fields.String(validate=validate.OneOf(CHANNELS)), validate=validate.Length(max=3))
    webhook_url = fields.String(allow_none=True, validate=validate.Length(max=500), metadata={
        "description": "http(s); refused (422) when its host is, or resolves to, a loopback, private, "
                       "link-local, multicast or reserved address outside QMS_OUTBOUND_ALLOWED_NETWORKS"})
    webhook_secret = fields.String(allow_none=True, load_only=True, validate=validate.Length(min=16, max=200))
    active = fields.Boolean()


class RecipientCreateSchema(RecipientUpdateSchema):
    """A new recipient: a name and at least one address."""

    name = fields.String(required=True, validate=_name)


class RecipientReadSchema(ReadSchema):
    """A recipient as the API shows it (never the webhook secret)."""

    id = fields.UUID()
    name = fields.String()
    email = fields.String(allow_none=True, metadata={"description": HIDDEN_NOTE})
    mobile = fields.String(allow_none=True, metadata={"description": HIDDEN_NOTE})
    department = fields.String(allow_none=True)
    department_head = fields.Boolean()
    roles = fields.List(fields.String())
    locale = fields.String()
    opt_out = fields.List(fields.String())
    webhook_url = fields.String(allow_none=True, metadata={"description": HIDDEN_NOTE})
    has_webhook_secret = fields.Function(lambda r: bool(r.webhook_secret))
    active = fields.Boolean()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    version = fields.Integer()


class RecipientArgs(PageArgs):
    """Filters of the recipient list."""

    department = fields.String(validate=validate.Length(max=50))
    role = fields.String(validate=validate.OneOf(ROLES))
    q = fields.String(validate=validate.Length(max=100))
