"""Customer import rows, the survey selection rule, and the archive's handlers through a fake unit of work."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
from complaints_builders import POLICY, THRESHOLDS
from fake_unit_of_work import FakeUnitOfWork

from complaints.domain import commands as c
from complaints.domain import customer_commands as cc
from complaints.domain.customer import Customer
from complaints.domain.customer_import import CustomerImportPlan, CustomerRow, read_customers
from complaints.domain.survey_selection import SelectionRules, YearFigures, select_customers
from complaints.service_layer.dependencies import Dependencies
from complaints.service_layer.handlers import HANDLERS
from qms_shared.bootstrap import MessageBus
from qms_shared.domain import Actor, InvalidTransition, ValidationFailed

CST = timezone(timedelta(hours=8))
AT = datetime(2026, 3, 2, 9, 0, tzinfo=CST)
SALES = Actor(id="u-1", name="wang", roles=frozenset({"sales"}), department="sales")
ROW = {"id": "C-001", "name": "Acme Paper", "phone": "0591-100", "contact_name": "Li Na",
       "contact_email": "li@acme.cn", "grade": "b"}


def bus_for(uow: FakeUnitOfWork) -> MessageBus:
    return MessageBus(lambda: uow, HANDLERS, deps=Dependencies(policy=POLICY, thresholds=THRESHOLDS,
                                                               clock=lambda: AT))


def test_rows_are_read_with_their_numbers_and_every_fault_is_named():
    batch = read_customers([(2, ROW), (3, {**ROW, "grade": "E", "contact_email": "x"}), (4, {"name": "No id"}),
                            (5, {**ROW, "colour": "red"}), (6, ROW)])
    assert [row for row, _r in batch.records] == [2]
    assert batch.refused == {3: {"grade": ["Must be one of: A, B, C, D (or empty)."],
                                 "contact_email": ["Not a valid email address."]},
                             4: {"id": ["Missing data for required field."]},
                             5: {"colour": ["Unknown field."]},
                             6: {"id": ["Customer C-001 is also in row 2."]}}
    assert batch.records[0][1].fields["grade"] == "B"


def test_the_plan_compares_only_the_columns_a_row_sets_and_completes_customers_to_be_completed():
    stored = Customer.register(id="C-001", name="Acme Paper", by="w", at=AT, phone="0591-100", grade="B",
                               contacts=[{"name": "Li Na", "email": "li@acme.cn"}], account_manager="wang")
    batch = read_customers([(2, ROW), (3, {"id": "C-002", "name": "Beta"}), (4, {"id": "C-003", "name": "Gamma"})])
    pending = Customer.named_elsewhere(id="C-003", name="Gamma", source="complaint", by="w", at=AT)
    plan = CustomerImportPlan.of(batch, {r.key: CustomerRow.of(x, r.fields) for _n, r in batch.records
                                         for x in (stored, pending) if x.id == r.key})
    assert ([r.id for r in plan.added], plan.unchanged) == (["C-002"], 1)
    assert plan.report(batch, dry_run=False)["changes"] == [
        {"row": 4, "id": "C-003", "fields": {"to_complete": {"from": "yes", "to": ""}}}]


def test_the_rule_picks_200_tonnes_or_the_largest_up_to_70_percent_of_revenue():
    figures = [YearFigures("A", "a", D(250), "t", D(100)), YearFigures("B", "b", D(10), "t", D(500)),
               YearFigures("C", "c", D(150_000), "kg", D(250)), YearFigures("D", "d", D(900), "pcs", D(150))]
    picked = select_customers(figures, SelectionRules())
    assert [p["customer_id"] for p in picked] == ["A", "B", "C"]  # B 50 %, C takes it to 75 %
    assert select_customers(figures, SelectionRules(minimum_tonnes=D(100), revenue_share=D(50)))[2] == {
        "customer_id": "C", "name": "c", "reasons": ["150 t bought (≥ 100 t)"]}
    assert select_customers([], SelectionRules()) == []


def test_a_complaint_naming_an_unknown_customer_adds_it_to_be_completed_a_known_one_stays():
    uow = FakeUnitOfWork()
    fields = {"customer_id": "C-77", "customer_name": "New Co", "category": "quality", "description": "Cracks."}
    bus_for(uow).handle(c.ReceiveComplaint(fields=fields, actor=SALES))
    new = uow.customers.get("C-77")
    assert (new.name, new.to_complete, new.source, uow.customers.locked) == ("New Co", True, "complaint", ["C-77"])
    bus_for(uow).handle(c.ReceiveComplaint(fields={**fields, "customer_name": "Renamed"}, actor=SALES))
    assert uow.customers.get("C-77").name == "New Co"
    assert uow.types().count("complaints.customer.created") == 1


def test_an_import_with_refused_rows_writes_nothing_and_a_good_one_adds_and_changes():
    uow = FakeUnitOfWork()
    with pytest.raises(ValidationFailed) as refused:
        bus_for(uow).handle(cc.ImportCustomers(rows=[(2, ROW), (3, {**ROW, "id": ""}), (4, {"id": "X"})],
                                               dry_run=False, actor=SALES, at=AT))
    assert set(refused.value.extra["errors"]) == {"rows.3.id", "rows.4.name"} and uow.commits == 0
    report = bus_for(uow).handle(cc.ImportCustomers(rows=[(1, ROW)], dry_run=False, actor=SALES, at=AT))
    customer = uow.customers.get("C-001")
    assert (report["added"], customer.grade, customer.contacts) == (1, "B", [{"name": "Li Na", "email": "li@acme.cn"}])
    again = bus_for(uow).handle(cc.ImportCustomers(rows=[(1, {**ROW, "grade": "A"})], dry_run=False, actor=SALES,
                                                   at=AT))
    assert (again["changed"], customer.grade, [g.reason for g in customer.grade_history]) == (
        1, "A", ["registered", "import"])
    assert bus_for(uow).handle(cc.ImportCustomers(rows=[(1, {**ROW, "grade": "A"})], dry_run=False, actor=SALES,
                                                  at=AT))["written"] is False


def test_a_proposal_is_edited_then_starts_the_survey_and_cannot_change_after():
    uow = FakeUnitOfWork()
    uow.customers.figures = [YearFigures("A", "a", D(250), "t", D(10)), YearFigures("B", "b", D(1), "t", D(90))]
    proposal = bus_for(uow).handle(cc.ProposeSurvey(year=2026, actor=SALES))
    assert proposal.customer_ids == ["A", "B"]
    bus_for(uow).handle(cc.EditSurveyProposal(proposal_id=proposal.id, customer_ids=["A", "Z"], actor=SALES,
                                              expected_version=1))
    survey = bus_for(uow).handle(cc.StartProposedSurvey(proposal_id=proposal.id, actor=SALES))
    assert (survey.customer_ids, proposal.survey_id, proposal.status) == (["A", "Z"], survey.id, "started")
    assert {uow.customers.get(i).to_complete for i in ("A", "Z")} == {True}  # the survey named them first
    with pytest.raises(InvalidTransition):
        bus_for(uow).handle(cc.EditSurveyProposal(proposal_id=proposal.id, customer_ids=["A"], actor=SALES))
    assert uuid.UUID(str(survey.id))
