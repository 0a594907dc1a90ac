"""`migrate-queues`: an installation's classic queues become quorum queues with every message kept."""
from __future__ import annotations

import kombu
from amqp import Message
from amqp.exceptions import PreconditionFailed
import pytest

import notes_service
from qms_shared import broker, testing
from qms_shared.envelope import dumps, new_envelope
from qms_shared.queue_migration import migrate_queues




def _declare_classic_topology(channel, config, patterns):
    """The topology as the first release declared it: classic queues."""
    broker.declare_exchange(channel, config)
    channel.queue_declare(config.dead_letter_queue, durable=True, auto_delete=False)
    channel.queue_declare(config.queue, durable=True, auto_delete=False, arguments={
        "x-dead-letter-exchange": "", "x-dead-letter-routing-key": config.dead_letter_queue})
    for step, delay in enumerate(config.retry_delays_ms, start=1):
        channel.queue_declare(config.retry_queue(step), durable=True, auto_delete=False, arguments={
            "x-message-ttl": int(delay), "x-dead-letter-exchange": "", "x-dead-letter-routing-key": config.queue})
    for pattern in patterns:
        channel.queue_bind(config.queue, config.exchange, routing_key=pattern)


def _depth(channel, queue) -> int:
    return channel.queue_declare(queue, passive=True).message_count


def test_classic_queues_become_quorum_queues_and_every_waiting_message_is_applied_once(ctx):
    config = ctx.config.with_overrides({"retry_delays_ms": (60_000, 120_000)})  # the retry waits stay put
    notes = [new_envelope(source="test", type="test.note.written", subject=str(n), data={"text": str(n)})
             for n in range(3)]
    with kombu.Connection(config.broker_url) as conn:
        channel = conn.connection.channel()
        _declare_classic_topology(channel, config, ctx.event_handlers)
        with pytest.raises(PreconditionFailed):  # a quorum declaration is refused on a classic queue
            broker.declare_queue(conn.connection.channel(), config, config.queue)
    for env in notes:
        testing.publish_raw(config, env["type"], dumps(env), message_id=env["id"])
    with kombu.Connection(config.broker_url) as conn:
        channel = conn.connection.channel()
        channel.basic_publish_confirm(Message("parked", user_id=testing.broker_users()["notes"]), exchange="",
                                      routing_key=config.dead_letter_queue, confirm_timeout=10)
        channel.basic_publish_confirm(Message(dumps(notes[0]), user_id=testing.broker_users()["notes"]),
                                      exchange="", routing_key=config.retry_queue(1), confirm_timeout=10)

    report = migrate_queues(config, ctx.event_handlers.keys())

    assert all(outcome.startswith("migrated from classic") for outcome in report.values()), report
    with kombu.Connection(config.broker_url) as conn:
        channel = conn.connection.channel()
        for name in broker.service_queues(config):
            broker.declare_queue(channel, config, name)  # accepted: each is a quorum queue now
        assert [_depth(channel, q) for q in (config.queue, config.dead_letter_queue, config.retry_queue(1))] == [
            3, 1, 1]
    assert migrate_queues(config, ctx.event_handlers.keys())[config.queue] == "quorum"  # running it again is harmless
    with testing.RunningConsumer(ctx, config):
        testing.wait_until(lambda: notes_service.count_notes(ctx.db) == 3, timeout=15)
    assert [notes_service.count_notes(ctx.db, env["id"]) for env in notes] == [1, 1, 1]
