"""This suite against Celery and dramatiq on the same RabbitMQ and PostgreSQL, one at a time, interleaved.

Run by `make bench` (or `cd bench && ../.venv/bin/python bench_peers.py`). The peers come from
bench/requirements.txt, installed into this environment when missing (never a service's dependency).

The workload of issue 16: one producer and one consumer process; each change is one INSERT plus one
~300-byte event; the consumer INSERTs one row into its own database idempotently. Each round runs every
system once, in turn (this suite first), so each peer's ratio is taken against this suite's run of the
same round; the table shows the medians over the rounds. For every run it counts *lost* (changes
never applied) and *twice* (applied more than once); rates and latencies come from the databases'
own clocks (change INSERTed -> row applied). Also this suite's consumer alone, from a backlog.

Environment: BENCH_PEERS_EVENTS (3000), BENCH_PEERS_ROUNDS (3), BENCH_PEERS_LATENCY_SECONDS (5),
BENCH_PEERS_SYSTEMS (all: suite,celery,celery+confirm,dramatiq,dramatiq+confirm).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _install_peers() -> None:
    try:
        import celery, dramatiq, pika  # noqa: F401, E401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt"),
                        "-r", str(HERE / "requirements.txt")], check=True)


_install_peers()

import kombu  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

import peer_suite  # noqa: E402
from common import median, percentile  # noqa: E402
from qms_shared import testing  # noqa: E402
from qms_shared.broker import declare_consumer_topology  # noqa: E402

EVENTS = int(os.environ.get("BENCH_PEERS_EVENTS", "3000"))
ROUNDS = int(os.environ.get("BENCH_PEERS_ROUNDS", "3"))
LATENCY_SECONDS = int(os.environ.get("BENCH_PEERS_LATENCY_SECONDS", "5"))
RATE = 100
SYSTEMS = os.environ.get("BENCH_PEERS_SYSTEMS", "suite,celery,celery+confirm,dramatiq,dramatiq+confirm").split(",")
DBS = {"producer": "qms_bench_peers_producer", "consumer": "qms_bench_peers_consumer"}


class Run:
    """One system's producer and consumer processes on fresh queue names; counts and CPU when done."""

    def __init__(self, system: str, urls: dict, broker: dict, events: int, rate: float = 0):
        self.system, self.urls, self.events = system, urls, events
        self.tag = f"bench.{uuid.uuid4().hex[:8]}"
        name, _, confirm = system.partition("+")
        self.env = {**os.environ, "BENCH_PRODUCER_DB": urls["producer"], "BENCH_CONSUMER_DB": urls["consumer"],
                    "BENCH_EVENTS": str(events), "BENCH_RATE": str(rate), "BENCH_SYSTEM": name,
                    "BENCH_CONFIRM": "1" if confirm else "0", "BENCH_QUEUE": self.tag,
                    "BENCH_PEER_BROKER_URL": testing.BROKER_URL, "PYTHONPATH": f"{HERE}:{ROOT / 'shared' / 'tests'}",
                    "LOG_LEVEL": "WARNING", "QMS_EXCHANGE": f"{self.tag}.events", "QMS_QUEUE_PREFIX": f"{self.tag}.",
                    "QMS_BROKER_USERS": broker["users"]}
        self.env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        self.broker = broker
        self.name = name

    def _consumer_command(self) -> list[str]:
        if self.name == "suite":
            return [sys.executable, str(HERE / "peer_suite.py"), "consumer"]
        if self.name == "celery":
            return [sys.executable, "-m", "celery", "-A", "peer_apps:celery_app", "worker", "-P", "threads", "-c", "8",
                    "--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", self.tag, "-l", "WARNING"]
        return [sys.executable, "-m", "dramatiq", "peer_apps", "--processes", "1", "--threads", "8",
                "--queues", self.tag]

    def _producer_command(self) -> list[str]:
        script = "peer_suite.py" if self.name == "suite" else "peer_apps.py"
        return [sys.executable, str(HERE / script), "producer"]

    def _queue(self) -> str:
        return f"{self.tag}.notes.events" if self.name == "suite" else self.tag

    def start_consumer(self) -> None:
        env = {**self.env, "BROKER_URL": self.broker["consumer"]}
        self.consumer = subprocess.Popen(self._consumer_command(), env=env, cwd=HERE, stdout=subprocess.DEVNULL)
        testing.wait_until(lambda: _consumers(self._queue()) > 0 or self.consumer.poll() is not None, timeout=60)
        assert self.consumer.poll() is None, f"{self.system} consumer died"

    def start_producer(self) -> None:
        env = {**self.env, "BROKER_URL": self.broker["producer"]}
        self.producer = subprocess.Popen(self._producer_command(), env=env, cwd=HERE, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True)
        assert self.producer.stdout.readline().strip() == "ready", f"{self.system} producer did not start"

    def go(self) -> None:
        self.cpu_before = _cpu(self.producer.pid), _cpu(self.consumer.pid)
        self.producer.stdin.write("go\n")
        self.producer.stdin.flush()

    def wait_applied(self, expected: int, timeout: float) -> None:
        testing.wait_until(lambda: _applied(self.urls["consumer"])[1] >= expected, timeout=timeout, interval=0.2)

    def stop(self) -> dict:
        time.sleep(0.5)  # anything applied twice shows now
        cpu = _cpu(self.producer.pid) - self.cpu_before[0], _cpu(self.consumer.pid) - self.cpu_before[1]
        for proc in (self.producer, self.consumer):
            if proc.poll() is None:
                proc.terminate()
        for proc in (self.producer, self.consumer):
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        total, distinct = _applied(self.urls["consumer"])
        return {"lost": self.events - distinct, "twice": total - distinct,
                "cpu_producer_ms": cpu[0] / self.events * 1000, "cpu_consumer_ms": cpu[1] / self.events * 1000}


