"""The peers of bench_peers.py, Celery and dramatiq, in the same workload as peer_suite.py.

    python peer_apps.py producer          # BENCH_SYSTEM=celery|dramatiq, BENCH_CONFIRM=0|1
    celery -A peer_apps:celery_app worker ...   /   dramatiq peer_apps ...

The producer commits one INSERT per change, then sends the task (publish after commit, the usual way:
nothing ties the message to the transaction). The task INSERTs one row into the consumer's database
idempotently (not when that change's row is there already) and commits; acks come after the task
(Celery `acks_late`, dramatiq's default), so a lost worker means a redelivery, not a lost change.
"""
from __future__ import annotations

import os
import sys
import threading
import time
import uuid

import psycopg

SYSTEM = os.environ.get("BENCH_SYSTEM", "celery")
CONFIRM = os.environ.get("BENCH_CONFIRM", "0") == "1"
BROKER = os.environ.get("BENCH_PEER_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
QUEUE = os.environ.get("BENCH_QUEUE", "bench.peers")
PAD = "x" * 150
_local = threading.local()


def _db():
    if getattr(_local, "conn", None) is None:
        _local.conn = psycopg.connect(os.environ["BENCH_CONSUMER_DB"])
    return _local.conn


def apply_change(event: dict) -> None:
    """The consumer's work: one row per change, idempotently."""
    conn, event = _db(), event["data"]
    try:
        conn.execute("INSERT INTO applied (change_id, n) SELECT %(c)s::varchar, %(n)s::bigint WHERE NOT EXISTS "
                     "(SELECT 1 FROM applied WHERE change_id = %(c)s::varchar)", {"c": event["change_id"], "n": event["n"]})
        conn.commit()
    except Exception:
        conn.rollback()
        raise


def event_for(change_id: str, n: int) -> dict:
    """A ~300-byte message, members as the suite's envelope has them."""
    return {"id": str(uuid.uuid4()), "type": "test.change.made", "version": 1, "source": "test",
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "subject": change_id,
            "data": {"change_id": change_id, "n": n, "pad": PAD}}


if SYSTEM == "celery":
    from celery import Celery
    celery_app = Celery("bench_peers", broker=BROKER)
    celery_app.conf.update(task_acks_late=True, task_ignore_result=True, task_default_queue=QUEUE,
                           worker_prefetch_multiplier=4, broker_connection_retry_on_startup=True,
                           broker_transport_options={"confirm_publish": CONFIRM}, worker_hijack_root_logger=False)
    task = celery_app.task(name="apply_change")(apply_change)

    def send(event: dict) -> None:
        task.delay(event)
else:
    import dramatiq
    from dramatiq.brokers.rabbitmq import RabbitmqBroker
    # pika spells the default virtual host `%2F` (kombu's `//`)
    dramatiq.set_broker(RabbitmqBroker(url=BROKER.replace(":5672//", ":5672/%2F"), confirm_delivery=CONFIRM))
    actor = dramatiq.actor(apply_change, queue_name=QUEUE, max_retries=3)

    def send(event: dict) -> None:
        actor.send(event)


def _run_producer() -> None:
    count, rate = int(os.environ["BENCH_EVENTS"]), float(os.environ.get("BENCH_RATE", "0"))
    conn = psycopg.connect(os.environ["BENCH_PRODUCER_DB"])
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.perf_counter()
    for n in range(count):
        if rate:
            time.sleep(max(0.0, start + n / rate - time.perf_counter()))
        change_id = str(uuid.uuid4())
        conn.execute("INSERT INTO changes (change_id, text) VALUES (%s, %s)", (change_id, f"change {n}"))
        conn.commit()
        send(event_for(change_id, n))
    sys.stdin.readline()  # until told to stop


if __name__ == "__main__":
    _run_producer()
