"""Who writes what (DOMAIN.md §5): the caller's department decides, in the domain, record by record."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from complaints_builders import POLICY, RECEIVED_AT, THRESHOLDS, analyse, complaint_in, receive
from qms_shared.domain import Actor, Forbidden

from complaints.domain.authority import FIGURES, departments_of, require_receiver
from complaints.domain.capa import CorrectiveAction
from complaints.domain.correction_request import CorrectionRequest
from complaints.domain.incoming import IncomingNonconformance
from complaints.domain.internal_problem import InternalProblem
from complaints.domain.supplier import Supplier

ANALYSIS = {"root_cause": "Press worn.", "cause_category": "machine", "responsibility": "company"}


def person(*roles: str, department: str | None = None) -> Actor:
    return Actor(id="u", name="someone", roles=frozenset(roles), department=department)


def allowed(record, step: str, actor: Actor, arguments: dict | None = None) -> bool:
    try:
        record.authorize(step, actor, arguments) if arguments is not None else record.authorize(step, actor)
    except Forbidden:
        return False
    return True


def test_the_department_claim_wins_else_the_roles_named_like_departments_count():
    assert departments_of(person("quality", department="production")) == {"production"}
    assert departments_of(person("production", "engineering")) == {"production", "engineering"}
    assert departments_of(person("general_manager")) == {"general_manager"}
    for roles in (("admin",), ("management_rep",), ("viewer",), ("system",), ()):
        assert departments_of(person(*roles)) == frozenset()


def test_only_the_owner_department_contains_verifies_explains_and_extends():
    quality_owned, sales_owned = receive(), receive(category="delivery")
    for step in ("containment", "verification", "explanation", "extension"):
        assert allowed(quality_owned, step, person("quality"))
        assert not allowed(quality_owned, step, person("sales"))
        assert allowed(sales_owned, step, person("sales"))
        assert not allowed(sales_owned, step, person("quality"))  # quality writes analysis and plan, not these
    refused = pytest.raises(Forbidden, sales_owned.authorize, "containment", person("production"))
    assert refused.value.extra == {"required_departments": ["sales"]}
    assert "sales department" in refused.value.detail and sales_owned.number in refused.value.detail


def test_the_analysis_is_the_owner_departments_qualitys_or_that_of_the_department_it_names():
    complaint = complaint_in("contained")
    naming = lambda department: {**ANALYSIS, "responsible_department": department}  # noqa: E731
    assert allowed(complaint, "analysis", person("quality"), naming("production"))
    assert allowed(complaint, "analysis", person("production"), naming("production"))
    assert not allowed(complaint, "analysis", person("production"), naming("purchasing"))
    assert not allowed(complaint, "analysis", person("engineering"), naming("production"))
    delivery = receive(category="delivery")
    assert allowed(delivery, "analysis", person("sales"), naming("production"))
    # the customer's own doing names no department: the owner explains it
    assert allowed(delivery, "analysis", person("sales"), {**ANALYSIS, "responsibility": "customer"})
    assert not allowed(delivery, "analysis", person("production"), {**ANALYSIS, "responsibility": "customer"})


def test_the_responsible_department_and_quality_write_the_action_plan_and_its_implementation():
    complaint = analyse(complaint_in("contained"))  # purchasing is responsible
    for step in ("action-plan", "implementation"):
        assert allowed(complaint, step, person("purchasing"))
        assert allowed(complaint, step, person("quality"))
        assert not allowed(complaint, step, person("production"))
        assert not allowed(complaint, step, person("sales"))
    delivery = receive(category="delivery")
    assert not allowed(delivery, "action-plan", person("production"))  # no department named responsible yet


def test_management_admin_and_a_mismatched_department_write_no_step():
    complaint = analyse(complaint_in("contained"))
    for actor in (person("general_manager"), person("management_rep"), person("admin"), person("viewer"),
                  person("system"), person("quality", department="production")):
        for step in ("containment", "action-plan", "verification"):
            assert not allowed(complaint, step, actor), (actor.roles, step)


def test_figures_are_corrected_by_the_owner_department_and_quality():
    delivery = receive(category="delivery")
    assert allowed(delivery, FIGURES, person("sales")) and allowed(delivery, FIGURES, person("quality"))
    assert not allowed(delivery, FIGURES, person("production"))
    assert not allowed(receive(), FIGURES, person("sales"))  # a quality complaint is quality's


def test_complaints_are_recorded_by_quality_sales_or_another_system():
    for actor in (person("quality"), person("sales"), person("system"), person("sales", department="quality")):
        require_receiver(actor)
    for actor in (person("production"), person("admin"), person("general_manager"),
                  person("sales", department="production")):
        with pytest.raises(Forbidden):
            require_receiver(actor)


def test_an_internal_problem_is_qualitys_its_figures_also_the_finding_departments():
    problem = InternalProblem.record_found(
        id=uuid.uuid4(), number="IP-2026-000001", by="wu", at=RECEIVED_AT, policy=POLICY, thresholds=THRESHOLDS,
        product_code="CASE-3", description="Burrs on the lid.", level="general", found_in="production")
    assert allowed(problem, "containment", person("quality"))
    assert not allowed(problem, "containment", person("production"))
    assert allowed(problem, FIGURES, person("production")) and not allowed(problem, FIGURES, person("engineering"))
    problem.contain(action="Deburr.", by="q", at=RECEIVED_AT)
    problem.analyse(by="q", at=RECEIVED_AT, responsible_department="engineering", **ANALYSIS)
    assert allowed(problem, "action-plan", person("engineering"))
    assert not allowed(problem, "action-plan", person("production"))


def _supplier() -> Supplier:
    return Supplier.register(id=uuid.uuid4(), by="p", at=RECEIVED_AT, code="S1", name="Acme Parts",
                             contacts=[{"name": "Lily", "email": "lily@acme.example"}], locale="en")


def test_purchasing_and_quality_record_a_correction_requests_reply_only_quality_verifies():
    request = CorrectionRequest.issue(id=uuid.uuid4(), number="SC-2026-000001", supplier=_supplier().snapshot(),
                                      source="complaint", source_id=uuid.uuid4(), source_number="CP-2026-000001",
                                      description="d", reply_due_at=RECEIVED_AT + timedelta(days=7), by="q",
                                      at=RECEIVED_AT)
    assert allowed(request, "reply", person("purchasing")) and allowed(request, "reply", person("quality"))
    assert not allowed(request, "reply", person("sales"))
    assert not allowed(request, "reply", person("purchasing", department="sales"))
    assert allowed(request, "verification", person("quality"))
    assert not allowed(request, "verification", person("purchasing"))


def test_an_incoming_lot_is_confirmed_by_quality_or_engineering_and_disposed_of_by_quality():
    lot = IncomingNonconformance.report(
        id=uuid.uuid4(), number="IN-2026-000001", supplier=_supplier(), by="iqc", at=RECEIVED_AT, material_code="M-1",
        lot="L1", quantity_received=1000, quantity_inspected=100, quantity_nonconforming=5, defect_class="B",
        defect_kind="appearance", description="Scratches.")
    assert allowed(lot, "confirmation", person("engineering")) and not allowed(lot, "confirmation", person("sales"))
    assert allowed(lot, "disposition", person("quality")) and not allowed(lot, "disposition", person("engineering"))
    assert not allowed(lot, "correction-request", person("purchasing"))


def test_a_survey_corrective_action_is_qualitys():
    action = CorrectiveAction.for_dissatisfaction(id=uuid.uuid4(), number="CA-2026-000001", survey_id=uuid.uuid4(),
                                                  customer_id="C-1", item="delivery", rating="dissatisfied", by="s",
                                                  at=RECEIVED_AT, policy=POLICY)
    assert allowed(action, "implementation", person("quality"))
    assert not allowed(action, "implementation", person("sales"))
    assert not allowed(action, "closure", person("admin"))
