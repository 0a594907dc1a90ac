"""The outbox and its relay: events leave if and only if the change committed, in order, confirmed."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import insert, select

import notes_service
from qms_shared import testing
from qms_shared.broker import connect
from qms_shared.catalogue import Catalogue
from qms_shared.relay import ConfirmingPublisher, OutboxRelay


def _write(ctx, count=1, type_="test.note.written", rollback=False):
    with ctx.uow_factory() as uow:
        for n in range(count):
            uow.session.execute(insert(notes_service.notes).values(event_id="local", text=str(n)))
            uow.publish(type_, "subject-1", {"n": n})
        if not rollback:
            uow.commit()


def _outbox(ctx):
    with ctx.db.engine.connect() as conn:
        return conn.execute(select(ctx.tables.outbox).order_by(ctx.tables.outbox.c.id)).mappings().all()


def _relay_all(ctx):
    stop = threading.Event()
    relay = OutboxRelay(ctx.db, ctx.tables, ctx.config, stop)
    with connect(ctx.config) as conn:
        publisher = ConfirmingPublisher(conn, ctx.config)
        total = 0
        while (n := relay.relay_once(publisher)) > 0:
            total += n
    return total


def test_committed_change_publishes_its_events_in_order_and_marks_them_sent(ctx):
    probe = testing.ProbeQueue(ctx.config)
    try:
        _write(ctx, count=5)
        assert _relay_all(ctx) == 5
        received = probe.messages(5)
        assert [m["data"]["n"] for m in received] == [0, 1, 2, 3, 4]
        assert all(row["published_at"] is not None for row in _outbox(ctx))
        assert received[0]["source"] == "notes" and received[0]["version"] == 1
    finally:
        probe.close()


def test_rolled_back_change_publishes_nothing(ctx):
    probe = testing.ProbeQueue(ctx.config)
    try:
        _write(ctx, count=3, rollback=True)
        assert _outbox(ctx) == []
        assert _relay_all(ctx) == 0
        assert probe.messages(1, timeout=0.5) == []
    finally:
        probe.close()


def test_event_without_any_bound_queue_is_detected_as_unroutable(ctx):
    probe = testing.ProbeQueue(ctx.config, pattern="other.#")
    try:
        _write(ctx, count=1, type_="test.note.nobody")
        assert _relay_all(ctx) == 1
        row = _outbox(ctx)[0]
        assert row["unroutable"] is True and row["published_at"] is not None
    finally:
        probe.close()


def test_events_written_while_broker_is_down_are_published_when_it_returns(ctx, overrides):
    proxy = testing.TcpProxy()
    proxy.cut()
    probe = testing.ProbeQueue(ctx.config)
    stop = threading.Event()
    config = ctx.config.with_overrides({"broker_url": proxy.url()})
    relay = OutboxRelay(ctx.db, ctx.tables, config, stop)
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    try:
        _write(ctx, count=10)  # the change commits although the broker is unreachable
        assert probe.messages(1, timeout=1.5) == []
        assert all(row["published_at"] is None for row in _outbox(ctx))
        proxy.restore()
        received = probe.messages(10, timeout=20)
        assert sorted(m["data"]["n"] for m in received) == list(range(10))
        testing.wait_until(lambda: all(r["published_at"] for r in _outbox(ctx)), timeout=10)
    finally:
        stop.set()
        thread.join(10)
        probe.close()
        proxy.close()


def test_relay_reconnects_after_the_broker_restarts_and_loses_nothing(ctx):
    proxy = testing.TcpProxy()
    probe = testing.ProbeQueue(ctx.config)
    stop = threading.Event()
    relay = OutboxRelay(ctx.db, ctx.tables, ctx.config.with_overrides({"broker_url": proxy.url()}), stop)
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    try:
        _write(ctx, count=3)
        first = probe.messages(3, timeout=10)
        proxy.cut()
        _write(ctx, count=3)
        proxy.restore()
        second = probe.messages(3, timeout=20)
        ids = [m["id"] for m in first + second]
        assert len(ids) == 6 and len(set(ids)) == 6
        assert proxy.accepted >= 2  # it really did reconnect
    finally:
        stop.set()
        thread.join(10)
        probe.close()
        proxy.close()


def test_published_envelopes_carry_the_contract_fields(ctx):
    probe = testing.ProbeQueue(ctx.config)
    try:
        _write(ctx, count=1)
        _relay_all(ctx)
        env = probe.messages(1)[0]
        from qms_shared.catalogue import ENVELOPE_SCHEMA
        import jsonschema
        jsonschema.validate(env, ENVELOPE_SCHEMA, format_checker=jsonschema.FormatChecker())
        assert env["subject"] == "subject-1"
    finally:
        probe.close()


def test_catalogue_refuses_unknown_types_and_bad_data():
    catalogue = Catalogue({"a.b.created": {"version": 1, "schema": {
        "type": "object", "required": ["x"], "properties": {"x": {"type": "integer"}}}}})
    from qms_shared.envelope import new_envelope
    catalogue.validate(new_envelope(source="s", type="a.b.created", subject="1", data={"x": 1}))
    import jsonschema
    with pytest.raises(jsonschema.ValidationError):
        catalogue.validate(new_envelope(source="s", type="a.b.created", subject="1", data={"x": "no"}))
    from qms_shared.catalogue import UnknownEvent
    with pytest.raises(UnknownEvent):
        catalogue.validate(new_envelope(source="s", type="a.b.deleted", subject="1", data={}))


@pytest.mark.parametrize("count", [3, 250])
def test_a_commit_writes_every_event_in_order_and_wakes_the_relay_once(ctx, count):
    import psycopg
    from qms_shared.uow import OUTBOX_CHANNEL
    url = ctx.db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as listener:
        listener.execute(f"LISTEN {OUTBOX_CHANNEL}")
        _write(ctx, count)
        woken = list(listener.notifies(timeout=2, stop_after=2))
    assert len(woken) == 1  # identical notifications of one transaction fold into one
    assert [row["payload"] for row in _outbox(ctx)] == sorted(
        (row["payload"] for row in _outbox(ctx)), key=lambda p: int(p.split('"n":')[1].split("}")[0]))
    assert len(_outbox(ctx)) == count
