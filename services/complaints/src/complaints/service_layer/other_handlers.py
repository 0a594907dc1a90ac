"""Handlers for claims, praises, surveys and corrective actions."""
from __future__ import annotations

import uuid

from qms_shared.domain import Conflict

from ..adapters.queries import year_counts
from ..domain.capa import CorrectiveAction
from ..domain.claim import Claim
from ..domain.praise import Praise
from ..domain.satisfaction import SatisfactionScore
from ..domain.survey import SurveyCampaign
from ..domain.statistics import local_day
from . import integration_events
from .commands import (
    ChangeClaim, ChangeSurvey, CloseCorrectiveAction, OpenSurvey, RecordPraise, RecordSurveyResponse, SubmitClaim,
)
from .loading import load

CLAIM_STEPS = {"analysis": "analyse", "approval": "approve", "customer-response": "record_customer_response",
               "settlement": "settle"}


def submit_claim(cmd: SubmitClaim, *, uow, deps) -> Claim:
    """Register a claim against an existing complaint."""
    now = deps.clock()
    with uow:
        complaint = load(uow.complaints, cmd.complaint_id, "complaint")
        claim = Claim.submit(id=uuid.uuid4(), number=uow.next_number("CL", local_day(now).year),
                             complaint_id=complaint.id, complaint_number=complaint.number,
                             customer_id=complaint.customer_id, customer_name=complaint.customer_name,
                             amount=cmd.amount, currency=cmd.currency, description=cmd.description,
                             evidence=cmd.evidence, by=cmd.by, at=now)
        uow.claims.add(claim)
        integration_events.publish(uow, claim)
        uow.commit()
        return claim


def change_claim(cmd: ChangeClaim, *, uow, deps) -> Claim:
    """Apply one claim step."""
    with uow:
        claim = load(uow.claims, cmd.claim_id, "claim", cmd.if_match)
        getattr(claim, CLAIM_STEPS[cmd.step])(**cmd.arguments, by=cmd.by, at=deps.clock())
        integration_events.publish(uow, claim)
        uow.commit()
        return claim


def record_praise(cmd: RecordPraise, *, uow, deps) -> Praise:
    """Record a praise (it lifts the year's survey score)."""
    with uow:
        praise = Praise.receive(id=uuid.uuid4(), customer_id=cmd.customer_id, customer_name=cmd.customer_name,
                                received_at=cmd.received_at, note=cmd.note, by=cmd.by, at=deps.clock())
        uow.praises.add(praise)
        integration_events.publish(uow, praise)
        uow.commit()
        return praise


def open_survey(cmd: OpenSurvey, *, uow, deps) -> SurveyCampaign:
    """Open the year's campaign; there is one per year."""
    with uow:
        if uow.surveys.for_year(cmd.year) is not None:
            raise Conflict(f"A survey for {cmd.year} already exists.")
        survey = SurveyCampaign.open(id=uuid.uuid4(), year=cmd.year, customer_ids=cmd.customer_ids,
                                     items=cmd.items, by=cmd.by, at=deps.clock(), **cmd.objective)
        uow.surveys.add(survey)
        integration_events.publish(uow, survey)
        uow.commit()
        return survey


def record_survey_response(cmd: RecordSurveyResponse, *, uow, deps) -> SurveyCampaign:
    """Record answers; each dissatisfied answer opens a corrective action owned by quality, in the same commit."""
    now = deps.clock()
    with uow:
        survey = load(uow.surveys, cmd.survey_id, "survey")
        unhappy = survey.record_response(customer_id=cmd.customer_id, answers=cmd.answers, by=cmd.by, at=now)
        for answer in unhappy:
            action = CorrectiveAction.for_dissatisfaction(
                id=uuid.uuid4(), number=uow.next_number("CA", local_day(now).year), survey_id=survey.id,
                customer_id=cmd.customer_id, item=answer.item, rating=answer.rating, by=cmd.by, at=now)
            uow.corrective_actions.add(action)
            integration_events.publish(uow, action)
        integration_events.publish(uow, survey)
        uow.commit()
        return survey


def change_survey(cmd: ChangeSurvey, *, uow, deps) -> SurveyCampaign:
    """Start a follow-up round or close the campaign with its final score."""
    with uow:
        survey = load(uow.surveys, cmd.survey_id, "survey")
        if cmd.step == "follow_up":
            survey.start_follow_up(by=cmd.by, at=deps.clock(), rules=deps.rules)
        else:
            survey.close(counts=year_counts(uow.session, survey.year), by=cmd.by, at=deps.clock(), rules=deps.rules)
        integration_events.publish(uow, survey)
        uow.commit()
        return survey


def survey_score(survey_id: uuid.UUID, *, uow, deps) -> tuple[SurveyCampaign, SatisfactionScore, object]:
    """The campaign's score as it stands, with the year's counts from this service's own records."""
    with uow:
        survey = load(uow.surveys, survey_id, "survey")
        counts = year_counts(uow.session, survey.year)
        return survey, survey.score(counts, deps.rules), counts


def close_corrective_action(cmd: CloseCorrectiveAction, *, uow, deps) -> CorrectiveAction:
    """Close a corrective action with what was done."""
    with uow:
        action = load(uow.corrective_actions, cmd.action_id, "corrective action")
        action.close(outcome=cmd.outcome, by=cmd.by, at=deps.clock())
        integration_events.publish(uow, action)
        uow.commit()
        return action
