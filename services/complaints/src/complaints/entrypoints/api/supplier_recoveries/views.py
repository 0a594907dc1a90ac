"""/api/v1/claims/{id}/supplier-recovery: a claim charged to the supplier who caused it (purchasing, 000 §3.5)."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.domain import NotFound
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent

from ....domain.quality_commands import ChangeSupplierRecovery, RequestSupplierRecovery
from ..common import ctx, handle, with_etag
from ..quality_common import register_step
from . import schemas as s

blp = Blueprint("supplier-recoveries", __name__, url_prefix="/api/v1/claims",
                description="Claims recovered from suppliers")
RECOVERERS = ("purchasing", "finance")


@blp.route("/<uuid:claim_id>/supplier-recovery")
class SupplierRecoveryOfClaim(MethodView):
    """What the supplier is charged for a claim."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.RecoveryReadSchema)
    def get(self, claim_id: uuid.UUID):
        """Read the recovery (404 when the claim is not charged to a supplier)."""
        with ctx().uow_factory() as uow:
            recovery = uow.supplier_recoveries.for_claim(claim_id)
            if recovery is None:
                raise NotFound(f"Claim {claim_id} is not charged to a supplier.")
            return with_etag(recovery)

    @requires_roles("purchasing")
    @idempotent
    @blp.arguments(s.RecoveryRequestSchema)
    @blp.response(201, s.RecoveryReadSchema)
    def post(self, data, claim_id: uuid.UUID):
        """Charge an approved claim of a supplier-caused complaint to the supplier."""
        recovery = handle(RequestSupplierRecovery(claim_id=claim_id, arguments={
            k: v for k, v in data.items() if v is not None or k == "supplier_code"}, actor=current_actor()))
        return with_etag(recovery, 201, {"Location": f"/api/v1/claims/{claim_id}/supplier-recovery"})


def _step(path: str, schema, summary: str):
    register_step(blp, id_name="claim_id", path=f"supplier-recovery/{path}", schema=schema,
                  read_schema=s.RecoveryReadSchema, roles=RECOVERERS, summary=summary, prefix="Recovery",
                  command=lambda i, step, data, actor, version: ChangeSupplierRecovery(
                      claim_id=i, step=step.rsplit("/", 1)[1], arguments=data, actor=actor, expected_version=version))


_step("recovery", s.RecoveredSchema, "The supplier paid or credited it (requested -> recovered), with its reference.")
_step("waiver", s.RecoveryWaiverSchema, "Give up recovering it, for a recorded reason (requested -> waived).")
