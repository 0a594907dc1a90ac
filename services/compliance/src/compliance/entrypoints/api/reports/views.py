"""/api/v1/reports/annual: the yearly compliance evaluation report, as JSON, a printable page or its PDF."""
from __future__ import annotations

from flask import request
from flask.views import MethodView

from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, requires_roles
from qms_shared.web.blueprint import Blueprint

from ....adapters.report_labels import DEFAULT_LANGUAGE, LANGUAGES
from ....adapters.report_rendering import render_annual_report
from ....service_layer.queries import annual_report_data
from ..common import ctx, today
from ..printing import PRINTABLE, company, printed
from .schemas import AnnualReportArgs, AnnualReportSchema

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports", description="Yearly compliance evaluation report")


def _language(asked: str | None) -> str:
    """`lang` when given, else Accept-Language (any Chinese reads zh-CN), else zh-CN."""
    found = asked or request.accept_languages.best_match(["zh-CN", "zh", *LANGUAGES])
    return found if found in LANGUAGES else DEFAULT_LANGUAGE


@blp.route("/annual")
class AnnualReport(MethodView):
    """RoHS法律法规及其它要求遵循情况评价报告表."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(AnnualReportArgs, location="query")
    @blp.response(200, AnnualReportSchema)
    @blp.doc(responses={"200": {
        "description": "The report as JSON, a printable page (`format=html`) or its PDF (`format=pdf`)",
        "content": {"application/json": {"schema": AnnualReportSchema}, **PRINTABLE}}})
    def get(self, args):
        """Products' statuses at the year's end, reviews of the year, nonconformances, complaints and penalties."""
        report = annual_report_data(ctx().uow_factory(), args["year"], today(), utcnow())
        if args["format"] == "json":
            return report
        language = _language(args.get("lang"))
        html = render_annual_report(report, language=language, company=company(), printed_at=utcnow())
        return printed(html, args["format"], language=language, name=f"compliance-report-{args['year']}")
