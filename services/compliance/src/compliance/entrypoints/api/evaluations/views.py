"""/api/v1/evaluations and /api/v1/impact-reports: the history of results and what each change did."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.domain import NotFound
from qms_shared.web.auth import ANY_ROLE, requires_roles
from qms_shared.web.schemas import PageArgs, page_body, page_of

from ..common import ctx
from .schemas import EvaluationListArgs, EvaluationReadSchema, ImpactReportReadSchema

blp = Blueprint("evaluations", __name__, url_prefix="/api/v1", description="Evaluation results and impact reports")


@blp.route("/evaluations")
class Evaluations(MethodView):
    """Every evaluation result."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(EvaluationListArgs, location="query")
    @blp.response(200, page_of(EvaluationReadSchema))
    def get(self, args):
        """List results, newest first; filter by product or status."""
        criteria = {name: args[name] for name in ("product_id", "status") if name in args}
        with ctx().uow_factory() as uow:
            items, total = uow.evaluations.search(criteria, offset=(args["page"] - 1) * args["per_page"],
                                                  limit=args["per_page"])
            return page_body(items, total, args)


@blp.route("/evaluations/<uuid:evaluation_id>")
class EvaluationById(MethodView):
    """One result."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, EvaluationReadSchema)
    def get(self, evaluation_id: uuid.UUID):
        """Read a result with its reasons."""
        with ctx().uow_factory() as uow:
            evaluation = uow.evaluations.get(evaluation_id)
            if evaluation is None:
                raise NotFound(f"no evaluation {evaluation_id}")
            return evaluation


@blp.route("/impact-reports")
class ImpactReports(MethodView):
    """What each regulation or requirement change did (5.1.5)."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(ImpactReportReadSchema))
    def get(self, args):
        """List impact reports, newest first."""
        with ctx().uow_factory() as uow:
            items, total = uow.impact_reports.page(offset=(args["page"] - 1) * args["per_page"], limit=args["per_page"])
            return page_body(items, total, args)


@blp.route("/impact-reports/<uuid:report_id>")
class ImpactReportById(MethodView):
    """One impact report."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, ImpactReportReadSchema)
    def get(self, report_id: uuid.UUID):
        """Read an impact report: the products whose status changed."""
        with ctx().uow_factory() as uow:
            report = uow.impact_reports.get(report_id)
            if report is None:
                raise NotFound(f"no impact report {report_id}")
            return report
