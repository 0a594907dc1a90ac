"""Handlers through a fake unit of work: classification from the records, roles, If-Match, facts locks."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from qms_shared.domain import Forbidden, NotFound, PreconditionFailed
from reviews.domain import commands as c

from reviews_builders import T0
from reviews_fakes import LINE, as_role
from reviews_fakes import submit_order as submit

def accept(bus, contract):
    """Every pending department approves (the general manager last), then the general manager accepts."""
    at = T0 + timedelta(hours=1)
    for department in sorted(contract.pending_departments(), key=lambda d: d == "general_manager"):
        bus.handle(c.RecordReview(contract_id=contract.id, department=department, opinion="approve", comment=None,
                                  delivery_date=date(2026, 3, 18) if department == "production" else None,
                                  actor=as_role(department), at=at))
    return bus.handle(c.DecideContract(contract_id=contract.id, outcome="accepted", reason=None,
                                       actor=as_role("general_manager"), at=at))


def test_a_submission_is_classified_from_the_records_numbered_and_published(bus, uow):
    first = submit(bus)
    assert (first.number, first.type, first.compliance_status) == ("CT-2026-000001", "special", "clear")
    assert [r["code"] for r in first.type_reasons] == ["product_never_delivered", "new_customer"]
    assert [t for t, _s, _d in uow.events] == ["reviews.contract.submitted", "reviews.review.requested"]
    accept(bus, first)
    assert uow.contracts.facts_locked == [first.number]  # the acceptance locked the facts it changes
    repeat = submit(bus)
    assert (repeat.number, repeat.type, repeat.type_reasons) == ("CT-2026-000002", "regular", [])


def test_an_amendment_sending_the_accepted_contract_back_makes_its_products_undelivered(bus, uow):
    first = accept(bus, submit(bus))
    amended = bus.handle(c.AmendContract(contract_id=first.id, changes={}, lines=[{**LINE, "quantity": "900"}],
                                         reason="customer asked", actor=as_role("sales"), at=T0 + timedelta(days=1)))
    assert amended.status == "under_review"
    # the amended contract did not count for itself: a new customer again, its product never delivered
    assert [r["code"] for r in amended.type_reasons] == ["product_never_delivered", "new_customer"]
    assert [r["code"] for r in submit(bus).type_reasons] == ["product_never_delivered", "new_customer"]


def test_only_the_departments_role_records_its_review(bus, uow):
    contract = submit(bus)
    commits = uow.committed
    with pytest.raises(Forbidden):
        bus.handle(c.RecordReview(contract_id=contract.id, department="finance", opinion="approve", comment=None,
                                  delivery_date=None, actor=as_role("sales"), at=T0))
    with pytest.raises(NotFound):
        bus.handle(c.RecordReview(contract_id=contract.id, department="marketing", opinion="approve", comment=None,
                                  delivery_date=None, actor=as_role("marketing"), at=T0))
    assert uow.committed == commits


def test_a_stale_if_match_is_refused_before_anything_changes(bus, uow):
    contract = submit(bus)
    commits, version = uow.committed, contract.version
    with pytest.raises(PreconditionFailed):
        bus.handle(c.RecordReview(contract_id=contract.id, department="sales", opinion="approve", comment=None,
                                  delivery_date=None, actor=as_role("sales"), at=T0, expected_version=version + 1))
    assert (uow.committed, contract.version, "sales" in contract.pending_departments()) == (commits, version, True)


def test_a_rejection_does_not_lock_the_customer_facts(bus, uow):
    contract = submit(bus)
    bus.handle(c.DecideContract(contract_id=contract.id, outcome="rejected", reason="no capacity",
                                actor=as_role("sales"), at=T0))
    assert contract.status == "rejected" and uow.contracts.facts_locked == []


def test_sales_and_quality_parts_are_done_by_those_departments_only(bus, uow):
    contract = submit(bus)
    commits, version = uow.committed, contract.version
    other_department = [
        c.AmendContract(contract_id=contract.id, changes={"payment_terms": "60 days"}, lines=None, reason="asked",
                        actor=as_role("sales", "production"), at=T0),
        c.ConfirmOralOrder(contract_id=contract.id, confirmed_by="Ms Li", note=None,
                           actor=as_role("sales", "finance"), at=T0),
        c.WaiveCompliance(contract_id=contract.id, reason="accepted", actor=as_role("quality", "production"), at=T0),
        c.WaiveCompliance(contract_id=contract.id, reason="accepted", actor=as_role("admin"), at=T0),
        c.AcknowledgeChecklistItem(contract_id=contract.id, item_id=contract.id, actor=as_role("quality", "sales"),
                                   at=T0),
        c.DecideContract(contract_id=contract.id, outcome="rejected", reason="no", actor=as_role("admin"), at=T0),
        c.RecordReview(contract_id=contract.id, department="production", opinion="approve", comment=None,
                       delivery_date=date(2026, 3, 18), actor=as_role("production", "engineering"), at=T0),
    ]
    for command in other_department:
        with pytest.raises(Forbidden):
            bus.handle(command)
    assert (uow.committed, contract.version, contract.status) == (commits, version, "under_review")
    amended = bus.handle(c.AmendContract(contract_id=contract.id, changes={"payment_terms": "60 days"}, lines=None,
                                         reason="asked", actor=as_role("sales", "sales"), at=T0))
    assert amended.revision == 2


def test_sales_or_another_system_submits(bus, uow):
    with pytest.raises(Forbidden):
        bus.handle(c.SubmitContract(customer_id="C-1", customer_name="Acme", salesperson="Li", region=None,
                                    source="written", currency="CNY", payment_terms=None, requirements=None,
                                    lines=[dict(LINE)], actor=as_role("sales", "purchasing"), at=T0))
    assert (uow.contracts.by_id, uow.committed) == ({}, 0)
    system = bus.handle(c.SubmitContract(customer_id="C-1", customer_name="Acme", salesperson="Li", region=None,
                                         source="written", currency="CNY", payment_terms=None, requirements=None,
                                         lines=[dict(LINE)], actor=as_role("system"), at=T0))
    assert system.number == "CT-2026-000001"  # the refused submission used no number
