"""/api/v1/admin: operations on demand (the worker runs the same scan periodically)."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint
from marshmallow import fields

from qms_shared.envelope import utcnow
from qms_shared.web.auth import requires_roles
from qms_shared.web.bounds import BoundedDateTime, not_after_now
from qms_shared.web.schemas import ReadSchema, StrictSchema

from ....domain.commands import ScanDeadlines
from ..common import ctx

blp = Blueprint("reviews_admin", __name__, url_prefix="/api/v1/admin", description="Administration")


class DeadlineScanSchema(StrictSchema):
    """POST admin/deadline-scan."""

    as_of = BoundedDateTime(load_default=None, validate=not_after_now(), metadata={
        "description": "default: now; not later than now plus 5 minutes (a scan of the future would mark every "
                       "review overdue)"})


class OverdueSchema(ReadSchema):
    """A review that became overdue in this scan."""

    contract_id = fields.UUID()
    number = fields.String()
    department = fields.String()
    due_at = fields.AwareDateTime()


class DeadlineScanResultSchema(ReadSchema):
    """Reviews newly overdue (each reported once)."""

    overdue = fields.List(fields.Nested(OverdueSchema))


@blp.route("/deadline-scan")
class DeadlineScan(MethodView):
    """The overdue-review check."""

    @requires_roles("admin", "system")
    @blp.arguments(DeadlineScanSchema, required=False)
    @blp.response(200, DeadlineScanResultSchema)
    def post(self, data):
        """Flag department reviews past their due date as of `as_of`; one event per newly overdue review."""
        as_of = (data or {}).get("as_of") or utcnow()
        return {"overdue": ctx().bus.handle(ScanDeadlines(as_of=as_of))}