def _cpu(pid: int) -> float:
    """CPU seconds of a process and its descendants (dramatiq forks its worker)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    pids, seen = [pid], set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                pids += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def _consumers(queue: str) -> int:
    try:
        with kombu.Connection(testing.BROKER_URL) as conn:
            return conn.channel().queue_declare(queue, passive=True).consumer_count
    except Exception:
        return 0


def _applied(url: str) -> tuple[int, int]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*), count(DISTINCT change_id) FROM applied").fetchone()


def _truncate(urls: dict) -> None:
    for url in urls.values():
        with psycopg.connect(url) as conn:
            conn.execute("TRUNCATE changes, applied, outbox, inbox RESTART IDENTITY")


def _timings(urls: dict) -> tuple[float, list[float]]:
    """(seconds from the first change to the last row applied, each change's latency in seconds)."""
    with psycopg.connect(urls["producer"]) as conn:
        made = dict(conn.execute("SELECT change_id, extract(epoch FROM created_at) FROM changes").fetchall())
    with psycopg.connect(urls["consumer"]) as conn:
        done = conn.execute("SELECT change_id, extract(epoch FROM applied_at) FROM applied").fetchall()
    latencies = [float(at) - float(made[cid]) for cid, at in done if cid in made]
    return float(max(at for _, at in done)) - float(min(made.values())), latencies


def _cleanup(run: Run) -> None:
    with kombu.Connection(testing.BROKER_URL) as conn:
        channel = conn.channel()
        for queue in (run.tag, f"{run.tag}.DQ", f"{run.tag}.XQ"):
            try:
                channel.queue_delete(queue)
            except Exception:
                channel = conn.channel()
    if run.name == "suite":
        testing.delete_topology(peer_suite.context(peer_suite.CONSUMER, run.urls["consumer"]).config.with_overrides(
            {"exchange": f"{run.tag}.events", "queue_prefix": f"{run.tag}."}))


def throughput(system: str, urls: dict, broker: dict) -> dict:
    """End to end: EVENTS changes as fast as the producer goes, until the consumer applied them all."""
    _truncate(urls)
    run = Run(system, urls, broker, EVENTS)
    try:
        run.start_consumer()
        run.start_producer()
        run.go()
        run.wait_applied(EVENTS, timeout=60 + EVENTS / 50)
        counts = run.stop()
        elapsed, _ = _timings(urls)
        return {"rate": EVENTS / elapsed, **counts}
    finally:
        _cleanup(run)


def latency(system: str, urls: dict, broker: dict) -> dict:
    """Change INSERT -> consumer's row, at RATE changes/s."""
    _truncate(urls)
    count = RATE * LATENCY_SECONDS
    run = Run(system, urls, broker, count, rate=RATE)
    try:
        run.start_consumer()
        run.start_producer()
        run.go()
        run.wait_applied(count, timeout=60 + LATENCY_SECONDS * 2)
        counts = run.stop()
        _, latencies = _timings(urls)
        return {"p50_ms": percentile(latencies, 50) * 1000, "p99_ms": percentile(latencies, 99) * 1000, **counts}
    finally:
        _cleanup(run)


def consumer_alone(urls: dict, broker: dict) -> dict:
    """This suite's consumer applying a backlog of EVENTS already in its queue (inbox included)."""
    _truncate(urls)
    run = Run("suite", urls, broker, EVENTS)
    ctx = peer_suite.context(peer_suite.CONSUMER, urls["consumer"])
    config = ctx.config.with_overrides({"exchange": f"{run.tag}.events", "queue_prefix": f"{run.tag}.",
                                        "broker_url": broker["consumer"]})
    try:
        with kombu.Connection(config.broker_url) as conn:
            declare_consumer_topology(conn.channel(), config, ctx.event_handlers)
        run.consumer = subprocess.Popen(["sleep", "600"])
        run.start_producer()
        run.go()
        testing.wait_until(lambda: _queued(run._queue()) >= EVENTS, timeout=60 + EVENTS / 50, interval=0.2)
        run.consumer.terminate()
        run.start_consumer()
        run.cpu_before = run.cpu_before[0], _cpu(run.consumer.pid)
        started = time.time()
        run.wait_applied(EVENTS, timeout=60 + EVENTS / 50)
        counts = run.stop()
        with psycopg.connect(urls["consumer"]) as conn:
            last = conn.execute("SELECT extract(epoch FROM max(applied_at)) FROM applied").fetchone()[0]
        return {"rate": EVENTS / (float(last) - started), **counts}
    finally:
        ctx.db.dispose()
        _cleanup(run)


def _queued(queue: str) -> int:
    try:
        with kombu.Connection(testing.BROKER_URL) as conn:
            return conn.channel().queue_declare(queue, passive=True).message_count
    except Exception:
        return 0


def main() -> None:
    urls = {}
    for role, name in DBS.items():
        url = testing.fresh_database(name)
        engine = create_engine(url)
        peer_suite.metadata.create_all(engine)
        engine.dispose()
        urls[role] = url.replace("postgresql+psycopg://", "postgresql://")
    broker = {"producer": testing.broker_url_for(peer_suite.PRODUCER),
              "consumer": testing.broker_url_for(peer_suite.CONSUMER),
              "users": ",".join(f"{s}={u}" for s, u in testing.broker_users().items())}
    runs = {system: [] for system in SYSTEMS}
    lat = {system: [] for system in SYSTEMS}
    alone = []
    try:
        for round_ in range(ROUNDS):
            for system in SYSTEMS:
                runs[system].append(throughput(system, urls, broker))
                print(f"  round {round_ + 1} {system:<18} {runs[system][-1]['rate']:8.0f} ev/s", flush=True)
            for system in SYSTEMS:
                lat[system].append(latency(system, urls, broker))
            alone.append(consumer_alone(urls, broker))
    finally:
        for name in DBS.values():
            testing.drop_database(name)
    _report(runs, lat, alone)


def _report(runs: dict, lat: dict, alone: list) -> None:
    base = runs[SYSTEMS[0]]
    print(f"\n== peers: end to end, {EVENTS} changes per run, median of {ROUNDS} interleaved rounds "
          f"(ratio = the suite's rate / the peer's, same round)")
    print(f"  {'system':<18} {'events/s':>9} {'suite/peer':>11} {'(min-max)':>12} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'cpu prod+cons ms/ev':>20} {'lost':>5} {'twice':>6}")
    for system in SYSTEMS:
        results = runs[system]
        ratios = [b["rate"] / r["rate"] for b, r in zip(base, results)]
        cpu = f"{median([r['cpu_producer_ms'] for r in results]):.2f} + {median([r['cpu_consumer_ms'] for r in results]):.2f}"
        lost = sum(r["lost"] for r in results + lat[system])
        twice = sum(r["twice"] for r in results + lat[system])
        print(f"  {system:<18} {median([r['rate'] for r in results]):9.0f} {median(ratios):11.2f} "
              f"{min(ratios):5.2f}-{max(ratios):<5.2f} {median([r['p50_ms'] for r in lat[system]]):7.1f} "
              f"{median([r['p99_ms'] for r in lat[system]]):7.1f} {cpu:>20} {lost:5d} {twice:6d}")
    print(f"  suite consumer alone, {EVENTS} events from a backlog (inbox dedup): "
          f"{median([a['rate'] for a in alone]):.0f} events/s (rounds: "
          f"{', '.join(str(round(a['rate'])) for a in alone)}), "
          f"consumer cpu {median([a['cpu_consumer_ms'] for a in alone]):.2f} ms/event, "
          f"lost {sum(a['lost'] for a in alone)}, twice {sum(a['twice'] for a in alone)}")
    print(f"  latency: change INSERT -> consumer row at {RATE} changes/s for {LATENCY_SECONDS} s; rates from "
          f"the databases' clocks (first change INSERT -> last row applied)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
