"""Schemas of /rules."""
from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.vocabulary import CHANNELS, ROLES

_names = fields.List(fields.String(validate=validate.Length(min=1, max=100)), validate=validate.Length(max=50))


class AudienceSchema(StrictSchema):
    """Who a rule tells: roles, departments, named recipients, or fields of the event."""

    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), validate=validate.Length(max=20))
    departments = _names
    recipient_ids = fields.List(fields.UUID(), validate=validate.Length(max=200))
    heads_of = _names
    recipient_fields = _names
    department_fields = _names


class RuleUpdateSchema(StrictSchema):
    """Fields of a rule; on PATCH any subset."""

    name = fields.String(validate=validate.Length(min=1, max=100))
    event_type = fields.String(validate=validate.Length(min=1, max=200))
    audience = fields.Nested(AudienceSchema)
    channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)), validate=validate.Length(min=1, max=3))
    template = fields.String(allow_none=True, validate=validate.Length(min=1, max=200))
    enabled = fields.Boolean()
    escalate = fields.Boolean()
    conditions = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=100)),
                             values=fields.List(fields.Raw(), validate=validate.Length(min=1, max=50)),
                             validate=validate.Length(max=20))


class RuleCreateSchema(RuleUpdateSchema):
    """A new rule."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    event_type = fields.String(required=True, validate=validate.Length(min=1, max=200))
    audience = fields.Nested(AudienceSchema, required=True)
    channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)), required=True,
                           validate=validate.Length(min=1, max=3))


class RuleReadSchema(ReadSchema):
    """A rule as the API shows it."""

    id = fields.UUID()
    name = fields.String()
    event_type = fields.String()
    audience = fields.Function(lambda rule: rule.audience.to_dict())
    channels = fields.List(fields.String())
    template = fields.String(allow_none=True)
    enabled = fields.Boolean()
    escalate = fields.Boolean()
    conditions = fields.Dict()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    version = fields.Integer()


class RuleArgs(PageArgs):
    """Filters of the rule list."""

    event_type = fields.String(validate=validate.Length(max=200))
    enabled = fields.Boolean()
