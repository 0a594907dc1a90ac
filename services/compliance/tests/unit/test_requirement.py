"""Customer-specific requirements: categories, the status flow, stricter limits."""
import pytest
from qms_shared.domain import InvalidTransition, ValidationFailed

from compliance.domain.events import CustomerRequirementAdded, CustomerRequirementChanged
from compliance.domain.requirement import STATUS_FLOW, CustomerRequirement
from compliance_builders import AT, LEAD, requirement


def test_identifying_a_requirement_starts_it_in_identified():
    csr = requirement()
    assert csr.status == "identified" and csr.limits[0].max_ppm == 500.0
    assert [(h.from_status, h.to_status) for h in csr.history] == [(None, "identified")]
    [event] = csr.pull_events()
    assert isinstance(event, CustomerRequirementAdded) and event.has_limits


def test_only_environmental_requirements_may_limit_substances():
    with pytest.raises(ValidationFailed) as caught:
        CustomerRequirement.identify(number="CSR-1", customer_id="C-1", customer_name="Acme", category="dimension",
                                     text="x", at=AT, by="qe", limits=[{"cas": LEAD, "substance": "Pb", "max_ppm": 5}])
    assert "limits" in caught.value.extra["errors"]


def test_unknown_category_and_missing_customer_are_refused():
    with pytest.raises(ValidationFailed) as caught:
        CustomerRequirement.identify(number="CSR-1", customer_id="", customer_name="Acme", category="colour",
                                     text="", at=AT, by="qe")
    assert set(caught.value.extra["errors"]) == {"customer.id", "category", "text"}


def test_the_status_moves_one_step_at_a_time_to_verified():
    csr = requirement()
    for target in STATUS_FLOW[1:]:
        csr.advance(target, at=AT, by="qe")
    assert csr.status == "verified" and len(csr.history) == 4 and csr.version == 4
    with pytest.raises(InvalidTransition) as caught:
        csr.advance("identified", at=AT, by="qe")
    assert caught.value.extra["allowed"] == []


@pytest.mark.parametrize("target", ["identified", "communicated", "verified", "closed"])
def test_skipping_or_going_back_is_refused(target):
    csr = requirement()
    with pytest.raises(InvalidTransition) as caught:
        csr.advance(target, at=AT, by="qe")
    assert caught.value.extra == {"current_status": "identified", "allowed": ["reviewed"]}


def test_changing_limits_calls_for_re_evaluation_but_a_status_step_does_not():
    csr = requirement()
    csr.pull_events()
    csr.advance("reviewed", at=AT, by="qe")
    assert csr.pull_events()[0].affects_evaluation is False
    changed = csr.revise({"limits": [{"cas": LEAD, "substance": "Pb", "max_ppm": 100}]}, at=AT, by="qe")
    assert changed == ["limits"] and csr.limits[0].max_ppm == 100.0
    [event] = csr.pull_events()
    assert isinstance(event, CustomerRequirementChanged) and event.affects_evaluation


def test_revising_text_only_and_unchanged_values():
    csr = requirement()
    csr.pull_events()
    assert csr.revise({"text": "Lead below 500 ppm"}, at=AT, by="qe") == []
    assert csr.revise({"text": "New text", "source_document": "Acme CSR rev B"}, at=AT, by="qe") == [
        "text", "source_document"]
    assert csr.pull_events()[0].affects_evaluation is False


def test_a_revision_that_breaks_a_rule_changes_nothing():
    csr = requirement()
    with pytest.raises(ValidationFailed):
        csr.revise({"category": "appearance"}, at=AT, by="qe")  # it still has limits
    with pytest.raises(ValidationFailed):
        csr.revise({"customer_id": "C-9"}, at=AT, by="qe")
    assert (csr.category, csr.customer_id, csr.version) == ("environmental", "C-1", 1)
