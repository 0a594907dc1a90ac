"""Profile of the event path, stage by stage: CPU and round trips per event (not part of `make bench`).

    cd bench && ../.venv/bin/python profile_event_path.py [events]

Stages, each alone in this process on the notes test service, one after the other:
- producer: a unit of work per change (one INSERT + one ~300-byte event), committed;
- relay: the full outbox to the broker (`relay_once` until empty);
- consumer: the queue's backlog applied through the inbox (main thread and handler thread).
For each: CPU ms per event (process time), SQL statements and commits per event, and cProfile's top functions by own time in var/profile/<stage>.txt.
"""
from __future__ import annotations

import cProfile
import io
import pstats
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import Column, Integer, String, Table, create_engine, event, insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "shared" / "tests"))

import notes_service  # noqa: E402
from qms_shared import testing  # noqa: E402
from qms_shared.broker import connect, declare_consumer_topology  # noqa: E402
from qms_shared.relay import ConfirmingPublisher, OutboxRelay  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 3000
PROFILE = "--no-profile" not in sys.argv  # cProfile roughly doubles CPU: measure CPU without it
OUT = ROOT / "var" / "profile"
changes = Table("changes", notes_service.metadata, Column("id", Integer, primary_key=True),
                Column("text", String(400)), extend_existing=True)


class Counts:
    """SQL statements (an executemany counts once) and commits while counting."""

    def __init__(self, engine):
        self.statements = self.commits = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, *args):
        self.statements += 1

    def _commit(self, *args):
        self.commits += 1

    def reset(self):
        self.statements = self.commits = 0


def _measure(name, n, run, counts, extra_profiles=()):
    profile = cProfile.Profile()
    counts.reset()
    cpu, wall = time.process_time(), time.perf_counter()
    if PROFILE:
        profile.enable()
    run()
    profile.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    stream = io.StringIO()
    if not PROFILE:
        print(f"  {name:<10} {n / wall:>8.0f} ev/s  cpu {cpu / n * 1000:6.3f} ms/ev  sql {counts.statements / n:5.3f}/ev  "
              f"commits {counts.commits / n:5.3f}/ev  wall {wall:5.2f} s")
        return
    stats = pstats.Stats(profile, stream=stream)
    for other in extra_profiles:
        stats.add(other)
    stats.sort_stats("tottime").print_stats(25)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.txt").write_text(stream.getvalue())
    print(f"  {name:<10} {n / wall:>8.0f} ev/s  cpu {cpu / n * 1000:6.3f} ms/ev  "
          f"sql {counts.statements / n:5.3f}/ev  commits {counts.commits / n:5.3f}/ev  wall {wall:5.2f} s")


def main() -> None:
    url = testing.fresh_database("qms_bench_profile")
    engine = create_engine(url)
    notes_service.metadata.create_all(engine)
    engine.dispose()
    ctx = notes_service.bootstrap({"database_url": url, "service": "test",
                                   **testing.isolated_broker_settings("test")})
    counts = Counts(ctx.db.engine)
    pad = "x" * 200
    try:
        with connect(ctx.config) as conn:
            declare_consumer_topology(conn.channel(), ctx.config, ctx.event_handlers)

        def produce():
            for n in range(N):
                with ctx.uow_factory() as uow:
                    uow.session.execute(insert(changes).values(text=f"change {n}"))
                    uow.publish("test.note.written", "s", {"text": str(n), "pad": pad})
                    uow.commit()
        print(f"== event path profile, {N} events (CPU per event includes the driver and the client library)")
        _measure("producer", N, produce, counts)

        relay = OutboxRelay(ctx.db, ctx.tables, ctx.config, threading.Event())

        def relay_all():
            with connect(ctx.config) as conn:
                publisher = ConfirmingPublisher(conn, ctx.config)
                while relay.relay_once(publisher) > 0:
                    pass
        _measure("relay", N, relay_all, counts)

        handler_profile = cProfile.Profile()
        running = testing.RunningConsumer(ctx)
        apply_batch = running.consumer.applier.apply_batch

        def profiled(*args):
            if PROFILE:
                handler_profile.enable()
            try:
                return apply_batch(*args)
            finally:
                handler_profile.disable()
        running.consumer.applier.apply_batch = profiled
        main_profile = cProfile.Profile()
        run = running.consumer.run

        def profiled_run():
            if PROFILE:
                main_profile.enable()
            run()
            main_profile.disable()
        running.thread = threading.Thread(target=profiled_run, daemon=True)

        def consume():
            with running:
                testing.wait_until(lambda: notes_service.count_notes(ctx.db) >= N, timeout=120, interval=0.02)
        _measure("consumer", N, consume, counts)
        for name, prof in (("consumer-main", main_profile), ("consumer-handler", handler_profile))[:2 * PROFILE]:
            stream = io.StringIO()
            pstats.Stats(prof, stream=stream).sort_stats("tottime").print_stats(25)
            (OUT / f"{name}.txt").write_text(stream.getvalue())
        print(f"  profiles: {OUT}/<stage>.txt")
    finally:
        testing.delete_topology(ctx.config)
        ctx.db.dispose()
        testing.drop_database("qms_bench_profile")


if __name__ == "__main__":
    main()
