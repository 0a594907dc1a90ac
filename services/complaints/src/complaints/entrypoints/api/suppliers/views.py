"""/api/v1/suppliers: suppliers, their monthly receipts, and their statistics (lots, PPM, classes, recoveries)."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from marshmallow import ValidationError
from qms_shared.web.csv_export import csv_response
from qms_shared.domain import ValidationFailed
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import expected_version

from ....adapters import supplier_tables as st
from ....adapters.queries import page
from ....adapters.supplier_repository import statistics_rows
from ....domain.quality_commands import ChangeSupplier, RecordSupplierReceipts, RegisterSupplier
from ....domain.statistics import period_of
from ....domain.supplier import Supplier
from ....domain.supplier_statistics import supplier_statistics
from ....service_layer.loading import load
from ..common import ctx, handle, with_etag
from ..quality_common import Month, offset
from . import schemas as s

blp = Blueprint("suppliers", __name__, url_prefix="/api/v1/suppliers", description="Suppliers (供应商)")
KEEPERS = ("purchasing", "quality", "admin")


@blp.route("")
class Suppliers(MethodView):
    """The supplier register."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.SupplierListArgs, location="query")
    @blp.response(200, page_of(s.SupplierReadSchema))
    def get(self, args):
        """List suppliers by code, filtered by status or code."""
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, Supplier, st.suppliers, filters={
                "status": args.get("status"), "code": args.get("code")}, order=[st.suppliers.c.code], **offset(args))
            return page_body(items, total, args)

    @requires_roles(*KEEPERS)
    @idempotent
    @blp.arguments(s.SupplierCreateSchema)
    @blp.response(201, s.SupplierReadSchema)
    def post(self, data):
        """Register a supplier with its contacts and the language it is written to in."""
        supplier = handle(RegisterSupplier(fields=data, actor=current_actor()))
        return with_etag(supplier, 201, {"Location": f"/api/v1/suppliers/{supplier.id}"})


@blp.route("/stats")
class SupplierStats(MethodView):
    """Supplier statistics."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.SupplierStatsArgs, location="query")
    @blp.alt_response(200, description="per supplier and month: lots received and rejected, PPM, classes, "
                                       "dispositions, deductions, correction requests, recoveries; CSV with format=csv")
    def get(self, args):
        """Lots received and rejected, PPM, by class, dispositions, deductions, requests and recoveries."""
        start, end = period_of(args["year"], args.get("month"))
        with ctx().uow_factory() as uow:
            rows = statistics_rows(uow.session, start=start, end=end, supplier_code=args.get("supplier"))
        stats = {"from": start.isoformat(), "to": end.isoformat(), **supplier_statistics(**rows)}
        if args["format"] == "csv":
            return csv_response(_csv_rows(stats), f"suppliers-{start}-{end}.csv")
        return stats


CSV_COLUMNS = ("lots_received", "quantity_received", "lots_rejected", "quantity_nonconforming", "lot_rejection_rate",
               "ppm", "returned", "conceded", "deductions")


def _csv_rows(stats: dict) -> list:
    rows = [["supplier", "name", "month", *CSV_COLUMNS, "class_A", "class_B", "class_C", "requests_issued",
             "requests_open", "recovered", "receipts_recorded"]]
    for code, entry in stats["suppliers"].items():
        for month, figures in [("", entry), *entry["by_month"].items()]:
            rows.append([code, entry["name"], month, *[figures[c] for c in CSV_COLUMNS],
                         *figures["by_class"].values(), figures["correction_requests"]["issued"],
                         figures["correction_requests"]["open"], figures["recoveries"]["recovered"],
                         figures["receipts_recorded"]])
    return rows


@blp.route("/<uuid:supplier_id>")
class SupplierById(MethodView):
    """One supplier."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.SupplierReadSchema)
    def get(self, supplier_id: uuid.UUID):
        """Read a supplier; the ETag is its version."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.suppliers, supplier_id, "supplier"))

    @requires_roles(*KEEPERS)
    @blp.arguments(s.SupplierChangeSchema)
    @blp.response(200, s.SupplierReadSchema)
    def patch(self, data, supplier_id: uuid.UUID):
        """Change name, contacts, language or status (If-Match)."""
        return with_etag(handle(ChangeSupplier(supplier_id=supplier_id, changes=data, actor=current_actor(),
                                               expected_version=expected_version())))


@blp.route("/<uuid:supplier_id>/receipts/<string:month>")
class SupplierReceipts(MethodView):
    """A month's receipts from the supplier."""

    @requires_roles("quality", "purchasing", "system")
    @blp.arguments(s.SupplierReceiptSchema)
    @blp.response(200, s.SupplierReadSchema)
    def put(self, data, supplier_id: uuid.UUID, month: str):
        """Set the lots and pieces received in the month (YYYY-MM); PPM is counted against them."""
        try:
            first = Month().deserialize(month)
        except ValidationError as exc:
            raise ValidationFailed("Not a month.", errors={"month": exc.messages}) from exc
        return with_etag(handle(RecordSupplierReceipts(supplier_id=supplier_id, month=first, actor=current_actor(),
                                                       **data)))
