"""/api/v1/imports: loading the customer archive a company already has."""
from __future__ import annotations

from flask import request
from flask.views import MethodView

from qms_shared.imports import decode, rows_from_csv, rows_from_json
from qms_shared.web.auth import current_actor, requires_roles
from qms_shared.web.blueprint import Blueprint

from ....domain.customer_commands import ImportCustomers
from ....domain.customer_import import CUSTOMER_COLUMNS, REQUIRED_COLUMNS
from ..common import handle, now
from .schemas import CustomerImportSchema, ImportArgs, ImportReportSchema

blp = Blueprint("imports", __name__, url_prefix="/api/v1/imports",
                description="Importing the records a company already has")
CSV = "text/csv"


@blp.route("/customers")
class CustomerImports(MethodView):
    """The customer archive."""

    @requires_roles("sales", "admin", "system")  # loading an archive the company already has is also an operation
    @blp.arguments(ImportArgs, location="query")
    @blp.doc(requestBody={"required": True, "content": {
        "application/json": {"schema": CustomerImportSchema},
        CSV: {"schema": {"type": "string", "description": f"a header row naming the columns "
                                                          f"({', '.join(CUSTOMER_COLUMNS)}), then one row each"}}}})
    @blp.response(200, ImportReportSchema, description="Nothing written: a dry run, or every row unchanged")
    @blp.alt_response(201, schema=ImportReportSchema, description="Customers added or changed")
    def post(self, args):
        """Import customers (JSON or CSV), idempotent by id; all or nothing.

        A refused row refuses the file: 422 with `errors` per row (`rows.<row>.<field>`) and the `report`.
        """
        rows = rows_from_csv(decode(request.get_data()), columns=CUSTOMER_COLUMNS, required=REQUIRED_COLUMNS) \
            if request.mimetype == CSV else rows_from_json(request.get_json(silent=True))
        report = handle(ImportCustomers(rows=rows, dry_run=args["dry_run"], actor=current_actor(), at=now()))
        return report, 201 if report["written"] else 200
