"""/api/v1/admin: operator actions."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint
from marshmallow import fields

from qms_shared.web.auth import requires_roles
from qms_shared.web.schemas import ReadSchema, StrictSchema

from ....domain.commands import ScanDeadlines
from ..common import handle, now

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="Operator actions")


class ScanSchema(StrictSchema):
    """POST admin/deadline-scan."""

    as_of = fields.AwareDateTime(load_default=None)


class MissedSchema(ReadSchema):
    """A due date reported missed by this scan."""

    complaint_id = fields.UUID()
    number = fields.String()
    deadline = fields.String()
    due_at = fields.AwareDateTime()
    escalation = fields.String()


class ScanResultSchema(ReadSchema):
    """What the scan found newly overdue."""

    as_of = fields.AwareDateTime()
    overdue = fields.List(fields.Nested(MissedSchema))


@blp.route("/deadline-scan")
class DeadlineScan(MethodView):
    """The overdue check."""

    @requires_roles("admin", "system")
    @blp.arguments(ScanSchema)
    @blp.response(200, ScanResultSchema)
    def post(self, data):
        """Report every due date missed as of `as_of` (default now) that was not reported before."""
        as_of = data["as_of"] or now()
        found = handle(ScanDeadlines(at=as_of))
        return {"as_of": as_of, "overdue": [
            {"complaint_id": c.id, "number": c.number, "deadline": m.deadline, "due_at": m.due_at,
             "escalation": m.escalation} for c, m in found]}
