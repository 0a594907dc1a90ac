"""The fault suite's machinery: a steady load of changes, the worker as a real process, the figures.

A change is a `changes` row and its outbox row, written in one transaction (as a service's API does)
about twenty times a second. The worker (fault_worker.py) relays each to the broker and applies it
as one `notes` row. So, after a fault: lost = changes without a note, applied twice = extra notes.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import kombu
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, insert, text

import notes_service
from qms_shared import testing
from qms_shared.db import Database

from report import DECLARED, REPORTS, Report, settle_and_count, unapplied

ROOT = Path(__file__).resolve().parents[2]
WORKER_SCRIPT = Path(__file__).parent / "fault_worker.py"
WORKER_APP = "qms-fault-worker"  # application_name of the worker's PostgreSQL connections
LOAD_APP = "qms-fault-load"
HARNESS_APP = "qms-fault-harness"
RETRY_DELAYS_MS = "500,2000,5000"  # shorter than production's ladder, so a run ends in minutes
EVENT_TYPE = "test.note.written"

changes_metadata = MetaData()
changes = Table("changes", changes_metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                Column("event_id", String(36), nullable=False),
                Column("created_at", DateTime(timezone=True), server_default=text("clock_timestamp()")))


def prepare_database(url: str) -> None:
    """The notes service's tables and the load's `changes` table."""
    from sqlalchemy import create_engine
    engine = create_engine(url)
    notes_service.metadata.create_all(engine)
    changes_metadata.create_all(engine)
    engine.dispose()


def with_app(url: str, app: str) -> str:
    """`url` with PostgreSQL's application_name set (to find, or terminate, whose connections these are)."""
    return f"{url}{'&' if '?' in url else '?'}application_name={app}"


class Load:
    """Creates changes at a steady rate on a thread until stopped; counts what it tried and what failed."""

    def __init__(self, ctx, rate: float = 20.0):
        self.ctx = ctx
        self.interval = 1.0 / rate
        self.stop = threading.Event()
        self.requests = 0
        self.failed = 0
        self.thread = threading.Thread(target=self._run, name="fault-load", daemon=True)

    def __enter__(self) -> "Load":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(30)

    def create(self) -> None:
        """One change and its event, committed together (as a request to a service would)."""
        self.requests += 1
        try:
            with self.ctx.uow_factory() as uow:
                env = uow.publish(EVENT_TYPE, str(self.requests), {"text": f"change {self.requests}"})
                uow.session.execute(insert(changes).values(event_id=env["id"]))
                uow.commit()
        except Exception:  # a refused request: the caller would see an error and nothing was changed
            self.failed += 1

    def _run(self) -> None:
        next_at = time.monotonic()
        while not self.stop.is_set():
            self.create()
            next_at += self.interval
            self.stop.wait(max(0.0, next_at - time.monotonic()))


class WorkerProcess:
    """fault_worker.py as a process with the scenario's settings; `kill()` is SIGKILL, `start()` again."""

    def __init__(self, config, database_url: str, broker_url: str, log_path: Path):
        self.config = config
        self.database_url = database_url
        self.broker_url = broker_url
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        c = self.config
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "PROMETHEUS"))}
        env.update({"DATABASE_URL": with_app(self.database_url, WORKER_APP), "BROKER_URL": self.broker_url,
                    "QMS_EXCHANGE": c.exchange, "QMS_QUEUE_PREFIX": c.queue_prefix, "LOG_LEVEL": "WARNING",
                    "QMS_BROKER_USERS": testing.broker_users_env(c), "QMS_RETRY_DELAYS_MS": RETRY_DELAYS_MS,
                    "QMS_RELAY_POLL_INTERVAL": "0.5", "QMS_HEARTBEAT": "10", "QMS_DATA_DIR": str(self.log_path.parent)})
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([sys.executable, str(WORKER_SCRIPT)], env=env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        return self

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acks, no commit."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not exit."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def consuming(config, url: str) -> bool:
    """True once a consumer is registered on the service's work queue (reached through `url`)."""
    try:
        with kombu.Connection(url, connect_timeout=2) as conn:
            return conn.channel().queue_declare(config.queue, passive=True).consumer_count > 0
    except Exception:
        return False


def queue_depth(url: str, queue: str) -> int:
    """Messages ready in `queue` (0 when it does not exist)."""
    try:
        with kombu.Connection(url, connect_timeout=2) as conn:
            return conn.channel().queue_declare(queue, passive=True).message_count
    except Exception:
        return 0


def relay_lock_key(service: str) -> int:
    """The advisory lock a relay of `service` holds while it publishes (relay.py)."""
    return zlib.crc32(f"qms-relay-{service}".encode())


def waiting_on_lock(db, statement: str) -> bool:
    """Whether a worker connection is blocked on a lock while running `statement...`."""
    with db.engine.connect() as conn:
        return bool(conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = :app "
            "AND wait_event_type = 'Lock' AND query ILIKE :q"), {"app": WORKER_APP, "q": statement + "%"}).scalar())


