"""Escalation by the seeds (000, DOMAIN.md §5): the head of the department that must act, then the general manager."""
from datetime import timedelta

from complaints_builders import RECEIVED_AT, analyse, at, contain, receive

from complaints.domain import events


def missed(complaint, as_of):
    found = complaint.detect_overdue(as_of)
    recorded = [e for e in complaint.pull_events() if isinstance(e, events.DeadlineMissed)]
    return [(m.deadline, m.escalation_level, m.escalation_department) for m in found], recorded


def test_before_analysis_the_owner_departments_head_hears_first_then_the_general_manager():
    complaint = receive(category="delivery")  # owned by sales
    first, [event] = missed(complaint, at(2026, 3, 4, 10))
    assert first == [("containment", 1, "sales")]
    assert (event.escalation, event.escalation_level, event.escalation_department) == ("department_head", 1, "sales")
    assert missed(complaint, at(2026, 3, 17))[0] == [("corrective_action", 2, "sales")]


def test_after_analysis_the_responsible_departments_head_hears_first():
    complaint = analyse(contain(receive()))  # quality owns it, purchasing is responsible
    assert missed(complaint, at(2026, 3, 17))[0] == [("corrective_action", 1, "purchasing")]


def test_a_major_incident_reaches_the_general_manager_at_the_first_miss():
    complaint = receive(injury=True)
    assert complaint.incident_class == "major"
    found, [event] = missed(complaint, RECEIVED_AT + timedelta(days=3))
    assert found == [("containment", 2, "quality")] and event.escalation == "general_manager"
