"""Response schemas of evaluations and impact reports."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema

from ....domain.evaluation import STATUSES
from ..common import ImpactChangeSchema


class ReasonReadSchema(ReadSchema):
    """Why: one substance against one limit (or an evidence problem, with no substance)."""

    verdict = fields.String()
    cas = fields.String(allow_none=True)
    substance = fields.String(allow_none=True)
    material = fields.String(allow_none=True)
    value_ppm = fields.Float(allow_none=True)
    limit_ppm = fields.Float(allow_none=True)
    source = fields.String(allow_none=True)
    exemption = fields.String(allow_none=True)
    exemption_expires_on = fields.Date(allow_none=True)
    group = fields.String(allow_none=True)
    declared = fields.List(fields.String())
    note = fields.String(allow_none=True)


class EvaluationReadSchema(ReadSchema):
    """One evaluation result."""

    id = fields.UUID()
    product_id = fields.UUID()
    product_code = fields.String()
    status = fields.String()
    evaluated_at = fields.AwareDateTime()
    trigger = fields.String()
    reasons = fields.List(fields.Nested(ReasonReadSchema))


class EvaluationListArgs(PageArgs):
    """Filters of GET /evaluations."""

    product_id = fields.UUID()
    status = fields.String(validate=validate.OneOf(STATUSES))


class ImpactReportReadSchema(ReadSchema):
    """What one change did: products evaluated again, and those whose status moved."""

    id = fields.UUID()
    trigger = fields.String()
    evaluated_at = fields.AwareDateTime()
    evaluated = fields.Integer()
    duration_ms = fields.Integer()
    changes = fields.List(fields.Nested(ImpactChangeSchema))
