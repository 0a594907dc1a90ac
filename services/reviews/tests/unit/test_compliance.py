"""Compliance hold (set, waived, lifted), unknown products, the CSR checklist, and the local copy."""
import uuid
from datetime import timedelta

import pytest

from qms_shared.domain import Conflict, InvalidTransition, NotFound, ValidationFailed
from reviews.domain.compliance import KnownRequirement, ProductCompliance, contract_compliance_status

from reviews_builders import T0, approve_all, event_types, line, requirement, submit

LATER = T0 + timedelta(hours=2)


def two_products(statuses):
    return submit(lines=[line(), line(product_code="P-200")], statuses=statuses)


@pytest.mark.parametrize("statuses, waived, expected", [
    ({"A": "compliant"}, [], "clear"),
    ({"A": "partially_compliant"}, [], "clear"),
    ({"A": "compliant", "B": "unknown"}, [], "unknown"),
    ({"A": "non_compliant", "B": "unknown"}, [], "hold"),
    ({"A": "non_compliant"}, ["A"], "clear"),
    ({"A": "non_compliant", "B": "non_compliant"}, ["A"], "hold"),
    ({}, [], "clear"),
])
def test_contract_compliance_status(statuses, waived, expected):
    assert contract_compliance_status(statuses, waived) == expected


def test_products_compliance_never_heard_of_are_unknown_not_clear():
    contract = two_products({"P-100": "compliant"})
    assert contract.product_compliance == {"P-100": "compliant", "P-200": "unknown"}
    assert contract.compliance_status == "unknown"


def test_a_known_non_compliant_product_puts_a_new_contract_on_hold():
    contract = two_products({"P-100": "non_compliant", "P-200": "compliant"})
    assert contract.compliance_status == "hold"
    held = [e for e in contract.pull_events() if type(e).__name__ == "ComplianceHoldPlaced"]
    assert held[0].product_codes == ["P-100"]


def test_product_turning_non_compliant_holds_the_open_contract_and_blocks_acceptance():
    contract = two_products({"P-100": "compliant", "P-200": "compliant"})
    contract.pull_events()
    assert contract.apply_product_status(product_code="P-200", status="non_compliant", at=LATER) is True
    assert contract.compliance_status == "hold"
    assert event_types(contract) == ["ComplianceHoldPlaced"]
    approve_all(contract)
    with pytest.raises(Conflict) as caught:
        contract.decide(outcome="accepted", reason=None, by="u", by_name="S", roles=["sales"], at=LATER)
    assert caught.value.extra["blockers"] == ["compliance_hold"]


def test_hold_is_lifted_when_the_product_becomes_compliant_again():
    contract = two_products({"P-100": "non_compliant", "P-200": "compliant"})
    contract.pull_events()
    contract.apply_product_status(product_code="P-100", status="compliant", at=LATER)
    assert contract.compliance_status == "clear"
    (lifted,) = contract.pull_events()
    assert (type(lifted).__name__, lifted.waived) == ("ComplianceHoldLifted", False)


def test_quality_waiver_with_reason_lifts_the_hold_and_allows_acceptance():
    contract = two_products({"P-100": "non_compliant", "P-200": "compliant"})
    contract.pull_events()
    with pytest.raises(ValidationFailed):
        contract.waive_compliance(reason=" ", by="u-quality", at=LATER)
    contract.waive_compliance(reason="customer accepts lead in solder, exemption 7(a)", by="u-quality", at=LATER)
    assert (contract.compliance_status, contract.waived_products) == ("clear", ["P-100"])
    assert event_types(contract) == ["ComplianceWaived", "ComplianceHoldLifted"]
    approve_all(contract)
    contract.decide(outcome="accepted", reason=None, by="u", by_name="S", roles=["sales"], at=LATER)
    assert contract.status == "accepted"


def test_waiver_only_when_on_hold(regular):
    with pytest.raises(Conflict):
        regular.waive_compliance(reason="why not", by="u-quality", at=LATER)


