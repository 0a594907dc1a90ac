"""Printable reports: a complaint's 8D report and the management-review pack, as HTML or PDF (zh-CN, en)."""
from __future__ import annotations

import uuid

from flask import request
from flask.views import MethodView

from qms_shared.web.auth import ANY_ROLE, requires_roles
from qms_shared.web.blueprint import Blueprint
from qms_shared.web.print import data_uri, html_response, pdf_response

from ....adapters.report_labels import DEFAULT_LANGUAGE, LANGUAGES
from ....adapters.report_rendering import Company, render_eight_d, render_review
from ....service_layer.report_handlers import eight_d, management_review
from ..common import ctx, now
from ..complaints.stats import StatsSchema, _period
from . import schemas as s

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="Printable reports (HTML and PDF)")
PAGE = {"text/html": {"schema": s.HTML_PAGE}, "application/pdf": {"schema": s.BINARY}}


def _language(args: dict) -> str:
    """`lang` when given, else the best of Accept-Language (any Chinese reads zh-CN), else zh-CN."""
    if args.get("lang"):
        return args["lang"]
    best = request.accept_languages.best_match(["zh-CN", "zh", *LANGUAGES])
    return DEFAULT_LANGUAGE if best in (None, "zh") else best


def _company() -> Company:
    config = ctx().config
    return Company(name=config.company_name, logo=data_uri(config.company_logo))


def _send(html: str, fmt: str, language: str, name: str):
    if fmt == "pdf":
        return pdf_response(html, language=language, filename=f"{name}.pdf")
    return html_response(html, language=language, filename=f"{name}.html")


@blp.route("/complaints/<uuid:complaint_id>/report")
class EightDReport(MethodView):
    """The 8D report of one complaint."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.EightDArgs, location="query")
    @blp.response(200, description="The 8D report: D0-D8 from the complaint's record, deadlines, history",
                  content_type="text/html")
    @blp.doc(responses={200: {"content": PAGE}})
    def get(self, args, complaint_id: uuid.UUID):
        """The 8D report (D0-D8, deadlines met or missed, history) as HTML or PDF, in zh-CN or en."""
        language = _language(args)
        report = eight_d(complaint_id, uow=ctx().uow_factory(), deps=ctx().extras["deps"])
        html = render_eight_d(report, language=language, company=_company(), printed_at=now())
        return _send(html, args["format"], language, f"8D-{report.complaint.number}")


@blp.route("/reports/management-review")
class ManagementReview(MethodView):
    """The management-review pack of a period."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.ReviewArgs, location="query")
    @blp.response(200, description="The pack: charts (inline SVG) each with its table", content_type="text/html")
    @blp.doc(responses={200: {"content": {**PAGE, "application/json": {"schema": {"type": "object"}}}}})
    def get(self, args):
        """Complaint trend, Pareto by category and cause, on-time rates, incidents, claims, recurring problems,
        satisfaction per year with the most dissatisfied items, and the compliance status; HTML, PDF or JSON."""
        start, end = _period(args)
        review = management_review(start, end, uow=ctx().uow_factory(), deps=ctx().extras["deps"])
        if args["format"] == "json":
            return s.review_body(review, StatsSchema().dump(review.statistics))
        language = _language(args)
        html = render_review(review, language=language, company=_company(), printed_at=now())
        return _send(html, args["format"], language, f"management-review-{start}-{end}")
