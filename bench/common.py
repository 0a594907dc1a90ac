"""Benchmark helpers: raw baselines measured in the same run, load generation, medians and ratios.

These machines are shared and noisy, so every figure is a median of repeated rounds and is reported
next to a raw baseline measured in the same run, as a ratio. Nothing here asserts a time.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, q: float) -> float:
    """The q-th percentile (0-100) of `values`, nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def median(values) -> float:
    """The median of `values`."""
    return statistics.median(values)


@contextlib.contextmanager
def gunicorn(app_spec: str, env: dict, *, workers: int = 2, threads: int = 4):
    """Serve `app_spec` (e.g. "bench.raw_app:create_app()") on a free port; yields the base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--log-level", "warning", app_spec],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(base + "/healthz", timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{app_spec} did not start")
                time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


def load(make_request, *, seconds: float = 5.0, concurrency: int = 8) -> dict:
    """Run `make_request(session, n)` from `concurrency` threads for `seconds`; rate and latencies."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    counter = iter(range(10**9))

    def worker():
        session = requests.Session()
        mine, bad = [], 0
        while time.perf_counter() < stop_at:
            with lock:
                n = next(counter)
            started = time.perf_counter()
            response = make_request(session, n)
            mine.append(time.perf_counter() - started)
            if response.status_code >= 400:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"rate": len(latencies) / elapsed, "p50_ms": percentile(latencies, 50) * 1000,
            "p99_ms": percentile(latencies, 99) * 1000, "errors": errors[0], "requests": len(latencies)}


def rounds(measure, n: int = 3) -> dict:
    """Run `measure()` n times and keep the median of every figure."""
    results = [measure() for _ in range(n)]
    return {key: median([r[key] for r in results]) for key in results[0]}


def interleaved(measures: dict, n: int) -> dict:
    """Run each of `measures` (name -> `measure()` giving a dict of figures) once per round, in turn, for
    `n` rounds; the median of every figure, and of each one's rate divided by the first one's (the
    baseline's) in the same round, as `ratio` with its lowest and highest (`ratio_min`, `ratio_max`).

    The host's speed drifts from minute to minute; a rate is compared with the baseline's measured just
    before it, not with the baseline's median over the whole run.
    """
    runs: dict[str, list[dict]] = {name: [] for name in measures}
    for _ in range(n):
        for name, measure in measures.items():
            runs[name].append(measure())
    baseline = runs[next(iter(measures))]
    out = {}
    for name, results in runs.items():
        ratios = [run["rate"] / base["rate"] for run, base in zip(results, baseline)]
        out[name] = {**{key: median([run[key] for run in results]) for key in results[0]},
                     "ratio": median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios)}
    return out


def timed_latencies(call, count: int) -> list[float]:
    """Latencies (s) of `count` sequential calls."""
    out = []
    for n in range(count):
        started = time.perf_counter()
        call(n)
        out.append(time.perf_counter() - started)
    return out


def print_table(title: str, rows: list[tuple]) -> None:
    """Print a figure table: (what, value, unit, ratio-or-note)."""
    print(f"\n== {title}")
    for what, value, unit, note in rows:
        print(f"  {what:<58} {value:>10.1f} {unit:<8} {note}")
    sys.stdout.flush()
