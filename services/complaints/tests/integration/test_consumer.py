"""Events from other services: a nonconformance naming a complaint is noted on it, once."""
from __future__ import annotations

import uuid

from complaints_api import create

from qms_shared import envelope
from qms_shared.consumer import EventConsumer


def _consumer(ctx):
    import threading
    return EventConsumer(config=ctx.config, uow_factory=ctx.uow_factory, handlers=ctx.event_handlers,
                         tables=ctx.tables, stop=threading.Event())


def _nonconformance(data: dict) -> str:
    env = envelope.new_envelope(source="compliance", type="compliance.nonconformance.opened",
                                subject=uuid.uuid4(), data=data)
    return envelope.dumps(env)


def test_a_nonconformance_naming_a_complaint_lands_in_its_trail_once(api, auth, ctx):
    created = create(api, auth)
    body = _nonconformance({"number": "NC-2026-000004", "complaint_number": created["number"]})
    consumer = _consumer(ctx)
    assert consumer.apply(body).kind == "applied"
    assert consumer.apply(body).kind == "duplicate"
    history = api.get(f"/api/v1/complaints/{created['id']}", headers=auth()).get_json()["history"]
    assert [h["details"] for h in history if h["action"] == "reference"] == [
        {"kind": "nonconformance", "reference": "NC-2026-000004"}]


def test_a_nonconformance_naming_no_complaint_changes_nothing(api, auth, ctx):
    created = create(api, auth)
    consumer = _consumer(ctx)
    assert consumer.apply(_nonconformance({"number": "NC-2026-000005"})).kind == "applied"
    assert consumer.apply(_nonconformance({"number": "NC-2026-000006", "complaint_id": str(uuid.uuid4())})).kind == "applied"
    body = api.get(f"/api/v1/complaints/{created['id']}", headers=auth()).get_json()
    assert body["version"] == 1 and len(body["history"]) == 1
