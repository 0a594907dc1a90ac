"""/api/v1/admin: operations run by the worker, on demand."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint
from marshmallow import fields

from qms_shared.envelope import utcnow
from qms_shared.web.auth import requires_roles
from qms_shared.web.schemas import StrictSchema

from ....domain.commands import ReevaluateAll
from ..common import ImpactSchema, ctx

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="Operations")


class ReevaluationSchema(StrictSchema):
    """POST /admin/reevaluation: evaluate every product as of a date (default today)."""

    as_of = fields.Date(load_default=None)


@blp.route("/reevaluation")
class Reevaluation(MethodView):
    """The daily check, run now."""

    @requires_roles("admin", "system", "quality")
    @blp.arguments(ReevaluationSchema)
    @blp.response(200, ImpactSchema)
    def post(self, data):
        """Evaluate every product again (exemption expiry, stale test reports) and report what moved."""
        return ctx().bus.handle(ReevaluateAll(trigger="admin re-evaluation", at=utcnow(), as_of=data["as_of"]))
