"""/api/v1/nonconformances: cases for non-compliant products, to corrective action and closure (5.1.4)."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.domain import NotFound
from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.openapi import doc_etag, doc_if_match
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import etag, expected_version

from ....domain.commands import ActOnNonconformance, OpenNonconformance
from ..common import ctx
from .schemas import (ActionPlanSchema, NcClosureSchema, NonconformanceCreateSchema, NonconformanceListArgs,
                      NonconformanceReadSchema, ReassignmentSchema)

blp = Blueprint("nonconformances", __name__, url_prefix="/api/v1/nonconformances",
                description="Nonconformances (不合格控制表)")
# who may call action-plan at all (people of a department); the domain then lets only the case's department
# (the token's `department`, else the role) and quality record the action
ACTION_ROLES = ("quality", "purchasing", "engineering", "production", "sales", "finance", "legal",
                "general_manager", "management_rep")


@blp.route("")
class Nonconformances(MethodView):
    """The nonconformances."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(NonconformanceListArgs, location="query")
    @blp.response(200, page_of(NonconformanceReadSchema))
    def get(self, args):
        """List nonconformances, newest first; filter by status, owner department, product."""
        criteria = {name: args[name] for name in ("status", "owner_department", "product_id") if name in args}
        with ctx().uow_factory() as uow:
            items, total = uow.nonconformances.search(criteria, offset=(args["page"] - 1) * args["per_page"],
                                                      limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles("quality", "management_rep")
    @idempotent
    @doc_etag
    @blp.arguments(NonconformanceCreateSchema)
    @blp.response(201, NonconformanceReadSchema)
    def post(self, data):
        """Open a nonconformance by hand."""
        nc = ctx().bus.handle(OpenNonconformance(**data, actor=current_actor(), at=utcnow()))
        return nc, 201, {"Location": f"/api/v1/nonconformances/{nc.id}", **etag(nc)}


@blp.route("/<uuid:nc_id>")
class NonconformanceById(MethodView):
    """One nonconformance."""

    @requires_roles(*ANY_ROLE)
    @doc_etag
    @blp.response(200, NonconformanceReadSchema)
    def get(self, nc_id: uuid.UUID):
        """Read a nonconformance with its history."""
        with ctx().uow_factory() as uow:
            nc = uow.nonconformances.get(nc_id)
            if nc is None:
                raise NotFound(f"no nonconformance {nc_id}")
            return nc, etag(nc)


def _act(nc_id: uuid.UUID, action: str, values: dict):
    nc = ctx().bus.handle(ActOnNonconformance(nonconformance_id=nc_id, action=action, values=values,
                                              actor=current_actor(), at=utcnow(),
                                              expected_version=expected_version()))
    return nc, etag(nc)


@blp.route("/<uuid:nc_id>/action-plan")
class ActionPlan(MethodView):
    """The owner department's corrective action."""

    @requires_roles(*ACTION_ROLES)
    @doc_if_match
    @blp.arguments(ActionPlanSchema)
    @blp.response(200, NonconformanceReadSchema)
    def post(self, data, nc_id: uuid.UUID):
        """Record (or revise) the corrective action and its due date: the case's department or quality (else 403)."""
        return _act(nc_id, "plan", data)


@blp.route("/<uuid:nc_id>/reassignment")
class Reassignment(MethodView):
    """Handing the case to another department."""

    @requires_roles("quality", "management_rep")
    @doc_if_match
    @blp.arguments(ReassignmentSchema)
    @blp.response(200, NonconformanceReadSchema)
    def post(self, data, nc_id: uuid.UUID):
        """Change the owner department."""
        return _act(nc_id, "reassign", data)


@blp.route("/<uuid:nc_id>/closure")
class Closure(MethodView):
    """Verification and closure, by quality."""

    @requires_roles("quality", "management_rep")
    @doc_if_match
    @blp.arguments(NcClosureSchema)
    @blp.response(200, NonconformanceReadSchema)
    def post(self, data, nc_id: uuid.UUID):
        """Close after verifying the corrective action."""
        return _act(nc_id, "close", data)
