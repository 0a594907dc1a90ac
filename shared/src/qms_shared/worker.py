"""The worker process of a service: outbox relay, event consumer and periodic jobs, one thread each.

SIGTERM/SIGINT stop it cleanly: the handler in progress finishes and is acked, nothing else is taken.
"""
from __future__ import annotations

import logging
import signal
import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete

from . import metrics
from .bootstrap import PeriodicJob, ServiceContext
from .consumer import EventConsumer
from .envelope import utcnow
from .logs import configure_logging
from .relay import OutboxRelay

log = logging.getLogger(__name__)


class Worker:
    """Runs a service's background work until stopped."""

    def __init__(self, ctx: ServiceContext, *, relay: bool = True, consume: bool = True, jobs: bool = True):
        self.ctx = ctx
        self.stop = threading.Event()
        self.relay = OutboxRelay(ctx.db, ctx.tables, ctx.config, self.stop) if relay else None
        self.consumer = None
        if consume and ctx.event_handlers:
            self.consumer = EventConsumer(config=ctx.config, uow_factory=ctx.uow_factory,
                                          handlers=ctx.event_handlers, tables=ctx.tables, stop=self.stop)
        self.jobs = (list(ctx.periodic_jobs) + [self._outbox_cleanup_job(), self._retention_job()]) if jobs else []
        self.threads: list[threading.Thread] = []
        metrics.set_event_types(_catalogued_types(ctx.package), ctx.event_handlers.keys())

    def start(self) -> None:
        """Start the threads and return."""
        targets = [("relay", self.relay.run if self.relay else None),
                   ("consumer", self.consumer.run if self.consumer else None)]
        targets += [(f"job-{job.name}", self._job_loop(job)) for job in self.jobs]
        for name, target in targets:
            if target is not None:
                thread = threading.Thread(target=target, name=f"{self.ctx.config.service}-{name}", daemon=True)
                thread.start()
                self.threads.append(thread)

    def shutdown(self, timeout: float = 30) -> None:
        """Ask every thread to stop and wait for them."""
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout)
        self.ctx.db.dispose()

    def run_forever(self) -> None:
        """Start, then block until SIGTERM or SIGINT."""
        configure_logging(self.ctx.config.service, self.ctx.config.log_level)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop.set())
        self.start()
        log.info("worker started", extra={"threads": [t.name for t in self.threads]})
        alive = Path(self.ctx.config.data_dir) / "worker.alive"
        alive.parent.mkdir(parents=True, exist_ok=True)
        while not self.stop.wait(1):
            alive.touch()  # liveness for the container health check
        log.info("worker stopping")
        self.shutdown()
        log.info("worker stopped")

    def _job_loop(self, job: PeriodicJob):
        def loop():
            while not self.stop.wait(job.interval):
                try:
                    job.run()
                except Exception:
                    log.exception("periodic job failed", extra={"job": job.name})
        return loop

    def _outbox_cleanup_job(self) -> PeriodicJob:
        outbox = self.ctx.tables.outbox
        keep = timedelta(days=self.ctx.config.outbox_retention_days)

        def cleanup():
            with self.ctx.db.engine.begin() as conn:
                conn.execute(delete(outbox).where(outbox.c.published_at < utcnow() - keep))
        return PeriodicJob("outbox-cleanup", 3600, cleanup)

    def _retention_job(self) -> PeriodicJob:
        return PeriodicJob("retention", 3600, lambda: delete_expired(self.ctx))


def delete_expired(ctx: ServiceContext) -> dict:
    """Delete idempotency keys and inbox rows older than QMS_RETENTION_DAYS; how many of each went."""
    cutoff = utcnow() - timedelta(days=ctx.config.retention_days)
    keys, inbox = ctx.tables.idempotency, ctx.tables.inbox
    with ctx.db.engine.begin() as conn:
        deleted = {"idempotency_keys": conn.execute(delete(keys).where(keys.c.created_at < cutoff)).rowcount,
                   "inbox": conn.execute(delete(inbox).where(inbox.c.processed_at < cutoff)).rowcount}
    if any(deleted.values()):
        log.info("expired rows deleted", extra=deleted)
    return deleted


def _catalogued_types(package: str) -> list[str]:
    """The event types of the service's catalogue (none when it has no catalogue)."""
    from .catalogue import Catalogue
    try:
        return list(Catalogue.of_package(package).entries)
    except (FileNotFoundError, ModuleNotFoundError, TypeError):
        return []
