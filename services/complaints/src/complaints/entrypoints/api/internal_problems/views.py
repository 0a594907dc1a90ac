"""/api/v1/internal-problems: quality problems found in the plant (no customer), through the same CAPA cycle."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import expected_version

from ....adapters import problem_tables as pt
from ....adapters.queries import page
from ....domain.commands import ChangeInternalProblem, ChangeProblemFigures, RecordInternalProblem
from ....domain.internal_problem import InternalProblem
from ....service_layer.internal_problem_handlers import load_problem
from ..common import DEPARTMENTS, ctx, handle, register_post, with_etag
from ..complaints import schemas as cs
from . import schemas as s

blp = Blueprint("internal-problems", __name__, url_prefix="/api/v1/internal-problems",
                description="Internal quality problems (生产质量问题)")
RECORDERS = ("quality", "production", "system")
OWNER = ("quality",)  # owns every internal problem: contains, verifies, closes (domain/authority.py)


@blp.route("")
class InternalProblems(MethodView):
    """The register of internal problems."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.ProblemListArgs, location="query")
    @blp.response(200, page_of(s.ProblemReadSchema))
    def get(self, args):
        """List internal problems, latest found first, filtered by status, level, incident class, product."""
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, InternalProblem, pt.internal_problems, filters={
                name: args.get(name) for name in ("status", "level", "incident_class", "product_code")},
                order=[pt.internal_problems.c.found_at.desc(), pt.internal_problems.c.number.desc()],
                offset=(args["page"] - 1) * args["per_page"], limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles(*RECORDERS)
    @idempotent
    @blp.arguments(s.ProblemCreateSchema)
    @blp.response(201, s.ProblemReadSchema)
    def post(self, data):
        """Record a problem found in production, inspection or storage, with its scrap and rework."""
        product = data.pop("product")
        fields = {**data, "product_code": product["code"], "product_batch": product.get("batch"),
                  "production_date": product.get("production_date")}
        problem = handle(RecordInternalProblem(fields=fields, actor=current_actor()))
        return with_etag(problem, 201, {"Location": f"/api/v1/internal-problems/{problem.id}"})


@blp.route("/<uuid:problem_id>")
class InternalProblemById(MethodView):
    """One internal problem."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.ProblemReadSchema)
    def get(self, problem_id: uuid.UUID):
        """Read an internal problem with its trail; the ETag is its version."""
        with ctx().uow_factory() as uow:
            return with_etag(load_problem(uow, problem_id))

    @requires_roles(*DEPARTMENTS)
    @blp.arguments(s.ProblemFiguresSchema)
    @blp.response(200, s.ProblemReadSchema)
    def patch(self, data, problem_id: uuid.UUID):
        """Correct scrap, rework, loss, level or the batch-scale flag; the incident class is recomputed.

        Quality, or the department where the problem was found (`found_in`).
        """
        return with_etag(handle(ChangeProblemFigures(problem_id=problem_id, changes=data, actor=current_actor(),
                                                     expected_version=expected_version())))


def _step(path: str, schema, summary: str, roles=OWNER):
    """Register POST internal-problems/{id}/<path>, one step of the cycle."""

    @requires_roles(*roles)
    @blp.arguments(schema)
    @blp.response(200, s.ProblemReadSchema)
    def post(self, data, problem_id: uuid.UUID):
        return with_etag(handle(ChangeInternalProblem(problem_id=problem_id, step=path, arguments=data,
                                                      actor=current_actor(), expected_version=expected_version())))

    register_post(blp, f"/<uuid:problem_id>/{path}", f"Problem{schema.__name__.removesuffix('Schema')}", post,
                  summary)


_step("containment", cs.ContainmentSchema,
      "Record the temporary action (received -> contained; a minor problem closes with it).\n\nQuality.")
_step("analysis", cs.AnalysisSchema, "Record root cause, cause category and responsibility (contained -> analysed)."
      "\n\nQuality, or the department the analysis names responsible.", DEPARTMENTS)
_step("action-plan", cs.ActionPlanSchema, "Record the approved corrective and preventive actions.\n\n"
      "The responsible department named in the analysis, or quality.", DEPARTMENTS)
_step("implementation", cs.ImplementationSchema, "Record that the actions were carried out.\n\n"
      "The responsible department named in the analysis, or quality.", DEPARTMENTS)
_step("verification", cs.VerificationSchema,
      "Verify: effective closes, not effective reopens to contained.\n\nQuality.")
