"""Faults under a steady load of changes: every event is applied exactly once, and the pipeline recovers.

Each scenario runs the worker as a real process against the real PostgreSQL and a real RabbitMQ (a
private node where the broker itself is stopped), injects one fault, heals it, and counts (harness.py).
"""
from __future__ import annotations

import time

import orjson

from harness import (EVENT_TYPE, Load, applied_but_unmarked, last_change_id, pg_connect, queue_depth,
                     relay_lock_key, terminate, unapplied, wait_recovered, waiting_on_lock)
from qms_shared import testing
from qms_shared.envelope import dumps, new_envelope
from qms_shared.testing_rabbit import RabbitCluster

WARM_UP = 3.0  # seconds of load before the fault
AFTER = 2.0  # seconds of load after the pipeline recovered


def _assert_exactly_once(report) -> None:
    assert report.changes > 0 and report.applied == report.changes
    assert (report.lost, report.twice) == (0, 0), report


def test_broker_stopped_and_started(scenario):
    with RabbitCluster(1, services=("test",)) as rabbit:
        s = scenario("a. broker stopped, started 4 s later", shared_broker=False, broker={
            "broker_url": rabbit.url("test"), "exchange": "qms.faults", "queue_prefix": "faults.",
            "broker_users": rabbit.broker_users()})
        s.start_worker()
        with Load(s.ctx) as load:
            time.sleep(WARM_UP)
            rabbit.stop_node(0)
            time.sleep(4)
            up_to, healed = last_change_id(s.db), time.monotonic()
            rabbit.start_node(0)
            booted = time.monotonic() - healed
            recovery = wait_recovered(s.db, up_to, healed)
            time.sleep(AFTER)
            report = s.finish(load, recovery)
        s.worker.kill()
    report.notes.append(f"node stopped with rabbitmqctl stop; it took {booted:.1f} s to boot again")
    _assert_exactly_once(report)


def test_worker_killed_in_the_middle_of_a_relay_batch(scenario):
    s = scenario("b1. worker kill -9 mid relay batch")
    s.start_worker()
    with Load(s.ctx) as load, pg_connect(s.db, autocommit=True) as pause, pg_connect(s.db) as row_lock:
        time.sleep(WARM_UP)
        key = relay_lock_key("test")
        pause.execute("SELECT pg_advisory_lock(%s)", (key,))  # the relay waits: a backlog builds up
        time.sleep(3)
        last, backlog = row_lock.execute("SELECT max(id), count(*) FROM outbox WHERE published_at IS NULL").fetchone()
        row_lock.execute("SELECT id FROM outbox WHERE id = %s FOR UPDATE", (last,))
        pause.execute("SELECT pg_advisory_unlock(%s)", (key,))
        # the relay publishes the whole backlog, gets its confirms, and blocks marking it sent
        testing.wait_until(lambda: waiting_on_lock(s.db, "UPDATE outbox"), timeout=30)
        applied = testing.wait_until(lambda: applied_but_unmarked(s.db, last), timeout=30)  # delivered, applied
        s.worker.kill()
        row_lock.rollback()
        up_to, healed = last_change_id(s.db), s.restart_worker()
        recovery = wait_recovered(s.db, up_to, healed)
        time.sleep(AFTER)
        report = s.finish(load, recovery)
    report.notes.append(f"killed after publishing a batch of {backlog} (confirmed; {applied} already applied) "
                        "before marking it sent: all republished, duplicates dropped by the inbox")
    _assert_exactly_once(report)


def test_worker_killed_in_the_middle_of_a_consumer_batch(scenario):
    s = scenario("b2. worker kill -9 mid consumer batch")
    s.start_worker()
    with Load(s.ctx) as load, pg_connect(s.db) as table_lock:
        time.sleep(WARM_UP)
        table_lock.execute("LOCK TABLE notes IN EXCLUSIVE MODE")  # the handler blocks inside its batch
        testing.wait_until(lambda: waiting_on_lock(s.db, "INSERT INTO notes"), timeout=30)
        time.sleep(2)  # more deliveries arrive, prefetched and unacked
        in_flight = unapplied(s.db)
        s.worker.kill()
        table_lock.rollback()
        up_to, healed = last_change_id(s.db), s.restart_worker()
        recovery = wait_recovered(s.db, up_to, healed)
        time.sleep(AFTER)
        report = s.finish(load, recovery)
    report.notes.append(f"killed while applying a batch, {in_flight} events unapplied: redelivered, applied once")
    _assert_exactly_once(report)


