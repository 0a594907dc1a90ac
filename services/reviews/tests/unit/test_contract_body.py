"""The contract body built by hand (ContractReadSchema.dump) is what the schema's fields make of the contract."""
from datetime import date, timedelta

import marshmallow
import pytest

from reviews.domain.classification import CustomerFacts, classify
from reviews.domain.lines import build_lines
from reviews.entrypoints.api.contracts.read_schemas import ContractReadSchema

from reviews_builders import POLICY, T0, approve_all, line, requirement, review, special, submit

LATER = T0 + timedelta(days=3)


def _reviewed_late_and_rejected():
    contract = special(lines=[line(), line(product_code="P-200", quantity="12.5", unit_price="0.3333",
                                           requested_delivery_date=date(2026, 3, 10))])
    review(contract, "production", delivery_date=date(2026, 3, 25))
    review(contract, "finance", opinion="reject", comment="payment terms too long")
    review(contract, "quality", opinion="approve_with_conditions", comment="  inspect every batch ")
    return contract


def _needs_customer_then_amended_and_accepted():
    contract = special()
    approve_all(contract)
    contract.decide(outcome="needs_customer", reason="price", by="u-s", by_name="Sales", roles=["sales"], at=LATER)
    contract.amend(changes={"payment_terms": "60 days"}, lines=build_lines([line(unit_price="2.40")]),
                   reason="customer asked", product_statuses={},
                   classification_for=lambda lines, req: classify(lines, CustomerFacts(new_customer=True), req),
                   policy=POLICY, by="u-sales", at=LATER)
    approve_all(contract)
    contract.decide(outcome="accepted", reason=None, by="u-gm", by_name="GM", roles=["general_manager"],
                    at=LATER + timedelta(hours=4))
    return contract


def _held_waived_with_checklist_and_oral():
    contract = submit(source="oral", statuses={"P-100": "non_compliant"}, requirements="no lead",
                      known=[requirement(), requirement(rid="CSR-2", text="RoHS", category="regulatory")])
    contract.waive_compliance(reason="customer accepts", by="Quality", at=LATER)
    contract.acknowledge_checklist_item(item_id=contract.checklist[0].id, by="Quality", at=LATER)
    contract.confirm_oral_order(confirmed_by="Mr Li", note="by phone", by="u-sales", at=LATER)
    contract.flag_overdue_reviews(LATER + timedelta(days=10))
    return contract


@pytest.mark.parametrize("make", [submit, special, _reviewed_late_and_rejected,
                                  _needs_customer_then_amended_and_accepted, _held_waived_with_checklist_and_oral])
def test_the_hand_built_body_is_what_the_schema_fields_make(make):
    contract = make()
    schema = ContractReadSchema()
    by_fields = marshmallow.Schema.dump(schema, contract)  # the generic, field-by-field dump
    body = schema.dump(contract)
    assert body == by_fields
    assert list(body) == list(by_fields)
    for name in ("reviews", "review_history", "lines", "revisions", "decisions", "compliance", "delivery"):
        assert repr(body[name]) == repr(by_fields[name])  # same types and order inside, not only equal
    assert schema.dump([contract, contract], many=True) == [by_fields, by_fields]
