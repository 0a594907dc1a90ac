"""/api/v1/complaints: record complaints, move them through their lifecycle, read them with history."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import expected_version

from ....adapters.queries import list_complaints
from ....domain.commands import ChangeComplaint, ChangeFigures, ReceiveComplaint
from ....service_layer.complaint_handlers import load_complaint
from ..common import DEPARTMENTS, OWNERS, ctx, handle, now, register_post, with_etag
from . import schemas as s

blp = Blueprint("complaints", __name__, url_prefix="/api/v1/complaints", description="Customer complaints")


def receipt_fields(data: dict) -> dict:
    """The request body as the complaint's own fields."""
    product = data.pop("product") or {}
    customer = data.pop("customer")
    return {**data, "customer_id": customer["id"], "customer_name": customer["name"],
            "product_code": product.get("code"), "product_batch": product.get("batch"),
            "production_date": product.get("production_date")}


@blp.route("")
class Complaints(MethodView):
    """The complaint register."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.ComplaintListArgs, location="query")
    @blp.response(200, page_of(s.ComplaintSummarySchema))
    def get(self, args):
        """List complaints, newest first, filtered by status, customer, category, department, overdue, dates, text."""
        with ctx().uow_factory() as uow:
            items, total = list_complaints(uow.session, args, now=now(), offset=(args["page"] - 1) * args["per_page"],
                                           limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles("sales", "quality", "system")
    @idempotent
    @blp.arguments(s.ComplaintCreateSchema)
    @blp.response(201, s.ComplaintReadSchema)
    def post(self, data):
        """Record a complaint received by any channel, returned goods included.

        Recorded by the department that owns its category (quality: quality and environmental; sales: the rest)
        or by another company system (`system`); another department gets 403.

        5 or more pieces failing at the customer's assembly (`assembly_failures`) open its emergency with it.
        """
        complaint = handle(ReceiveComplaint(fields=receipt_fields(data), actor=current_actor()))
        return with_etag(complaint, 201, {"Location": f"/api/v1/complaints/{complaint.id}"})


@blp.route("/<uuid:complaint_id>")
class ComplaintById(MethodView):
    """One complaint."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.ComplaintReadSchema)
    def get(self, complaint_id: uuid.UUID):
        """Read a complaint with its full history; the ETag is its version."""
        with ctx().uow_factory() as uow:
            return with_etag(load_complaint(uow, complaint_id))

    @requires_roles("sales", "quality")
    @blp.arguments(s.FiguresSchema)
    @blp.response(200, s.ComplaintReadSchema)
    def patch(self, data, complaint_id: uuid.UUID):
        """Correct quantities, loss or flags; the incident class is recomputed.

        The owner department or quality.

        `assembly_failures` reaching 5 opens the complaint's emergency, unless it has one already.
        """
        return with_etag(handle(ChangeFigures(complaint_id=complaint_id, changes=data, actor=current_actor(),
                                              expected_version=expected_version())))


def _step(path: str, schema, summary: str, roles=OWNERS):
    """Register POST complaints/{id}/<path>, one lifecycle step with its own fields."""

    @requires_roles(*roles)
    @blp.arguments(schema)
    @blp.response(200, s.ComplaintReadSchema)
    def post(self, data, complaint_id: uuid.UUID):
        return with_etag(handle(ChangeComplaint(complaint_id=complaint_id, step=path, arguments=data,
                                                actor=current_actor(), expected_version=expected_version())))

    register_post(blp, f"/<uuid:complaint_id>/{path}", f"Complaint{schema.__name__.removesuffix('Schema')}", post,
                  summary)


_step("containment", s.ContainmentSchema,
      "Record the containment action replied to the customer (received -> contained).\n\nThe owner department.")
_step("analysis", s.AnalysisSchema,
      "Record root cause, cause category and responsibility (contained -> analysed).\n\n"
      "The owner department, quality, or the department the analysis names responsible.", DEPARTMENTS)
_step("action-plan", s.ActionPlanSchema,
      "Record the approved corrective and preventive actions (analysed -> action_planned).\n\n"
      "The responsible department named in the analysis, or quality.", DEPARTMENTS)
_step("implementation", s.ImplementationSchema,
      "Record that the actions were carried out (action_planned -> verifying).\n\n"
      "The responsible department named in the analysis, or quality.", DEPARTMENTS)
_step("verification", s.VerificationSchema,
      "Verify: effective closes, not effective reopens to contained.\n\nThe owner department.")
_step("explanation", s.ExplanationSchema,
      "Close a complaint caused by the customer once the explanation is sent.\n\nThe owner department.")
_step("extension", s.ExtensionSchema,
      "Move a due date later with the customer's recorded consent.\n\nThe owner department.")
