"""The satisfaction formula (001 §5.8, 003 §5.3-5.4), on a worked example computed by hand."""
from decimal import Decimal as D

import pytest

from complaints.domain.satisfaction import ObjectiveFigures, YearCounts, response_rate, score_satisfaction

ITEMS = ["quality", "delivery", "service"]
VS, S, DS, VD = "very_satisfied", "satisfied", "dissatisfied", "very_dissatisfied"
# Seven of ten customers answered all three items:
#   quality:  4 x VS, 2 x S, 1 x DS  -> (80 + 36 + 10) / 7 = 126 / 7 = 18
#   delivery: 4 x VS, 1 x S, 2 x VD  -> (80 + 18 +  0) / 7 =  98 / 7 = 14
#   service:  1 x VS, 4 x S, 2 x DS  -> (20 + 72 + 20) / 7 = 112 / 7 = 16
ANSWERS = ([("quality", VS)] * 4 + [("quality", S)] * 2 + [("quality", DS)]
           + [("delivery", VS)] * 4 + [("delivery", S)] + [("delivery", VD)] * 2
           + [("service", VS)] + [("service", S)] * 4 + [("service", DS)] * 2)
COUNTS = YearCounts(complaints=12, praises=3, quality_complaints=5, service_complaints=2, returns=3, claims=1)
OBJECTIVE = ObjectiveFigures(first_pass_yield=D("96.5"), first_pass_yield_target=D("98"),
                             on_time_delivery=D("97"), on_time_delivery_target=D("95"), late_responses=2)


def test_worked_example():
    score = score_satisfaction(surveyed=10, responded=7, items=ITEMS, answers=ANSWERS, counts=COUNTS,
                               objective=OBJECTIVE)
    # response rate 7 / 10 = 70 %: exactly the minimum, so it is met
    assert score.response_rate == D("70.00") and score.response_rate_met is True
    assert [(i.item, i.average) for i in score.items] == [("quality", 18), ("delivery", 14), ("service", 16)]
    assert score.items[1].counts == {VS: 4, S: 1, DS: 0, VD: 2}
    # mean item score (18 + 14 + 16) / 3 = 16 -> 16 / 20 x 100 = 80
    assert score.mean_item_score == D("16.00") and score.base_survey_score == D("80.00")
    # 12 complaints x -0.1 = -1.2; 3 praises x +0.1 = +0.3 -> 80 - 1.2 + 0.3 = 79.1
    assert (score.complaint_adjustment, score.praise_adjustment) == (D("-1.2"), D("0.3"))
    assert score.survey_score == D("79.10")
    # deductions: yield 1.5 points short x 0.5 = 0.75; 5 quality complaints x 1 = 5; (3 returns + 1 claim) x 0.5 = 2;
    # delivery above target = 0; 2 late responses x 0.2 = 0.4; 2 service complaints x 1 = 2 -> 10.15
    assert [d.points for d in score.deductions] == [D("0.75"), D("5"), D("2.0"), D("0"), D("0.4"), D("2")]
    assert score.objective_score == D("89.85")
    # total 79.10 x 40 % + 89.85 x 60 % = 31.64 + 53.91 = 85.55
    assert score.total_score == D("85.55")


@pytest.mark.parametrize("responded,surveyed,rate,met", [
    (7, 10, D("70.00"), True), (6, 10, D("60.00"), False), (8, 10, D("80.00"), True),
    (2, 3, D("66.67"), False), (69, 100, D("69.00"), False), (0, 0, D("0"), False),
])
def test_the_response_rate_must_reach_70_percent(responded, surveyed, rate, met):
    assert response_rate(responded, surveyed) == rate
    score = score_satisfaction(surveyed=surveyed, responded=responded, items=ITEMS, answers=[],
                               counts=YearCounts(), objective=ObjectiveFigures())
    assert score.response_rate_met is met


@pytest.mark.parametrize("complaints,praises,survey", [(0, 0, "90.00"), (1, 0, "89.90"), (0, 1, "90.10"),
                                                        (10, 10, "90.00")])
def test_each_complaint_costs_and_each_praise_earns_a_tenth_of_a_point(complaints, praises, survey):
    # one item answered "satisfied": 18 / 20 x 100 = 90 before the adjustments
    score = score_satisfaction(surveyed=1, responded=1, items=["q"], answers=[("q", S)],
                               counts=YearCounts(complaints=complaints, praises=praises), objective=ObjectiveFigures())
    assert score.survey_score == D(survey)


def test_scores_stay_between_0_and_100():
    top = score_satisfaction(surveyed=1, responded=1, items=["q"], answers=[("q", VS)],
                             counts=YearCounts(praises=5), objective=ObjectiveFigures())
    assert top.base_survey_score == D("100.00") and top.survey_score == D("100.00")
    bottom = score_satisfaction(surveyed=1, responded=1, items=["q"], answers=[("q", VD)],
                                counts=YearCounts(complaints=3, quality_complaints=150), objective=ObjectiveFigures())
    assert bottom.survey_score == D("0.00") and bottom.objective_score == D("0.00")
    assert bottom.total_score == D("0.00")


@pytest.mark.parametrize("actual,target,points", [("98", "98", "0"), ("99", "98", "0"), ("97", "98", "0.5"),
                                                  ("95.5", "98", "1.25")])
def test_yield_and_delivery_cost_half_a_point_per_point_below_target(actual, target, points):
    figures = ObjectiveFigures(first_pass_yield=D(actual), first_pass_yield_target=D(target),
                               on_time_delivery=D(actual), on_time_delivery_target=D(target))
    score = score_satisfaction(surveyed=1, responded=0, items=["q"], answers=[], counts=YearCounts(),
                               objective=figures)
    assert score.deductions[0].points == D(points) and score.deductions[3].points == D(points)
    assert score.objective_score == D(100) - 2 * D(points)


def test_without_answers_there_is_no_survey_score_and_no_total():
    score = score_satisfaction(surveyed=5, responded=0, items=ITEMS, answers=[], counts=YearCounts(complaints=2),
                               objective=ObjectiveFigures())
    assert score.survey_score is None and score.total_score is None
    assert score.objective_score == D("100.00")
    assert all(item.average is None for item in score.items)


def test_an_unanswered_item_does_not_drag_the_mean_down():
    score = score_satisfaction(surveyed=1, responded=1, items=["a", "b"], answers=[("a", S)], counts=YearCounts(),
                               objective=ObjectiveFigures())
    assert score.mean_item_score == D("18.00") and score.base_survey_score == D("90.00")
