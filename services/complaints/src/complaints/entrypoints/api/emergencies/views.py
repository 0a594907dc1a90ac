"""/api/v1/emergencies: major quality problems (重大质量问题应急预案), from the report to the four-don'ts closure."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of

from ....adapters import emergency_tables as et
from ....adapters.queries import page
from ....domain.emergency import Emergency
from ....domain.quality_commands import ChangeEmergency, OpenEmergency
from ....service_layer.loading import load
from ..common import ctx, handle, with_etag
from ..quality_common import offset, register_step
from . import schemas as s

blp = Blueprint("emergencies", __name__, url_prefix="/api/v1/emergencies",
                description="Major quality problem emergencies (重大质量问题应急预案)")
REPORTERS = ("quality", "sales", "production", "engineering", "management_rep", "general_manager", "system")
HANDLERS = ("quality", "engineering", "management_rep", "general_manager")
MANAGEMENT = ("general_manager", "management_rep")


@blp.route("")
class Emergencies(MethodView):
    """The emergencies."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.EmergencyListArgs, location="query")
    @blp.response(200, page_of(s.EmergencyReadSchema))
    def get(self, args):
        """List emergencies, latest first, by status, source or responsible department."""
        table = et.emergencies
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, Emergency, table, filters={
                name: args.get(name) for name in ("status", "source", "source_id", "responsible_department")},
                order=[table.c.reported_at.desc(), table.c.number.desc()], **offset(args))
            return page_body(items, total, args)

    @requires_roles(*REPORTERS)
    @idempotent
    @blp.arguments(s.EmergencyCreateSchema)
    @blp.response(201, s.EmergencyReadSchema)
    def post(self, data):
        """Report a major quality problem (§三); the general manager and the management representative are told."""
        emergency = handle(OpenEmergency(fields=data, actor=current_actor()))
        return with_etag(emergency, 201, {"Location": f"/api/v1/emergencies/{emergency.id}"})


@blp.route("/<uuid:emergency_id>")
class EmergencyById(MethodView):
    """One emergency."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.EmergencyReadSchema)
    def get(self, emergency_id: uuid.UUID):
        """Read an emergency with its trail; the ETag is its version."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.emergencies, emergency_id, "emergency"))


def _step(path: str, schema, roles, summary: str):
    register_step(blp, id_name="emergency_id", path=path, schema=schema, read_schema=s.EmergencyReadSchema,
                  roles=roles, summary=summary, prefix="Emergency", command=lambda i, step, data, actor, version:
                  ChangeEmergency(emergency_id=i, step=step, arguments=data, actor=actor, expected_version=version))


_step("meeting", s.EmergencyMeetingSchema, HANDLERS, "The emergency meeting: time, attendees, minutes (-> meeting_held).")
_step("rectification-notice", s.RectificationSchema, HANDLERS,
      "The rectification notice to the responsible unit, with its due date (-> rectification_issued).")
_step("approval", s.MeasuresApprovalSchema, MANAGEMENT, "Management approves the measures (-> measures_approved).")
_step("verification", s.EmergencyVerificationSchema, HANDLERS,
      "Verify the outcome: effective -> verified; not effective -> a new rectification notice is due.")
_step("closure", s.EmergencyClosureSchema, HANDLERS,
      "Close when the four don'ts hold (四不放过), naming any disciplinary notice (-> closed).")
