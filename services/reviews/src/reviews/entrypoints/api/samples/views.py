"""/api/v1/samples: samples sent to customers (样品发送登记表)."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.openapi import doc_etag, doc_if_match
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import etag, expected_version

from ....domain import commands as c
from ..common import ctx, read_one
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

    @doc_etag
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
        return sample, 201, {"Location": f"/api/v1/samples/{sample.id}", **etag(sample)}


@blp.route("/<uuid:sample_id>")
class SampleById(MethodView):
    """One sample."""

    @doc_etag
    @requires_roles(*ANY_ROLE)
    @blp.response(200, SampleReadSchema)
    def get(self, sample_id: uuid.UUID):
        """Read a sample sent and the customer's verdict."""
        return read_one("samples", "sample", sample_id)


@blp.route("/<uuid:sample_id>/result")
class SampleResult(MethodView):
    """The customer's verdict on a sample."""

    @doc_if_match
    @requires_roles("sales")
    @blp.arguments(SampleResultSchema)
    @blp.response(200, SampleReadSchema)
    def post(self, data, sample_id: uuid.UUID):
        """Record the confirmation result and its date."""
        sample = ctx().bus.handle(c.RecordSampleResult(sample_id=sample_id, expected_version=expected_version(),
                                                       **data))
        return sample, 200, etag(sample)
