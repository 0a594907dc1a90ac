"""Complaint statistics: counts per dimension, recurring vs sporadic, on-time rates, month edges."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

from complaints_builders import at

from complaints.domain.statistics import (
    ComplaintRecord, complaint_statistics, deadline_verdict, months_between, period_of,
)


def record(customer="C1", category="quality", received=at(2026, 2, 10), product="BOX-7", cause="material",
           department="purchasing", **deadlines):
    return ComplaintRecord(customer_id=customer, customer_name=f"Name {customer}", category=category,
                           received_at=received, product_code=product, cause_category=cause,
                           responsible_department=department, **deadlines)


def stats(records, start=date(2026, 1, 1), end=date(2026, 3, 31), as_of=at(2026, 4, 1)):
    return complaint_statistics(records, start=start, end=end, as_of=as_of)


def test_counts_by_each_dimension():
    result = stats([
        record("C1", "quality", at(2026, 1, 5)), record("C1", "delivery", at(2026, 1, 20), cause="method",
                                                         department="production"),
        record("C2", "quality", at(2026, 3, 3), cause=None, department=None),
        record("C3", "service", at(2026, 4, 1)),  # after the period: not counted
    ])
    assert result.total == 3
    assert result.by_category == {"quality": 2, "delivery": 1, "quantity": 0, "service": 0, "price": 0,
                                  "environmental": 0, "other": 0}
    assert result.by_customer == {"C1": {"name": "Name C1", "count": 2}, "C2": {"name": "Name C2", "count": 1}}
    assert result.by_cause_category["material"] == 1 and result.by_cause_category["method"] == 1
    assert result.by_cause_category["unassigned"] == 1 and result.by_cause_category["machine"] == 0
    assert result.by_department == {"purchasing": 1, "production": 1, "unassigned": 1}
    assert result.by_month == {"2026-01": 2, "2026-02": 0, "2026-03": 1}


def test_the_month_is_the_month_in_beijing():
    utc_evening = datetime(2026, 1, 31, 17, 0, tzinfo=timezone.utc)  # 1 February 01:00 in Beijing
    result = stats([record(received=utc_evening)])
    assert result.by_month["2026-01"] == 0 and result.by_month["2026-02"] == 1


def test_periods_and_months():
    assert period_of(2026) == (date(2026, 1, 1), date(2026, 12, 31))
    assert period_of(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
    assert months_between(date(2025, 11, 15), date(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_the_same_problem_twice_within_12_months_is_recurring():
    earlier = record(received=at(2025, 3, 1))  # before the period, 346 days before the second
    again = record(received=at(2026, 2, 10))
    other_product = record(received=at(2026, 2, 11), product="BOX-9")
    other_cause = record(received=at(2026, 2, 12), cause="machine")
    result = stats([earlier, again, other_product, other_cause])
    assert (result.total, result.recurring, result.sporadic, result.unanalysed) == (3, 1, 2, 0)
    assert result.recurring_problems == [{"customer_id": "C1", "product_code": "BOX-7",
                                          "cause_category": "material", "count": 1}]


def test_365_days_apart_is_recurring_366_is_not():
    first = at(2025, 2, 10)
    assert stats([record(received=first), record(received=first + timedelta(days=365))]).recurring == 1
    assert stats([record(received=first), record(received=first + timedelta(days=366))]).recurring == 0


def test_both_occurrences_in_the_period_count_as_recurring():
    result = stats([record(received=at(2026, 1, 5)), record(received=at(2026, 3, 5)), record(cause=None)])
    assert (result.recurring, result.sporadic, result.unanalysed) == (2, 0, 1)
    assert result.recurring_problems[0]["count"] == 2


def test_on_time_rates():
    due = at(2026, 2, 12)
    result = stats([
        record(containment_due_at=due, containment_met_at=due),  # on time, at the edge
        record(containment_due_at=due, containment_met_at=due + timedelta(seconds=1)),  # late
        record(containment_due_at=due, containment_met_at=None),  # still owed, past due: late
        record(containment_due_at=at(2026, 4, 3), containment_met_at=None),  # not due yet: not counted
    ], as_of=at(2026, 4, 1))
    # 1 on time of 3 decided = 33.3 %
    assert result.on_time_rate == {"containment": D("33.3"), "corrective_action": None}


def test_verdicts():
    due, as_of = at(2026, 2, 12), at(2026, 2, 20)
    assert deadline_verdict(due, at(2026, 2, 11), as_of) is True
    assert deadline_verdict(due, at(2026, 2, 13), as_of) is False
    assert deadline_verdict(due, None, as_of) is False
    assert deadline_verdict(at(2026, 2, 25), None, as_of) is None
    assert deadline_verdict(due, at(2026, 2, 21), as_of) is False  # given after as_of: still owed then
    assert deadline_verdict(None, None, as_of) is None
