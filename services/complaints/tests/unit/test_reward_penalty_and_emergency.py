"""Reward/penalty notices (§5-7) and emergencies (重大质量问题应急预案), pure."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from qms_shared.domain import Forbidden, ValidationFailed

from complaints.domain.emergency import Emergency, conditions_met
from complaints.domain.reward_penalty import Clause, RewardPenaltyNotice, harsher, shipped_clauses
from complaints.domain.reward_penalty_summary import monthly_summary

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def clauses() -> dict:
    return {e["code"]: Clause.define(id=uuid.uuid4(), by="a", at=T0, **e) for e in shipped_clauses()}


def notice(clause_list, amount, quantity=1, **overrides):
    fields = dict(person_name="Li", department="quality", reason="r", month=date(2026, 3, 1))
    return RewardPenaltyNotice.issue(id=uuid.uuid4(), number=f"RP-2026-{uuid.uuid4().int % 10**6:06d}",
                                     clauses=clause_list, by="issuer", by_id="u1", at=T0, amount=Decimal(amount),
                                     quantity=quantity, **{**fields, **overrides})


def test_the_shipped_clauses_are_valid_and_per_piece_ranges_scale_with_the_quantity():
    by_code = clauses()
    assert len(by_code) == 43 and by_code["5.2.1.12"].range_for(3) == (Decimal("150.00"), Decimal("600.00"))
    assert harsher([by_code["5.2.1.11"], by_code["5.2.1.12"]]).code == "5.2.1.12"


def test_a_notice_outside_the_governing_range_is_refused_and_the_issuer_cannot_approve_it():
    by_code = clauses()
    with pytest.raises(ValidationFailed):
        notice([by_code["5.1.1.1"]], "101")
    issued = notice([by_code["5.1.1.1"]], "100")
    with pytest.raises(Forbidden):
        issued.approve(by="issuer", by_id="u1", department="quality", at=T0)
    with pytest.raises(Forbidden):
        issued.approve(by="head", by_id="u2", department="sales", at=T0)
    issued.approve(by="head", by_id="u2", department="quality", at=T0)
    assert issued.status == "approved"


def test_the_summary_counts_approved_notices_per_department_and_person():
    by_code = clauses()
    penalties = [notice([by_code["5.2.1.11"]], "30", quantity=3), notice([by_code["5.2.1.11"]], "10")]
    reward = notice([by_code["5.2.2.1"]], "50", person_name="Wang")
    for n in (*penalties, reward):
        n.approve(by="head", by_id="u2", department="quality", at=T0)
    pending = notice([by_code["5.2.1.11"]], "10")
    summary = monthly_summary([*penalties, reward, pending], month=date(2026, 3, 1))
    assert summary["departments"][0]["net"] == Decimal("10.00") and summary["pending_approval"] == 1
    assert [(p["person_name"], p["penalties"], p["rewards"]) for p in summary["people"]] == [
        ("Li", Decimal("40.00"), Decimal("0.00")), ("Wang", Decimal("0.00"), Decimal("50.00"))]


def test_the_assembly_rule_follows_the_figures_never_a_tick():
    assert conditions_met([], 5) == ["assembly_batch_failure"]
    assert conditions_met(["assembly_batch_failure"], 4) == []
    assert conditions_met(["customer_penalty"], 7) == ["customer_penalty", "assembly_batch_failure"]


def test_an_emergency_closes_only_on_the_four_donts():
    emergency = Emergency.open(id=uuid.uuid4(), number="EM-2026-000001", by="q", at=T0, source="manual",
                               description="d", responsible_department="production", assembly_failures=5)
    emergency.hold_meeting(held_at=T0, attendees=["GM"], minutes="m", by="q", at=T0)
    emergency.issue_rectification(requirements="r", due_date=date(2026, 3, 9), by="q", at=T0)
    emergency.approve_measures(measures="m", by="gm", at=T0)
    emergency.verify(effective=True, by="q", at=T0)
    checks = {name: {"done": True, "note": "n"} for name in
              ("cause_clear", "people_educated", "measures_taken", "responsibility_dealt")}
    with pytest.raises(ValidationFailed):
        emergency.close(four_donts={**checks, "measures_taken": {"done": False, "note": "n"}}, by="q", at=T0)
    emergency.close(four_donts=checks, by="q", at=T0)
    assert [e.verb for e in emergency.pull_events()] == [
        "opened", "meeting_held", "rectification_issued", "measures_approved", "verified", "closed"]
