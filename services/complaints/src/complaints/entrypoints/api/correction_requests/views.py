"""/api/v1/correction-requests: supplier correction requests (《供应商异常矫正单》), the reply and its verification."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, requires_roles
from qms_shared.web.schemas import page_body, page_of

from ....adapters import supplier_tables as st
from ....adapters.queries import page
from ....domain.correction_request import CorrectionRequest
from ....domain.quality_commands import ChangeCorrectionRequest
from ....service_layer.loading import load
from ..common import ctx, with_etag
from ..incoming_nonconformances import schemas as s
from ..quality_common import offset, register_step

blp = Blueprint("correction-requests", __name__, url_prefix="/api/v1/correction-requests",
                description="Supplier correction requests (《供应商异常矫正单》)")


@blp.route("")
class CorrectionRequests(MethodView):
    """Every correction request, from incoming lots, complaints and internal problems."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.CorrectionListArgs, location="query")
    @blp.response(200, page_of(s.CorrectionReadSchema))
    def get(self, args):
        """List correction requests, latest first, by status, supplier or what they were issued for."""
        table = st.correction_requests
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, CorrectionRequest, table, filters={
                name: args.get(name) for name in ("status", "supplier_code", "source", "source_id")},
                order=[table.c.issued_at.desc(), table.c.number.desc()], **offset(args))
            return page_body(items, total, args)


@blp.route("/<uuid:request_id>")
class CorrectionRequestById(MethodView):
    """One correction request."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.CorrectionReadSchema)
    def get(self, request_id: uuid.UUID):
        """Read a correction request with its trail; the ETag is its version."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.correction_requests, request_id, "correction request"))


def _step(path: str, schema, roles, summary: str):
    register_step(blp, id_name="request_id", path=path, schema=schema, read_schema=s.CorrectionReadSchema,
                  roles=roles, summary=summary, prefix="Correction", command=lambda i, step, data, actor, version:
                  ChangeCorrectionRequest(request_id=i, step=step, arguments=data, actor=actor,
                                          expected_version=version))


_step("reply", s.CorrectionReplySchema, ("purchasing", "quality"),
      "Record the supplier's reply: cause, action and when it is in place (issued -> replied).")
_step("verification", s.RequestVerificationSchema, ("quality",),
      "Verify the supplier's action: effective closes the request (and its lot, once disposed of), "
      "not effective asks again with a new reply due date.")
