"""/api/v1/samples: samples sent to customers (样品发送登记表)."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of

from ....domain import commands as c
from ..common import ctx
from .schemas import RegisterListArgs, SampleCreateSchema, SampleReadSchema, SampleResultSchema

blp = Blueprint("samples", __name__, url_prefix="/api/v1/samples", description="Samples sent to customers")


@blp.route("")
class Samples(MethodView):
    """The samples register."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(RegisterListArgs, location="query")
    @blp.response(200, page_of(SampleReadSchema))
    def get(self, args):
        """List samples sent, newest first."""
        with ctx().uow_factory() as uow:
            items, total = uow.samples.list(customer_id=args.get("customer_id"),
                                            offset=(args["page"] - 1) * args["per_page"], limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles("sales")
    @idempotent
    @blp.arguments(SampleCreateSchema)
    @blp.response(201, SampleReadSchema)
    def post(self, data):
        """Record a sample sent to a customer."""
        customer = data.pop("customer")
        sample = ctx().bus.handle(c.RegisterSample(
            fields={**data, "customer_id": customer["id"], "customer_name": customer["name"]},
            actor=current_actor(), at=utcnow()))
        return sample, 201, {"Location": f"/api/v1/samples/{sample.id}"}


@blp.route("/<uuid:sample_id>/result")
class SampleResult(MethodView):
    """The customer's verdict on a sample."""

    @requires_roles("sales")
    @blp.arguments(SampleResultSchema)
    @blp.response(200, SampleReadSchema)
    def post(self, data, sample_id: uuid.UUID):
        """Record the confirmation result and its date."""
        return ctx().bus.handle(c.RecordSampleResult(sample_id=sample_id, **data))
