"""The batch rule under concurrency, on real PostgreSQL: two creations in one batch see each other."""
import threading
import uuid
from datetime import date, datetime, timezone

from complaints.domain.complaint import Complaint
from qms_shared.persistence import driver_connection

KEY = ("BOX-9", date(2026, 3, 1))


def _new_complaint(ctx, returned: int) -> Complaint:
    deps = ctx.extras["deps"]
    return Complaint.receive(id=uuid.uuid4(), number=f"CP-2026-{uuid.uuid4().int % 10**6:06d}", by="t",
                             at=datetime.now(timezone.utc), policy=deps.policy, thresholds=deps.thresholds,
                             customer_id="C-1", customer_name="Acme", category="quality", description="d",
                             product_code=KEY[0], production_date=KEY[1], returned_quantity=returned)


def test_a_creation_waiting_on_the_batch_sees_the_returns_committed_meanwhile(ctx):
    seen = {}
    first_holds_lock, second_started = threading.Event(), threading.Event()

    def second():
        second_started.set()
        with ctx.uow_factory() as uow:
            seen["second"] = uow.complaints.batch_returns(KEY)  # waits here for the first to commit
            uow.complaints.add(_new_complaint(ctx, 5))
            uow.commit()

    with ctx.uow_factory() as uow:
        assert uow.complaints.batch_returns(KEY) == 0
        first_holds_lock.set()
        worker = threading.Thread(target=second)
        worker.start()
        second_started.wait(5)
        worker.join(0.5)
        assert worker.is_alive(), "the second creation must wait for the batch lock"
        uow.complaints.add(_new_complaint(ctx, 7))
        uow.commit()
    worker.join(10)
    assert seen["second"] == 7  # its sum was taken after the lock: the first's returns are in it
    with ctx.uow_factory() as uow:
        assert uow.complaints.batch_returns(KEY) == 12
        first = uow.complaints.in_batch(KEY, excluding=uuid.UUID(int=0))
        assert sorted(c.returned_quantity for c in first) == [5, 7]


def _receive(ctx, returned: int):
    from complaints.service_layer.commands import ReceiveComplaint
    from complaints.service_layer.complaint_handlers import receive_complaint
    fields = {"customer_id": "C-2", "customer_name": "Beta", "category": "quality", "description": "d",
              "product_code": KEY[0], "production_date": KEY[1], "returned_quantity": returned}
    return receive_complaint(ReceiveComplaint(fields=fields, by="t"), uow=ctx.uow_factory(), deps=ctx.extras["deps"])


def _stored_classes(ctx) -> dict:
    with ctx.uow_factory() as uow:
        return {c.number: (c.returned_quantity, c.incident_class)
                for c in uow.complaints.in_batch(KEY, excluding=uuid.UUID(int=0))}


def test_a_creation_is_written_without_a_transaction_of_its_own_when_its_batch_did_not_change(ctx, monkeypatch):
    from complaints.adapters.repository import ComplaintRepository
    states, locked_reads = [], []
    unlocked = ComplaintRepository.batch_returns_and_number

    def spy(self, key, numbering, *, locked=True):
        result = unlocked(self, key, numbering, locked=locked)
        states.append(driver_connection(self.session).info.transaction_status.name)
        return result
    monkeypatch.setattr(ComplaintRepository, "batch_returns_and_number", spy)
    monkeypatch.setattr(ComplaintRepository, "batch_returns", lambda *a, **k: locked_reads.append(a) or 0)
    first, second = _receive(ctx, 10), _receive(ctx, 20)
    assert states == ["IDLE", "IDLE"]  # the read sent no BEGIN: no transaction was open after it
    assert locked_reads == []  # and nothing had to be done again under the lock
    assert _stored_classes(ctx) == {first.number: (10, "general"), second.number: (20, "general")}


def test_a_creation_whose_batch_changed_after_its_read_is_done_again_under_the_lock(ctx, monkeypatch):
    from complaints.adapters.repository import ComplaintRepository
    unlocked = ComplaintRepository.batch_returns_and_number
    taken = []

    def racing(self, key, numbering, *, locked=True):
        returns, number = unlocked(self, key, numbering, locked=locked)
        if not locked and not taken:
            taken.append(number)
            with ctx.uow_factory() as other:  # another creation commits in the same batch meanwhile
                other.add_new(_new_complaint(ctx, 45))
                other.commit()
        return returns, number
    monkeypatch.setattr(ComplaintRepository, "batch_returns_and_number", racing)
    created = _receive(ctx, 10)
    assert created.number == taken[0]  # the number taken first is kept: no gap
    # read 0 elsewhere and would have been "general"; the write found 45, so it was done again under
    # the lock: 55 returns in the batch, both complaints are batch incidents now
    assert created.incident_class == "batch"
    stored = _stored_classes(ctx)
    assert sorted(stored.values()) == [(10, "batch"), (45, "batch")]
    assert stored[created.number] == (10, "batch")


def test_a_creation_taking_its_batch_across_the_threshold_reclassifies_the_others_in_one_transaction(ctx):
    below = _receive(ctx, 30)
    crossing = _receive(ctx, 25)  # 55: the earlier complaint becomes a batch incident with this one
    assert _stored_classes(ctx) == {below.number: (30, "batch"), crossing.number: (25, "batch")}
