"""Survey handlers: the year's campaign, its answers (dissatisfied ones open corrective actions), its score."""
from __future__ import annotations

import uuid

from qms_shared.domain import Conflict

from ..domain.capa import CorrectiveAction
from ..domain.commands import ChangeSurvey, OpenSurvey, RecordSurveyResponse
from ..domain.satisfaction import SatisfactionScore
from ..domain.statistics import local_day
from ..domain.survey import SurveyCampaign
from . import integration_events
from .customer_handlers import note_customers
from .loading import load


def open_survey(cmd: OpenSurvey, *, uow, deps) -> SurveyCampaign:
    """Open the year's campaign; there is one per year."""
    with uow:
        if uow.surveys.for_year(cmd.year) is not None:
            raise Conflict(f"A survey for {cmd.year} already exists.")
        survey = SurveyCampaign.open(id=uuid.uuid4(), year=cmd.year, customer_ids=cmd.customer_ids,
                                     items=cmd.items, by=cmd.actor.label, at=deps.clock(), **cmd.objective)
        uow.surveys.add(survey)
        note_customers(uow, [(cid, None) for cid in survey.customer_ids], source="survey", by=cmd.actor.label,
                       at=survey.opened_at)
        integration_events.publish(uow, survey)
        uow.commit()
        return survey


def record_survey_response(cmd: RecordSurveyResponse, *, uow, deps) -> SurveyCampaign:
    """Record answers; each dissatisfied answer opens a corrective action owned by quality, in the same commit."""
    now, by = deps.clock(), cmd.actor.label
    with uow:
        survey = load(uow.surveys, cmd.survey_id, "survey")
        unhappy = survey.record_response(customer_id=cmd.customer_id, answers=cmd.answers, by=by, at=now)
        for answer in unhappy:
            action = CorrectiveAction.for_dissatisfaction(
                id=uuid.uuid4(), number=uow.next_number("CA", local_day(now).year), survey_id=survey.id,
                customer_id=cmd.customer_id, item=answer.item, rating=answer.rating, by=by, at=now,
                policy=deps.policy)
            uow.corrective_actions.add(action)
            integration_events.publish(uow, action)
        integration_events.publish(uow, survey)
        uow.commit()
        return survey


def change_survey(cmd: ChangeSurvey, *, uow, deps) -> SurveyCampaign:
    """Start a follow-up round or close the campaign with its final score."""
    by = cmd.actor.label
    with uow:
        survey = load(uow.surveys, cmd.survey_id, "survey")
        if cmd.step == "follow_up":
            survey.start_follow_up(by=by, at=deps.clock(), rules=deps.rules)
        else:
            now = deps.clock()
            survey.close(counts=uow.surveys.year_counts(survey.year, as_of=now), by=by, at=now, rules=deps.rules)
        integration_events.publish(uow, survey)
        uow.commit()
        return survey


def survey_score(survey_id: uuid.UUID, *, uow, deps) -> tuple[SurveyCampaign, SatisfactionScore, object]:
    """The campaign's score as it stands, with the year's counts from this service's own records."""
    with uow:
        survey = load(uow.surveys, survey_id, "survey")
        counts = uow.surveys.year_counts(survey.year, as_of=deps.clock())
        return survey, survey.score(counts, deps.rules), counts
