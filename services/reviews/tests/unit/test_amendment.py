"""Amendments: a new revision re-reviewed only by the departments the change touches."""
from datetime import date, timedelta

import pytest

from qms_shared.domain import InvalidTransition, ValidationFailed
from reviews.domain.classification import CustomerFacts, classify
from reviews.domain.lines import build_lines

from reviews_builders import KNOWN_CUSTOMER, POLICY, T0, approve_all, line, review, special

LATER = T0 + timedelta(days=5)


def amend(contract, changes=None, lines=None, reason="customer asked", facts=None, statuses=None):
    facts = facts or (CustomerFacts(new_customer=True) if contract.type == "special" else KNOWN_CUSTOMER)
    return contract.amend(changes=changes or {}, lines=build_lines(lines) if lines else None, reason=reason,
                          classification_for=lambda lines, req: classify(lines, facts, req),
                          product_statuses=statuses or {}, policy=POLICY, by="u-sales", at=LATER)


def accepted_special():
    contract = special()
    approve_all(contract)
    contract.decide(outcome="accepted", reason=None, by="gm", by_name="GM", roles=["general_manager"],
                    at=T0 + timedelta(hours=5))
    contract.pull_events()
    return contract


def test_quantity_change_is_re_reviewed_by_sales_production_purchasing_and_the_gm():
    contract = accepted_special()
    assert amend(contract, lines=[line(quantity="1500")]) == ["sales", "production", "purchasing", "general_manager"]
    assert (contract.status, contract.revision) == ("under_review", 2)
    assert contract.pending_departments() == ["sales", "production", "purchasing", "general_manager"]
    # one request names the departments asked now; the general manager's comes after theirs
    requested = [e for e in contract.pull_events() if type(e).__name__ == "ReviewRequested"]
    assert [(e.revision, e.departments) for e in requested] == [(2, ["sales", "production", "purchasing"])]


def test_price_and_payment_changes_go_to_finance():
    contract = accepted_special()
    assert amend(contract, changes={"payment_terms": "60 days"}, lines=[line(unit_price="2.40")]) == \
        ["sales", "finance", "general_manager"]


def test_requirement_change_goes_to_quality_and_engineering():
    contract = accepted_special()
    assert amend(contract, changes={"requirements": "Halogen free"}) == \
        ["sales", "quality", "engineering", "general_manager"]


def test_untouched_departments_keep_their_earlier_opinion():
    contract = accepted_special()
    amend(contract, lines=[line(unit_price="2.40")])
    reviews = contract.current_reviews()
    assert (reviews["quality"].revision, reviews["quality"].pending) == (1, False)
    assert (reviews["finance"].revision, reviews["finance"].pending) == (2, True)


def test_earlier_revision_and_decision_stay_readable():
    contract = accepted_special()
    amend(contract, lines=[line(quantity="1500")], reason="customer doubled the March call-off")
    first, second = contract.revisions
    assert (first.number, first.terms["lines"][0]["quantity"]) == (1, "1000")
    assert (second.number, second.terms["lines"][0]["quantity"], second.changed) == (2, "1500", ["quantity"])
    assert second.reason == "customer doubled the March call-off"
    assert [d.outcome for d in contract.decisions] == ["accepted"]
    assert contract.decisions[0].revision == 1 and contract.decision is None


def test_re_accepting_an_amendment_issues_a_new_production_order():
    contract = accepted_special()
    amend(contract, lines=[line(quantity="1500")])
    approve_all(contract)
    contract.decide(outcome="accepted", reason=None, by="gm", by_name="GM", roles=["general_manager"], at=LATER)
    order = contract.pull_events()[-1]
    assert order.production_order_number == "CT-2026-000001-R2"
    assert order.lines[0]["quantity"] == "1500"


def test_amending_a_regular_contract_into_a_special_one_asks_the_special_reviewers(regular):
    approve_all(regular)
    departments = amend(regular, lines=[line(new_product=True)])
    assert regular.type == "special"
    assert regular.type_reasons == [{"code": "new_product", "product_code": "P-100"}]
    # production already reviewed and is touched by the product change; every other special reviewer is new
    assert departments == ["sales", "production", "purchasing", "quality", "engineering", "finance",
                           "general_manager"]


def test_amending_during_review_keeps_untouched_pending_reviews(regular):
    review(regular, "sales")
    amend(regular, changes={"region": "North"})
    assert regular.pending_departments() == ["sales", "production"]
    assert {r.revision for r in regular.reviews if r.pending} == {2}
    assert len(regular.reviews) == 3  # sales' earlier opinion is kept


def test_needs_customer_is_reviewed_again_after_amendment(regular):
    regular.decide(outcome="needs_customer", reason="date", by="u", by_name="S", roles=["sales"], at=T0)
    amend(regular, lines=[line(requested_delivery_date=date(2026, 4, 10))])
    assert regular.status == "under_review"


def test_rejected_contracts_cannot_be_amended(regular):
    regular.decide(outcome="rejected", reason="no", by="u", by_name="S", roles=["sales"], at=T0)
    with pytest.raises(InvalidTransition):
        amend(regular, changes={"region": "North"})


@pytest.mark.parametrize("changes, reason", [({"region": "East"}, "x"), ({}, "x"), ({"region": "N"}, " "),
                                             ({"number": "CT-9"}, "x")])
def test_an_amendment_must_change_something_known_and_say_why(regular, changes, reason):
    with pytest.raises(ValidationFailed):
        amend(regular, changes=changes, reason=reason)
    assert regular.revision == 1 and len(regular.revisions) == 1


def test_amending_an_accepted_contract_takes_the_latest_compliance_results_and_says_so():
    contract = accepted_special()
    assert contract.product_compliance == {"P-100": "unknown"}
    amend(contract, lines=[line(quantity="1500"), line(product_code="P-200")],
          statuses={"P-100": "non_compliant", "P-200": "compliant"})
    assert contract.product_compliance == {"P-100": "non_compliant", "P-200": "compliant"}
    assert contract.compliance_status == "hold"
    held = [e for e in contract.pull_events() if type(e).__name__ == "ComplianceHoldPlaced"]
    assert held[0].product_codes == ["P-100"] and held[0].revision == 2
