"""/api/v1/admin: operations run by the worker, on demand."""
from __future__ import annotations

from flask.views import MethodView

from qms_shared.envelope import utcnow
from qms_shared.web.auth import requires_roles
from qms_shared.web.blueprint import Blueprint
from qms_shared.web.bounds import BoundedDate
from qms_shared.web.schemas import StrictSchema

from ....domain.commands import ReevaluateAll
from ..common import ImpactSchema, ctx, not_after_today

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="Operations")


class ReevaluationSchema(StrictSchema):
    """POST /admin/reevaluation: evaluate every product as of a date (default today; never a later one)."""

    as_of = BoundedDate(load_default=None, validate=not_after_today, metadata={
        "description": "The day to evaluate on: today or earlier (a later day would write statuses of the future)"})


@blp.route("/reevaluation")
class Reevaluation(MethodView):
    """The daily check, run now."""

    @requires_roles("admin", "system", "quality")
    @blp.arguments(ReevaluationSchema)
    @blp.response(200, ImpactSchema)
    def post(self, data):
        """Evaluate every product again (exemption expiry, stale test reports) and report what moved."""
        return ctx().bus.handle(ReevaluateAll(trigger="admin re-evaluation", at=utcnow(), as_of=data["as_of"]))
