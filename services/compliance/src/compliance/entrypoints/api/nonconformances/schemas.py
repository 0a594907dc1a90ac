"""Request and response schemas of /nonconformances."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.bounds import BoundedDate
from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.nonconformance import DEPARTMENTS, NC_STATUSES
from ..common import HistoryReadSchema


class NonconformanceCreateSchema(StrictSchema):
    """POST /nonconformances: one opened by hand (evaluations open theirs automatically)."""

    product_id = fields.UUID(required=True)
    description = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    owner_department = fields.String(required=True, validate=validate.OneOf(DEPARTMENTS))


class ActionPlanSchema(StrictSchema):
    """POST /nonconformances/{id}/action-plan."""

    corrective_action = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    due_on = BoundedDate(load_default=None, allow_none=True)


class ReassignmentSchema(StrictSchema):
    """POST /nonconformances/{id}/reassignment."""

    owner_department = fields.String(required=True, validate=validate.OneOf(DEPARTMENTS))


class NcClosureSchema(StrictSchema):
    """POST /nonconformances/{id}/closure."""

    note = fields.String(required=True, validate=validate.Length(min=1, max=10_000))


class NonconformanceReadSchema(ReadSchema):
    """A nonconformance (不合格控制表)."""

    id = fields.UUID()
    number = fields.String()
    product_id = fields.UUID()
    product_code = fields.String()
    evaluation_id = fields.UUID(allow_none=True)
    description = fields.String()
    owner_department = fields.String()
    status = fields.String()
    opened_at = fields.AwareDateTime()
    opened_by = fields.String()
    corrective_action = fields.String()
    action_due_on = fields.Date(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    closure_note = fields.String()
    history = fields.List(fields.Nested(HistoryReadSchema))
    lock_version = fields.Integer(attribute="version")


class NonconformanceListArgs(PageArgs):
    """Filters of GET /nonconformances."""

    status = fields.String(validate=validate.OneOf(NC_STATUSES))
    owner_department = fields.String(validate=validate.OneOf(DEPARTMENTS))
    product_id = fields.UUID()
