"""/api/v1/surveys/proposals: a year's survey customers proposed from the archive by the seeds' rule
(≥ 200 t a year, or the largest covering 70 % of the revenue), edited, then the survey started from them."""
from __future__ import annotations

import uuid

from flask.views import MethodView

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.blueprint import Blueprint
from qms_shared.web.idempotency import idempotent
from qms_shared.web.versions import expected_version

from ....domain import customer_commands as cc
from ....service_layer.loading import load
from ..common import ctx, handle, with_etag
from ..surveys.schemas import SurveyReadSchema
from . import schemas as s

blp = Blueprint("survey-proposals", __name__, url_prefix="/api/v1/surveys/proposals",
                description="Survey customers proposed from the customer archive")
PLANNERS = ("sales", "quality")


@blp.route("")
class Proposals(MethodView):
    """Proposals."""

    @requires_roles(*PLANNERS)
    @idempotent
    @blp.arguments(s.ProposalCreateSchema)
    @blp.response(201, s.ProposalReadSchema)
    def post(self, data):
        """Propose the year's survey customers from the archive's purchases (editable until started)."""
        proposal = handle(cc.ProposeSurvey(**data, actor=current_actor()))
        return with_etag(proposal, 201, {"Location": f"/api/v1/surveys/proposals/{proposal.id}"})


@blp.route("/<uuid:proposal_id>")
class ProposalById(MethodView):
    """One proposal."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.ProposalReadSchema)
    def get(self, proposal_id: uuid.UUID):
        """Read a proposal."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.survey_proposals, proposal_id, "survey proposal"))

    @requires_roles(*PLANNERS)
    @blp.arguments(s.ProposalEditSchema)
    @blp.response(200, s.ProposalReadSchema)
    def patch(self, data, proposal_id: uuid.UUID):
        """Set the customers to survey (add or drop some of the proposed) before the survey starts."""
        return with_etag(handle(cc.EditSurveyProposal(proposal_id=proposal_id, customer_ids=data["customer_ids"],
                                                      actor=current_actor(), expected_version=expected_version())))


@blp.route("/<uuid:proposal_id>/start")
class ProposalStart(MethodView):
    """Starting the survey."""

    @requires_roles(*PLANNERS)
    @blp.arguments(s.ProposalStartSchema)
    @blp.response(201, SurveyReadSchema)
    def post(self, data, proposal_id: uuid.UUID):
        """Open the year's survey with the proposal's customers (as POST /surveys would)."""
        survey = handle(cc.StartProposedSurvey(proposal_id=proposal_id, items=data["items"],
                                               objective=data["objective"], actor=current_actor(),
                                               expected_version=expected_version()))
        return with_etag(survey, 201, {"Location": f"/api/v1/surveys/{survey.id}"})
