"""What every compliance resource shares: the context, body checks, and nested schemas."""
from __future__ import annotations

from flask import current_app, request
from marshmallow import fields, validate

from qms_shared.domain import ValidationFailed
from qms_shared.envelope import utcnow
from qms_shared.web.schemas import ReadSchema, StrictSchema

from ...domain.substances import MAX_PPM

WRITERS = ("quality", "management_rep")
PPM = validate.Range(min=0, min_inclusive=False, max=MAX_PPM)


def ctx():
    """The service context of the running app."""
    return current_app.extensions["qms"]


def refuse_non_object_bodies():
    """Before a write: a JSON body that is not an object (null, a list, a number) is 422, not a no-op."""
    if request.method in ("POST", "PATCH", "PUT") and request.mimetype == "application/json" and request.get_data():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise ValidationFailed("the request body must be a JSON object",
                                   errors={"_schema": ["expected a JSON object"]})


def today():
    """Today's date (UTC), for flags such as 'review overdue'."""
    return utcnow().date()


class LimitSchema(StrictSchema):
    """A substance limit in ppm of the homogeneous material."""

    cas = fields.String(required=True, validate=validate.Length(min=5, max=20))
    substance = fields.String(required=True, validate=validate.Length(min=1, max=200))
    max_ppm = fields.Float(required=True, validate=PPM)


class LimitReadSchema(ReadSchema):
    """A substance limit."""

    cas = fields.String()
    substance = fields.String()
    max_ppm = fields.Float()


class HistoryReadSchema(ReadSchema):
    """One step of an audit trail."""

    at = fields.AwareDateTime()
    by = fields.String()
    from_ = fields.String(data_key="from", attribute="from_status", allow_none=True)
    to = fields.String(attribute="to_status")
    note = fields.String()


class ImpactChangeSchema(ReadSchema):
    """One product whose result moved."""

    product_id = fields.UUID()
    product_code = fields.String()
    previous = fields.String(allow_none=True)
    status = fields.String()


class ImpactSchema(ReadSchema):
    """What a change did to the products in its scope."""

    report_id = fields.UUID()
    evaluated = fields.Integer()
    changes = fields.List(fields.Nested(ImpactChangeSchema))


class CustomerSchema(StrictSchema):
    """A customer as the other systems know it."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
