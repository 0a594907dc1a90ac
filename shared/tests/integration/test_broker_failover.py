"""A broker URL may list several hosts: a dead first host costs nothing but a refused connection."""
from __future__ import annotations

import threading

import pytest

import notes_service
from qms_shared import deadletters, testing
from qms_shared.broker import broker_hosts, broker_reachable, broker_user, connect
from qms_shared.envelope import dumps, new_envelope
from qms_shared.relay import OutboxRelay
from qms_shared.web.app import create_service_app

DEAD = "127.0.0.1:1"  # nothing listens on port 1: the connection is refused at once


def _with_dead_first_host(url: str) -> str:
    host = url.split("@", 1)[1].split("/", 1)[0]
    return url.replace(f"@{host}/", f"@{DEAD}/") + ";" + url


@pytest.fixture
def failover(ctx):
    """The notes service with `<dead host>;<real broker>` as its broker URL."""
    context = notes_service.bootstrap({"database_url": ctx.config.database_url,
                                       "broker_url": _with_dead_first_host(ctx.config.broker_url),
                                       "exchange": ctx.config.exchange, "queue_prefix": ctx.config.queue_prefix,
                                       "broker_users": ctx.config.broker_users, "retry_delays_ms": (100, 200)})
    yield context
    context.db.dispose()


def test_a_failover_list_names_its_hosts_and_one_user(failover):
    url = failover.config.broker_url
    assert [h.split("@", 1)[1].split("/", 1)[0] for h in broker_hosts(url)] == [DEAD, "127.0.0.1:5672"]
    assert broker_user(url) == failover.config.broker_users["notes"]
    with pytest.raises(ValueError):
        broker_user("amqp://a:x@127.0.0.1:1//;amqp://b:y@127.0.0.1:5672//")


def test_connections_and_the_readiness_probe_skip_a_dead_first_host(failover):
    assert broker_reachable(failover.config.broker_url) is None
    assert broker_reachable(f"amqp://u:p@{DEAD}//;amqp://u:p@127.0.0.1:2//") is not None
    with connect(failover.config) as conn:
        assert conn.connected and conn.port == 5672
    client = create_service_app(failover, title="t", blueprints=[]).test_client()
    assert client.get("/readyz").get_json()["checks"]["broker"] == "ok"


def test_the_relay_publishes_through_a_failover_list(failover):
    probe = testing.ProbeQueue(failover.config.with_overrides({"broker_url": testing.broker_url_for("notes")}),
                               pattern="test.echo.#")
    stop = threading.Event()
    relay = threading.Thread(target=OutboxRelay(failover.db, failover.tables, failover.config, stop).run)
    try:
        with failover.uow_factory() as uow:
            for n in range(20):
                uow.publish("test.echo.said", "s", {"n": n})
            uow.commit()
        relay.start()
        assert [m["data"]["n"] for m in probe.messages(20)] == list(range(20))
    finally:
        stop.set()
        relay.join(15)
        probe.close()


def test_the_consumer_applies_and_parks_through_a_failover_list(failover):
    envs = [new_envelope(source="test", type="test.note.written", subject=str(n), data={"text": str(n)})
            for n in range(10)]
    with testing.RunningConsumer(failover):
        for env in envs:
            testing.publish_raw(failover.config, env["type"], dumps(env), message_id=env["id"])
        testing.publish_raw(failover.config, "test.note.written", b"not json")
        testing.wait_until(lambda: notes_service.count_notes(failover.db) == 10, timeout=20)
    assert [notes_service.count_notes(failover.db, e["id"]) for e in envs] == [1] * 10
    testing.wait_until(lambda: len(deadletters.list_dead_letters(failover.config)) == 1, timeout=10)

