"""Request and response schemas of /regulations."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.bounds import BoundedDate
from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.regulation import REGULATION_STATUSES
from ..common import ImpactSchema, LimitReadSchema, LimitSchema, ppm_field, today


class ExemptionSchema(StrictSchema):
    """Permission to exceed one substance's limit, until an expiry date."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=50))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    cas = fields.String(required=True, validate=validate.Length(min=5, max=20))
    expires_on = BoundedDate(load_default=None, allow_none=True)
    max_ppm = ppm_field(load_default=None, allow_none=True)
    categories = fields.String(load_default="", validate=validate.Length(max=500))
    legal_source = fields.String(load_default="", validate=validate.Length(max=500))


class ExemptionReadSchema(ReadSchema):
    """An exemption: its wording (`description`), substance, maximum, categories, expiry and legal source."""

    code = fields.String()
    description = fields.String()
    cas = fields.String()
    expires_on = fields.Date(allow_none=True)
    max_ppm = fields.Float(allow_none=True)
    categories = fields.String()
    legal_source = fields.String()


class ReviewEntrySchema(ReadSchema):
    """One review of the entry."""

    on = fields.Date()
    by = fields.String()
    note = fields.String()
    changed = fields.List(fields.String())


class RegulationUpdateSchema(StrictSchema):
    """PATCH /regulations/{id}: any of these; limits and exemptions are replaced as a whole."""

    title = fields.String(validate=validate.Length(min=1, max=500))
    jurisdiction = fields.String(validate=validate.Length(min=1, max=50))
    issuer = fields.String(validate=validate.Length(max=300))
    document_version = fields.String(data_key="version", validate=validate.Length(max=100))
    effective_date = BoundedDate()
    last_reviewed_on = BoundedDate(allow_none=True)
    status = fields.String(validate=validate.OneOf(REGULATION_STATUSES))
    limits = fields.List(fields.Nested(LimitSchema), validate=validate.Length(max=500))
    exemptions = fields.List(fields.Nested(ExemptionSchema), validate=validate.Length(max=500))
    family = fields.String(allow_none=True, validate=validate.Length(max=50), metadata={
        "description": "Versions of one regulation share a family; the latest one in force applies"})


class RegulationCreateSchema(RegulationUpdateSchema):
    """POST /regulations."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=50))
    title = fields.String(required=True, validate=validate.Length(min=1, max=500))
    jurisdiction = fields.String(required=True, validate=validate.Length(min=1, max=50))
    effective_date = BoundedDate(required=True)
    limits = fields.List(fields.Nested(LimitSchema), required=True, validate=validate.Length(max=500))


class ReviewSchema(StrictSchema):
    """POST /regulations/{id}/review: the review, optionally replacing the exemption list."""

    reviewed_on = BoundedDate(load_default=None)
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    exemptions = fields.List(fields.Nested(ExemptionSchema), load_default=None, validate=validate.Length(max=500))


class RegulationReadSchema(ReadSchema):
    """A register entry; `review_overdue` flags one not reviewed for 12 months."""

    id = fields.UUID()
    code = fields.String()
    title = fields.String()
    jurisdiction = fields.String()
    issuer = fields.String()
    version = fields.String(attribute="document_version")
    effective_date = fields.Date()
    last_reviewed_on = fields.Date(allow_none=True)
    review_due_on = fields.Function(lambda r: _iso(r.review_due_on()), dump_only=True)
    review_overdue = fields.Function(lambda r: r.review_overdue(today()), dump_only=True)
    status = fields.String()
    limits = fields.List(fields.Nested(LimitReadSchema))
    exemptions = fields.List(fields.Nested(ExemptionReadSchema))
    family = fields.String(attribute="family_code")
    review_history = fields.List(fields.Nested(ReviewEntrySchema))
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    lock_version = fields.Integer(attribute="version")
    impact = fields.Nested(ImpactSchema, allow_none=True)


class RegulationListArgs(PageArgs):
    """Filters of GET /regulations."""

    jurisdiction = fields.String()
    status = fields.String(validate=validate.OneOf(REGULATION_STATUSES))
    review_overdue = fields.Boolean()


def _iso(day):
    return None if day is None else day.isoformat()
