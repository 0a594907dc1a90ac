"""The queries re-evaluation relies on, pinned against the domain's own definitions on PostgreSQL."""
from __future__ import annotations

import threading
from datetime import date, datetime, timezone

import pytest

from compliance.domain.commands import ActOnNonconformance, OpenNonconformance, RegisterProduct
from compliance.domain.reevaluation import ImpactReport, StatusChange
from compliance_api import CADMIUM, LEAD, clear_reference_data
from qms_shared.domain import Actor

AT = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
QE = Actor(id="qe", name="Quality engineer", roles=frozenset({"quality"}))


@pytest.fixture(autouse=True)
def empty_register(ctx):
    clear_reference_data(ctx)


def register(ctx, code, customers=(), materials=None, **fields):
    """A product registered through the bus, as the API does."""
    materials = materials if materials is not None else [
        {"name": "solder", "exemptions": ["6(c)"], "substances": [
            {"cas": LEAD, "concentration": "0.05", "unit": "percent"}, {"cas": CADMIUM}]},
        {"name": "housing", "substances": [{"cas": CADMIUM, "concentration": 3, "unit": "mg/kg", "name": "Cd"}]}]
    return ctx.bus.handle(RegisterProduct(fields={"code": code, "name": f"Product {code}",
                                                  "customer_ids": list(customers), **fields},
                                          materials=materials, actor=QE, at=AT))


def test_the_streamed_facts_are_the_products_own_facts(ctx):
    register(ctx, "A", customers=["C-1", "C-2"], markets=["EU"], test_report_date=date(2026, 1, 5))
    register(ctx, "B", materials=[])
    with ctx.uow_factory() as uow:
        streamed = {facts.id: (facts, version) for facts, version in uow.products.facts()}
        loaded = {product.id: (product.facts(), product.version) for product in uow.products.all()}
    assert streamed == loaded and len(streamed) == 2


def test_products_sold_to_a_customer_are_those_whose_customers_hold_the_id(ctx):
    for code, customers in [("A", ["C-1"]), ("B", ["C-10"]), ("C", ['C-1"x', "C-2"]), ("D", [])]:
        register(ctx, code, customers=customers)
    with ctx.uow_factory() as uow:
        everything = uow.products.all()
        for customer in ("C-1", "C-10", 'C-1"x', "C-", "nobody"):
            found, total = uow.products.search({"customer_id": customer}, offset=0, limit=50)
            expected = {p.id for p in everything if customer in p.facts().customer_ids}
            assert {p.id for p in found} == expected and total == len(expected), customer


def test_products_with_an_open_case_are_those_whose_nonconformance_is_open(ctx):
    products = [register(ctx, code) for code in ("A", "B", "C")]
    cases = [ctx.bus.handle(OpenNonconformance(product_id=p.id, description="x", owner_department="quality",
                                               actor=QE, at=AT)) for p in products[:2]]
    for action, values in (("plan", {"corrective_action": "fix"}), ("close", {"note": "verified"})):
        ctx.bus.handle(ActOnNonconformance(nonconformance_id=cases[1].id, action=action, values=values,
                                           actor=QE, at=AT))
    with ctx.uow_factory() as uow:
        found = uow.nonconformances.products_with_open_case([p.id for p in products])
        expected = {nc.product_id for nc in uow.nonconformances.all() if nc.is_open}
    assert found == expected == {products[0].id}


def test_a_second_transaction_waits_for_the_first_to_commit_its_cases(ctx):
    product = register(ctx, "A")
    order: list[str] = []
    with ctx.uow_factory() as first:
        first.nonconformances.products_with_open_case([product.id])

        def second():
            with ctx.uow_factory() as uow:
                uow.nonconformances.products_with_open_case([product.id])
                order.append("second")

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.5)
        order.append("first")
        first.rollback()
        thread.join(10)
    assert order == ["first", "second"]


def test_a_result_is_not_written_over_a_product_edited_since_it_was_read(ctx):
    kept, edited = register(ctx, "A"), register(ctx, "B")
    with ctx.uow_factory() as uow:
        versions = {facts.id: version for facts, version in uow.products.facts()}
    with ctx.uow_factory() as uow:
        uow.products.get(edited.id).update_details({"name": "Renamed"}, at=AT)
        uow.commit()
    report = ImpactReport("test", 2, AT, [StatusChange(p.id, p.code, p.status, "non_compliant", None)
                                          for p in (kept, edited)])
    with ctx.uow_factory() as uow:
        written = uow.products.record_results(report, versions)
        uow.commit()
    assert written == [kept.id]
    with ctx.uow_factory() as uow:
        assert uow.products.get(kept.id).status == "non_compliant"
        assert uow.products.get(edited.id).status == edited.status
