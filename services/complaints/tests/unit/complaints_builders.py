"""Builders shared by the complaint unit tests: a fixed clock, the default policy, ready complaints."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from complaints.domain.batch import BatchFigures, BatchMember, batch_key
from complaints.domain.complaint import Complaint
from complaints.domain.deadlines import DeadlinePolicy
from complaints.domain.incident import IncidentThresholds
from qms_shared.workdays import WorkCalendar

CST = timezone(timedelta(hours=8))
POLICY = DeadlinePolicy(calendar=WorkCalendar())
THRESHOLDS = IncidentThresholds()
RECEIVED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=CST)  # a Monday with no holiday near it


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0, second: int = 0) -> datetime:
    """A Beijing-time timestamp."""
    return datetime(year, month, day, hour, minute, second, tzinfo=CST)


def elsewhere(returned: int = 0, reported: int | None = None, key=None) -> BatchFigures:
    """A batch whose other complaints (one, CP-2026-000900) returned `returned` and reported `reported` pieces."""
    if not returned and not reported:
        return BatchFigures(key)
    return BatchFigures(key, (BatchMember("CP-2026-000900", max(returned, reported or 0), returned),))


def receive(*, at_time: datetime = RECEIVED_AT, policy: DeadlinePolicy = POLICY, batch_returns_elsewhere: int = 0,
            number: str = "CP-2026-000001", batch: BatchFigures | None = None, **fields) -> Complaint:
    """A quality complaint received by email, with any field overridden (20 pieces affected, none returned)."""
    values = dict(customer_id="C-001", customer_name="Acme Paper", category="quality", channel="email",
                  description="Cartons crack at the fold.", product_code="BOX-7", product_batch="B2602",
                  production_date=at_time.date() - timedelta(days=10), quantity_affected=20,
                  returned_quantity=0, loss_amount=Decimal("1200.00"))
    values.update(fields)
    key = batch_key(values["product_code"], values["product_batch"], values["production_date"])
    batch = batch if batch is not None else elsewhere(batch_returns_elsewhere, key=key)
    return Complaint.receive(id=uuid.uuid4(), number=number, by="li.sales", at=at_time, policy=policy,
                             thresholds=THRESHOLDS, batch=batch, **values)


def contain(c: Complaint, when: datetime | None = None) -> Complaint:
    c.contain(action="Quarantine stock, replace 200 cartons.", by="wang.quality", at=when or at(2026, 3, 3))
    return c


def analyse(c: Complaint, responsibility: str = "company", when: datetime | None = None) -> Complaint:
    c.analyse(root_cause="Board moisture too low.", cause_category="material", responsibility=responsibility,
              responsible_department="purchasing" if responsibility != "customer" else None, by="wang.quality",
              at=when or at(2026, 3, 5))
    return c


def plan(c: Complaint, when: datetime | None = None) -> Complaint:
    c.plan_action(corrective_action="Condition board 24 h.", preventive_action="Add moisture check at receipt.",
                  approved_by="zhao.head", by="wang.quality", at=when or at(2026, 3, 9))
    return c


def implement(c: Complaint, when: datetime | None = None) -> Complaint:
    c.implement(note="Conditioning room in use since 10 March.", by="wang.quality", at=when or at(2026, 3, 12))
    return c


def verify(c: Complaint, effective: bool = True, when: datetime | None = None) -> Complaint:
    c.verify(effective=effective, note=None if effective else "Cracks again in lot B2604.", by="qian.quality",
             at=when or at(2026, 3, 20), policy=POLICY)
    return c


def complaint_in(status: str, responsibility: str = "company") -> Complaint:
    """A complaint walked through the lifecycle up to `status`."""
    steps = {"received": [], "contained": [contain], "analysed": [contain, lambda c: analyse(c, responsibility)],
             "action_planned": [contain, analyse, plan], "verifying": [contain, analyse, plan, implement],
             "closed": [contain, analyse, plan, implement, verify]}
    complaint = receive()
    for step in steps[status]:
        step(complaint)
    return complaint
