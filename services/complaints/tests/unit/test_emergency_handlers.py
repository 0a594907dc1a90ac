"""The ≥ 5 pieces at assembly rule through the handlers and a fake unit of work: a complaint's figures open its
emergency in the complaint's own commit, exactly once; the deadline scan reports seed 004's due days missed."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from complaints_builders import CST, POLICY, RECEIVED_AT, THRESHOLDS
from fake_unit_of_work import FakeUnitOfWork

from complaints.domain import commands as c
from complaints.domain import quality_commands as q
from complaints.domain.quality_base import QualityRules
from complaints.service_layer.dependencies import Dependencies
from complaints.service_layer.handlers import HANDLERS
from qms_shared.bootstrap import MessageBus
from qms_shared.domain import Actor, Conflict, ValidationFailed

SALES = Actor(id="u-7", name="li.sales", roles=frozenset({"sales"}), department="sales")
QUALITY = Actor(id="u-1", name="zhang.quality", roles=frozenset({"quality"}), department="quality")
OPENED = "complaints.emergency.opened"


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def bus_for(uow, clock=None, rules=QualityRules()) -> MessageBus:
    return MessageBus(lambda: uow, HANDLERS, deps=Dependencies(policy=POLICY, thresholds=THRESHOLDS,
                                                               clock=clock or (lambda: RECEIVED_AT), quality=rules))


def receive(bus, **figures):
    return bus.handle(c.ReceiveComplaint(fields={"customer_id": "C-1", "customer_name": "Acme", "category": "quality",
                                                 "description": "Brackets crack when fitted.", "product_code": "BRK-12",
                                                 **figures}, actor=SALES))


def correct(bus, complaint, **changes):
    return bus.handle(c.ChangeFigures(complaint_id=complaint.id, changes=changes, actor=QUALITY))


def test_four_pieces_failing_at_assembly_open_no_emergency():
    uow = FakeUnitOfWork()
    receive(bus_for(uow), assembly_failures=4)
    assert not uow.emergencies.items and OPENED not in uow.types()


def test_five_pieces_open_one_emergency_in_the_receipts_own_commit():
    uow = FakeUnitOfWork()
    complaint = receive(bus_for(uow), assembly_failures=5)
    (emergency,) = uow.emergencies.items.values()
    assert (emergency.source, emergency.source_id, emergency.number) == ("complaint", complaint.id, "EM-2026-000001")
    assert (emergency.conditions, emergency.reported_by) == (["assembly_batch_failure"], "li.sales")
    assert uow.commits == 1  # the complaint and its emergency, or neither
    assert uow.types()[-2:] == ["complaints.complaint.received", OPENED]  # announced after the complaint
    opened = uow.published[-1]["data"]
    assert (opened["source_number"], opened["assembly_failures"], opened["trigger"]["reason"]) == (
        complaint.number, 5, "assembly_failures")


def test_changing_the_figures_again_opens_no_second_emergency():
    uow = FakeUnitOfWork()
    bus = bus_for(uow)
    complaint = receive(bus, assembly_failures=5)
    correct(bus, complaint, assembly_failures=7)
    correct(bus, complaint, assembly_failures=3)
    correct(bus, complaint, assembly_failures=9)
    assert len(uow.emergencies.items) == 1 and uow.types().count(OPENED) == 1
    assert complaint.assembly_failures == 9
    assert [h.details for h in complaint.history if h.action == "figures"][0] == {"assembly_failures": [5, 7]}


def test_figures_corrected_up_to_the_batch_open_the_emergency_with_the_correction():
    uow = FakeUnitOfWork()
    bus = bus_for(uow)
    complaint = receive(bus, assembly_failures=4, quantity_affected=4)
    commits = uow.commits
    correct(bus, complaint, quantity_affected=6)  # another figure: still 4 at assembly
    assert not uow.emergencies.items
    correct(bus, complaint, assembly_failures=5)
    (emergency,) = uow.emergencies.items.values()
    assert uow.commits == commits + 2 and emergency.history[0].details["trigger"]["assembly_failures"] == 5
    assert uow.types()[-2:] == ["complaints.complaint.figures_changed", OPENED]
    with pytest.raises(Conflict):  # and by hand it is the same one
        bus.handle(q.OpenEmergency(fields={"source": "complaint", "source_id": complaint.id}, actor=QUALITY))


def test_the_assembly_batch_is_configurable_and_a_bad_figure_is_refused():
    uow = FakeUnitOfWork()
    bus = bus_for(uow, rules=QualityRules(assembly_batch=8))
    complaint = receive(bus, assembly_failures=7)
    assert not uow.emergencies.items
    for bad in (-1, "5", True, 2.5):
        with pytest.raises(ValidationFailed) as refused:
            correct(bus, complaint, assembly_failures=bad)
        assert list(refused.value.extra["errors"]) == ["assembly_failures"]
    correct(bus, complaint, assembly_failures=8)
    assert len(uow.emergencies.items) == 1


def test_an_emergency_opened_by_hand_from_a_complaint_takes_its_figures():
    uow = FakeUnitOfWork()
    bus = bus_for(uow)
    complaint = receive(bus, assembly_failures=3)
    emergency = bus.handle(q.OpenEmergency(fields={"source": "complaint", "source_id": complaint.id,
                                                   "conditions": ["customer_penalty"]}, actor=QUALITY))
    assert (emergency.assembly_failures, emergency.conditions) == (3, ["customer_penalty"])
    assert "trigger" not in emergency.history[0].details


def test_the_scan_reports_a_rectification_notice_missed_to_its_unit_then_the_gm():
    uow = FakeUnitOfWork()
    clock = Clock(RECEIVED_AT)
    bus = bus_for(uow, clock)
    receive(bus, assembly_failures=5)
    (emergency,) = uow.emergencies.items.values()
    for step, arguments in (("meeting", {"held_at": RECEIVED_AT, "attendees": ["GM"], "minutes": "m"}),
                            ("rectification-notice", {"requirements": "r", "due_date": date(2026, 3, 6),
                                                      "department": "production"})):
        bus.handle(q.ChangeEmergency(emergency_id=emergency.id, step=step, arguments=arguments, actor=QUALITY))

    def scan(day: int):
        return bus.handle(c.ScanDeadlines(at=datetime(2026, 3, day, 8, 0, tzinfo=CST))).emergencies
    assert scan(6) == [] and scan(7) == [(emergency, 1)] and scan(9) == [] and scan(10) == [(emergency, 2)]
    assert scan(11) == []
    overdue = [e["data"] for e in uow.published if e["type"] == "complaints.emergency.rectification_overdue"]
    assert [(o["escalation"], o["escalation_department"], o["due_on"]) for o in overdue] == [
        ("department_head", "production", "2026-03-06"), ("general_manager", "production", "2026-03-06")]


def test_the_scan_reports_a_supplier_action_past_its_day_unverified():
    uow = FakeUnitOfWork()
    bus = bus_for(uow)
    bus.handle(q.RegisterSupplier(fields={"code": "S1", "name": "Acme Parts"}, actor=QUALITY))
    nc = bus.handle(q.RecordIncomingNonconformance(supplier_code="S1", actor=QUALITY, fields={
        "material_code": "M-1", "lot": "L1", "quantity_received": 500, "quantity_inspected": 50,
        "quantity_nonconforming": 2, "defect_class": "B", "defect_kind": "performance", "description": "Soft."}))
    bus.handle(q.ChangeIncomingNonconformance(nonconformance_id=nc.id, step="confirmation", actor=QUALITY,
                                              arguments={"engineer": "e", "department_head": "h"}))
    request = bus.handle(q.ChangeIncomingNonconformance(nonconformance_id=nc.id, step="correction-request",
                                                        arguments={}, actor=QUALITY))
    bus.handle(q.ChangeCorrectionRequest(request_id=request.id, step="reply", actor=QUALITY, arguments={
        "cause": "c", "action": "a", "action_due_date": date(2026, 3, 4)}))
    found = [bus.handle(c.ScanDeadlines(at=RECEIVED_AT + timedelta(days=d))).correction_actions
             for d in (2, 3, 3, 4, 7)]  # Wednesday (the due day), Thursday twice, Friday, Monday
    assert found == [[], [(request, 1)], [], [(request, 2)], []]
    assert uow.types().count("complaints.correction_request.action_overdue") == 2