def test_waiver_does_not_cover_a_later_non_compliant_product():
    contract = two_products({"P-100": "non_compliant", "P-200": "compliant"})
    contract.waive_compliance(reason="accepted", by="u-quality", at=LATER)
    contract.apply_product_status(product_code="P-200", status="non_compliant", at=LATER)
    assert contract.compliance_status == "hold"


def test_waiver_ends_when_the_waived_product_recovers_and_fails_again():
    contract = two_products({"P-100": "non_compliant", "P-200": "compliant"})
    contract.waive_compliance(reason="accepted", by="u-quality", at=LATER)
    contract.apply_product_status(product_code="P-100", status="compliant", at=LATER)
    contract.apply_product_status(product_code="P-100", status="non_compliant", at=LATER)
    assert contract.compliance_status == "hold"


def test_decided_contracts_and_foreign_products_are_not_touched(regular):
    assert regular.apply_product_status(product_code="P-999", status="non_compliant", at=LATER) is False
    regular.decide(outcome="rejected", reason="no", by="u", by_name="S", roles=["sales"], at=LATER)
    assert regular.apply_product_status(product_code="P-100", status="non_compliant", at=LATER) is False
    assert regular.compliance_status == "unknown"


def test_customer_requirements_become_checklist_items_quality_must_acknowledge():
    contract = submit(known=[requirement()])
    assert contract.type == "special"
    (item,) = contract.checklist
    assert (item.requirement_id, item.acknowledged) == ("CSR-1", False)
    approve_all(contract)
    with pytest.raises(Conflict) as caught:
        contract.decide(outcome="accepted", reason=None, by="u", by_name="GM", roles=["general_manager"], at=LATER)
    assert caught.value.extra["blockers"] == ["checklist_unacknowledged"]
    contract.acknowledge_checklist_item(item_id=item.id, by="u-quality", at=LATER)
    with pytest.raises(Conflict):
        contract.acknowledge_checklist_item(item_id=item.id, by="u-quality", at=LATER)
    contract.decide(outcome="accepted", reason=None, by="u", by_name="GM", roles=["general_manager"], at=LATER)


def test_unknown_checklist_item_is_not_found(regular):
    with pytest.raises(NotFound):
        regular.acknowledge_checklist_item(item_id=uuid.uuid4(), by="u", at=LATER)


def test_new_and_reworded_requirements_update_the_checklist():
    contract = submit(known=[requirement()])
    item = contract.checklist[0]
    contract.acknowledge_checklist_item(item_id=item.id, by="u-quality", at=LATER)
    assert contract.sync_requirements([requirement()], LATER) is False
    assert contract.sync_requirements([requirement(text="No phthalates above 100 ppm"),
                                       requirement(rid="CSR-2", text="PPAP level 3")], LATER) is True
    assert [i.requirement_id for i in contract.checklist] == ["CSR-1", "CSR-2"]
    assert not item.acknowledged and item.text == "No phthalates above 100 ppm"


def test_checklist_frozen_once_decided(regular):
    regular.decide(outcome="rejected", reason="no", by="u", by_name="S", roles=["sales"], at=LATER)
    assert regular.sync_requirements([requirement()], LATER) is False
    with pytest.raises(InvalidTransition):
        regular.waive_compliance(reason="x", by="u", at=LATER)


def test_local_copy_ignores_a_result_older_than_the_one_it_has():
    copy = ProductCompliance(product_code="P-100", status="compliant", evaluated_at=LATER)
    assert copy.update("non_compliant", LATER - timedelta(minutes=1)) is False
    assert copy.status == "compliant"
    assert copy.update("non_compliant", LATER + timedelta(minutes=1)) is True
    assert copy.update("non_compliant", LATER + timedelta(minutes=2)) is False
    assert copy.status == "non_compliant"


def test_local_requirement_copy_reports_rewording_only():
    req = KnownRequirement(requirement_id="R", customer_id="C", category="other", text="a", status="identified",
                           updated_at=T0)
    assert req.update(category="other", text="a", status="reviewed", updated_at=LATER) is False
    assert req.status == "reviewed"
    assert req.update(category="other", text="b", status="reviewed", updated_at=LATER) is True
    assert req.update(category="other", text="c", status="reviewed", updated_at=T0) is False
