"""Every allowed and every refused step of the complaint lifecycle, and the audit trail it leaves."""
import pytest
from complaints_builders import analyse, at, complaint_in, contain, implement, plan, receive, verify
from qms_shared.domain import InvalidTransition

from complaints.domain import events

STATUSES = ["received", "contained", "analysed", "action_planned", "verifying", "closed"]
STEPS = ["containment", "analysis", "action-plan", "implementation", "verification", "explanation"]
# (status, responsibility) -> the one step allowed and the state it leads to; written out by hand.
ALLOWED = {
    ("received", "company"): ("containment", "contained"),
    ("contained", "company"): ("analysis", "analysed"),
    ("analysed", "company"): ("action-plan", "action_planned"),
    ("analysed", "customer"): ("explanation", "closed"),
    ("action_planned", "company"): ("implementation", "verifying"),
    ("verifying", "company"): ("verification", "closed"),
}


def perform(complaint, step):
    """Apply `step` with valid arguments."""
    when = at(2026, 3, 6)
    actions = {
        "containment": lambda: complaint.contain(action="Sorted stock.", by="u", at=when),
        "analysis": lambda: complaint.analyse(root_cause="Die worn.", cause_category="machine",
                                              responsibility="company", responsible_department="production",
                                              by="u", at=when),
        "action-plan": lambda: complaint.plan_action(corrective_action="Replace die.", preventive_action="PM plan.",
                                                     by="u", at=when),
        "implementation": lambda: complaint.implement(note="Done.", by="u", at=when),
        "verification": lambda: verify(complaint, True, when),
        "explanation": lambda: complaint.explain(explanation="Stored in the rain by the customer.", by="u", at=when),
    }
    actions[step]()


CASES = [(status, resp, step) for status in STATUSES for resp in ("company", "customer") for step in STEPS
         if resp == "company" or status == "analysed"]


@pytest.mark.parametrize("status,responsibility,step", CASES)
def test_each_step_is_allowed_exactly_where_the_lifecycle_says(status, responsibility, step):
    complaint = complaint_in(status, responsibility)
    version = complaint.version
    expected = ALLOWED.get((status, responsibility))
    if expected and expected[0] == step:
        perform(complaint, step)
        assert complaint.status == expected[1]
        assert complaint.version > version
        return
    with pytest.raises(InvalidTransition) as refused:
        perform(complaint, step)
    assert refused.value.extra["current_status"] == status
    assert refused.value.extra["allowed"] == ([expected[0]] if expected else [])
    assert complaint.status == status and complaint.version == version  # nothing half-done


def test_a_full_walk_keeps_who_did_what_and_when():
    complaint = verify(implement(plan(analyse(contain(receive())))))
    trail = [(h.action, h.from_status, h.to_status, h.by, h.at) for h in complaint.history]
    assert trail == [
        ("receipt", None, "received", "li.sales", at(2026, 3, 2)),
        ("containment", "received", "contained", "wang.quality", at(2026, 3, 3)),
        ("analysis", "contained", "analysed", "wang.quality", at(2026, 3, 5)),
        ("action-plan", "analysed", "action_planned", "wang.quality", at(2026, 3, 9)),
        ("implementation", "action_planned", "verifying", "wang.quality", at(2026, 3, 12)),
        ("verification", "verifying", "closed", "qian.quality", at(2026, 3, 20)),
    ]
    assert complaint.history[1].details == {"action": "Quarantine stock, replace 200 cartons."}
    assert complaint.history[2].details["cause_category"] == "material"
    assert complaint.history[3].details["approved_by"] == "zhao.head"
    assert complaint.closure_reason == "verified_effective"
    assert complaint.closed_at == at(2026, 3, 20)
    assert complaint.version == 6


def test_each_step_records_its_event_with_what_a_notification_needs():
    complaint = receive()
    complaint.pull_events()
    verify(implement(plan(analyse(contain(complaint)))))
    recorded = complaint.pull_events()
    assert [type(e) for e in recorded] == [events.ComplaintContained, events.ComplaintAnalysed,
                                           events.ActionPlanned, events.ActionImplemented,
                                           events.ComplaintVerified, events.ComplaintClosed]
    assert all(e.number == "CP-2026-000001" and e.customer_name == "Acme Paper" and e.owner_department == "quality"
               for e in recorded)
    assert recorded[0].on_time is True and recorded[2].on_time is True
    assert recorded[-1].reason == "verified_effective"


def test_not_effective_verification_reopens_for_a_new_analysis_and_plan():
    complaint = complaint_in("verifying")
    complaint.pull_events()
    verify(complaint, effective=False, when=at(2026, 3, 20, 15))
    assert complaint.status == "contained"
    assert complaint.reopen_count == 1
    # new corrective-action reply due 10 working days from the reopening: Fri 20 March -> Fri 3 April
    assert complaint.corrective_action_due_at == at(2026, 4, 3, 15)
    assert complaint.corrective_action_met_at is None
    assert complaint.history[-1].details == {"effective": False, "note": "Cracks again in lot B2604."}
    reopened = complaint.pull_events()
    assert [type(e) for e in reopened] == [events.ComplaintVerified, events.ComplaintReopened]
    assert reopened[0].effective is False and reopened[1].reopen_count == 1
    analyse(complaint, when=at(2026, 3, 23))
    plan(complaint, when=at(2026, 3, 24))
    implement(complaint, when=at(2026, 3, 26))
    verify(complaint, effective=False, when=at(2026, 3, 30))
    assert complaint.reopen_count == 2 and complaint.status == "contained"


def test_customer_responsibility_closes_when_the_explanation_is_sent():
    complaint = complaint_in("analysed", responsibility="customer")
    assert complaint.responsible_department == "quality"  # defaults to the owner when the customer caused it
    complaint.pull_events()
    complaint.explain(explanation="Stored outdoors; see photos.", by="wang.quality", at=at(2026, 3, 6))
    assert complaint.status == "closed"
    assert complaint.closure_reason == "customer_responsibility"
    assert complaint.corrective_action_met_at == at(2026, 3, 6)
    assert complaint.history[-1].from_status == "analysed" and complaint.history[-1].to_status == "closed"
    [closed] = complaint.pull_events()
    assert isinstance(closed, events.ComplaintClosed) and closed.reason == "customer_responsibility"


def test_late_replies_are_flagged_on_their_events():
    complaint = receive()
    complaint.pull_events()
    contain(complaint, when=at(2026, 3, 4, 9, 0, 1))  # one second after the containment due time
    analyse(complaint)
    plan(complaint, when=at(2026, 3, 16, 9))  # exactly at the corrective-action due time
    contained, _, planned = complaint.pull_events()
    assert contained.on_time is False
    assert planned.on_time is True