def test_database_connections_terminated_during_commits(scenario):
    s = scenario("c. pg_terminate_backend during commits")
    s.start_worker()
    with Load(s.ctx) as load:
        time.sleep(WARM_UP)
        killed, end, sweep = 0, time.monotonic() + 6, time.monotonic() + 1
        while time.monotonic() < end:
            every = time.monotonic() >= sweep  # now and then all of them, idle or not
            killed += terminate(s.db, busy_only=not every)
            sweep += 1 if every else 0
            time.sleep(0.03)
        up_to, healed = last_change_id(s.db), time.monotonic()
        recovery = wait_recovered(s.db, up_to, healed)
        time.sleep(AFTER)
        report = s.finish(load, recovery)
    report.notes.append(f"{killed} connections of the worker and the load terminated in 6 s")
    _assert_exactly_once(report)


def test_network_to_the_broker_cut_and_healed(scenario):
    proxy = testing.TcpProxy()
    try:
        settings = testing.isolated_broker_settings("test")
        direct = settings["broker_url"]
        through_proxy = direct.replace(direct.split("@", 1)[1].split("/", 1)[0], f"127.0.0.1:{proxy.port}", 1)
        s = scenario("d. network to the broker cut for 5 s", broker=settings, worker_url=through_proxy)
        s.start_worker()
        with Load(s.ctx) as load:
            time.sleep(WARM_UP)
            proxy.cut()
            time.sleep(5)
            up_to, healed = last_change_id(s.db), time.monotonic()
            proxy.restore()
            recovery = wait_recovered(s.db, up_to, healed)
            time.sleep(AFTER)
            report = s.finish(load, recovery)
        report.notes.append(f"every connection closed, new ones refused; {proxy.accepted} connections in all")
    finally:
        proxy.close()
    _assert_exactly_once(report)


def _hostile(config) -> tuple[list, dict, str]:
    """Hostile messages, published; return (ids that must never apply, id that must apply once, failing id)."""
    def env(**data):
        return new_envelope(source="test", type=EVENT_TYPE, subject="hostile", data=data or {"text": "h"})
    type_five, data_string, forged, odd_header, failing = env(), env(), env(), env(), env(action="fail")
    type_five["type"] = 5
    data_string["data"] = "a string"
    deep = "{" + '"a":{' * 50_000 + "}" * 50_000 + "}"
    publish = testing.publish_raw
    publish(config, EVENT_TYPE, b"not json at all {")
    publish(config, EVENT_TYPE, orjson.dumps(type_five), message_id=type_five["id"])
    publish(config, EVENT_TYPE, deep.encode())
    publish(config, EVENT_TYPE, orjson.dumps(data_string), message_id=data_string["id"])
    publish(config, EVENT_TYPE, dumps(forged), message_id=forged["id"], as_service="intruder")
    publish(config, EVENT_TYPE, dumps(odd_header), message_id=odd_header["id"], headers={"x-qms-attempts": "many"})
    publish(config, EVENT_TYPE, dumps(failing), message_id=failing["id"], headers={"x-qms-attempts": "-7e99"})
    return [type_five["id"], data_string["id"], forged["id"], failing["id"]], odd_header, failing["id"]


def test_hostile_messages(scenario):
    import notes_service
    s = scenario("e. hostile messages")
    s.start_worker()
    with Load(s.ctx) as load:
        time.sleep(WARM_UP)
        never, once, _ = _hostile(s.ctx.config)
        up_to, healed = last_change_id(s.db), time.monotonic()
        recovery = wait_recovered(s.db, up_to, healed)
        # six parked: five at once, the failing one after its three retries (0.5 s, 2 s, 5 s)
        testing.wait_until(lambda: queue_depth(s.url, s.ctx.config.dead_letter_queue) >= 6, timeout=40)
        time.sleep(AFTER)
        report = s.finish(load, recovery)
    parked = queue_depth(s.url, s.ctx.config.dead_letter_queue)
    applied_hostile = sum(notes_service.count_notes(s.db, event_id) for event_id in never)
    report.notes.append(f"7 sent (not JSON, type 5, JSON 50,000 deep, data a string, forged by another user, "
                        f"x-qms-attempts 'many' on a good event, '-7e99' on a failing one): {parked} parked, "
                        f"{applied_hostile} applied; the good one applied "
                        f"{ {0: 'never', 1: 'once'}.get(notes_service.count_notes(s.db, once['id']), 'twice')}")
    assert parked == 6 and applied_hostile == 0 and notes_service.count_notes(s.db, once["id"]) == 1
    _assert_exactly_once(report)
