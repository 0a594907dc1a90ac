"""Reply deadlines in working days, extensions with consent, and the overdue scan (once per due date)."""
from datetime import date, timedelta, timezone

import pytest
from complaints_builders import analyse, at, complaint_in, contain, plan, receive
from qms_shared.domain import InvalidTransition, ValidationFailed
from qms_shared.workdays import WorkCalendar

from complaints.domain import events
from complaints.domain.deadlines import DeadlinePolicy


def test_monday_receipt_is_due_wednesday_and_two_weeks_later():
    complaint = receive()  # Mon 2 March 2026 09:00
    assert complaint.containment_due_at == at(2026, 3, 4)
    assert complaint.corrective_action_due_at == at(2026, 3, 16)


def test_days_are_counted_on_the_company_clock_whatever_offset_the_time_comes_with():
    monday_early = at(2026, 3, 2, 7).astimezone(timezone.utc)  # Sunday 23:00 in UTC
    complaint = receive(at_time=monday_early)
    assert complaint.containment_due_at == at(2026, 3, 4, 7)


def test_a_weekend_does_not_count():
    complaint = receive(at_time=at(2026, 3, 6, 10))  # Friday
    assert complaint.containment_due_at == at(2026, 3, 10, 10)  # Mon 9 = 1, Tue 10 = 2
    assert complaint.corrective_action_due_at == at(2026, 3, 20, 10)


def test_national_day_holidays_and_the_make_up_saturday():
    complaint = receive(at_time=at(2025, 9, 30, 14))  # holidays 1-8 October 2025
    assert complaint.containment_due_at == at(2025, 10, 10, 14)  # Thu 9 = 1, Fri 10 = 2
    # Sat 11 October is a make-up working day (调休): 9, 10, 11, 13, 14, 15, 16, 17, 20, 21
    assert complaint.corrective_action_due_at == at(2025, 10, 21, 14)


def test_a_complaint_received_on_30_december_2026_is_due_after_new_year_2027():
    complaint = receive(at_time=at(2026, 12, 30, 10))  # the official 2027 schedule is not published yet
    assert complaint.containment_due_at == at(2027, 1, 4, 10)  # 31 Dec = 1; New Year's Day off; Mon 4 = 2
    make_up = DeadlinePolicy(calendar=WorkCalendar.from_strings(workdays="2027-01-02"),
                             containment_days=2, corrective_action_days=10)
    assert receive(at_time=at(2026, 12, 30, 10), policy=make_up).containment_due_at == at(2027, 1, 2, 10)


def test_spring_festival_2027_is_never_a_due_date():
    spring_festival = {date(2027, 2, d) for d in range(5, 11)}
    for day in range(20):
        complaint = receive(at_time=at(2027, 1, 25, 9) + timedelta(days=day))
        assert complaint.containment_due_at.date() not in spring_festival
        assert complaint.corrective_action_due_at.date() not in spring_festival


def test_a_make_up_sunday_counts():
    complaint = receive(at_time=at(2025, 9, 26, 10))  # Friday; Sun 28 September 2025 is worked
    assert complaint.containment_due_at == at(2025, 9, 29, 10)


def test_the_company_calendar_adds_its_own_holidays():
    shutdown = DeadlinePolicy(calendar=WorkCalendar(extra_holidays=[date(2026, 3, 3)]))
    complaint = receive(policy=shutdown)
    assert complaint.containment_due_at == at(2026, 3, 5)


def test_the_day_counts_are_configurable():
    strict = DeadlinePolicy(containment_days=1, corrective_action_days=5)
    complaint = receive(policy=strict)
    assert (complaint.containment_due_at, complaint.corrective_action_due_at) == (at(2026, 3, 3), at(2026, 3, 9))


# -- overdue scan ---------------------------------------------------------------------------------

def test_not_overdue_at_the_due_time_overdue_one_second_later():
    complaint = receive()
    assert complaint.detect_overdue(at(2026, 3, 4)) == []
    assert complaint.is_overdue(at(2026, 3, 4)) is False
    [missed] = complaint.detect_overdue(at(2026, 3, 4, 9, 0, 1))
    assert (missed.deadline, missed.due_at, missed.escalation) == ("containment", at(2026, 3, 4), "department_head")
    assert complaint.is_overdue(at(2026, 3, 4, 9, 0, 1)) is True


def test_each_missed_due_date_is_reported_once_and_escalates_to_the_general_manager_next():
    complaint = receive()
    complaint.pull_events()
    version = complaint.version
    first = complaint.detect_overdue(at(2026, 3, 5))
    assert [(m.deadline, m.escalation) for m in first] == [("containment", "department_head")]
    assert complaint.version == version + 1
    assert complaint.detect_overdue(at(2026, 3, 6)) == []
    assert complaint.version == version + 1  # a scan that finds nothing new changes nothing
    second = complaint.detect_overdue(at(2026, 3, 17))
    assert [(m.deadline, m.escalation) for m in second] == [("corrective_action", "general_manager")]
    assert complaint.detect_overdue(at(2026, 4, 30)) == []
    published = complaint.pull_events()
    assert [(type(e), e.deadline, e.escalation) for e in published] == [
        (events.DeadlineMissed, "containment", "department_head"),
        (events.DeadlineMissed, "corrective_action", "general_manager")]
    assert published[0].due_at == at(2026, 3, 4) and published[0].number == "CP-2026-000001"
    assert [m.deadline for m in complaint.overdue] == ["containment", "corrective_action"]


