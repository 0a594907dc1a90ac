"""The survey campaign: answers, the 70 % rule with follow-up rounds, closing, dissatisfaction."""
import uuid
from decimal import Decimal as D

import pytest
from complaints_builders import at
from qms_shared.domain import Conflict, InvalidTransition, ValidationFailed

from complaints.domain import survey_events as events
from complaints.domain.satisfaction import YearCounts
from complaints.domain.survey import DEFAULT_ITEMS, SurveyCampaign

CUSTOMERS = [f"C-{n:03d}" for n in range(1, 11)]
ALL_SATISFIED = [(item, "satisfied") for item in DEFAULT_ITEMS]


def open_survey(**overrides):
    fields = dict(id=uuid.uuid4(), year=2026, customer_ids=CUSTOMERS, by="li.sales", at=at(2026, 11, 2),
                  first_pass_yield=D("98"), first_pass_yield_target=D("98"), on_time_delivery=D("96"),
                  on_time_delivery_target=D("95"), late_responses=0) | overrides
    return SurveyCampaign.open(**fields)


def answer(survey, customers, answers=ALL_SATISFIED):
    for customer in customers:
        survey.record_response(customer_id=customer, answers=answers, by="li.sales", at=at(2026, 11, 20))


def test_items_default_to_the_five_of_the_form():
    survey = open_survey()
    assert survey.items == list(DEFAULT_ITEMS) and len(survey.items) == 5
    assert isinstance(survey.pull_events()[0], events.SurveyOpened)


def test_closing_at_70_percent_records_the_final_scores():
    survey = open_survey()
    answer(survey, CUSTOMERS[:7])
    assert survey.response_rate() == D("70.00")
    survey.pull_events()
    result = survey.close(counts=YearCounts(complaints=2), by="li.sales", at=at(2026, 12, 1))
    # survey 90 - 0.2 = 89.8; objective 100; total 89.8 x 0.4 + 100 x 0.6 = 35.92 + 60 = 95.92
    assert (survey.survey_score, survey.objective_score, survey.total_score) == (D("89.80"), D("100.00"), D("95.92"))
    assert survey.status == "closed" and result.total_score == D("95.92")
    [closed] = survey.pull_events()
    assert isinstance(closed, events.SurveyClosed) and closed.total_score == D("95.92")


def test_under_70_percent_it_cannot_close_before_a_follow_up_round():
    survey = open_survey()
    answer(survey, CUSTOMERS[:6])
    with pytest.raises(InvalidTransition) as refused:
        survey.close(counts=YearCounts(), by="u", at=at(2026, 12, 1))
    assert "follow-up" in refused.value.extra["allowed"] and survey.status == "open"
    survey.pull_events()
    survey.start_follow_up(by="li.sales", at=at(2026, 12, 1))
    [follow_up] = survey.pull_events()
    assert survey.round == 2 and follow_up.pending_customer_ids == CUSTOMERS[6:]
    answer(survey, CUSTOMERS[6:7])
    assert survey.responses[-1].round == 2
    survey.close(counts=YearCounts(), by="u", at=at(2026, 12, 10))
    assert survey.status == "closed"


def test_after_a_follow_up_round_it_may_close_even_if_still_short():
    survey = open_survey()
    answer(survey, CUSTOMERS[:5])
    survey.start_follow_up(by="u", at=at(2026, 12, 1))
    result = survey.close(counts=YearCounts(), by="u", at=at(2026, 12, 10))
    assert result.response_rate == D("50.00") and result.response_rate_met is False and survey.status == "closed"


def test_no_follow_up_once_70_percent_answered():
    survey = open_survey()
    answer(survey, CUSTOMERS[:7])
    with pytest.raises(InvalidTransition):
        survey.start_follow_up(by="u", at=at(2026, 12, 1))
    assert survey.round == 1


def test_each_dissatisfied_answer_asks_for_a_corrective_action():
    survey = open_survey()
    survey.pull_events()
    unhappy = survey.record_response(customer_id="C-001", by="u", at=at(2026, 11, 20), answers=[
        ("product quality level", "dissatisfied"), ("delivery", "very_dissatisfied"), ("exception handling", "satisfied")])
    assert [(a.item, a.rating) for a in unhappy] == [("product quality level", "dissatisfied"),
                                                     ("delivery", "very_dissatisfied")]
    recorded = survey.pull_events()
    assert [type(e) for e in recorded] == [events.SurveyResponseRecorded, events.DissatisfactionReported,
                                           events.DissatisfactionReported]
    assert recorded[0].response_rate == D("10.00") and recorded[2].item == "delivery"


@pytest.mark.parametrize("customer,answers", [
    ("C-999", ALL_SATISFIED), ("C-001", []), ("C-001", [("colour", "satisfied")]),
    ("C-001", [("delivery", "meh")]), ("C-001", [("delivery", "satisfied"), ("delivery", "dissatisfied")]),
])
def test_bad_responses_are_refused(customer, answers):
    survey = open_survey()
    with pytest.raises(ValidationFailed):
        survey.record_response(customer_id=customer, answers=answers, by="u", at=at(2026, 11, 20))
    assert survey.responses == []


def test_a_customer_answers_once():
    survey = open_survey()
    answer(survey, ["C-001"])
    with pytest.raises(Conflict):
        answer(survey, ["C-001"])
    assert len(survey.responses) == 1


def test_a_closed_survey_takes_nothing_more():
    survey = open_survey()
    answer(survey, CUSTOMERS)
    survey.close(counts=YearCounts(), by="u", at=at(2026, 12, 1))
    for action in (lambda: answer(survey, ["C-001"]), lambda: survey.start_follow_up(by="u", at=at(2026, 12, 2)),
                   lambda: survey.close(counts=YearCounts(), by="u", at=at(2026, 12, 2))):
        with pytest.raises(InvalidTransition):
            action()


@pytest.mark.parametrize("overrides,field", [
    ({"year": 1999}, "year"), ({"customer_ids": []}, "customer_ids"), ({"customer_ids": ["A", "A"]}, "customer_ids"),
    ({"items": ["q", "q"]}, "items"), ({"first_pass_yield": D("100.1")}, "objective.first_pass_yield"),
    ({"on_time_delivery_target": D("-1")}, "objective.on_time_delivery_target"),
    ({"late_responses": -1}, "objective.late_responses"),
])
def test_bad_campaigns_are_refused(overrides, field):
    with pytest.raises(ValidationFailed) as failed:
        open_survey(**overrides)
    assert field in failed.value.extra["errors"]


def test_the_score_can_be_read_before_closing():
    survey = open_survey()
    answer(survey, CUSTOMERS[:3], [(item, "very_satisfied") for item in DEFAULT_ITEMS])
    score = survey.score(YearCounts(praises=1))
    assert score.survey_score == D("100.00") and score.response_rate == D("30.00")
    assert survey.status == "open"
