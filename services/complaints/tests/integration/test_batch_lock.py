"""The batch rule under concurrency, on real PostgreSQL: two creations in one batch see each other."""
import threading
import uuid
from datetime import date, datetime, timezone

from complaints.domain.complaint import Complaint

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
