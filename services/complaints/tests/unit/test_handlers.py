"""Handler rules through a fake unit of work: the batch across complaints, the scan's conflicts, surveys."""
from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from complaints_builders import POLICY, RECEIVED_AT, THRESHOLDS, receive
from fake_unit_of_work import FakeUnitOfWork

from complaints.domain import commands as c
from complaints.domain.batch import BatchFigures, BatchKey
from complaints.service_layer.dependencies import Dependencies
from complaints.service_layer.handlers import HANDLERS
from qms_shared.bootstrap import MessageBus
from qms_shared.domain import Actor, Conflict, NotFound, PreconditionFailed

ACTOR = Actor(id="u-7", name="li.sales", roles=frozenset({"sales"}))
QUALITY = Actor(id="u-1", name="zhang.quality", roles=frozenset({"quality"}))  # owns the quality complaints
BATCH = {"product_code": "BOX-7", "product_batch": None, "production_date": date(2026, 2, 20), "quantity_affected": None}
KEY = BatchKey("BOX-7", production_date=date(2026, 2, 20))


def bus_for(uow: FakeUnitOfWork, now=RECEIVED_AT) -> MessageBus:
    return MessageBus(lambda: uow, HANDLERS, deps=Dependencies(policy=POLICY, thresholds=THRESHOLDS,
                                                               clock=lambda: now))


def receipt(**fields) -> c.ReceiveComplaint:
    values = {"customer_id": "C-1", "customer_name": "Acme", "category": "quality", "description": "Cracks.",
              **BATCH, **fields}
    return c.ReceiveComplaint(fields=values, actor=ACTOR)


def test_a_receipt_is_numbered_classified_and_announced_in_one_commit():
    uow = FakeUnitOfWork()
    complaint = bus_for(uow).handle(receipt(returned_quantity=10, channel=None))
    assert (complaint.number, complaint.incident_class, complaint.channel) == ("CP-2026-000001", "general", None)
    assert complaint.history[0].by == "li.sales"  # the actor's label goes into the trail
    assert (uow.commits, uow.types(), uow.complaints.locked_batches) == (
        1, ["complaints.customer.created", "complaints.complaint.received"], [KEY])  # a customer new to the archive


def test_a_receipt_taking_the_batch_across_its_threshold_reclassifies_the_others_in_the_same_commit():
    earlier = receive(returned_quantity=30, number="CP-2026-000900", **BATCH)
    earlier.pull_events()
    uow = FakeUnitOfWork([earlier])
    crossing = bus_for(uow).handle(receipt(returned_quantity=25))
    assert (earlier.incident_class, crossing.incident_class) == ("batch", "batch")
    assert uow.commits == 1
    assert uow.types(earlier.id) == ["complaints.incident.classified"]


def test_a_receipt_below_the_threshold_leaves_the_batch_alone():
    earlier = receive(returned_quantity=30, number="CP-2026-000900", **BATCH)
    earlier.pull_events()
    uow = FakeUnitOfWork([earlier])
    bus_for(uow).handle(receipt(returned_quantity=5))
    assert (earlier.incident_class, uow.types(earlier.id)) == ("general", [])


def test_corrected_figures_taking_the_batch_back_below_the_threshold_reclassify_the_others():
    first = receive(returned_quantity=30, number="CP-2026-000001", **BATCH)
    second = receive(returned_quantity=25, number="CP-2026-000002", batch=BatchFigures(KEY, (first.batch_member,)),
                     **BATCH)
    first.classify(batch=BatchFigures(KEY, (second.batch_member,)), thresholds=THRESHOLDS, by="s", at=RECEIVED_AT)
    assert (first.incident_class, second.incident_class) == ("batch", "batch")
    first.pull_events(), second.pull_events()
    uow = FakeUnitOfWork([first, second])
    bus_for(uow).handle(c.ChangeFigures(complaint_id=second.id, changes={"returned_quantity": 5}, actor=QUALITY,
                                        expected_version=second.version))
    assert (first.incident_class, second.incident_class) == ("general", "general")
    assert uow.types(first.id) == ["complaints.incident.classified"]


def test_a_change_on_a_stale_version_or_an_unknown_complaint_commits_nothing():
    complaint = receive()
    uow = FakeUnitOfWork([complaint])
    step = c.ChangeComplaint(complaint_id=complaint.id, step="containment", arguments={"action": "Stop."},
                             actor=ACTOR, expected_version=complaint.version + 1)
    with pytest.raises(PreconditionFailed):
        bus_for(uow).handle(step)
    with pytest.raises(NotFound):
        bus_for(uow).handle(c.ChangeComplaint(complaint_id=uuid.uuid4(), step="containment",
                                              arguments={"action": "Stop."}, actor=ACTOR))
    assert (uow.commits, complaint.status) == (0, "received")


def test_an_analysis_refreshes_the_recurrence_flags_with_the_previous_cause():
    complaint = receive()
    complaint.contain(action="Stop.", by="x", at=RECEIVED_AT)
    uow = FakeUnitOfWork([complaint])
    bus_for(uow).handle(c.ChangeComplaint(complaint_id=complaint.id, step="analysis", actor=QUALITY, arguments={
        "root_cause": "Dry board.", "cause_category": "material", "responsibility": "company",
        "responsible_department": "purchasing"}))
    assert uow.complaints.recurrence_refreshed == [(complaint.id, None)]


