"""Event backbone benchmark: raw py-amqp floor vs the outbox relay, and end-to-end latency.

Run with `make bench`. Prints, from one run, side by side:
- raw publish, persistent, one confirm per message (the floor) and raw consume with acks;
- the relay draining a full outbox (batched confirms), as a ratio to the raw publish rate;
- commit-to-commit latency at a fixed 100 events/s through relay + broker + consumer + inbox,
  next to the raw publish-to-ack latency at the same rate.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import kombu
from amqp import Message
from sqlalchemy import create_engine, select

from common import median, percentile, print_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "shared" / "tests"))

import notes_service  # noqa: E402
from qms_shared import testing  # noqa: E402
from qms_shared.broker import connect  # noqa: E402
from qms_shared.relay import ConfirmingPublisher, OutboxRelay  # noqa: E402

N_RAW = int(os.environ.get("BENCH_RAW_MESSAGES", "2000"))
N_RELAY = int(os.environ.get("BENCH_RELAY_MESSAGES", "10000"))
RATE = 100
SECONDS = int(os.environ.get("BENCH_LATENCY_SECONDS", "10"))


def raw_publish_rate(config) -> float:
    """Messages/s publishing persistent messages, waiting for each confirm."""
    with kombu.Connection(config.broker_url) as conn:
        ch = conn.connection.channel()
        ch.exchange_declare(config.exchange, "topic", durable=True, auto_delete=False)
        ch.queue_declare("bench.raw", durable=True, auto_delete=False)
        ch.queue_bind("bench.raw", config.exchange, routing_key="bench.raw")
        ch.queue_purge("bench.raw")
        body = json.dumps({"data": "x" * 300})
        started = time.perf_counter()
        for _ in range(N_RAW):
            ch.basic_publish_confirm(Message(body, delivery_mode=2), exchange=config.exchange,
                                     routing_key="bench.raw", confirm_timeout=10)
        return N_RAW / (time.perf_counter() - started)


def raw_consume_rate(config) -> float:
    """Messages/s consuming (and acking) what raw_publish_rate left in its queue."""
    with kombu.Connection(config.broker_url) as conn:
        ch = conn.connection.channel()
        ch.basic_qos(0, 50, False)
        count = [0]

        def on_message(message):
            ch.basic_ack(message.delivery_tag)
            count[0] += 1
        ch.basic_consume("bench.raw", callback=on_message)
        started = time.perf_counter()
        while count[0] < N_RAW:
            conn.drain_events(timeout=10)
        elapsed = time.perf_counter() - started
        ch.queue_delete("bench.raw")
        return N_RAW / elapsed


def relay_rate(ctx) -> float:
    """Events/s the relay moves from a full outbox to the broker (confirmed, marked sent)."""
    testing.truncate_all(ctx.db, notes_service.metadata)
    for chunk in range(N_RELAY // 1000):
        with ctx.uow_factory() as uow:
            for n in range(1000):
                uow.publish("bench.relay.said", "s", {"n": chunk * 1000 + n, "pad": "x" * 200})
            uow.commit()
    probe = testing.ProbeQueue(ctx.config, "bench.relay.#")
    relay = OutboxRelay(ctx.db, ctx.tables, ctx.config, threading.Event())
    with connect(ctx.config) as conn:
        publisher = ConfirmingPublisher(conn, ctx.config)
        started = time.perf_counter()
        moved = 0
        while (n := relay.relay_once(publisher)) > 0:
            moved += n
        elapsed = time.perf_counter() - started
    probe.close()
    assert moved == N_RELAY, moved
    return moved / elapsed


def raw_latency(config) -> list[float]:
    """Publish-with-confirm to consumer-ack latency at RATE msg/s, raw py-amqp."""
    sent: dict[str, float] = {}
    got: list[float] = []
    done = threading.Event()
    with kombu.Connection(config.broker_url) as cconn:
        cch = cconn.connection.channel()
        cch.queue_declare("bench.lat", durable=True, auto_delete=False)
        cch.queue_bind("bench.lat", config.exchange, routing_key="bench.lat")

        def on_message(message):
            cch.basic_ack(message.delivery_tag)
            got.append(time.perf_counter() - sent[message.properties["message_id"]])
        cch.basic_consume("bench.lat", callback=on_message)

        def produce():
            with kombu.Connection(config.broker_url) as pconn:
                pch = pconn.connection.channel()
                for n in range(RATE * SECONDS):
                    target = start + n / RATE
                    time.sleep(max(0, target - time.perf_counter()))
                    sent[str(n)] = time.perf_counter()
                    pch.basic_publish_confirm(Message("x" * 300, delivery_mode=2, message_id=str(n)),
                                              exchange=config.exchange, routing_key="bench.lat", confirm_timeout=10)
            done.set()
        start = time.perf_counter()
        threading.Thread(target=produce).start()
        while len(got) < RATE * SECONDS:
            try:
                cconn.drain_events(timeout=1)
            except TimeoutError:
                if done.is_set():
                    break
        cch.queue_delete("bench.lat")
    return got


def e2e_latency(ctx) -> list[float]:
    """API-commit to consumer-commit latency at RATE events/s through the real worker process."""
    testing.truncate_all(ctx.db, notes_service.metadata)
    c = ctx.config
    env = {**os.environ, "DATABASE_URL": c.database_url, "BROKER_URL": c.broker_url,
           "QMS_EXCHANGE": c.exchange, "QMS_QUEUE_PREFIX": c.queue_prefix, "LOG_LEVEL": "WARNING"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    worker = subprocess.Popen([sys.executable, str(ROOT / "shared" / "tests" / "notes_service.py")], env=env)
    try:
        testing.wait_until(lambda: _consumers(c) > 0, timeout=30)
        committed: dict[str, float] = {}
        start = time.time()
        for n in range(RATE * SECONDS):
            time.sleep(max(0, start + n / RATE - time.time()))
            with ctx.uow_factory() as uow:
                env_ = uow.publish("test.note.bench", "s", {"text": str(n)})
                uow.commit()
            committed[env_["id"]] = time.time()
        testing.wait_until(lambda: notes_service.count_notes(ctx.db) >= RATE * SECONDS, timeout=60)
        with ctx.db.engine.connect() as conn:
            rows = conn.execute(select(notes_service.notes.c.event_id, notes_service.notes.c.applied_at)).all()
        return [row.applied_at.timestamp() - committed[row.event_id] for row in rows]
    finally:
        worker.terminate()
        worker.wait(30)


def _consumers(config) -> int:
    try:
        with kombu.Connection(config.broker_url) as conn:
            return conn.channel().queue_declare(config.queue, passive=True).consumer_count
    except Exception:
        return 0


def main() -> None:
    url = testing.fresh_database("qms_bench_backbone")
    engine = create_engine(url)
    notes_service.metadata.create_all(engine)
    engine.dispose()
    ctx = notes_service.bootstrap({"database_url": url, **testing.isolated_broker_settings()})
    try:
        pub = [raw_publish_rate(ctx.config) for _ in range(3)]
        con = [raw_consume_rate(ctx.config) for _ in range(1)]
        rel = [relay_rate(ctx) for _ in range(3)]
        raw_lat = raw_latency(ctx.config)
        e2e = e2e_latency(ctx)
    finally:
        testing.delete_topology(ctx.config)
        ctx.db.dispose()
        testing.drop_database("qms_bench_backbone")
    raw_pub = median(pub)
    rows = [
        ("raw publish, persistent, 1 confirm/msg (median of 3)", raw_pub, "msg/s", "floor"),
        ("raw consume with acks", median(con), "msg/s", ""),
        ("outbox relay, full outbox -> broker (median of 3)", median(rel), "ev/s",
         f"x{median(rel) / raw_pub:.1f} of raw publish (target >= 3)"),
        (f"raw publish->ack latency p50 @ {RATE}/s", percentile(raw_lat, 50) * 1000, "ms", ""),
        (f"raw publish->ack latency p99 @ {RATE}/s", percentile(raw_lat, 99) * 1000, "ms", ""),
        (f"e2e commit->consumer commit p50 @ {RATE}/s", percentile(e2e, 50) * 1000, "ms",
         f"x{percentile(e2e, 50) / percentile(raw_lat, 50):.1f} of raw"),
        (f"e2e commit->consumer commit p99 @ {RATE}/s", percentile(e2e, 99) * 1000, "ms",
         f"x{percentile(e2e, 99) / percentile(raw_lat, 99):.1f} of raw (target <= 50 ms)"),
    ]
    print_table("event backbone", rows)


if __name__ == "__main__":
    main()
