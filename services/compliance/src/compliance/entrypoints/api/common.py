"""What every compliance resource shares: the context, body checks, and nested schemas."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import current_app, request
from marshmallow import fields, validate

from qms_shared.domain import ValidationFailed
from qms_shared.envelope import utcnow
from qms_shared.web.bounds import BoundedFloat, not_after_now
from qms_shared.web.schemas import ReadSchema, StrictSchema

from ...domain.substances import MAX_PPM

WRITERS = ("quality", "management_rep")
# Configuration (the register, the substance catalogue, admin/*): admin configures; it decides nothing else here.
CONFIGURERS = (*WRITERS, "admin")
PPM = validate.Range(min=0, min_inclusive=False, max=MAX_PPM)
# A day has begun somewhere once it began at UTC+14: the latest `as_of` date that is not in the future.
EARLIEST_ZONE = timezone(timedelta(hours=14))


def not_after_today(day: date) -> None:
    """Validator of an `as_of` date: a day that has begun (year 9999 is 422, not a scan of the future)."""
    not_after_now()(datetime.combine(day, time.min, EARLIEST_ZONE))


def ppm_field(**kwargs) -> BoundedFloat:
    """A limit in ppm: a finite number above 0 and at most 1,000,000 (documented as such)."""
    metadata = {"exclusiveMinimum": True, **kwargs.pop("metadata", {})}
    return BoundedFloat(minimum=0, maximum=MAX_PPM, validate=PPM, metadata=metadata, **kwargs)


class Concentration(BoundedFloat):
    """A concentration as a JSON number or a decimal string: finite, from 0 to 1,000,000 (the most any unit
    allows: 1,000,000 ppm or mg/kg, 100 percent, which the domain checks). The value goes on as sent, so
    the domain converts it exactly ("0.10001" stays that decimal)."""

    def __init__(self, **kwargs):
        metadata = {"minimum": 0, "maximum": MAX_PPM, **kwargs.pop("metadata", {})}  # checked by BoundedFloat
        super().__init__(minimum=0, maximum=MAX_PPM, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        super()._deserialize(value, attr, data, **kwargs)  # refuses what is not a finite number in range
        return value


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
    max_ppm = ppm_field(required=True)


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
