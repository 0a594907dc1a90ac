"""Schemas of /templates."""
from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.vocabulary import CHANNELS, LOCALES

_text = validate.Length(max=20_000)


class TemplateUpdateSchema(StrictSchema):
    """The text of a template (Jinja2, rendered in a sandbox); the key never changes."""

    subject = fields.String(allow_none=True, validate=validate.Length(max=500))
    body = fields.String(validate=_text)
    html_body = fields.String(allow_none=True, validate=_text)


class TemplateCreateSchema(TemplateUpdateSchema):
    """A template for one event type (or pattern, or `default`), channel and locale."""

    event_type = fields.String(required=True, validate=validate.Length(min=1, max=200))
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    locale = fields.String(required=True, validate=validate.OneOf(LOCALES))
    body = fields.String(required=True, validate=_text)


class TemplateReadSchema(ReadSchema):
    """A template as the API shows it."""

    id = fields.UUID()
    event_type = fields.String()
    channel = fields.String()
    locale = fields.String()
    subject = fields.String(allow_none=True)
    body = fields.String()
    html_body = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    version = fields.Integer()


class TemplateArgs(PageArgs):
    """Filters of the template list."""

    event_type = fields.String(validate=validate.Length(max=200))
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    locale = fields.String(validate=validate.OneOf(LOCALES))
