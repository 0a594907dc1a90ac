"""Rules that live in the handlers, through the bus with a fake unit of work (no I/O)."""
from __future__ import annotations

import pytest

from compliance.domain.commands import (ActOnNonconformance, EvaluateProduct, IdentifyRequirement, RegisterProduct,
                                        ReviseRegulation, UpdateProduct)
from compliance.service_layer.dependencies import Dependencies
from compliance.service_layer.handlers import HANDLERS
from compliance_builders import AT, LEAD, regulation
from fake_uow import FakeUnitOfWork
from qms_shared.bootstrap import MessageBus
from qms_shared.domain import Actor, Conflict, Forbidden, PreconditionFailed

QE = Actor(id="qe-1", name="Quality Engineer", roles=frozenset({"quality"}))


@pytest.fixture
def uow():
    fake = FakeUnitOfWork()
    fake.regulations.add(regulation([{"cas": LEAD, "max_ppm": 1000}], code="EU-TEST"))
    return fake


@pytest.fixture
def bus(uow):
    return MessageBus(lambda: uow, HANDLERS, deps=Dependencies(nonconformance_department="engineering"))


def register(bus, code="P-1", lead=800, customers=("C-1",)):
    """A product with one solder material holding `lead` ppm."""
    materials = [{"name": "solder", "substances": [{"cas": LEAD, "concentration": lead, "unit": "ppm"}]}]
    return bus.handle(RegisterProduct(fields={"code": code, "name": "Relay", "customer_ids": list(customers),
                                              "test_report_date": AT.date()},
                                      materials=materials, actor=QE, at=AT))


def tighten_lead(bus, uow, max_ppm=500, expected_version=None):
    """Revise the one regulation's lead limit."""
    [reg] = uow.regulations.all()
    return bus.handle(ReviseRegulation(regulation_id=reg.id, changes={"limits": [
        {"cas": LEAD, "substance": "Lead", "max_ppm": max_ppm}]}, actor=QE, at=AT, expected_version=expected_version))


def test_a_second_product_with_the_same_code_is_a_conflict_and_commits_nothing(bus, uow):
    register(bus)
    commits = uow.commits
    with pytest.raises(Conflict):
        register(bus)
    assert uow.commits == commits and len(uow.products.all()) == 1


def test_a_change_against_an_older_version_is_412(bus, uow):
    product = register(bus)
    with pytest.raises(PreconditionFailed):
        bus.handle(UpdateProduct(product_id=product.id, changes={"name": "New"}, actor=QE, at=AT,
                                 expected_version=product.version - 1))
    assert uow.products.get(product.id).name == "Relay"
    bus.handle(UpdateProduct(product_id=product.id, changes={"name": "New"}, actor=QE, at=AT,
                             expected_version=product.version))
    assert uow.products.get(product.id).name == "New"


def test_a_change_that_changes_nothing_commits_nothing(bus, uow):
    product = register(bus)
    commits, events = uow.commits, len(uow.published)
    bus.handle(UpdateProduct(product_id=product.id, changes={"name": "Relay"}, actor=QE, at=AT))
    assert (uow.commits, len(uow.published)) == (commits, events)


def test_a_tighter_limit_moves_the_product_and_opens_one_case_owned_as_configured(bus, uow):
    product = register(bus)
    result = tighten_lead(bus, uow)
    assert [(c["product_code"], c["previous"], c["status"]) for c in result.impact.changes] == [
        ("P-1", "compliant", "non_compliant")]
    [nc] = uow.nonconformances.of_product(product.id)
    assert (nc.owner_department, nc.opened_by) == ("engineering", "system")
    assert uow.types()[-3:] == ["compliance.regulation.changed", "compliance.product.status_changed",
                                "compliance.nonconformance.opened"]


def test_only_the_cases_department_or_quality_records_its_action_and_a_refusal_commits_nothing(bus, uow):
    product = register(bus)
    tighten_lead(bus, uow)
    [nc] = uow.nonconformances.of_product(product.id)  # owned by engineering, as configured
    commits, events = uow.commits, len(uow.published)
    plan = lambda actor, version=None: bus.handle(ActOnNonconformance(
        nonconformance_id=nc.id, action="plan", values={"corrective_action": "Lead-free solder"}, actor=actor,
        at=AT, expected_version=version))
    for outsider in (Actor(id="s", roles=frozenset({"sales"})), Actor(id="root", roles=frozenset({"admin"}))):
        with pytest.raises(Forbidden):
            plan(outsider)
    engineer = Actor(id="e", roles=frozenset({"engineering"}))
    with pytest.raises(PreconditionFailed):
        plan(engineer, version=nc.version + 1)
    assert (uow.commits, len(uow.published), nc.status) == (commits, events, "open")
    assert plan(engineer, version=nc.version).status == "action_planned" and uow.commits == commits + 1


def test_a_product_with_an_open_case_gets_no_second_one(bus, uow):
    product = register(bus, lead=1200)
    [first] = uow.nonconformances.of_product(product.id)
    assert first.opened_by == QE.id  # the actor's id, as the audit trail recorded it before
    bus.handle(EvaluateProduct(product_id=product.id, actor=QE, at=AT))
    tighten_lead(bus, uow, max_ppm=1100)
    assert uow.nonconformances.of_product(product.id) == [first]


def test_a_title_change_evaluates_nothing(bus, uow):
    register(bus)
    [reg] = uow.regulations.all()
    result = bus.handle(ReviseRegulation(regulation_id=reg.id, changes={"title": "Renamed"}, actor=QE, at=AT))
    assert result.impact is None and not uow.impact_reports.reports


def test_a_customer_limit_re_evaluates_only_that_customers_products(bus, uow):
    ours, theirs = register(bus, "OURS", customers=["C-1"]), register(bus, "THEIRS", customers=["C-2"])
    result = bus.handle(IdentifyRequirement(fields={
        "customer_id": "C-1", "customer_name": "Acme", "category": "environmental", "text": "Lead below 500",
        "limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 500}]}, actor=QE, at=AT))
    assert result.impact.evaluated == 1 and [c["product_id"] for c in result.impact.changes] == [ours.id]
    assert uow.products.get(theirs.id).status == "compliant"
    assert result.history[0].by == QE.id


def test_a_product_edited_since_it_was_read_keeps_its_own_result(bus, uow):
    product = register(bus)
    real = uow.products.record_results
    uow.products.record_results = lambda report, versions: real(report, {k: v - 1 for k, v in versions.items()})
    result = tighten_lead(bus, uow)
    assert result.impact.changes == [] and uow.products.get(product.id).status == "compliant"
    assert not uow.nonconformances.of_product(product.id)
