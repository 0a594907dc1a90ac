"""This suite in bench_peers.py's workload: a producer process and a consumer process, configured by env.

    python peer_suite.py producer|consumer|backlog

Each change is one INSERT (`changes`) and one ~300-byte event written with it by the unit of work; the
producer process also runs the outbox relay (the producing service's side of the path). The consumer
is the suite's own (qms_shared.consumer, inbox deduplication) with a handler that adds one `Applied`
row through the ORM, as a service's handler does through its repository. Shared by every system:
`changes` in the producer's database, `applied` in the consumer's (no unique key: a second
application would show as a second row).
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from sqlalchemy import BigInteger, Column, DateTime, String, Table, insert, text
from sqlalchemy.orm import registry

from qms_shared.bootstrap import MessageBus, ServiceContext
from qms_shared.config import Config
from qms_shared.db import Database, new_metadata
from qms_shared.uow import MessagingTables, SqlUnitOfWork

metadata = new_metadata()
changes = Table("changes", metadata, Column("id", BigInteger, primary_key=True, autoincrement=True),
                Column("change_id", String(36), nullable=False), Column("text", String(400)),
                Column("created_at", DateTime(timezone=True), server_default=text("clock_timestamp()")))
applied = Table("applied", metadata, Column("id", BigInteger, primary_key=True, autoincrement=True),
                Column("change_id", String(36), nullable=False), Column("n", BigInteger),
                Column("applied_at", DateTime(timezone=True), server_default=text("clock_timestamp()")))
PRODUCER, CONSUMER = "test", "notes"  # broker users of the test run (qms_shared.testing)
EVENT_TYPE = "test.change.made"
PAD = "x" * 150  # with the envelope's members: a ~300-byte event, as for the peers


@dataclass
class Applied:
    """What the consumer's handler records: one row per change applied."""

    change_id: str
    n: int
    id: int | None = None
    applied_at: datetime | None = field(default=None)


registry().map_imperatively(Applied, applied)


def apply_change(env: dict, uow) -> None:
    """The consumer's handler: one row for the change the event reports."""
    uow.session.add(Applied(change_id=env["data"]["change_id"], n=env["data"]["n"]))


def context(service: str, database_url: str) -> ServiceContext:
    """The producer's or consumer's service, configured from the environment (BROKER_URL, QMS_*)."""
    config = Config(service=service).with_overrides({"database_url": database_url})
    db = Database(config.database_url)
    tables = MessagingTables(metadata)
    uow_factory = partial(SqlUnitOfWork, db, config, tables)
    return ServiceContext(package="bench", config=config, db=db, tables=tables, uow_factory=uow_factory,
                          bus=MessageBus(uow_factory, {}), event_handlers={"test.change.*": apply_change})


def make_change(uow, n: int) -> None:
    """One change: a row and its event, committed together."""
    change_id = str(uuid.uuid4())
    uow.session.execute(insert(changes).values(change_id=change_id, text=f"change {n}"))
    uow.publish(EVENT_TYPE, change_id, {"change_id": change_id, "n": n, "pad": PAD})
    uow.commit()


def produce(count: int, rate: float, change) -> None:
    """`count` changes, as fast as possible (rate 0) or at `rate` per second."""
    start = time.perf_counter()
    for n in range(count):
        if rate:
            time.sleep(max(0.0, start + n / rate - time.perf_counter()))
        change(n)


def _run_producer(stop: threading.Event) -> None:
    from qms_shared.relay import OutboxRelay
    ctx = context(PRODUCER, os.environ["BENCH_PRODUCER_DB"])
    relay = OutboxRelay(ctx.db, ctx.tables, ctx.config, stop)
    threading.Thread(target=relay.run, daemon=True).start()
    _ready_then_go()

    def change(n):
        with ctx.uow_factory() as uow:
            make_change(uow, n)
    produce(int(os.environ["BENCH_EVENTS"]), float(os.environ.get("BENCH_RATE", "0")), change)
    stop.wait()


def _run_consumer(stop: threading.Event) -> None:
    from qms_shared.worker import Worker
    worker = Worker(context(CONSUMER, os.environ["BENCH_CONSUMER_DB"]), relay=False, jobs=False)
    worker.stop = stop
    worker.consumer.stop = stop
    worker.start()
    stop.wait()
    worker.shutdown()


def _ready_then_go() -> None:
    print("ready", flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    {"producer": _run_producer, "consumer": _run_consumer}[sys.argv[1]](stopped)
