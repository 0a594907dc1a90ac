"""/api/v1/reports/annual: the yearly compliance evaluation report, as JSON or a printable page."""
from __future__ import annotations

from flask import Response, render_template
from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, requires_roles

from ....service_layer.queries import annual_report_data
from ..common import ctx, today
from .schemas import AnnualReportArgs, AnnualReportSchema

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports", description="Yearly compliance evaluation report")


@blp.route("/annual")
class AnnualReport(MethodView):
    """RoHS法律法规及其它要求遵循情况评价报告表."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(AnnualReportArgs, location="query")
    @blp.response(200, AnnualReportSchema)
    @blp.doc(responses={"200": {
        "description": "The report as JSON, or as a printable page with `format=html`",
        "content": {"application/json": {"schema": AnnualReportSchema},
                    "text/html": {"schema": {"type": "string", "description": "The printable page"}}}}})
    def get(self, args):
        """Products' statuses at the year's end, reviews of the year, nonconformances, complaints and penalties."""
        report = annual_report_data(ctx().uow_factory(), args["year"], today(), utcnow())
        if args["format"] == "html":
            page = render_template("annual_report.html", report=AnnualReportSchema().dump(report))
            return Response(page, mimetype="text/html")  # a Response passes through the JSON schema untouched
        return report
