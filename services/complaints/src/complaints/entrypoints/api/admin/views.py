"""/api/v1/admin: operator actions."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint
from marshmallow import fields

from qms_shared.web.auth import requires_roles
from qms_shared.web.bounds import not_after_now
from qms_shared.web.schemas import ReadSchema, StrictSchema

from ....domain.commands import ScanDeadlines
from ..bounded import moment
from ..common import handle, now

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="Operator actions")


class ScanSchema(StrictSchema):
    """POST admin/deadline-scan."""

    as_of = moment(load_default=None, validate=not_after_now(), metadata={
        "description": "default now; not later than now (plus 5 minutes)"})


class MissedDueDateSchema(ReadSchema):
    """A due date reported missed by this scan, and who was told."""

    number = fields.String()
    deadline = fields.String()
    due_at = fields.AwareDateTime()
    escalation = fields.String()
    escalation_level = fields.Integer()
    escalation_department = fields.String()


class MissedSchema(MissedDueDateSchema):
    """A due date of a complaint reported missed by this scan."""

    complaint_id = fields.UUID()


class ProblemMissedSchema(MissedDueDateSchema):
    """A due date of an internal problem reported missed by this scan."""

    internal_problem_id = fields.UUID()


class ActionMissedSchema(ReadSchema):
    """A survey corrective action reported past its due date by this scan."""

    corrective_action_id = fields.UUID()
    number = fields.String()
    due_at = fields.AwareDateTime()


class VisitMissedSchema(ReadSchema):
    """A customer's planned follow-up visit reported late by this scan, and who was told."""

    customer_id = fields.String()
    name = fields.String()
    due_on = fields.Date()
    escalation_level = fields.Integer()


class ReplyMissedSchema(ReadSchema):
    """A supplier's reply to a correction request reported overdue by this scan."""

    correction_request_id = fields.UUID()
    number = fields.String()
    due_at = fields.AwareDateTime()


class DueDayMissedSchema(ReadSchema):
    """A due day of seed 004 reported missed by this scan, and whose head (level 1) or the GM too (2) was told."""

    number = fields.String()
    due_on = fields.Date()
    escalation_level = fields.Integer()
    escalation_department = fields.String()


class SupplierActionMissedSchema(DueDayMissedSchema):
    """The day a supplier's action was due, passed with the correction request not yet verified."""

    correction_request_id = fields.UUID()


class RectificationMissedSchema(DueDayMissedSchema):
    """The due day of an emergency's rectification notice, passed before its outcome was verified."""

    emergency_id = fields.UUID()


class ScanResultSchema(ReadSchema):
    """What the scan found newly overdue: complaints under `overdue`, the other records apart."""

    as_of = fields.AwareDateTime()
    overdue = fields.List(fields.Nested(MissedSchema))
    internal_problems_overdue = fields.List(fields.Nested(ProblemMissedSchema))
    corrective_actions_overdue = fields.List(fields.Nested(ActionMissedSchema))
    customer_visits_overdue = fields.List(fields.Nested(VisitMissedSchema))
    correction_requests_overdue = fields.List(fields.Nested(ReplyMissedSchema))
    supplier_actions_overdue = fields.List(fields.Nested(SupplierActionMissedSchema))
    emergencies_overdue = fields.List(fields.Nested(RectificationMissedSchema))


@blp.route("/deadline-scan")
class DeadlineScan(MethodView):
    """The overdue check."""

    @requires_roles("admin", "system")
    @blp.arguments(ScanSchema)
    @blp.response(200, ScanResultSchema)
    def post(self, data):
        """Report every due date missed as of `as_of` (default now) that was not reported before."""
        as_of = data["as_of"] or now()
        report = handle(ScanDeadlines(at=as_of))
        return {"as_of": as_of, "overdue": [{"complaint_id": c.id, **_missed(c, m)} for c, m in report.complaints],
                "internal_problems_overdue": [{"internal_problem_id": p.id, **_missed(p, m)}
                                             for p, m in report.internal_problems],
                "corrective_actions_overdue": [{"corrective_action_id": a.id, "number": a.number, "due_at": a.due_at}
                                               for a in report.corrective_actions],
                "customer_visits_overdue": [{"customer_id": c.id, "name": c.name, "due_on": c.next_visit_due_on,
                                             "escalation_level": level} for c, level in report.customer_visits],
                "correction_requests_overdue": [{"correction_request_id": r.id, "number": r.number,
                                                 "due_at": r.reply_due_at} for r in report.correction_requests],
                "supplier_actions_overdue": [{"correction_request_id": r.id, "number": r.number,
                                              "due_on": r.action_due_date, "escalation_level": level,
                                              "escalation_department": r.verifying_department}
                                             for r, level in report.correction_actions],
                "emergencies_overdue": [{"emergency_id": e.id, "number": e.number, "due_on": e.rectification_due_on(),
                                         "escalation_level": level,
                                         "escalation_department": e.rectification["department"]}
                                        for e, level in report.emergencies]}


def _missed(record, missed) -> dict:
    return {"number": record.number, "deadline": missed.deadline, "due_at": missed.due_at,
            "escalation": missed.escalation, "escalation_level": missed.escalation_level,
            "escalation_department": missed.escalation_department}
