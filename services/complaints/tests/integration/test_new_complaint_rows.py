"""A new complaint is stored alike whether the ORM flushes it or the unit of work's add_new writes it."""
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import select

from complaints.adapters import tables as t
from complaints.domain.complaint import Complaint

ACTIONS = ["receipt"]


def _received(ctx, **fields) -> Complaint:
    deps = ctx.extras["deps"]
    return Complaint.receive(id=uuid.uuid4(), number=f"CP-2026-{uuid.uuid4().int % 10**6:06d}", by="li.sales",
                             at=datetime(2026, 3, 2, 1, tzinfo=timezone.utc), policy=deps.policy,
                             thresholds=deps.thresholds, customer_id="C-1", customer_name="Acme",
                             category="quality", channel="email", description="Cartons crack.",
                             product_code="BOX-3", production_date=date(2026, 2, 1), returned_quantity=60,
                             loss_amount=Decimal("1200.50"), attachments=["photo.jpg"], injury=True, **fields)


def _stored(ctx, complaint_id):
    with ctx.db.engine.connect() as conn:
        row = conn.execute(select(t.complaints).where(t.complaints.c.id == complaint_id)).mappings().one()
        history = conn.execute(select(t.complaint_history).where(
            t.complaint_history.c.complaint_id == complaint_id)).mappings().all()
    ignore = {"id", "number", "search_text", "complaint_id"}
    return ({k: v for k, v in row.items() if k not in ignore},
            [{k: v for k, v in h.items() if k not in ignore | {"id"}} for h in history])


def test_the_orm_and_add_new_store_the_same_row_and_history(ctx):
    by_orm, by_add_new = _received(ctx), _received(ctx)
    with ctx.uow_factory() as uow:
        uow.complaints.add(by_orm)  # the ORM's flush
        uow.commit()
    with ctx.uow_factory() as uow:
        uow.add_new(by_add_new)  # one INSERT statement
        uow.commit()
    orm_row, orm_history = _stored(ctx, by_orm.id)
    assert _stored(ctx, by_add_new.id) == (orm_row, orm_history)
    assert (orm_row["status"], orm_row["incident_class"], orm_row["loss_amount"], orm_row["attachments"],
            orm_row["version"]) == ("received", "major", Decimal("1200.50"), ["photo.jpg"], 1)
    assert [h["action"] for h in orm_history] == ACTIONS
