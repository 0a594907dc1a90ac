"""The consumer: at most once per event, retries with delays, dead letters, heartbeats, reconnects."""
from __future__ import annotations

import json
import threading
import time

import notes_service
from qms_shared import deadletters, testing
from qms_shared.consumer import EventConsumer
from qms_shared.envelope import dumps, new_envelope


def _event(action="note", type_="test.note.written", **data):
    return new_envelope(source="test", type=type_, subject="s-1", data={"action": action, **data})


def _publish(ctx, env):
    testing.publish_raw(ctx.config, env["type"], dumps(env), message_id=env["id"])


Running = testing.RunningConsumer


def test_event_delivered_twice_is_applied_once(ctx):
    env = _event(text="hello")
    with Running(ctx):
        _publish(ctx, env)
        _publish(ctx, env)
        testing.wait_until(lambda: notes_service.count_notes(ctx.db, env["id"]) >= 1)
        time.sleep(0.5)  # let the second copy arrive and be judged
    assert notes_service.count_notes(ctx.db, env["id"]) == 1


def test_handler_that_keeps_failing_is_retried_then_dead_lettered_with_its_error(ctx):
    env = _event(action="fail")
    with Running(ctx):
        _publish(ctx, env)
        dead = testing.wait_until(lambda: deadletters.list_dead_letters(ctx.config), timeout=15)
    assert dead[0]["id"] == env["id"]
    assert dead[0]["attempts"] == 3  # the first try and two retries (delays 100 ms, 200 ms)
    assert "handler told to fail" in dead[0]["error"]
    assert notes_service.count_notes(ctx.db) == 0


def test_handler_that_fails_twice_succeeds_on_its_retry_without_dead_letter(ctx):
    env = _event(action="fail_times", times=2, text="third time lucky")
    with Running(ctx):
        _publish(ctx, env)
        testing.wait_until(lambda: notes_service.count_notes(ctx.db, env["id"]) == 1, timeout=15)
    assert deadletters.list_dead_letters(ctx.config) == []


def test_dead_letters_are_listed_without_being_removed_and_can_be_replayed(ctx):
    env = _event(action="fail_times", times=3, text="after replay")
    with Running(ctx):
        _publish(ctx, env)
        testing.wait_until(lambda: deadletters.list_dead_letters(ctx.config), timeout=15)
        assert len(deadletters.list_dead_letters(ctx.config)) == 1  # listing left it there
        assert deadletters.replay(ctx.config) == 1
        testing.wait_until(lambda: notes_service.count_notes(ctx.db, env["id"]) == 1, timeout=15)
    assert deadletters.list_dead_letters(ctx.config) == []


def test_message_that_is_not_an_event_goes_straight_to_dead_letters(ctx):
    with Running(ctx):
        testing.publish_raw(ctx.config, "test.note.garbage", "not json {", message_id="m-1")
        dead = testing.wait_until(lambda: deadletters.list_dead_letters(ctx.config), timeout=10)
    assert "not an event envelope" in dead[0]["error"]


def test_events_of_other_types_are_not_delivered_to_the_queue(ctx):
    env = _event(type_="test.other.thing")
    with Running(ctx):
        _publish(ctx, env)
        marker = _event(text="marker")
        _publish(ctx, marker)
        testing.wait_until(lambda: notes_service.count_notes(ctx.db, marker["id"]) == 1)
    assert notes_service.count_notes(ctx.db) == 1


def test_connection_survives_a_handler_longer_than_two_heartbeats(ctx):
    config = ctx.config.with_overrides({"heartbeat": 1})
    proxy_free = Running(ctx, config)
    env = _event(action="sleep", seconds=3.5, text="slow")
    with proxy_free as running:
        _publish(ctx, env)
        testing.wait_until(lambda: notes_service.count_notes(ctx.db, env["id"]) == 1, timeout=15)
        after = _event(text="after")
        _publish(ctx, after)
        testing.wait_until(lambda: notes_service.count_notes(ctx.db, after["id"]) == 1, timeout=10)
        assert running.consumer.ready.is_set()
    assert notes_service.count_notes(ctx.db, env["id"]) == 1


def test_consumer_reconnects_after_the_broker_restarts(ctx):
    proxy = testing.TcpProxy()
    config = ctx.config.with_overrides({"broker_url": proxy.url()})
    try:
        with Running(ctx, config) as running:
            first = _event(text="before")
            _publish(ctx, first)
            testing.wait_until(lambda: notes_service.count_notes(ctx.db, first["id"]) == 1)
            proxy.cut()
            second = _event(text="while down")
            _publish(ctx, second)  # straight to the real broker: it waits in the durable queue
            time.sleep(1)
            proxy.restore()
            testing.wait_until(lambda: notes_service.count_notes(ctx.db, second["id"]) == 1, timeout=20)
            assert running.consumer.ready.is_set()
        assert proxy.accepted >= 2
    finally:
        proxy.close()


