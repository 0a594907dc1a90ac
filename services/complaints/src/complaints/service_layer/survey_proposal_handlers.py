"""Survey proposals: the year's customers proposed from the archive by the seeds' rule, edited by people,
then the survey started from them."""
from __future__ import annotations

import uuid
from dataclasses import replace

from qms_shared.domain import Conflict

from ..domain import customer_commands as cc
from ..domain.survey import SurveyCampaign
from ..domain.survey_selection import SurveyProposal
from . import integration_events
from .customer_handlers import note_customers
from .loading import load


def propose_survey(cmd: cc.ProposeSurvey, *, uow, deps) -> SurveyProposal:
    """Propose the customers buying at least the tonnage, or the largest covering the revenue share."""
    rules = deps.selection
    if cmd.minimum_tonnes is not None:
        rules = replace(rules, minimum_tonnes=cmd.minimum_tonnes)
    if cmd.revenue_share is not None:
        rules = replace(rules, revenue_share=cmd.revenue_share)
    with uow:
        figures = uow.customers.year_figures(cmd.purchases_year or cmd.year)
        proposal = SurveyProposal.propose(id=uuid.uuid4(), year=cmd.year, purchases_year=cmd.purchases_year,
                                          figures=figures, rules=rules, by=cmd.actor.label, at=deps.clock())
        uow.survey_proposals.add(proposal)
        uow.commit()
        return proposal


def edit_survey_proposal(cmd: cc.EditSurveyProposal, *, uow, deps) -> SurveyProposal:
    """Replace the proposed customers while the survey has not started."""
    with uow:
        proposal = load(uow.survey_proposals, cmd.proposal_id, "survey proposal", cmd.expected_version)
        proposal.edit(customer_ids=cmd.customer_ids, by=cmd.actor.label, at=deps.clock())
        uow.commit()
        return proposal


def start_proposed_survey(cmd: cc.StartProposedSurvey, *, uow, deps) -> SurveyCampaign:
    """Open the year's survey with the proposal's customers (one survey a year, as POST /surveys)."""
    now, by = deps.clock(), cmd.actor.label
    with uow:
        proposal = load(uow.survey_proposals, cmd.proposal_id, "survey proposal", cmd.expected_version)
        if uow.surveys.for_year(proposal.year) is not None:
            raise Conflict(f"A survey for {proposal.year} already exists.")
        survey = SurveyCampaign.open(id=uuid.uuid4(), year=proposal.year, customer_ids=proposal.customer_ids,
                                     items=cmd.items, by=by, at=now, **cmd.objective)
        proposal.start(survey_id=survey.id, by=by, at=now)
        note_customers(uow, [(cid, None) for cid in proposal.customer_ids], source="survey", by=by, at=now)
        uow.surveys.add(survey)
        integration_events.publish(uow, survey)
        uow.commit()
        return survey


PROPOSAL_HANDLERS = {cc.ProposeSurvey: propose_survey, cc.EditSurveyProposal: edit_survey_proposal,
                     cc.StartProposedSurvey: start_proposed_survey}
