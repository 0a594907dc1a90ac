"""Request and response schemas of /internal-problems (生产质量问题, 004)."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import DecimalString, PageArgs, ReadSchema, StrictSchema

from ....domain.vocabulary import Department, IncidentClass, ProblemLevel, Status
from ..bounded import day, moment, money
from ..complaints.schemas import QUANTITY, SHORT, HistorySchema, MissedDeadlineSchema, flag, one_of


class ProblemProductSchema(StrictSchema):
    """The product the problem was found on: its code, and the batch number or production date."""

    code = fields.String(required=True, validate=SHORT)
    batch = fields.String(load_default=None, validate=SHORT)
    production_date = day(load_default=None)


class ProblemFiguresSchema(StrictSchema):
    """Scrap, rework, loss, level and the batch-scale flag (PATCH: any subset)."""

    quantity_scrapped = fields.Integer(strict=True, validate=QUANTITY)
    quantity_reworked = fields.Integer(strict=True, validate=QUANTITY)
    loss_amount = money(allow_none=True, metadata={"description": "CNY"})
    level = fields.String(validate=one_of(ProblemLevel),
                          metadata={"description": "minor 轻微问题, general 一般问题, important 重要问题"})
    batch_scale = flag(metadata={"description": "scrap of half an hour's or rework of an hour's output (004 §3.1.1)"})


class ProblemCreateSchema(ProblemFiguresSchema):
    """POST /internal-problems."""

    product = fields.Nested(ProblemProductSchema, required=True)
    description = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    level = fields.String(required=True, validate=one_of(ProblemLevel),
                          metadata={"description": "minor 轻微问题, general 一般问题, important 重要问题"})
    found_at = moment(load_default=None)
    found_in = fields.String(load_default=None, validate=one_of(Department),
                             metadata={"description": "the department where the problem was found"})


class ProblemReadSchema(ReadSchema):
    """An internal problem with its trail."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    version = fields.Integer()
    level = fields.String()
    product = fields.Function(lambda p: {"code": p.product_code, "batch": p.product_batch,
                                         "production_date": p.production_date and p.production_date.isoformat()})
    description = fields.String()
    found_at = fields.AwareDateTime()
    found_in = fields.String(allow_none=True)
    quantity_scrapped = fields.Integer()
    quantity_reworked = fields.Integer()
    loss_amount = DecimalString(allow_none=True)
    batch_scale = fields.Boolean()
    owner_department = fields.String()
    containment_due_at = fields.AwareDateTime()
    containment_met_at = fields.AwareDateTime(allow_none=True)
    corrective_action_due_at = fields.AwareDateTime()
    corrective_action_met_at = fields.AwareDateTime(allow_none=True)
    containment_action = fields.String(allow_none=True)
    root_cause = fields.String(allow_none=True)
    cause_category = fields.String(allow_none=True)
    responsibility = fields.String(allow_none=True)
    responsible_department = fields.String(allow_none=True)
    corrective_action = fields.String(allow_none=True)
    preventive_action = fields.String(allow_none=True)
    approved_by = fields.String(allow_none=True)
    implementation_note = fields.String(allow_none=True)
    verification_note = fields.String(allow_none=True)
    closure_reason = fields.String(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    reopen_count = fields.Integer()
    incident_class = fields.String()
    incident_reasons = fields.List(fields.String())
    allowed_steps = fields.Function(lambda p: p.allowed_steps())
    overdue = fields.List(fields.Nested(MissedDeadlineSchema))
    history = fields.List(fields.Nested(HistorySchema))


class ProblemListArgs(PageArgs):
    """Filters of GET /internal-problems."""

    status = fields.String(validate=one_of(Status))
    level = fields.String(validate=one_of(ProblemLevel))
    incident_class = fields.String(validate=one_of(IncidentClass))
    product_code = fields.String(validate=SHORT)
