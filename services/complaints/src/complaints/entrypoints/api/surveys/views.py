"""/api/v1/surveys: yearly satisfaction survey campaigns, answers, follow-up rounds and the score."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of

from ....adapters import tables as t
from ....adapters.queries import page
from ....domain.survey import SurveyCampaign
from ....domain.commands import ChangeSurvey, OpenSurvey, RecordSurveyResponse
from ....service_layer.loading import load
from ....service_layer.survey_handlers import survey_score
from ..common import ctx, handle, register_post, with_etag
from . import schemas as s

blp = Blueprint("surveys", __name__, url_prefix="/api/v1/surveys", description="Customer satisfaction surveys")


@blp.route("")
class Surveys(MethodView):
    """The survey campaigns."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.SurveyListArgs, location="query")
    @blp.response(200, page_of(s.SurveyReadSchema))
    def get(self, args):
        """List campaigns, latest year first."""
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, SurveyCampaign, t.surveys, filters={"year": args.get("year")},
                                order=[t.surveys.c.year.desc()], offset=(args["page"] - 1) * args["per_page"],
                                limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles("sales", "quality")
    @idempotent
    @blp.arguments(s.SurveyCreateSchema)
    @blp.response(201, s.SurveyReadSchema)
    def post(self, data):
        """Open the year's campaign for the chosen customers."""
        survey = handle(OpenSurvey(year=data["year"], customer_ids=data["customer_ids"], items=data["items"],
                                   objective=data["objective"], actor=current_actor()))
        return with_etag(survey, 201, {"Location": f"/api/v1/surveys/{survey.id}"})


@blp.route("/<uuid:survey_id>")
class SurveyById(MethodView):
    """One campaign."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.SurveyReadSchema)
    def get(self, survey_id: uuid.UUID):
        """Read a campaign."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.surveys, survey_id, "survey"))


@blp.route("/<uuid:survey_id>/responses")
class SurveyResponses(MethodView):
    """Answers of the customers."""

    @requires_roles("sales", "quality")
    @blp.arguments(s.ResponseCreateSchema)
    @blp.response(201, s.SurveyReadSchema)
    def post(self, data, survey_id: uuid.UUID):
        """Record a customer's answers; each dissatisfied one opens a corrective action for quality."""
        answers = [(a["item"], a["rating"]) for a in data["answers"]]
        return with_etag(handle(RecordSurveyResponse(survey_id=survey_id, customer_id=data["customer_id"],
                                                     answers=answers, actor=current_actor())), 201)


@blp.route("/<uuid:survey_id>/score")
class SurveyScore(MethodView):
    """The satisfaction score."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200)
    def get(self, survey_id: uuid.UUID):
        """Response rate, survey, objective and total score (40/60) with the breakdown."""
        deps = ctx().extras["deps"]
        survey, score, counts = survey_score(survey_id, uow=ctx().uow_factory(), deps=deps)
        return s.score_body(survey, score, counts, deps.rules)


def _step(path: str, step: str, summary: str):
    @requires_roles("sales", "quality")
    @blp.response(200, s.SurveyReadSchema)
    def post(self, survey_id: uuid.UUID):
        return with_etag(handle(ChangeSurvey(survey_id=survey_id, step=step, actor=current_actor())))

    name = "Survey" + "".join(part.title() for part in path.split("-"))
    register_post(blp, f"/<uuid:survey_id>/{path}", name, post, summary)


_step("follow-up", "follow_up", "Start a follow-up round while fewer than 70 % answered.")
_step("closure", "close", "Close the campaign with its final score (needs 70 % or a follow-up round).")
