"""Department reviews: who is awaited, opinion rules, delivery dates, the GM last, overdue reviews."""
from datetime import date, datetime, timedelta

import pytest

from qms_shared.domain import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed

from reviews_builders import CST, T0, approve_all, event_types, as_role, review, special


def test_recording_an_opinion_completes_that_review(regular):
    done = review(regular, "sales", "approve_with_conditions", comment="deposit 30 %")
    assert (done.opinion, done.comment, done.reviewer_id) == ("approve_with_conditions", "deposit 30 %", "u-sales")
    assert regular.pending_departments() == ["production"]
    assert regular.version == 2
    assert event_types(regular) == ["ReviewRecorded"]


def test_last_review_makes_the_contract_ready_for_sales_to_decide(regular):
    approve_all(regular)
    events = regular.pull_events()
    ready = events[-1]
    assert type(ready).__name__ == "ContractReadyForDecision"
    assert (ready.decider, ready.rejected_by, ready.blockers) == ("sales", [], [])


def test_a_rejection_sends_the_decision_to_the_general_manager(regular):
    review(regular, "sales")
    review(regular, "production", "reject", comment="no capacity in March")
    ready = regular.pull_events()[-1]
    assert (ready.decider, ready.rejected_by) == ("general_manager", ["production"])


def test_a_department_reviews_only_once_per_round(regular):
    review(regular, "sales")
    with pytest.raises(Conflict):
        review(regular, "sales")


def test_a_department_not_required_is_not_awaited(regular):
    with pytest.raises(Conflict):
        review(regular, "finance")


def test_unknown_department_is_not_found(regular):
    with pytest.raises(NotFound):
        review(regular, "warehouse")


def test_no_review_once_the_contract_is_decided(regular):
    approve_all(regular)
    regular.decide(outcome="rejected", reason="customer withdrew", by="u", by_name="S", roles=["sales"],
                   at=T0 + timedelta(hours=2))
    with pytest.raises(InvalidTransition) as caught:
        review(regular, "sales")
    assert caught.value.extra["current_status"] == "rejected"


@pytest.mark.parametrize("opinion, comment", [("approve_with_conditions", None), ("reject", "  "), ("maybe", "x")])
def test_conditions_and_rejections_need_a_comment_and_opinions_are_closed(regular, opinion, comment):
    with pytest.raises(ValidationFailed):
        review(regular, "sales", opinion, comment=comment)
    assert regular.pending_departments() == ["sales", "production"]


def test_production_must_state_its_delivery_date(regular):
    with pytest.raises(ValidationFailed) as caught:
        regular.record_review(department="production", opinion="approve", comment=None, delivery_date=None,
                              reviewer=as_role("production"), policy=None, at=T0)
    assert "delivery_date" in caught.value.extra["errors"]


def test_only_production_states_a_delivery_date(regular):
    with pytest.raises(ValidationFailed):
        review(regular, "sales", delivery_date=date(2026, 3, 18))


@pytest.mark.parametrize("committed, late", [(date(2026, 3, 19), False), (date(2026, 3, 20), False),
                                             (date(2026, 3, 21), True)])
def test_delivery_is_late_only_when_production_date_is_after_the_requested_date(regular, committed, late):
    review(regular, "production", delivery_date=committed)
    assert regular.committed_delivery_date == committed
    assert regular.delivery_late is late
    assert regular.pull_events()[-1].delivery_late is late


def test_requested_date_is_the_earliest_of_the_lines():
    from reviews_builders import line, submit
    contract = submit(lines=[line(requested_delivery_date=date(2026, 4, 1)),
                             line(product_code="P-200", requested_delivery_date=date(2026, 3, 25))])
    review(contract, "production", delivery_date=date(2026, 3, 26))
    assert contract.delivery_late


def test_general_manager_approves_only_after_every_other_department():
    contract = special()
    approve_all(contract, skip=("finance", "general_manager"))
    with pytest.raises(Conflict) as caught:
        review(contract, "general_manager")
    assert caught.value.extra["pending"] == ["finance"]
    contract.pull_events()
    review(contract, "finance", at=T0 + timedelta(days=1))
    gm = contract.current_reviews()["general_manager"]
    # asked on Tuesday 09:00, due two working days later
    assert gm.due_at == datetime(2026, 3, 5, 9, 0, tzinfo=CST)
    recorded, requested = contract.pull_events()
    assert type(recorded).__name__ == "ReviewRecorded" and requested.departments == ["general_manager"]
    assert requested.due_at == gm.due_at
    review(contract, "general_manager", at=T0 + timedelta(days=1, hours=1))
    assert contract.pending_departments() == []


def test_review_overdue_only_after_the_due_time_and_only_once(regular):
    due = regular.reviews[0].due_at
    assert regular.flag_overdue_reviews(due) == []
    newly = regular.flag_overdue_reviews(due + timedelta(seconds=1))
    assert [r.department for r in newly] == ["sales", "production"]
    assert [e.department for e in regular.pull_events()] == ["sales", "production"]
    assert regular.flag_overdue_reviews(due + timedelta(days=3)) == []
    assert regular.pull_events() == []


def test_a_review_given_in_time_is_never_overdue(regular):
    review(regular, "sales")
    newly = regular.flag_overdue_reviews(T0 + timedelta(days=10))
    assert [r.department for r in newly] == ["production"]


def test_gm_review_without_due_date_is_not_overdue():
    contract = special()
    overdue = contract.flag_overdue_reviews(T0 + timedelta(days=30))
    assert "general_manager" not in [r.department for r in overdue]
    assert len(overdue) == 6


def test_no_overdue_scan_on_decided_contracts(regular):
    regular.decide(outcome="rejected", reason="withdrawn", by="u", by_name="S", roles=["sales"], at=T0)
    assert regular.flag_overdue_reviews(T0 + timedelta(days=30)) == []


def _record(contract, department, reviewer):
    return contract.record_review(department=department, opinion="approve", comment=None, delivery_date=None,
                                  reviewer=reviewer, policy=None, at=T0)


def test_only_a_departments_own_people_record_its_opinion(regular):
    regular.pull_events()
    for department, reviewer in (("sales", as_role("production")), ("sales", as_role("sales", "production")),
                                 ("sales", as_role("admin")), ("sales", as_role("viewer", "sales"))):
        with pytest.raises(Forbidden):
            _record(regular, department, reviewer)
    assert regular.pending_departments() == ["sales", "production"] and regular.pull_events() == []
    done = _record(regular, "sales", as_role("finance", "sales"))  # the token's department decides
    assert (done.opinion, done.reviewer_id) == ("approve", "u-finance")


def test_the_general_managers_approval_is_the_general_managers_role_alone():
    contract = special()
    approve_all(contract, skip=("general_manager",))
    with pytest.raises(Forbidden):
        _record(contract, "general_manager", as_role("admin"))
    with pytest.raises(Forbidden):
        _record(contract, "general_manager", as_role("sales", "general_manager"))
    assert contract.pending_departments() == ["general_manager"]
    _record(contract, "general_manager", as_role("general_manager"))
    assert contract.pending_departments() == []
