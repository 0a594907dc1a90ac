"""Satisfaction's objective counts as seeds 001/003 define them (DOMAIN.md §5), on the worked example."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal as D
from types import SimpleNamespace

from complaints.domain.satisfaction import ObjectiveFigures, score_satisfaction
from complaints.domain.year_counts import count_year

CST = timezone(timedelta(hours=8))
RECEIVED = datetime(2026, 3, 2, 9, tzinfo=CST)
AS_OF = datetime(2026, 3, 5, 10, tzinfo=CST)
ITEMS = ["quality", "delivery", "service"]
VS, S, DS, VD = "very_satisfied", "satisfied", "dissatisfied", "very_dissatisfied"
ANSWERS = ([("quality", VS)] * 4 + [("quality", S)] * 2 + [("quality", DS)]
           + [("delivery", VS)] * 4 + [("delivery", S)] + [("delivery", VD)] * 2
           + [("service", VS)] + [("service", S)] * 4 + [("service", DS)] * 2)
OBJECTIVE = ObjectiveFigures(first_pass_yield=D("96.5"), first_pass_yield_target=D("98"),
                             on_time_delivery=D("97"), on_time_delivery_target=D("95"))


def complaint(category, returned=0, contained_at=RECEIVED, received_at=RECEIVED):
    return SimpleNamespace(category=category, returned_quantity=returned, received_at=received_at,
                           containment_due_at=received_at + timedelta(days=2), containment_met_at=contained_at,
                           corrective_action_due_at=received_at + timedelta(days=14), corrective_action_met_at=None)


# The worked example of test_satisfaction (12 complaints, 5 quality, 2 service, 3 returns, 1 claim, 2 late
# responses, 3 praises), now from records: 2 of the 5 quality complaints are environmental (RoHS), the 2
# service complaints are a delivery and a price complaint, and a second claim was rejected.
COMPLAINTS = ([complaint("quality", returned=5), complaint("quality", returned=2), complaint("quality"),
               complaint("environmental", returned=1), complaint("environmental"),
               complaint("delivery", contained_at=AS_OF - timedelta(hours=1)),  # contained a day late
               complaint("price", contained_at=None)]  # still owed, past due
              + [complaint("other") for _ in range(5)]
              + [complaint("quality", received_at=datetime(2025, 12, 1, tzinfo=CST))])  # another year
CLAIMS = [SimpleNamespace(status="settled", submitted_at=RECEIVED),
          SimpleNamespace(status="rejected", submitted_at=RECEIVED)]
PRAISES = [RECEIVED] * 3 + [datetime(2027, 1, 1, 9, tzinfo=CST)]


def test_the_year_is_counted_by_the_seeds_rules():
    counts = count_year(2026, complaints=COMPLAINTS, claims=CLAIMS, praises=PRAISES, as_of=AS_OF)
    assert (counts.complaints, counts.quality_complaints, counts.service_complaints) == (12, 5, 2)
    assert (counts.returns, counts.claims, counts.late_responses, counts.praises) == (3, 1, 2, 3)


def test_the_worked_example_from_the_records_scores_85_55():
    counts = count_year(2026, complaints=COMPLAINTS, claims=CLAIMS, praises=PRAISES, as_of=AS_OF)
    score = score_satisfaction(surveyed=10, responded=7, items=ITEMS, answers=ANSWERS, counts=counts,
                               objective=OBJECTIVE)
    assert [d.points for d in score.deductions] == [D("0.75"), D("5"), D("2.0"), D("0"), D("0.4"), D("2")]
    assert (score.survey_score, score.objective_score, score.total_score) == (D("79.10"), D("89.85"), D("85.55"))


def test_a_typed_late_response_count_overrides_the_counted_one():
    counts = count_year(2026, complaints=COMPLAINTS, claims=CLAIMS, praises=PRAISES, as_of=AS_OF)
    typed = ObjectiveFigures(**{**vars(OBJECTIVE), "late_responses": 7})
    score = score_satisfaction(surveyed=10, responded=7, items=ITEMS, answers=ANSWERS, counts=counts, objective=typed)
    assert score.deductions[4].quantity == 7 and score.objective_score == D("88.85")
    zero = ObjectiveFigures(**{**vars(OBJECTIVE), "late_responses": 0})
    assert score_satisfaction(surveyed=10, responded=7, items=ITEMS, answers=ANSWERS, counts=counts,
                              objective=zero).deductions[4].points == 0


def test_late_responses_belong_to_the_year_of_their_due_date_and_count_once_decided():
    late_in_january = complaint("quality", contained_at=None, received_at=datetime(2026, 12, 30, 10, tzinfo=CST))
    # due 1 January 2027 (containment), still owed on 2 January: a late response of 2027, not of 2026
    as_of = datetime(2027, 1, 2, 10, tzinfo=CST)
    assert count_year(2026, complaints=[late_in_january], claims=[], praises=[], as_of=as_of).late_responses == 0
    assert count_year(2027, complaints=[late_in_january], claims=[], praises=[], as_of=as_of).late_responses == 1
    not_yet = count_year(2027, complaints=[late_in_january], claims=[], praises=[],
                         as_of=datetime(2026, 12, 31, tzinfo=CST))
    assert not_yet.late_responses == 0