def pg_connect(db, autocommit: bool = False):
    """A psycopg connection of the harness's own to the scenario's database (for locks held by hand)."""
    import psycopg
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(url, autocommit=autocommit)


def terminate(db, busy_only: bool) -> int:
    """pg_terminate_backend the worker's and the load's connections (only those inside a statement or
    transaction when `busy_only`); how many."""
    with db.engine.connect() as conn:
        killed = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name IN (:w, :l) AND (NOT :busy OR state <> 'idle')"),
            {"w": WORKER_APP, "l": LOAD_APP, "busy": busy_only}).scalar()
        conn.commit()
        return killed


def applied_but_unmarked(db, up_to: int) -> int:
    """Events of outbox rows up to id `up_to` that were applied while their row is not marked sent yet."""
    with db.engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM outbox o JOIN notes n USING (event_id) "
            "WHERE o.id <= :m AND o.published_at IS NULL"), {"m": up_to}).scalar()


def last_change_id(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT coalesce(max(id), 0) FROM changes")).scalar()


def wait_recovered(db, up_to: int, since: float, timeout: float = 90) -> float:
    """Seconds from `since` until every change up to `up_to` is applied."""
    deadline = time.monotonic() + timeout
    while unapplied(db, up_to) and time.monotonic() < deadline:
        time.sleep(0.1)
    return time.monotonic() - since


class Scenario:
    """One scenario: the load's context on the run's database, its broker names, the worker process."""

    def __init__(self, name: str, database_url: str, *, broker: dict | None = None, worker_url: str | None = None,
                 shared_broker: bool = True):
        settings = broker or testing.isolated_broker_settings("test")
        self.ctx = notes_service.bootstrap({"service": "test", "database_url": with_app(database_url, LOAD_APP),
                                            **settings})
        self.db = Database(with_app(database_url, HARNESS_APP))  # the harness's own, never terminated
        testing.truncate_all(self.db, notes_service.metadata)
        with self.db.engine.begin() as conn:
            conn.execute(text("TRUNCATE changes RESTART IDENTITY"))
        self.url = settings["broker_url"]  # the harness's own way to the broker (not cut, not proxied)
        self.shared_broker = shared_broker
        if shared_broker:
            DECLARED.update({settings["exchange"], settings["queue_prefix"]})
        slug = "".join(ch if ch.isalnum() else "-" for ch in name.split(".", 1)[0].split(":", 1)[0])
        self.worker = WorkerProcess(self.ctx.config, database_url, worker_url or self.url,
                                    ROOT / "var" / "log" / "faults" / f"{slug}.log")
        self.report = Report(name)
        REPORTS.append(self.report)

    def start_worker(self) -> None:
        """Start the worker and wait until it consumes."""
        self.worker.start()
        testing.wait_until(lambda: consuming(self.ctx.config, self.url), timeout=60, interval=0.2)

    def restart_worker(self) -> float:
        """Start the worker again; return the moment it was started (what recovery is measured from)."""
        started = time.monotonic()
        self.worker.start()
        return started

    def finish(self, load: Load, recovery_s: float) -> Report:
        """Stop the load, wait for the backlog, count; the scenario's report."""
        load.__exit__(None, None, None)
        self.report.requests = load.requests
        self.report.recovery_s = recovery_s
        if load.failed:
            self.report.notes.append(f"{load.failed} requests refused")
        return settle_and_count(self.db, self.report)

    def close(self) -> None:
        self.worker.kill()
        if self.shared_broker:
            try:
                testing.delete_topology(self.ctx.config)
            except Exception:
                pass
        self.ctx.db.dispose()
        self.db.dispose()
