"""/api/v1/claims: customer claims (索赔) from submission to settlement."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import expected_version

from ....adapters import tables as t
from ....adapters.queries import page
from ....domain.claim import Claim
from ....domain.commands import ChangeClaim, SubmitClaim
from ....service_layer.loading import load
from ..common import ctx, handle, register_post, with_etag
from . import schemas as s

blp = Blueprint("claims", __name__, url_prefix="/api/v1/claims", description="Customer claims")


@blp.route("")
class Claims(MethodView):
    """The claim register."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.ClaimListArgs, location="query")
    @blp.response(200, page_of(s.ClaimReadSchema))
    def get(self, args):
        """List claims, newest first."""
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, Claim, t.claims, filters={
                "status": args.get("status"), "complaint_id": args.get("complaint_id")},
                order=[t.claims.c.submitted_at.desc()], offset=(args["page"] - 1) * args["per_page"],
                limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles("sales", "quality")
    @idempotent
    @blp.arguments(s.ClaimCreateSchema)
    @blp.response(201, s.ClaimReadSchema)
    def post(self, data):
        """Register a customer's claim against a complaint."""
        claim = handle(SubmitClaim(**data, actor=current_actor()))
        return with_etag(claim, 201, {"Location": f"/api/v1/claims/{claim.id}"})


@blp.route("/<uuid:claim_id>")
class ClaimById(MethodView):
    """One claim."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.ClaimReadSchema)
    def get(self, claim_id: uuid.UUID):
        """Read a claim with its history."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.claims, claim_id, "claim"))


def _step(path: str, schema, roles: tuple, summary: str):
    """Register POST claims/{id}/<path>."""

    @requires_roles(*roles)
    @blp.arguments(schema)
    @blp.response(200, s.ClaimReadSchema)
    def post(self, data, claim_id: uuid.UUID):
        return with_etag(handle(ChangeClaim(claim_id=claim_id, step=path, arguments=data, actor=current_actor(),
                                            expected_version=expected_version())))

    name = "Claim" + "".join(part.title() for part in path.split("-"))
    register_post(blp, f"/<uuid:claim_id>/{path}", name, post, summary)


_step("analysis", s.ClaimAnalysisSchema, ("quality", "sales", "engineering"),
      "Record the initial proposal and responsibility (again after the customer declined).")
_step("approval", s.ClaimApprovalSchema, ("general_manager",), "The general manager approves the proposal.")
_step("customer-response", s.CustomerResponseSchema, ("sales",),
      "The customer's answer: accepted ends agreed or rejected, declined goes back to analysis.")
_step("settlement", s.SettlementSchema, ("finance",), "Finance records the payment of an agreed claim.")
