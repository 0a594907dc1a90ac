"""Nonconformances: open -> action_planned -> closed, with owner department and corrective action."""
import uuid
from datetime import date, timedelta

import pytest
from qms_shared.domain import Actor, Forbidden, InvalidTransition, ValidationFailed

from compliance.domain.events import NonconformanceActionPlanned, NonconformanceClosed, NonconformanceOpened
from compliance.domain.nonconformance import Nonconformance
from compliance_builders import AT

BUYER = Actor(id="buyer", roles=frozenset({"purchasing"}))
QE = Actor(id="qe", roles=frozenset({"quality"}))


def opened(**changes) -> Nonconformance:
    spec = {"number": "NC-2026-000001", "product_id": uuid.uuid4(), "product_code": "P-1",
            "description": "solder: Lead 1500 ppm > 1000 ppm", "owner_department": "purchasing", "at": AT,
            "by": "system"} | changes
    return Nonconformance.open(**spec)


def test_opening_records_the_owner_and_the_event():
    nc = opened()
    assert (nc.status, nc.owner_department, nc.number) == ("open", "purchasing", "NC-2026-000001")
    [event] = nc.pull_events()
    assert isinstance(event, NonconformanceOpened) and event.owner_department == "purchasing"


def test_an_unknown_department_or_empty_description_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        opened(owner_department="canteen", description=" ")
    assert set(caught.value.extra["errors"]) == {"owner_department", "description"}


def test_the_full_flow_to_closure():
    nc = opened()
    nc.pull_events()
    nc.plan_action(corrective_action="Switch to lead-free solder", due_on=date(2026, 4, 1), at=AT, by=BUYER)
    nc.close(note="New lot tested at 20 ppm", at=AT + timedelta(days=20), by="qe")
    assert (nc.status, nc.corrective_action, nc.closure_note) == (
        "closed", "Switch to lead-free solder", "New lot tested at 20 ppm")
    assert [h.to_status for h in nc.history] == ["open", "action_planned", "closed"]
    assert nc.history[1].by == "buyer"
    assert [type(e) for e in nc.pull_events()] == [NonconformanceActionPlanned, NonconformanceClosed]
    assert nc.version == 3


def test_it_cannot_close_without_a_corrective_action():
    with pytest.raises(InvalidTransition) as caught:
        opened().close(note="fine", at=AT, by="qe")
    assert caught.value.extra == {"current_status": "open", "allowed": ["action_planned"]}


def test_closure_needs_a_verification_note_and_a_closed_case_stays_closed():
    nc = opened()
    nc.plan_action(corrective_action="Replace supplier", at=AT, by=BUYER)
    with pytest.raises(ValidationFailed):
        nc.close(note="", at=AT, by="qe")
    nc.close(note="verified", at=AT, by="qe")
    for action in (lambda: nc.close(note="again", at=AT, by="qe"),
                   lambda: nc.plan_action(corrective_action="x", at=AT, by=QE),
                   lambda: nc.reassign("quality", at=AT, by="qe")):
        with pytest.raises(InvalidTransition):
            action()


def test_a_corrective_action_needs_text_and_a_due_date_not_in_the_past():
    nc = opened()
    with pytest.raises(ValidationFailed) as caught:
        nc.plan_action(corrective_action=" ", due_on=AT.date() - timedelta(days=1), at=AT, by=BUYER)
    assert set(caught.value.extra["errors"]) == {"corrective_action", "due_on"}
    assert nc.status == "open"


def test_reassigning_changes_the_owner_and_is_audited():
    nc = opened()
    nc.reassign("engineering", at=AT, by="qe")
    assert nc.owner_department == "engineering" and "purchasing -> engineering" in nc.history[-1].note
    with pytest.raises(ValidationFailed):
        nc.reassign("nobody", at=AT, by="qe")


@pytest.mark.parametrize("actor", [
    BUYER,  # the role names the department when the token has no `department` claim
    Actor(id="li", roles=frozenset({"engineering"}), department="purchasing"),  # the claim wins over the role
    QE,  # quality verifies every case and may write its action
    Actor(id="wang", roles=frozenset({"management_rep"}), department="quality"),
])
def test_the_owner_department_and_quality_record_the_corrective_action(actor):
    nc = opened()
    nc.plan_action(corrective_action="Switch to lead-free solder", at=AT, by=actor)
    assert nc.status == "action_planned" and nc.history[-1].by == actor.id


@pytest.mark.parametrize("actor", [
    Actor(id="s", roles=frozenset({"sales"})),
    Actor(id="p", roles=frozenset({"purchasing"}), department="sales"),  # the claim names another department
    Actor(id="root", roles=frozenset({"admin"})),  # admin configures; it records no department's action
    Actor(id="m", roles=frozenset({"management_rep"})),
    Actor(id="erp", roles=frozenset({"system"})),
])
def test_anyone_else_is_forbidden_and_nothing_changes(actor):
    nc = opened()
    with pytest.raises(Forbidden) as caught:
        nc.plan_action(corrective_action="Switch to lead-free solder", at=AT, by=actor)
    assert caught.value.status == 403 and caught.value.extra == {"owner_department": "purchasing"}
    assert (nc.status, nc.corrective_action, nc.version, len(nc.history)) == ("open", "", 1, 1)
