"""Submitting a contract: validation, classification, requested reviews and due dates."""
import uuid
from datetime import datetime, timedelta

import pytest

from qms_shared.domain import ValidationFailed
from qms_shared.workdays import WorkCalendar
from reviews.domain.classification import classify
from reviews.domain.contract import Contract
from reviews.domain.lines import build_lines
from reviews.domain.policy import ReviewPolicy

from reviews_builders import CST, KNOWN_CUSTOMER, T0, line, special, submit


def test_regular_contract_asks_sales_and_production_due_in_two_working_days():
    contract = submit()
    assert (contract.status, contract.type, contract.revision, contract.version) == ("under_review", "regular", 1, 1)
    assert contract.required_departments == ["sales", "production"]
    assert contract.pending_departments() == ["sales", "production"]
    # Monday 09:00 + 2 working days = Wednesday 09:00
    assert {r.due_at for r in contract.reviews} == {datetime(2026, 3, 4, 9, 0, tzinfo=CST)}
    submitted, *requested = contract.pull_events()
    assert type(submitted).__name__ == "ContractSubmitted"
    assert [(type(e).__name__, e.departments) for e in requested] == [("ReviewRequested", ["sales", "production"])]
    assert requested[0].due_at == datetime(2026, 3, 4, 9, 0, tzinfo=CST)


def test_due_date_skips_weekend_and_public_holidays():
    # Wednesday 30 Sep 2026: 1-7 Oct is the National Day holiday, so two working days end on Friday 9 Oct.
    contract = submit(at=datetime(2026, 9, 30, 16, 0, tzinfo=CST))
    assert contract.reviews[0].due_at == datetime(2026, 10, 9, 16, 0, tzinfo=CST)


def test_due_period_and_extra_holidays_come_from_configuration():
    policy = ReviewPolicy(calendar=WorkCalendar(extra_holidays=[T0.date() + timedelta(days=1)]), due_days=1)
    assert submit(policy=policy).reviews[0].due_at == datetime(2026, 3, 4, 9, 0, tzinfo=CST)


def test_special_contract_defers_the_general_manager_until_the_others_reviewed():
    contract = special()
    assert contract.type_reasons == [{"code": "new_customer"}]
    gm = contract.current_reviews()["general_manager"]
    assert gm.pending and gm.due_at is None
    requested = [e.departments for e in contract.pull_events() if type(e).__name__ == "ReviewRequested"]
    assert requested == [["sales", "production", "purchasing", "quality", "engineering", "finance"]]


def test_first_revision_is_kept_with_its_terms():
    contract = submit()
    assert [r.number for r in contract.revisions] == [1]
    terms = contract.revisions[0].terms
    assert terms["lines"][0]["amount"] == "2500.00" and terms["type"] == "regular"


@pytest.mark.parametrize("field, value, error", [
    ("source", "email", "source"), ("currency", "cny", "currency"), ("currency", "YUAN", "currency"),
    ("salesperson", " ", "salesperson"), ("customer_name", "", "customer.name"),
])
def test_invalid_terms_are_refused_by_field(field, value, error):
    fields = dict(id=uuid.uuid4(), number="CT-1", customer_id="C-1", customer_name="Acme", salesperson="Zhang",
                  region=None, source="written", currency="CNY", payment_terms=None, requirements=None,
                  policy=ReviewPolicy(), product_statuses={}, known_requirements=[], by="u", at=T0)
    fields[field] = value
    lines = build_lines([line()])
    with pytest.raises(ValidationFailed) as caught:
        Contract.submit(lines=lines, classification=classify(lines, KNOWN_CUSTOMER, None), **fields)
    assert error in caught.value.extra["errors"]


def test_naive_time_is_refused():
    with pytest.raises(ValidationFailed):
        submit(at=datetime(2026, 3, 2, 9, 0))


def test_total_amount_sums_the_lines():
    contract = submit(lines=[line(), line(product_code="P-200", quantity="10", unit_price="1.25")])
    assert str(contract.total_amount) == "2512.50"
