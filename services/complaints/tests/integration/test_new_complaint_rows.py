"""A new complaint's rows go in with its outbox rows in one transaction, and nothing goes in when it fails."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from complaints.adapters import tables as t
from complaints.service_layer.unit_of_work import ComplaintsUnitOfWork
from complaints.domain.commands import ReceiveComplaint
from qms_shared.domain import Actor, Conflict

OUTBOX = t.metadata.tables["outbox"]
FIELDS = {"customer_id": "C-1", "customer_name": "Acme", "category": "quality", "channel": "email",
          "description": "Cartons crack.", "product_code": "BOX-3", "production_date": date(2026, 2, 1),
          "returned_quantity": 60, "loss_amount": Decimal("1200.50"), "attachments": ["photo.jpg"], "injury": True}


def _receive(ctx):
    return ctx.bus.handle(ReceiveComplaint(fields=dict(FIELDS), actor=Actor(id="li", name="li.sales", roles=frozenset({"sales"}))))


def _rows_of(ctx, complaint_id) -> dict:
    with ctx.db.engine.connect() as conn:
        def xmins(sql):
            return conn.execute(text(sql), {"id": str(complaint_id)}).scalars().all()
        return {"complaint": xmins("SELECT xmin::text FROM complaints WHERE id = :id"),
                "types": xmins("SELECT event_type FROM outbox WHERE payload::json ->> 'subject' = :id ORDER BY id"),
                "history": xmins("SELECT xmin::text FROM complaint_history WHERE complaint_id = :id"),
                "outbox": xmins("SELECT xmin::text FROM outbox WHERE payload::json ->> 'subject' = :id")}


def _count(ctx, table) -> int:
    with ctx.db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _counts(ctx) -> dict:
    return {table.name: _count(ctx, table) for table in (t.complaints, t.complaint_history, OUTBOX)}


def test_the_complaint_its_history_and_its_events_are_written_by_one_transaction(ctx):
    complaint = _receive(ctx)
    rows = _rows_of(ctx, complaint.id)
    assert rows["types"] == ["complaints.complaint.received", "complaints.incident.classified",
                             "complaints.major_incident.raised"]
    assert (len(rows["complaint"]), len(rows["history"]), len(rows["outbox"])) == (1, 1, 3)
    assert len(set(rows["complaint"] + rows["history"] + rows["outbox"])) == 1  # the same inserting transaction
    with ctx.db.engine.connect() as conn:
        row = conn.execute(select(t.complaints).where(t.complaints.c.id == complaint.id)).mappings().one()
        history = conn.execute(select(t.complaint_history).where(
            t.complaint_history.c.complaint_id == complaint.id)).mappings().all()
    assert (row["number"], row["status"], row["incident_class"], row["loss_amount"], row["attachments"],
            row["version"]) == (complaint.number, "received", "major", Decimal("1200.50"), ["photo.jpg"], 1)
    assert [(h["action"], h["by"]) for h in history] == [("receipt", "li.sales")]


def test_nothing_is_written_when_the_commit_fails(ctx, monkeypatch):
    _receive(ctx)
    before = _counts(ctx)
    with ctx.db.engine.connect() as conn:
        taken = conn.execute(select(OUTBOX.c.event_id).limit(1)).scalar_one()
    real_rows = ComplaintsUnitOfWork._outbox_rows

    def colliding(pending):  # the outbox INSERT, after the complaint's rows, breaks a unique key
        return [{**row, "event_id": taken} for row in real_rows(pending)]
    monkeypatch.setattr(ComplaintsUnitOfWork, "_outbox_rows", staticmethod(colliding))
    with pytest.raises(Conflict):
        _receive(ctx)
    assert _counts(ctx) == before


def test_a_stale_version_at_commit_is_the_domains_concurrent_update(ctx):
    from complaints.domain.exceptions import ConcurrentUpdate
    complaint = _receive(ctx)
    with ctx.uow_factory() as uow:
        mine = uow.complaints.get(complaint.id)
        with ctx.uow_factory() as other:
            theirs = other.complaints.get(complaint.id)
            theirs.contain(action="Stopped shipping.", by="x", at=theirs.received_at)
            other.commit()
        mine.contain(action="Recalled the batch.", by="y", at=mine.received_at)
        with pytest.raises(ConcurrentUpdate):
            uow.commit()