def test_a_batch_applies_each_event_alone_and_rolls_back_only_the_failing_one(ctx):
    from sqlalchemy import func, select
    consumer = EventConsumer(config=ctx.config, uow_factory=ctx.uow_factory, handlers=ctx.event_handlers,
                             tables=ctx.tables, stop=threading.Event())
    first, second = _event(text="one"), _event(text="two", publish="test.echo.said")
    failing = _event(action="fail_after_writing", text="half", publish="test.echo.lost")
    bodies = [dumps(e) for e in (first, failing, second, first)] + ["garbage"]
    outcomes = consumer.applier.apply_batch(bodies)
    assert [o.kind for o in outcomes] == ["applied", "failed", "applied", "duplicate", "poison"]
    assert notes_service.count_notes(ctx.db, first["id"]) == 1
    assert notes_service.count_notes(ctx.db, second["id"]) == 1
    assert notes_service.count_notes(ctx.db, failing["id"]) == 0  # its note was rolled back with it
    with ctx.db.engine.connect() as conn:
        types = conn.execute(select(ctx.tables.outbox.c.event_type)).scalars().all()
        inbox = conn.execute(select(func.count()).select_from(ctx.tables.inbox)).scalar_one()
    assert types == ["test.echo.said"]  # the failing handler's queued event went with it
    assert inbox == 2
    # retried later, the failing event is applied as if for the first time
    assert consumer.applier.apply_batch([dumps({**failing, "data": {"text": "half"}})])[0].kind == "applied"


def test_many_waiting_events_are_all_applied_once(ctx):
    import kombu
    from qms_shared.broker import declare_consumer_topology
    with kombu.Connection(ctx.config.broker_url) as conn:
        declare_consumer_topology(conn.channel(), ctx.config, ctx.event_handlers)
    envs = [_event(text=str(n)) for n in range(300)]
    for env in envs:
        _publish(ctx, env)
    running, sizes = Running(ctx), []
    apply_batch = running.consumer.applier.apply_batch
    running.consumer.applier.apply_batch = lambda bodies, *rest: sizes.append(len(bodies)) or apply_batch(bodies, *rest)
    with running:
        testing.wait_until(lambda: notes_service.count_notes(ctx.db) >= 300, timeout=30)
    assert [notes_service.count_notes(ctx.db, e["id"]) for e in envs] == [1] * 300
    # what waits on the broker is applied in batches (one transaction each), not one event at a time
    assert sum(sizes) == 300 and len(sizes) < 300 // 5, sizes


def _publish_with_headers(ctx, routing_key: str, body, headers: dict) -> None:
    testing.publish_raw(ctx.config, routing_key, body, headers=headers)


HOSTILE = {  # what a client that may publish on the exchange can send; each is parked with its reason
    "not JSON": ("not json {", "not JSON"),
    "type a number": (json.dumps({"type": 5}), "envelope lacks"),
    "nested 50,000 deep": ("[" * 50_000 + "]" * 50_000, "not JSON"),
    "data a string": (None, "'data' must be an object"),
    "version a bool": (None, "'version' must be an integer"),
    "larger than allowed": (None, "more than the"),
}


def test_hostile_messages_are_parked_with_their_reason_and_never_stop_the_consumer(ctx):
    good = _event(text="after the hostile ones")
    bodies = {name: body for name, (body, _) in HOSTILE.items()}
    bodies["data a string"] = dumps({**_event(), "data": "a string"})
    bodies["version a bool"] = dumps({**_event(), "version": True})
    bodies["larger than allowed"] = dumps(_event(text="x" * 3000))
    config = ctx.config.with_overrides({"max_event_bytes": 2000})
    with Running(ctx, config):
        for body in bodies.values():
            testing.publish_raw(ctx.config, "test.note.written", body)
        _publish_with_headers(ctx, "test.note.written", dumps(_event(text="attempts not a number")),
                              {"x-qms-attempts": "many"})
        _publish(ctx, good)
        testing.wait_until(lambda: notes_service.count_notes(ctx.db, good["id"]) == 1, timeout=15)
        dead = testing.wait_until(lambda: len(deadletters.list_dead_letters(ctx.config)) >= len(HOSTILE) and
                                  deadletters.list_dead_letters(ctx.config), timeout=15)
    errors = sorted(d["error"] for d in dead)
    for name, (_, reason) in HOSTILE.items():
        assert any(reason in e for e in errors), (name, errors)
    assert len(dead) == len(HOSTILE)
    assert notes_service.count_notes(ctx.db) == 2  # the good one and the one with a foreign attempts header


