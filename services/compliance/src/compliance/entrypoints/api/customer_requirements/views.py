"""/api/v1/customer-requirements: customer-specific requirements (顾客特殊要求一览表)."""
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

from ....domain.commands import IdentifyRequirement, ReviseRequirement
from ..common import ctx
from .schemas import RequirementCreateSchema, RequirementListArgs, RequirementReadSchema, RequirementUpdateSchema

blp = Blueprint("customer_requirements", __name__, url_prefix="/api/v1/customer-requirements",
                description="Customer-specific requirements and their status flow")
EDITORS = ("quality", "sales", "engineering", "management_rep")


@blp.route("")
class Requirements(MethodView):
    """The list of customer requirements."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(RequirementListArgs, location="query")
    @blp.response(200, page_of(RequirementReadSchema))
    def get(self, args):
        """List requirements, newest first; filter by customer, category, status."""
        criteria = {name: args[name] for name in ("customer_id", "category", "status") if name in args}
        with ctx().uow_factory() as uow:
            items, total = uow.requirements.search(criteria, offset=(args["page"] - 1) * args["per_page"],
                                                   limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles(*EDITORS)
    @idempotent
    @doc_etag
    @blp.arguments(RequirementCreateSchema)
    @blp.response(201, RequirementReadSchema)
    def post(self, data):
        """Record a requirement; one with substance limits re-evaluates that customer's products."""
        customer = data.pop("customer")
        data.pop("status")
        fields = {**data, "customer_id": customer["id"], "customer_name": customer["name"]}
        result = ctx().bus.handle(IdentifyRequirement(fields=fields, actor=current_actor(), at=utcnow()))
        return result, 201, {"Location": f"/api/v1/customer-requirements/{result.id}", **etag(result)}


@blp.route("/<uuid:requirement_id>")
class RequirementById(MethodView):
    """One requirement."""

    @requires_roles(*ANY_ROLE)
    @doc_etag
    @blp.response(200, RequirementReadSchema)
    def get(self, requirement_id: uuid.UUID):
        """Read a requirement."""
        with ctx().uow_factory() as uow:
            requirement = uow.requirements.get(requirement_id)
            if requirement is None:
                raise NotFound(f"no customer requirement {requirement_id}")
            return requirement, etag(requirement)

    @requires_roles(*EDITORS)
    @doc_if_match
    @blp.arguments(RequirementUpdateSchema)
    @blp.response(200, RequirementReadSchema)
    def patch(self, data, requirement_id: uuid.UUID):
        """Revise the content and/or move the status one step (identified → reviewed → communicated → verified)."""
        status, note = data.pop("status", None), data.pop("note", "")
        result = ctx().bus.handle(ReviseRequirement(
            requirement_id=requirement_id, changes=data, status=status, note=note, actor=current_actor(), at=utcnow(),
            expected_version=expected_version()))
        return result, etag(result)
