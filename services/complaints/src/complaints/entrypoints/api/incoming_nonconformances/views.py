"""/api/v1/incoming-nonconformances: nonconforming incoming lots (来料异常) from IQC to disposition."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import expected_version

from ....adapters import supplier_tables as st
from ....adapters.queries import page
from ....domain.incoming import IncomingNonconformance
from ....domain.quality_commands import ChangeIncomingNonconformance, RecordIncomingNonconformance
from ....service_layer.loading import load
from ..common import ctx, handle, with_etag
from ..quality_common import offset, register_step
from . import schemas as s

blp = Blueprint("incoming-nonconformances", __name__, url_prefix="/api/v1/incoming-nonconformances",
                description="Incoming nonconformances (来料异常, 《供应商异常矫正单》)")


@blp.route("")
class IncomingNonconformances(MethodView):
    """The register of nonconforming incoming lots."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.IncomingListArgs, location="query")
    @blp.response(200, page_of(s.IncomingReadSchema))
    def get(self, args):
        """List nonconforming lots, latest inspected first, by status, supplier or class."""
        table = st.incoming_nonconformances
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, IncomingNonconformance, table, filters={
                name: args.get(name) for name in ("status", "supplier_code", "defect_class")},
                order=[table.c.inspected_at.desc(), table.c.number.desc()], **offset(args))
            return page_body(items, total, args)

    @requires_roles("quality", "system")
    @idempotent
    @blp.arguments(s.IncomingCreateSchema)
    @blp.response(201, s.IncomingReadSchema)
    def post(self, data):
        """IQC records a nonconforming lot: quantities, class A/B/C, appearance or performance, evidence."""
        code = data.pop("supplier_code")
        nc = handle(RecordIncomingNonconformance(supplier_code=code, fields=data, actor=current_actor()))
        return with_etag(nc, 201, {"Location": f"/api/v1/incoming-nonconformances/{nc.id}"})


@blp.route("/<uuid:nc_id>")
class IncomingById(MethodView):
    """One nonconforming lot."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.IncomingReadSchema)
    def get(self, nc_id: uuid.UUID):
        """Read a nonconforming lot with its trail; the ETag is its version."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.incoming_nonconformances, nc_id, "incoming nonconformance"))


@blp.route("/<uuid:nc_id>/correction-request")
class IncomingCorrection(MethodView):
    """The lot's correction request (《供应商异常矫正单》)."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.CorrectionReadSchema)
    def get(self, nc_id: uuid.UUID):
        """Read the correction request issued for the lot (404 before it is issued)."""
        with ctx().uow_factory() as uow:
            nc = load(uow.incoming_nonconformances, nc_id, "incoming nonconformance")
            return with_etag(load(uow.correction_requests, nc.correction_request_id or uuid.UUID(int=0),
                                  "correction request for this lot"))

    @requires_roles("quality")
    @idempotent
    @blp.arguments(s.CorrectionIssueSchema)
    @blp.response(201, s.CorrectionReadSchema)
    def post(self, data, nc_id: uuid.UUID):
        """Issue the correction request to the supplier (once the lot is confirmed); its reply is due in working days."""
        request = handle(ChangeIncomingNonconformance(nonconformance_id=nc_id, step="correction-request",
                                                      arguments=data, actor=current_actor(),
                                                      expected_version=expected_version()))
        return with_etag(request, 201, {"Location": f"/api/v1/correction-requests/{request.id}"})


def _step(path: str, schema, roles, summary: str):
    """Register POST incoming-nonconformances/{id}/<path>."""
    register_step(blp, id_name="nc_id", path=path, schema=schema, read_schema=s.IncomingReadSchema, roles=roles,
                  summary=summary, prefix="Incoming", command=lambda i, step, data, actor, version:
                  ChangeIncomingNonconformance(nonconformance_id=i, step=step, arguments=data, actor=actor,
                                               expected_version=version))


_step("confirmation", s.IncomingConfirmationSchema, ("quality", "engineering"),
      "The engineer and the department head confirm the lot is nonconforming (reported -> confirmed).")
_step("disposition", s.DispositionSchema, ("quality",),
      "Return to the supplier (rework, repair, scrap) or concession use, whose hours are charged at 20 CNY/h.")