def test_the_deadline_scan_skips_a_complaint_changed_meanwhile_and_reports_the_others():
    changed, missed = receive(), receive()
    uow = FakeUnitOfWork([changed, missed])
    uow.conflicts.add(changed.id)
    found = bus_for(uow).handle(c.ScanDeadlines(at=RECEIVED_AT + timedelta(days=5))).complaints
    assert [(complaint.id, m.deadline) for complaint, m in found] == [(missed.id, "containment")]
    assert uow.types(changed.id) == []


def test_a_second_survey_of_a_year_is_a_conflict():
    uow = FakeUnitOfWork()
    bus = bus_for(uow)
    bus.handle(c.OpenSurvey(year=2026, customer_ids=["C-1"], actor=ACTOR))
    with pytest.raises(Conflict):
        bus.handle(c.OpenSurvey(year=2026, customer_ids=["C-2"], actor=ACTOR))
    assert uow.commits == 1


def test_each_dissatisfied_answer_opens_a_numbered_corrective_action_in_the_same_commit():
    uow = FakeUnitOfWork()
    bus = bus_for(uow)
    survey = bus.handle(c.OpenSurvey(year=2026, customer_ids=["C-1"], actor=ACTOR))
    bus.handle(c.RecordSurveyResponse(survey_id=survey.id, customer_id="C-1", actor=ACTOR, answers=[
        ("delivery", "dissatisfied"), ("exception handling", "very_dissatisfied"),
        ("product quality level", "satisfied")]))
    actions = sorted(uow.corrective_actions.items.values(), key=lambda a: a.number)
    assert [a.number for a in actions] == ["CA-2026-000001", "CA-2026-000002"]
    assert uow.commits == 2


def test_a_nonconformance_naming_an_unknown_complaint_changes_nothing():
    complaint = receive()
    uow = FakeUnitOfWork([complaint])
    bus_for(uow).handle(c.LinkToComplaint(complaint_ref="CP-2026-999999", kind="nonconformance",
                                          reference="NC-1", actor=Actor(id="compliance")))
    bus_for(uow).handle(c.LinkToComplaint(complaint_ref=complaint.number, kind="nonconformance",
                                          reference="NC-2", actor=Actor(id="compliance")))
    assert [(h.action, h.by) for h in complaint.history] == [("receipt", "li.sales"), ("reference", "compliance")]


def test_an_approved_claim_of_25000_cny_makes_its_complaint_major_in_the_claims_commit():
    complaint = receive(loss_amount=None)
    complaint.pull_events()
    uow = FakeUnitOfWork([complaint])
    bus = bus_for(uow)
    claim = bus.handle(c.SubmitClaim(complaint_id=complaint.id, amount=D("25000"), currency="CNY",
                                     description="Line stop.", actor=ACTOR))
    bus.handle(c.ChangeClaim(claim_id=claim.id, step="analysis", actor=ACTOR, arguments={
        "proposal": "Pay.", "proposed_amount": D("25000"), "responsibility": "company"}))
    assert complaint.incident_class == "general"
    commits = uow.commits
    bus.handle(c.ChangeClaim(claim_id=claim.id, step="approval", arguments={}, actor=ACTOR))
    assert (complaint.incident_class, complaint.claims_loss, complaint.claims_counted) == (
        "major", D("25000"), [claim.number])
    assert uow.commits == commits + 1
    assert uow.types(complaint.id)[-2:] == ["complaints.incident.classified", "complaints.major_incident.raised"]


def test_an_internal_scrap_of_60_pieces_is_a_batch_incident_and_lifts_its_batch():
    earlier = receive(number="CP-2026-000900", **{**BATCH, "quantity_affected": 5})
    earlier.pull_events()
    uow = FakeUnitOfWork([earlier])
    problem = bus_for(uow).handle(c.RecordInternalProblem(actor=ACTOR, fields={
        "product_code": "BOX-7", "production_date": BATCH["production_date"], "level": "general",
        "description": "Glue skipped.", "quantity_scrapped": 60}))
    assert (problem.number, problem.incident_class, earlier.incident_class) == ("IP-2026-000001", "batch", "batch")
    assert uow.types(problem.id) == ["complaints.internal_problem.received", "complaints.internal_problem.classified"]
    assert uow.types(earlier.id) == ["complaints.incident.classified"]


def test_the_scan_reports_late_survey_actions_once():
    uow = FakeUnitOfWork()
    bus = bus_for(uow)
    survey = bus.handle(c.OpenSurvey(year=2026, customer_ids=["C-1"], actor=ACTOR))
    bus.handle(c.RecordSurveyResponse(survey_id=survey.id, customer_id="C-1", actor=ACTOR,
                                      answers=[("delivery", "dissatisfied")]))
    [action] = uow.corrective_actions.items.values()
    late = action.due_at + timedelta(seconds=1)
    assert bus.handle(c.ScanDeadlines(at=late)).corrective_actions == [action]
    assert bus.handle(c.ScanDeadlines(at=late + timedelta(days=1))).corrective_actions == []
    assert uow.types(action.id)[-1] == "complaints.corrective_action.overdue"
