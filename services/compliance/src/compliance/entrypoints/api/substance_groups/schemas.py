"""Request and response schemas of /substance-groups."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ..common import ImpactSchema


class MemberSchema(StrictSchema):
    """A CAS number of the group; element groups need the formula the element's fraction comes from."""

    cas = fields.String(required=True, validate=validate.Length(min=5, max=20))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    formula = fields.String(load_default="", validate=validate.Length(max=100))


class GroupUpdateSchema(StrictSchema):
    """PATCH /substance-groups/{id}: members and sources are replaced as a whole."""

    name = fields.String(validate=validate.Length(min=1, max=200))
    name_zh = fields.String(validate=validate.Length(max=200))
    members = fields.List(fields.Nested(MemberSchema), validate=validate.Length(min=1, max=2000))
    sources = fields.List(fields.String(validate=validate.Length(min=1, max=500)), validate=validate.Length(max=50))


class GroupCreateSchema(GroupUpdateSchema):
    """POST /substance-groups."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=30))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    cas = fields.String(required=True, validate=validate.Length(min=5, max=20),
                        metadata={"description": "The CAS number regulations' limits use for the group"})
    element = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=3),
                            metadata={"description": "For 'an element and its compounds': the element's symbol"})
    members = fields.List(fields.Nested(MemberSchema), required=True, validate=validate.Length(min=1, max=2000))


class MemberReadSchema(ReadSchema):
    """A member with the share of its mass that counts for the group."""

    cas = fields.String()
    name = fields.String()
    formula = fields.String()
    fraction = fields.Float()


class GroupReadSchema(ReadSchema):
    """A restricted group of the substance catalogue, with its sources."""

    id = fields.UUID()
    code = fields.String()
    name = fields.String()
    name_zh = fields.String()
    cas = fields.String()
    element = fields.String(allow_none=True)
    members = fields.List(fields.Nested(MemberReadSchema))
    sources = fields.List(fields.String())
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    lock_version = fields.Integer(attribute="version")
    impact = fields.Nested(ImpactSchema, allow_none=True)


class GroupListArgs(PageArgs):
    """Filters of GET /substance-groups."""

    code = fields.String()
    cas = fields.String(metadata={"description": "Groups this CAS number belongs to"})
