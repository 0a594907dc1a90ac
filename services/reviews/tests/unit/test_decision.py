"""Outcomes accepted / needs_customer / rejected, blockers, and overruling a rejection."""
from datetime import timedelta

import pytest

from qms_shared.domain import Conflict, Forbidden, InvalidTransition, ValidationFailed

from reviews_builders import T0, approve_all, event_types, review, special, submit

LATER = T0 + timedelta(hours=3)


def decide(contract, outcome, reason=None, roles=("sales",), department=None):
    return contract.decide(outcome=outcome, reason=reason, by="u-1", by_name="Boss", roles=roles, at=LATER,
                           department=department)


def test_accepting_issues_the_production_order(regular):
    approve_all(regular)
    regular.pull_events()
    decision = decide(regular, "accepted")
    assert regular.status == "accepted"
    assert (decision.reason, decision.overruled_departments, decision.revision) == ("all clauses clear", [], 1)
    decided, order = regular.pull_events()
    assert (type(decided).__name__, decided.outcome) == ("ContractDecided", "accepted")
    assert order.production_order_number == "CT-2026-000001-R1"
    assert str(order.delivery_date) == "2026-03-18"  # production's date, not the requested one
    assert order.lines[0]["quantity"] == "1000"


def test_cannot_accept_while_reviews_are_pending(regular):
    review(regular, "sales")
    with pytest.raises(Conflict) as caught:
        decide(regular, "accepted")
    assert caught.value.extra["pending"] == ["production"]
    assert regular.status == "under_review" and regular.decisions == []


@pytest.mark.parametrize("outcome", ["needs_customer", "rejected"])
def test_needs_customer_and_rejected_need_a_reason_and_are_kept(regular, outcome):
    with pytest.raises(ValidationFailed):
        decide(regular, outcome)
    decision = decide(regular, outcome, reason="price below cost")
    assert regular.status == outcome and regular.decision is decision
    assert decision.reason == "price below cost"


def test_only_sales_or_the_general_manager_decide(regular):
    approve_all(regular)
    with pytest.raises(Forbidden):
        decide(regular, "accepted", roles=("production", "quality"))


@pytest.mark.parametrize("roles, department", [
    (("admin",), None),  # admin configures, it does not decide (DOMAIN.md §5)
    (("admin",), "sales"),
    (("sales",), "production"),  # the token's department is not sales
    (("viewer",), "sales"),
    (("system",), None),
])
def test_admin_and_other_departments_do_not_decide(regular, roles, department):
    approve_all(regular)
    regular.pull_events()
    for outcome in ("accepted", "rejected"):
        with pytest.raises(Forbidden):
            decide(regular, outcome, reason="x", roles=roles, department=department)
    assert (regular.status, regular.decisions, regular.pull_events()) == ("under_review", [], [])


def test_the_sales_department_and_the_general_manager_decide(regular):
    approve_all(regular)
    decide(regular, "accepted", roles=("sales",), department="sales")
    assert regular.status == "accepted"
    other = submit()
    approve_all(other)
    decide(other, "accepted", roles=("admin", "general_manager"), department="management")
    assert other.status == "accepted"


def test_a_rejection_cannot_be_overruled_by_sales(regular):
    review(regular, "sales")
    review(regular, "production", "reject", comment="no capacity")
    with pytest.raises(Forbidden):
        decide(regular, "accepted", reason="good customer")
    assert regular.status == "under_review"


def test_the_general_manager_overrules_a_rejection_only_with_a_reason(regular):
    review(regular, "sales")
    review(regular, "production", "reject", comment="no capacity")
    with pytest.raises(ValidationFailed):
        decide(regular, "accepted", roles=("general_manager",))
    decision = decide(regular, "accepted", reason="overtime approved", roles=("general_manager",))
    assert decision.overruled_departments == ["production"]
    assert regular.pull_events()[-2].overruled_departments == ["production"]


def test_sales_may_follow_a_rejection_by_rejecting(regular):
    review(regular, "sales")
    review(regular, "production", "reject", comment="no capacity")
    decide(regular, "rejected", reason="production cannot make it")
    assert regular.status == "rejected"


def test_special_contract_accepted_after_the_general_manager_approved():
    contract = special()
    approve_all(contract)
    decide(contract, "accepted", roles=("general_manager",))
    assert contract.status == "accepted"


def test_needs_customer_then_only_rejection_or_amendment(regular):
    decide(regular, "needs_customer", reason="delivery date to discuss")
    with pytest.raises(InvalidTransition) as caught:
        decide(regular, "accepted")
    assert caught.value.extra["allowed"] == ["under_review"]
    decide(regular, "rejected", reason="customer insists on March")
    assert regular.status == "rejected"


@pytest.mark.parametrize("outcome", ["accepted", "needs_customer", "rejected"])
def test_decided_contracts_cannot_be_decided_again(regular, outcome):
    approve_all(regular)
    decide(regular, "accepted")
    with pytest.raises(InvalidTransition):
        decide(regular, outcome, reason="again")


def test_unknown_outcome_is_refused(regular):
    with pytest.raises(ValidationFailed):
        decide(regular, "postponed", reason="x")


def test_oral_order_needs_confirmation_before_acceptance():
    contract = submit(source="oral")
    approve_all(contract)
    with pytest.raises(Conflict) as caught:
        decide(contract, "accepted")
    assert caught.value.extra["blockers"] == ["oral_order_unconfirmed"]
    contract.confirm_oral_order(confirmed_by="Ms Li (buyer)", note="fax 3 Mar", by="u-sales", at=LATER)
    assert contract.blockers() == []
    decide(contract, "accepted")
    assert contract.status == "accepted"


def test_written_orders_need_no_confirmation(regular):
    with pytest.raises(Conflict):
        regular.confirm_oral_order(confirmed_by="x", note=None, by="u", at=LATER)


def test_confirmation_names_who_confirmed():
    contract = submit(source="oral")
    with pytest.raises(ValidationFailed):
        contract.confirm_oral_order(confirmed_by=" ", note=None, by="u", at=LATER)
    contract.confirm_oral_order(confirmed_by="Ms Li", note=None, by="u", at=LATER)
    assert event_types(contract)[-1] == "OralOrderConfirmed"