def test_attempts_header_is_clamped_to_the_retry_ladder(ctx):
    consumer = EventConsumer(config=ctx.config, uow_factory=ctx.uow_factory, handlers=ctx.event_handlers,
                             tables=ctx.tables, stop=threading.Event())
    from amqp import Message

    def attempts(value):
        return consumer.attempts_so_far(Message("{}", application_headers={"x-qms-attempts": value}))
    ladder = len(ctx.config.retry_delays_ms)
    assert [attempts(v) for v in (0, 1, -5, "x", "2", 10 ** 30, 99, None, 2.5)] == [
        0, 1, 0, 0, 2, ladder, ladder, 0, 0]


def test_a_failing_event_with_a_negative_attempts_header_is_retried_then_parked(ctx):
    env = _event(action="fail")
    with Running(ctx):
        _publish_with_headers(ctx, env["type"], dumps(env), {"x-qms-attempts": -7})
        dead = testing.wait_until(lambda: deadletters.list_dead_letters(ctx.config), timeout=15)
    assert dead[0]["id"] == env["id"] and dead[0]["attempts"] == 3


def test_events_not_published_by_their_services_user_are_parked_as_forged(ctx):
    from datetime import timedelta
    from qms_shared.envelope import utcnow
    by_intruder = _event(text="forged by another user")
    wrong_source = {**_event(text="forged source"), "source": "intruder"}
    from_the_future = {**_event(text="from the future"), "occurred_at": (utcnow() + timedelta(days=30)).isoformat()}
    genuine = _event(text="genuine")
    with Running(ctx):
        testing.publish_raw(ctx.config, by_intruder["type"], dumps(by_intruder), as_service="intruder")
        testing.publish_raw(ctx.config, wrong_source["type"], dumps(wrong_source), as_service="intruder")
        testing.publish_raw(ctx.config, wrong_source["type"], dumps(wrong_source))
        _publish(ctx, from_the_future)
        # a forged publisher header is believed only from the consumer's own user: not from an intruder
        testing.publish_raw(ctx.config, genuine["type"], dumps(_event(text="header")), as_service="intruder",
                            headers={"x-qms-publisher": testing.broker_users()["test"]})
        _publish(ctx, genuine)
        testing.wait_until(lambda: notes_service.count_notes(ctx.db, genuine["id"]) == 1, timeout=15)
        dead = testing.wait_until(lambda: len(deadletters.list_dead_letters(ctx.config)) >= 5
                                  and deadletters.list_dead_letters(ctx.config), timeout=15)
    errors = [d["error"] for d in dead]
    assert all(e.startswith("forged: ") for e in errors) and len(errors) == 5, errors
    assert sum("may not publish test events" in e for e in errors) == 2
    assert sum("does not own" in e for e in errors) == 2
    assert sum("in the future" in e for e in errors) == 1
    assert notes_service.count_notes(ctx.db) == 1


def test_the_broker_refuses_a_user_id_that_is_not_the_connections_own(ctx):
    import kombu
    import pytest
    from amqp import Message
    with kombu.Connection(testing.broker_url_for("intruder")) as conn:
        channel = conn.connection.channel()
        channel.exchange_declare(ctx.config.exchange, "topic", durable=True, auto_delete=False)
        with pytest.raises(Exception, match="user_id property set to '.*-test' but authenticated user was"):
            channel.basic_publish_confirm(Message(dumps(_event()), user_id=testing.broker_users()["test"]),
                                          exchange=ctx.config.exchange, routing_key="test.note.written",
                                          confirm_timeout=10)


def test_a_batch_that_succeeds_takes_one_inbox_statement_and_no_savepoint(ctx):
    from sqlalchemy import event
    consumer = EventConsumer(config=ctx.config, uow_factory=ctx.uow_factory, handlers=ctx.event_handlers,
                             tables=ctx.tables, stop=threading.Event())
    envs = [_event(text=str(n)) for n in range(20)]
    statements = []
    listener = lambda conn, cursor, sql, *rest: statements.append(sql)  # noqa: E731
    event.listen(ctx.db.engine, "before_cursor_execute", listener)
    try:
        outcomes = consumer.applier.apply_batch([dumps(e) for e in envs + envs[:1]])
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", listener)
    assert [o.kind for o in outcomes] == ["applied"] * 20 + ["duplicate"]
    assert [notes_service.count_notes(ctx.db, e["id"]) for e in envs] == [1] * 20
    assert sum("INTO inbox" in s for s in statements) == 1
    assert not any("SAVEPOINT" in s for s in statements)
    # delivered again, the whole batch is recognised as applied
    assert {o.kind for o in consumer.applier.apply_batch([dumps(e) for e in envs])} == {"duplicate"}
