"""Seed 004 handlers through the fake unit of work: a supplier-caused analysis opens one correction request in the
analysis' commit, a concession's deduction follows the configured rate, and a late reply is reported once."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from complaints_builders import POLICY, RECEIVED_AT, THRESHOLDS
from fake_unit_of_work import FakeUnitOfWork

from complaints.domain import commands as c
from complaints.domain import quality_commands as q
from complaints.domain.quality_base import QualityRules
from complaints.service_layer.dependencies import Dependencies
from complaints.service_layer.handlers import HANDLERS
from qms_shared.bootstrap import MessageBus
from qms_shared.domain import Actor, ValidationFailed

ACTOR = Actor(id="u-1", name="zhang.quality", roles=frozenset({"quality"}), department="quality")
LOT = {"material_code": "M-1", "lot": "L1", "quantity_received": 500, "quantity_inspected": 50,
       "quantity_nonconforming": 2, "defect_class": "B", "defect_kind": "performance", "description": "Soft."}


def bus_for(uow, now=RECEIVED_AT, rules=QualityRules()) -> MessageBus:
    return MessageBus(lambda: uow, HANDLERS, deps=Dependencies(policy=POLICY, thresholds=THRESHOLDS,
                                                               clock=lambda: now, quality=rules))


def supplier(bus):
    return bus.handle(q.RegisterSupplier(fields={"code": "S1", "name": "Acme Parts"}, actor=ACTOR))


def test_a_supplier_caused_analysis_opens_one_correction_request_with_the_analysis():
    uow = FakeUnitOfWork()
    bus = bus_for(uow)
    supplier(bus)
    complaint = bus.handle(c.ReceiveComplaint(fields={"customer_id": "C-1", "customer_name": "Acme",
                                                      "category": "quality", "description": "Cracks."}, actor=ACTOR))
    bus.handle(c.ChangeComplaint(complaint_id=complaint.id, step="containment", arguments={"action": "a"},
                                 actor=ACTOR))
    commits = uow.commits
    analysis = {"root_cause": "Soft steel.", "cause_category": "material", "responsibility": "supplier",
                "responsible_department": "purchasing", "supplier_code": "S1"}
    bus.handle(c.ChangeComplaint(complaint_id=complaint.id, step="analysis", arguments=analysis, actor=ACTOR))
    (request,) = uow.correction_requests.items.values()
    assert (request.source, request.source_number, request.supplier_code) == ("complaint", complaint.number, "S1")
    assert uow.commits == commits + 1 and "complaints.correction_request.issued" in uow.types()


def test_an_unknown_supplier_refuses_the_analysis():
    uow = FakeUnitOfWork()
    bus = bus_for(uow)
    complaint = bus.handle(c.ReceiveComplaint(fields={"customer_id": "C-1", "customer_name": "Acme",
                                                      "category": "quality", "description": "Cracks."}, actor=ACTOR))
    bus.handle(c.ChangeComplaint(complaint_id=complaint.id, step="containment", arguments={"action": "a"},
                                 actor=ACTOR))
    with pytest.raises(ValidationFailed):
        bus.handle(c.ChangeComplaint(complaint_id=complaint.id, step="analysis", actor=ACTOR, arguments={
            "root_cause": "r", "cause_category": "material", "responsibility": "supplier",
            "responsible_department": "purchasing", "supplier_code": "NOPE"}))
    assert not uow.correction_requests.items


def test_the_concession_rate_is_configurable_and_a_late_reply_is_reported_once():
    uow = FakeUnitOfWork()
    bus = bus_for(uow, rules=QualityRules(deduction_per_hour=Decimal("25")))
    supplier(bus)
    nc = bus.handle(q.RecordIncomingNonconformance(supplier_code="S1", fields=LOT, actor=ACTOR))
    bus.handle(q.ChangeIncomingNonconformance(nonconformance_id=nc.id, step="confirmation", actor=ACTOR,
                                              arguments={"engineer": "e", "department_head": "h"}))
    request = bus.handle(q.ChangeIncomingNonconformance(nonconformance_id=nc.id, step="correction-request",
                                                        arguments={}, actor=ACTOR))
    bus.handle(q.ChangeIncomingNonconformance(nonconformance_id=nc.id, step="disposition", actor=ACTOR, arguments={
        "disposition": "concession", "kind": "added_process", "approver": "m", "work_hours": Decimal("3")}))
    assert nc.deduction_amount == Decimal("75.00")
    late = request.reply_due_at + timedelta(hours=1)
    for _ in range(2):
        bus.handle(c.ScanDeadlines(at=late))
    assert uow.types().count("complaints.correction_request.overdue") == 1
