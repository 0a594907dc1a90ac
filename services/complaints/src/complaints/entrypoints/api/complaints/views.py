"""/api/v1/complaints: record and read customer complaints."""
from __future__ import annotations

import uuid

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from qms_shared.domain import NotFound
from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, current_principal, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of

from ....domain.skeleton import ReceiveComplaint
from .schemas import ComplaintCreateSchema, ComplaintListArgs, ComplaintReadSchema

blp = Blueprint("complaints", __name__, url_prefix="/api/v1/complaints", description="Customer complaints")


def _ctx():
    return current_app.extensions["qms"]


@blp.route("")
class Complaints(MethodView):
    """The complaint register."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(ComplaintListArgs, location="query")
    @blp.response(200, page_of(ComplaintReadSchema))
    def get(self, args):
        """List complaints, newest first."""
        with _ctx().uow_factory() as uow:
            items, total = uow.complaints.list(offset=(args["page"] - 1) * args["per_page"],
                                               limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles("sales", "quality", "system")
    @idempotent
    @blp.arguments(ComplaintCreateSchema)
    @blp.response(201, ComplaintReadSchema)
    def post(self, data):
        """Record a complaint received from a customer."""
        complaint = _ctx().bus.handle(ReceiveComplaint(
            customer_id=data["customer"]["id"], customer_name=data["customer"]["name"],
            category=data["category"], description=data["description"],
            received_at=data["received_at"] or utcnow(), received_by=current_principal().sub))
        return complaint, 201, {"Location": f"/api/v1/complaints/{complaint.id}"}


@blp.route("/<uuid:complaint_id>")
class ComplaintById(MethodView):
    """One complaint."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, ComplaintReadSchema)
    def get(self, complaint_id: uuid.UUID):
        """Read a complaint."""
        with _ctx().uow_factory() as uow:
            complaint = uow.complaints.get(complaint_id)
            if complaint is None:
                raise NotFound(f"No complaint {complaint_id}.")
            return complaint
