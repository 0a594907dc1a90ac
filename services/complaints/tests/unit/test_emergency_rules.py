"""重大质量问题应急预案, pure: §三.2 applied from a complaint's figures, and seed 004's due days missed (a
rectification notice's, a supplier action's) escalating on working days, each level once."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

from complaints_builders import receive
from qms_shared.workdays import WorkCalendar

from complaints.domain.correction_request import CorrectionRequest
from complaints.domain.deadlines import day_escalation
from complaints.domain.emergency import Emergency, figures_trigger
from complaints.domain.supplier import Supplier

CST = timezone(timedelta(hours=8))
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=CST)  # a Monday
FRIDAY = date(2026, 3, 6)
CALENDAR = WorkCalendar()


def cst(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=CST)


def test_the_assembly_batch_starts_at_five_pieces_and_a_bad_figure_opens_nothing():
    assert figures_trigger(4) is None and figures_trigger(None) is None and figures_trigger(True) is None
    assert figures_trigger(5) == {"reason": "assembly_failures", "rule": "重大质量问题应急预案 §三.2",
                                  "assembly_failures": 5, "threshold": 5}
    assert figures_trigger(5, threshold=6) is None and figures_trigger(6, threshold=6)["threshold"] == 6


def test_an_emergency_opened_by_the_figures_takes_the_complaints_facts_and_records_its_trigger():
    complaint = receive(assembly_failures=6)
    trigger = figures_trigger(complaint.assembly_failures)
    emergency = Emergency.open_from_figures(complaint, id=uuid.uuid4(), number="EM-2026-000001", by="li.sales",
                                            at=T0, trigger=trigger)
    assert (emergency.source, emergency.source_id, emergency.source_number) == (
        "complaint", complaint.id, complaint.number)
    assert (emergency.customer_name, emergency.product_code, emergency.description) == (
        "Acme Paper", "BOX-7", complaint.description)
    assert (emergency.conditions, emergency.assembly_failures, emergency.responsible_department) == (
        ["assembly_batch_failure"], 6, "quality")  # the owner department until an analysis names one
    assert emergency.history[0].details == {"conditions": ["assembly_batch_failure"], "trigger": trigger}
    (opened,) = emergency.pull_events()
    assert (opened.verb, opened.details) == ("opened", {"trigger": trigger})


def test_an_emergency_opened_by_hand_has_no_trigger():
    emergency = Emergency.open(id=uuid.uuid4(), number="EM-2026-000002", by="q", at=T0, source="manual",
                               description="d", responsible_department="production", conditions=["customer_penalty"])
    assert emergency.history[0].details == {"conditions": ["customer_penalty"]}
    assert emergency.pull_events()[0].details == {}


def test_a_due_day_reaches_its_head_when_over_in_beijing_then_the_gm_after_working_days():
    def level(as_of, calendar=CALENDAR):
        return day_escalation(FRIDAY, as_of, calendar=calendar, general_manager_after=2)
    assert level(cst(6, 23, 59)) == 0  # the due day itself is not late
    assert level(datetime(2026, 3, 6, 16, 30, tzinfo=timezone.utc)) == 1  # 00:30 on Saturday in Beijing
    assert level(cst(9)) == 1  # the weekend counts no working day: Monday is the first
    assert level(cst(10)) == 2
    assert level(cst(10), WorkCalendar(extra_holidays=[date(2026, 3, 9)])) == 1  # a shutdown day does not count
    assert day_escalation(None, cst(20), calendar=CALENDAR, general_manager_after=2) == 0


def rectifying(due_date=FRIDAY) -> Emergency:
    emergency = Emergency.open(id=uuid.uuid4(), number="EM-2026-000003", by="q", at=T0, source="manual",
                               description="d", responsible_department="production", assembly_failures=5)
    emergency.hold_meeting(held_at=T0, attendees=["GM"], minutes="m", by="q", at=T0)
    emergency.issue_rectification(requirements="r", due_date=due_date, department="engineering", by="q", at=T0)
    emergency.pull_events()
    return emergency


def scan(record, method: str, as_of: datetime) -> int:
    return getattr(record, method)(as_of, calendar=CALENDAR, general_manager_after=2)


def test_a_rectification_notice_missed_reaches_its_units_head_then_the_gm_each_once():
    emergency = rectifying()
    version = emergency.version
    levels = [scan(emergency, "detect_rectification_overdue", as_of) for as_of in (
        cst(6, 18), cst(7), cst(7, 12), cst(9), cst(10), cst(11))]
    assert levels == [0, 1, 0, 0, 2, 0]
    events = emergency.pull_events()
    assert [(e.verb, e.details["escalation"], e.details["escalation_level"]) for e in events] == [
        ("rectification_overdue", "department_head", 1), ("rectification_overdue", "general_manager", 2)]
    assert {(e.details["due_on"], e.details["escalation_department"], e.by) for e in events} == {
        ("2026-03-06", "engineering", "system")}  # the unit the notice went to, not the responsible one
    assert emergency.rectification["escalation_level"] == 2 and emergency.version == version + 2
    assert [h.action for h in emergency.history][-2:] == ["rectification_overdue"] * 2
    assert emergency.status == "rectification_issued"


def test_a_verified_outcome_owes_nothing_and_a_new_notice_has_its_own_due_day():
    emergency = rectifying()
    assert scan(emergency, "detect_rectification_overdue", cst(7)) == 1
    emergency.approve_measures(measures="m", by="gm", at=cst(7))
    assert scan(emergency, "detect_rectification_overdue", cst(10)) == 2  # approved, not yet verified: still owed
    emergency.verify(effective=False, note="still failing", by="q", at=cst(10))
    assert scan(emergency, "detect_rectification_overdue", cst(12)) == 0  # back to the meeting: no notice owed
    emergency.issue_rectification(requirements="r2", due_date=date(2026, 3, 11), by="q", at=cst(10))
    assert scan(emergency, "detect_rectification_overdue", cst(12)) == 1
    assert emergency.rectification["round"] == 2


def replied_request(action_due_date=FRIDAY) -> CorrectionRequest:
    supplier = Supplier.register(id=uuid.uuid4(), by="p", at=T0, code="S1", name="Acme Parts", locale="en")
    request = CorrectionRequest.issue(
        id=uuid.uuid4(), number="SC-2026-000001", supplier=supplier.snapshot(), source="incoming_nonconformance", source_id=uuid.uuid4(), source_number="IN-2026-000001", description="d",
        reply_due_at=cst(9), by="q", at=T0)
    request.reply(cause="c", action="a", action_due_date=action_due_date, by="p", at=cst(3))
    request.pull_events()
    return request


def test_a_supplier_action_past_its_day_and_unverified_reaches_quality_then_the_gm_each_once():
    request = replied_request()
    levels = [scan(request, "detect_action_overdue", as_of) for as_of in (cst(6), cst(7), cst(9), cst(10), cst(11))]
    assert levels == [0, 1, 0, 2, 0]
    events = request.pull_events()
    assert [(e.verb, e.details["escalation"], e.details["escalation_department"], e.details["due_on"])
            for e in events] == [("action_overdue", "department_head", "quality", FRIDAY),
                                 ("action_overdue", "general_manager", "quality", FRIDAY)]
    assert request.overdue_count == 0  # the reply was in time: its own count is untouched


def test_a_verified_action_owes_nothing_and_a_new_reply_starts_its_day_again():
    request = replied_request()
    assert scan(request, "detect_action_overdue", cst(7)) == 1
    request.verify(effective=False, note="no", by="q", at=cst(9), next_reply_due_at=cst(12))
    assert scan(request, "detect_action_overdue", cst(10)) == 0  # a new reply is owed, not the old action
    request.reply(cause="c2", action="a2", action_due_date=date(2026, 3, 11), by="p", at=cst(10))
    assert request.action_escalation_level == 0
    assert scan(request, "detect_action_overdue", cst(12)) == 1
    request.verify(effective=True, by="q", at=cst(12), next_reply_due_at=cst(20))
    assert scan(request, "detect_action_overdue", cst(20)) == 0