def test_two_deadlines_missed_in_one_scan_are_both_reported():
    complaint = receive()
    missed = complaint.detect_overdue(at(2026, 4, 1))
    assert [(m.deadline, m.escalation) for m in missed] == [
        ("containment", "department_head"), ("corrective_action", "general_manager")]


def test_a_reply_given_in_time_is_never_overdue():
    complaint = plan(analyse(contain(receive())))
    assert complaint.detect_overdue(at(2026, 12, 31)) == []


def test_a_late_reply_given_before_the_scan_is_not_reported_but_a_past_scan_still_sees_it():
    complaint = contain(receive(), when=at(2026, 3, 5))
    assert complaint.detect_overdue(at(2026, 3, 6)) == []
    assert [m.deadline for m in complaint.detect_overdue(at(2026, 3, 4, 12))] == ["containment"]


def test_a_closed_complaint_is_never_overdue():
    complaint = complaint_in("closed")
    assert complaint.detect_overdue(at(2027, 1, 1)) == []
    assert complaint.is_overdue(at(2027, 1, 1)) is False


# -- extensions -----------------------------------------------------------------------------------

def test_an_extension_with_consent_moves_the_due_date_and_is_recorded():
    complaint = receive()
    complaint.pull_events()
    complaint.extend(deadline="corrective_action", new_due_at=at(2026, 3, 20), customer_consent=True,
                     by="li.sales", at=at(2026, 3, 10), note="Customer agreed by email 10 March.")
    assert complaint.corrective_action_due_at == at(2026, 3, 20)
    [extension] = complaint.extensions
    assert (extension.previous_due_at, extension.new_due_at, extension.by) == (at(2026, 3, 16), at(2026, 3, 20), "li.sales")
    assert complaint.history[-1].action == "extension" and complaint.history[-1].from_status == "received"
    [event] = complaint.pull_events()
    assert isinstance(event, events.DeadlineExtended) and event.previous_due_at == at(2026, 3, 16)
    # on 18 March only containment is late: the corrective-action reply now has until the 20th
    assert [m.deadline for m in complaint.detect_overdue(at(2026, 3, 18))] == ["containment"]


def test_an_extended_due_date_missed_again_is_reported_again_to_the_general_manager():
    complaint = receive()
    [first] = complaint.detect_overdue(at(2026, 3, 5))
    complaint.extend(deadline="containment", new_due_at=at(2026, 3, 6), customer_consent=True, by="u",
                     at=at(2026, 3, 5, 10))
    assert complaint.detect_overdue(at(2026, 3, 6)) == []
    [again] = complaint.detect_overdue(at(2026, 3, 6, 9, 1))
    assert (again.deadline, again.due_at, again.escalation) == ("containment", at(2026, 3, 6), "general_manager")


@pytest.mark.parametrize("kwargs,field", [
    ({"customer_consent": False}, "customer_consent"),
    ({"customer_consent": None}, "customer_consent"),
    ({"new_due_at": at(2026, 3, 16)}, "new_due_at"),  # equal to the current due date
    ({"new_due_at": at(2026, 3, 15)}, "new_due_at"),
    ({"new_due_at": at(2026, 3, 20).replace(tzinfo=None)}, "new_due_at"),
    ({"deadline": "payment"}, "deadline"),
])
def test_an_extension_needs_consent_a_later_date_and_a_known_deadline(kwargs, field):
    complaint = receive()
    version = complaint.version
    args = dict(deadline="corrective_action", new_due_at=at(2026, 3, 20), customer_consent=True, by="u",
                at=at(2026, 3, 10)) | kwargs
    with pytest.raises(ValidationFailed) as failed:
        complaint.extend(**args)
    assert field in failed.value.extra["errors"]
    assert complaint.corrective_action_due_at == at(2026, 3, 16) and complaint.version == version


def test_a_later_due_date_one_second_later_is_enough():
    complaint = receive()
    complaint.extend(deadline="containment", new_due_at=at(2026, 3, 4) + timedelta(seconds=1),
                     customer_consent=True, by="u", at=at(2026, 3, 3))
    assert complaint.containment_due_at == at(2026, 3, 4, 9, 0, 1)


def test_no_extension_for_a_reply_already_given_or_a_closed_complaint():
    complaint = contain(receive())
    with pytest.raises(InvalidTransition):
        complaint.extend(deadline="containment", new_due_at=at(2026, 3, 9), customer_consent=True, by="u",
                         at=at(2026, 3, 4))
    closed = complaint_in("closed")
    with pytest.raises(InvalidTransition) as refused:
        closed.extend(deadline="corrective_action", new_due_at=at(2026, 5, 1), customer_consent=True, by="u",
                      at=at(2026, 4, 1))
    assert refused.value.extra["allowed"] == []
