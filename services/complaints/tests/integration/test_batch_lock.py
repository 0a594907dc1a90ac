"""The batch rule under concurrency, on real PostgreSQL: two receipts in one batch see each other's returns."""
import threading
import time
import uuid
from datetime import date

from sqlalchemy import text

from complaints.adapters.repository import ComplaintRepository
from complaints.domain.batch import BatchKey
from complaints.domain.commands import ReceiveComplaint
from qms_shared.domain import Actor

KEY = BatchKey("BOX-9", production_date=date(2026, 3, 1))
QUALITY = Actor(id="t", roles=frozenset({"quality"}))  # who records quality complaints


def _receive(ctx, returned: int):
    fields = {"customer_id": "C-2", "customer_name": "Beta", "category": "quality", "description": "d",
              "product_code": KEY.product_code, "production_date": KEY.production_date,
              "returned_quantity": returned}
    return ctx.bus.handle(ReceiveComplaint(fields=fields, actor=QUALITY))


def _stored_classes(ctx) -> dict:
    with ctx.uow_factory() as uow:
        return {c.number: (c.returned_quantity, c.incident_class)
                for c in uow.complaints.in_batch(KEY, excluding=uuid.UUID(int=0))}


def _advisory_lock_waiters(ctx) -> int:
    with ctx.db.engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).scalar_one()


def _wait_for_a_waiter(ctx, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _advisory_lock_waiters(ctx):
            return True
        time.sleep(0.02)
    return False


def test_two_concurrent_receipts_in_one_batch_both_count_each_others_returns(ctx, monkeypatch):
    first_locked, release_first = threading.Event(), threading.Event()
    locked_read = ComplaintRepository.lock_batch
    seen, created = [], {}

    def pausing(self, key, **kwargs):
        figures = locked_read(self, key, **kwargs)
        seen.append(figures.returned)
        if threading.current_thread().name == "first":
            first_locked.set()
            release_first.wait(10)  # the first receipt holds the batch lock until it is let go
        return figures
    monkeypatch.setattr(ComplaintRepository, "lock_batch", pausing)

    def run(name, returned):
        created[name] = _receive(ctx, returned)
    first = threading.Thread(target=run, args=("first", 30), name="first")
    second = threading.Thread(target=run, args=("second", 25), name="second")
    first.start()
    assert first_locked.wait(10)
    second.start()
    try:
        assert _wait_for_a_waiter(ctx), "the second receipt must wait for the batch lock"
        assert seen == [0], "and must not have read the batch's returns yet"
    finally:
        release_first.set()
        first.join(10)
        second.join(10)
    assert seen == [0, 30]  # the second read after the first committed: its 30 are in the sum
    # 55 >= 50: the second is a batch incident, and the first was reclassified with it in one transaction
    assert created["second"].incident_class == "batch"
    assert _stored_classes(ctx) == {created["first"].number: (30, "batch"),
                                    created["second"].number: (25, "batch")}


def test_a_receipt_taking_its_batch_across_the_threshold_reclassifies_the_others(ctx):
    below = _receive(ctx, 30)
    assert below.incident_class == "general"
    crossing = _receive(ctx, 25)  # 55: the earlier complaint becomes a batch incident with this one
    assert _stored_classes(ctx) == {below.number: (30, "batch"), crossing.number: (25, "batch")}


def test_a_receipt_without_a_batch_takes_no_batch_lock(ctx, monkeypatch):
    from qms_shared import db
    taken = []
    monkeypatch.setattr("complaints.adapters.repository.advisory_xact_lock",
                        lambda session, *key: taken.append(key) or db.advisory_xact_lock(session, *key))
    fields = {"customer_id": "C-2", "customer_name": "Beta", "category": "quality", "description": "d",
              "returned_quantity": 10}
    ctx.bus.handle(ReceiveComplaint(fields=fields, actor=QUALITY))
    assert taken == []  # no model and production date: no batch to keep consistent
    _receive(ctx, 1)
    assert taken == [("complaint-batch", KEY.product_code, KEY.production_date.isoformat())]
    ctx.bus.handle(ReceiveComplaint(fields={**fields, "product_code": "BOX-9", "product_batch": "B7"},
                                    actor=QUALITY))
    assert taken[-1] == ("complaint-batch", "BOX-9", "batch", "B7")  # a batch number names its own lock
