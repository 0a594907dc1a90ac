"""Internal quality problems (004 生产质量问题处理流程): levels, the shared CAPA cycle, their batch figures."""
import uuid

import pytest
from complaints_builders import POLICY, RECEIVED_AT, THRESHOLDS, at
from qms_shared.domain import InvalidTransition, ValidationFailed

from complaints.domain import events
from complaints.domain.batch import BatchKey, BatchMember
from complaints.domain.internal_problem import InternalProblem


def found(**fields) -> InternalProblem:
    values = dict(product_code="CASE-3", product_batch="C11", description="Burrs on the lid.", level="general",
                  quantity_scrapped=10, quantity_reworked=5)
    return InternalProblem.record_found(id=uuid.uuid4(), number="IP-2026-000001", by="wu", at=RECEIVED_AT,
                                        policy=POLICY, thresholds=THRESHOLDS, **{**values, **fields})


def test_scrap_and_rework_count_as_reported_pieces_of_the_batch_never_as_returns():
    problem = found()
    assert problem.batch_key == BatchKey("CASE-3", batch="C11")
    assert problem.batch_member == BatchMember("IP-2026-000001", 15, 0)
    assert problem.owner_department == "quality" and problem.incident_class == "general"
    assert found(quantity_scrapped=60).incident_class == "batch"
    assert found(batch_scale=True).incident_class == "batch"


def test_deadlines_run_from_when_it_was_found():
    problem = found(found_at=at(2026, 3, 2, 9))
    assert (problem.containment_due_at, problem.corrective_action_due_at) == (at(2026, 3, 4), at(2026, 3, 16))


def test_a_minor_problem_closes_with_its_temporary_action():
    problem = found(level="minor")
    problem.contain(action="Deburred by hand.", by="wu", at=at(2026, 3, 2, 10))
    assert (problem.status, problem.closure_reason, problem.corrective_action_met_at) == (
        "closed", "minor_contained", at(2026, 3, 2, 10))
    assert [type(e) for e in problem.pull_events()][-2:] == [events.Contained, events.Closed]
    assert problem.missed_deadlines(at(2026, 4, 1)) == []


def test_the_cycle_refuses_a_customer_responsibility_and_steps_out_of_order():
    problem = found()
    with pytest.raises(InvalidTransition):
        problem.implement(note="x", by="wu", at=RECEIVED_AT)
    problem.contain(action="Quarantine the lot.", by="wu", at=RECEIVED_AT)
    with pytest.raises(ValidationFailed) as refused:
        problem.analyse(root_cause="r", cause_category="machine", responsibility="customer", by="wu", at=RECEIVED_AT)
    assert "responsibility" in refused.value.extra["errors"]


@pytest.mark.parametrize("fields,field", [({"level": "severe"}, "level"), ({"quantity_scrapped": -1}, "quantity_scrapped"),
                                          ({"product_code": None}, "product.code"), ({"found_in": "canteen"}, "found_in")])
def test_bad_problems_are_refused(fields, field):
    with pytest.raises(ValidationFailed) as refused:
        found(**fields)
    assert field in refused.value.extra["errors"]
