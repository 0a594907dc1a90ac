"""/api/v1/imports: loading the history a company already has (deliveries, for classification)."""
from __future__ import annotations

from flask import request
from flask.views import MethodView

from qms_shared.envelope import utcnow
from qms_shared.web.auth import current_actor, requires_roles
from qms_shared.web.blueprint import Blueprint

from ....adapters.delivery_files import decode, rows_from_csv, rows_from_json
from ....domain.commands import ImportDeliveries
from ..common import ctx
from .schemas import DeliveryImportSchema, ImportArgs, ImportReportSchema

blp = Blueprint("imports", __name__, url_prefix="/api/v1/imports",
                description="Importing the history a company already has")
CSV = "text/csv"


@blp.route("/deliveries")
class DeliveryImports(MethodView):
    """The delivery history."""

    @requires_roles("sales", "system", "admin")  # loading history at go-live is operations: admin may
    @blp.arguments(ImportArgs, location="query")
    @blp.doc(requestBody={"required": True, "content": {
        "application/json": {"schema": DeliveryImportSchema},
        CSV: {"schema": {"type": "string", "description": "a header row naming the fields, then one row each"}}}})
    @blp.response(200, ImportReportSchema, description="Nothing written: a dry run, or every row unchanged")
    @blp.alt_response(201, schema=ImportReportSchema, description="Rows added or changed")
    def post(self, args):
        """Import deliveries (JSON or CSV), idempotent by source document and line; all or nothing.

        A refused row refuses the file: 422 with `errors` per row (`rows.<row>.<field>`) and the `report`.
        """
        rows = rows_from_csv(decode(request.get_data())) if request.mimetype == CSV else \
            rows_from_json(request.get_json(silent=True))
        report = ctx().bus.handle(ImportDeliveries(rows=rows, dry_run=args["dry_run"], actor=current_actor(),
                                                   at=utcnow()))
        return report, 201 if report["written"] else 200
