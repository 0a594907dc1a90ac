"""Claims (索赔): every allowed and refused step, the customer's no, rejection on customer responsibility."""
import uuid
from decimal import Decimal

import pytest
from complaints_builders import at
from qms_shared.domain import InvalidTransition, ValidationFailed

from complaints.domain import claim_events as events
from complaints.domain.claim import Claim


def submit(**overrides):
    fields = dict(id=uuid.uuid4(), number="CL-2026-000001", complaint_id=uuid.uuid4(),
                  complaint_number="CP-2026-000001", customer_id="C-001", customer_name="Acme Paper",
                  amount=Decimal("8000.00"), currency="CNY", description="Reprint of 200 cartons.",
                  evidence=["photo-1.jpg"]) | overrides
    return Claim.submit(by="li.sales", at=at(2026, 3, 3), **fields)


def analyse(claim, responsibility="company", amount="6000.00"):
    claim.analyse(proposal="Pay reprint, not freight.", proposed_amount=Decimal(amount),
                  responsibility=responsibility, by="wang.quality", at=at(2026, 3, 5))
    return claim


def approve(claim):
    claim.approve(by="boss", at=at(2026, 3, 6))
    return claim


def respond(claim, accepted=True):
    claim.record_customer_response(accepted=accepted, by="li.sales", at=at(2026, 3, 9))
    return claim


def settle(claim):
    claim.settle(by="finance", at=at(2026, 3, 20), reference="PAY-778")
    return claim


WALKS = {"submitted": [], "analysed": [analyse], "approved": [analyse, approve],
         "agreed": [analyse, approve, respond], "settled": [analyse, approve, respond, settle],
         "rejected": [lambda c: analyse(c, "customer", "0"), approve, respond]}
STEPS = {"analysis": analyse, "approval": approve, "customer-response": respond, "settlement": settle}
ALLOWED = {"submitted": {"analysis": "analysed"}, "analysed": {"analysis": "analysed", "approval": "approved"},
           "approved": {"customer-response": "agreed"}, "agreed": {"settlement": "settled"},
           "rejected": {}, "settled": {}}


@pytest.mark.parametrize("status,step", [(s, step) for s in WALKS for step in STEPS])
def test_each_claim_step_is_allowed_exactly_where_the_flow_says(status, step):
    claim = submit()
    for walk in WALKS[status]:
        walk(claim)
    assert claim.status == status
    if step in ALLOWED[status]:
        STEPS[step](claim)
        assert claim.status == ALLOWED[status][step]
        return
    with pytest.raises(InvalidTransition) as refused:
        STEPS[step](claim)
    assert refused.value.extra["allowed"] == sorted(ALLOWED[status])
    assert claim.status == status


def test_the_whole_flow_is_recorded_and_announced():
    claim = settle(respond(approve(analyse(submit()))))
    assert [(h.action, h.from_status, h.to_status, h.by) for h in claim.history] == [
        ("submission", None, "submitted", "li.sales"), ("analysis", "submitted", "analysed", "wang.quality"),
        ("approval", "analysed", "approved", "boss"), ("customer-response", "approved", "agreed", "li.sales"),
        ("settlement", "agreed", "settled", "finance")]
    assert claim.settled_amount == Decimal("6000.00") and claim.settlement_reference == "PAY-778"
    assert [type(e) for e in claim.pull_events()] == [events.ClaimSubmitted, events.ClaimAnalysed,
                                                      events.ClaimApproved, events.ClaimDecided, events.ClaimSettled]
    assert claim.version == 5


def test_a_proposal_the_customer_declines_goes_back_to_analysis():
    claim = approve(analyse(submit()))
    claim.pull_events()
    respond(claim, accepted=False)
    assert claim.status == "analysed" and claim.declined_rounds == 1
    [declined] = claim.pull_events()
    assert isinstance(declined, events.ClaimProposalDeclined) and declined.rounds == 1
    respond(approve(analyse(claim, amount="7000.00")))
    assert claim.status == "agreed" and claim.proposed_amount == Decimal("7000.00")


def test_not_our_responsibility_ends_rejected_once_the_customer_is_informed():
    claim = respond(approve(analyse(submit(), "customer", "0")))
    assert claim.status == "rejected"
    decided = claim.pull_events()[-1]
    assert isinstance(decided, events.ClaimDecided) and decided.outcome == "rejected"


def test_a_supplier_caused_claim_is_still_paid_to_the_customer():
    assert respond(approve(analyse(submit(), "supplier"))).status == "agreed"


@pytest.mark.parametrize("overrides,field", [
    ({"amount": Decimal("0")}, "amount"), ({"amount": Decimal("-1")}, "amount"), ({"amount": 100}, "amount"),
    ({"currency": "cny"}, "currency"), ({"currency": "RMB1"}, "currency"), ({"description": ""}, "description"),
    ({"evidence": [""]}, "evidence"),
])
def test_bad_claims_are_refused(overrides, field):
    with pytest.raises(ValidationFailed) as failed:
        submit(**overrides)
    assert field in failed.value.extra["errors"]


def test_the_smallest_claim_is_one_cent():
    assert submit(amount=Decimal("0.01")).amount == Decimal("0.01")


@pytest.mark.parametrize("responsibility,amount,ok", [
    ("company", "8000.00", True), ("company", "8000.01", False), ("company", "-0.01", False),
    ("company", "0", True), ("customer", "0", True), ("customer", "1", False), ("nobody", "1", False),
])
def test_the_proposal_stays_within_the_claim(responsibility, amount, ok):
    claim = submit()
    if ok:
        analyse(claim, responsibility, amount)
        assert claim.proposed_amount == Decimal(amount)
        return
    with pytest.raises(ValidationFailed):
        analyse(claim, responsibility, amount)
    assert claim.status == "submitted"


def test_settlement_may_not_exceed_the_agreed_amount_or_be_negative():
    claim = respond(approve(analyse(submit())))
    for amount in (Decimal("6000.01"), Decimal("-1")):
        with pytest.raises(ValidationFailed) as failed:
            claim.settle(by="finance", at=at(2026, 3, 20), amount=amount)
        assert "amount" in failed.value.extra["errors"]
    claim.settle(by="finance", at=at(2026, 3, 20), amount=Decimal("6000.00"))
    assert claim.status == "settled"


def test_the_customer_response_needs_a_yes_or_no():
    claim = approve(analyse(submit()))
    with pytest.raises(ValidationFailed) as failed:
        claim.record_customer_response(accepted=None, by="u", at=at(2026, 3, 9))
    assert "accepted" in failed.value.extra["errors"] and claim.status == "approved"
