"""Schemas of /surveys/proposals: the customers proposed for a year's survey, edited before it starts."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import DecimalString, ReadSchema, StrictSchema

from ..bounded import measure, percentage
from ..complaints.schemas import SHORT
from ..surveys.schemas import ObjectiveSchema

YEAR = validate.Range(min=2000, max=2100)


class ProposalCreateSchema(StrictSchema):
    """POST /surveys/proposals: the thresholds default to the service's configuration (200 t, 70 %)."""

    year = fields.Integer(strict=True, required=True, validate=YEAR)
    purchases_year = fields.Integer(strict=True, load_default=None, validate=YEAR,
                                    metadata={"description": "whose purchases decide (default: `year`)"})
    minimum_tonnes = measure(load_default=None, metadata={"description": "tonnes, default 200"})
    revenue_share = percentage(load_default=None, metadata={"description": "percent of the year's revenue, default 70"})


class ProposalEditSchema(StrictSchema):
    """PATCH /surveys/proposals/{id} (If-Match): the customers to survey, in place of the proposed ones."""

    customer_ids = fields.List(fields.String(validate=SHORT), required=True, validate=validate.Length(min=1, max=1000))


class ProposalStartSchema(StrictSchema):
    """POST /surveys/proposals/{id}/start: the survey's items and objective figures, as POST /surveys."""

    items = fields.List(fields.String(validate=SHORT), load_default=None, validate=validate.Length(min=1, max=30))
    objective = fields.Nested(ObjectiveSchema, load_default=dict)


class SelectedSchema(ReadSchema):
    """A customer the rule picked, and why."""

    customer_id = fields.String()
    name = fields.String()
    reasons = fields.List(fields.String())


class ProposalReadSchema(ReadSchema):
    """A proposal: the customers the rule picked (`selection`, with why) and those to survey (`customer_ids`)."""

    id = fields.UUID()
    year = fields.Integer()
    purchases_year = fields.Integer()
    status = fields.String(metadata={"description": "draft (editable), started"})
    customer_ids = fields.List(fields.String())
    selection = fields.List(fields.Nested(SelectedSchema))
    minimum_tonnes = DecimalString(places=3)
    revenue_share = DecimalString()
    survey_id = fields.UUID(allow_none=True)
    proposed_by = fields.String()
    proposed_at = fields.AwareDateTime()
    started_at = fields.AwareDateTime(allow_none=True)
    version = fields.Integer()
