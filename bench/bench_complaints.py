"""Complaints benchmarks, each next to a raw baseline measured in the same run.

1. Creating complaints through the API (JWT, validation, incident rule over the shipped batch, number,
   history row, outbox row) against a bare Flask endpoint inserting one row into the same PostgreSQL.
2. Listing with filters and yearly statistics with 100,000 complaints in the database (p50/p99).
Run: `cd bench && ../.venv/bin/python bench_complaints.py`. Nothing here asserts a time.
"""
from __future__ import annotations

import io
import os
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import requests
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import gunicorn, interleaved, load, percentile, print_table, timed_latencies  # noqa: E402
from bench.raw_app import prepare  # noqa: E402
from complaints.adapters.recurrence import refresh_all  # noqa: E402
from qms_shared import testing  # noqa: E402
from qms_shared.web.auth import mint_token  # noqa: E402

DB = "qms_bench_complaints"
SECRET = "bench-secret-" + os.urandom(16).hex()
ROWS = 100_000
CST = timezone(timedelta(hours=8))
BODY = {"customer": {"id": "C-1", "name": "Acme"}, "category": "quality", "channel": "email",
        "description": "Cartons crack at the fold.", "quantity_affected": 20, "returned_quantity": 2,
        "loss_amount": "120.00"}


def _migrate(url: str) -> None:
    from complaints.bootstrap import bootstrap
    from qms_shared.migrations import upgrade
    ctx = bootstrap({"database_url": url})
    upgrade(ctx.db, "complaints")
    ctx.db.dispose()


def _creates(base: str, path: str, headers: dict, with_product: bool):
    def request(session, n):
        body = dict(BODY)
        if with_product:  # a spread of models and production dates: the batch rule looks them up
            body["product"] = {"code": f"M-{n % 500}", "production_date": f"2026-0{1 + n % 9}-1{n % 10}"}
        return session.post(base + path, json=body, headers=headers, timeout=10)
    return request


def bench_create(url: str, headers: dict) -> None:
    prepare(url)
    env = {"DATABASE_URL": url, "BENCH_DATABASE_URL": url, "JWT_SECRET": SECRET, "LOG_LEVEL": "WARNING",
           "QMS_DEADLINE_SCAN_INTERVAL": "3600"}
    with gunicorn("bench.raw_app:create_app()", env) as raw, \
            gunicorn("complaints.entrypoints.app:create_app()", env) as api:
        load(_creates(raw, "/raw", {}, False), seconds=2)  # warm both up
        load(_creates(api, "/api/v1/complaints", headers, True), seconds=2)
        both = interleaved({  # alternating rounds: each API round is compared with the bare insert just before it
            "raw": lambda: load(_creates(raw, "/raw", {}, False)),
            "api": lambda: load(_creates(api, "/api/v1/complaints", headers, True))}, 5)
        busy = load(_creates(api, "/api/v1/complaints", headers, True), concurrency=16)
    raw_, api_ = both["raw"], both["api"]
    print_table("create complaint vs bare insert (8 clients, 2 workers x 4 threads, median of 5 alternating rounds)", [
        ("bare Flask insert: requests/s", raw_["rate"], "req/s", "baseline"),
        ("POST /complaints: requests/s", api_["rate"], "req/s",
         f"ratio {api_['ratio']:.2f} (min {api_['ratio_min']:.2f}, max {api_['ratio_max']:.2f}; floor >= 0.30)"),
        ("bare Flask insert: p99", raw_["p99_ms"], "ms", ""),
        ("POST /complaints: p99", api_["p99_ms"], "ms", f"errors {api_['errors']:.0f}"),
        ("POST /complaints, 16 clients: p99", busy["p99_ms"], "ms",
         f"p50 {busy['p50_ms']:.1f} ms, {busy['rate']:.0f} req/s, errors {busy['errors']} (ceiling <= 100 ms)"),
    ])


def seed(url: str, rows: int) -> None:
    """Bulk-load complaints over five years with COPY (the API would take minutes for this many)."""
    rng = random.Random(3)
    columns = ("id", "number", "customer_id", "customer_name", "category", "description", "received_at", "status",
               "owner_department", "containment_due_at", "containment_met_at", "corrective_action_due_at",
               "corrective_action_met_at", "cause_category", "responsible_department", "product_code",
               "returned_quantity", "injury", "reputation_damage", "batch_scale", "attachments", "reopen_count", "incident_class",
               "incident_reasons", "version")
    start = datetime(2022, 1, 1, tzinfo=CST)
    span = 5 * 365 * 24 * 60
    buffer = io.StringIO()
    for n in range(rows):
        minute = rng.randrange(span)
        received = start + timedelta(minutes=minute)
        category = rng.choice(["quality", "delivery", "quantity", "service", "price", "environmental", "other"])
        contained, planned = received + timedelta(days=2), received + timedelta(days=14)
        # as in a real register: almost everything older than a month is closed, recent ones are open
        is_open = minute > span - 60 * 24 * 30 or rng.random() < 0.01
        late = timedelta(hours=rng.randrange(-40, 20))
        cause = "\\N" if is_open and rng.random() < 0.5 else rng.choice(
            ["man", "machine", "material", "method", "environment", "measurement"])
        buffer.write("\t".join(str(v) for v in (
            uuid.uuid4(), f"CP-{received.year}-9{n:05d}", f"C-{rng.randrange(300)}", f"Customer {n % 300}", category,
            f"complaint text {n} about {category} problem {rng.randrange(1000)}", received.isoformat(),
            "contained" if is_open else "closed", "quality" if category in ("quality", "environmental") else "sales",
            contained.isoformat(), (contained + late).isoformat(), planned.isoformat(),
            "\\N" if is_open else (planned + late).isoformat(), cause,
            "production" if cause != "\\N" else "\\N", f"M-{rng.randrange(200)}", rng.randrange(20), "f", "f", "f",
            "[]", 0, "general", "[]", 1)) + "\n")
    buffer.seek(0)
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        with conn.cursor().copy(f"COPY complaints ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(buffer.read())
        conn.execute("ANALYZE complaints")  # without statistics the flag update below would plan a nested seq scan
    engine = create_engine(url)
    with Session(engine) as session:  # the handlers keep the flags; a bulk load sets them once
        refresh_all(session)
        session.commit()
    engine.dispose()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE complaints")  # the steady state autovacuum keeps a live register in


def bench_reads(url: str, headers: dict) -> None:
    seed(url, ROWS)
    queries = {
        "list: first page, no filter": "/api/v1/complaints",
        "list: status + category + customer": "/api/v1/complaints?status=received&category=quality&customer=C-7",
        "list: overdue + owner department": "/api/v1/complaints?overdue=true&owner_department=sales&per_page=50",
        "list: date range + text search": "/api/v1/complaints?received_from=2024-01-01&received_to=2024-06-30&q=problem%2042",
        "list: page 50 of a year": "/api/v1/complaints?received_from=2025-01-01&received_to=2025-12-31&page=50",
        "stats: one year (json)": "/api/v1/complaints/stats?year=2025",
        "stats: one year (csv)": "/api/v1/complaints/stats?year=2025&format=csv",
    }
    env = {"DATABASE_URL": url, "JWT_SECRET": SECRET, "LOG_LEVEL": "WARNING", "QMS_DEADLINE_SCAN_INTERVAL": "3600"}
    with gunicorn("complaints.entrypoints.app:create_app()", env) as api:
        session = requests.Session()
        health = timed_latencies(lambda n: session.get(api + "/healthz"), 200)
        rows = [("GET /healthz (floor of this server)", percentile(health, 99) * 1000, "ms p99", "baseline")]
        for name, path in queries.items():
            timed_latencies(lambda n: session.get(api + path, headers=headers), 20)  # warm the caches
            latencies = timed_latencies(lambda n: _ok(session.get(api + path, headers=headers)), 300)
            rows.append((f"{name}", percentile(latencies, 99) * 1000, "ms p99",
                         f"p50 {percentile(latencies, 50) * 1000:.1f} ms (goal p99 < 100 ms)"))
    print_table(f"reads with {ROWS:,} complaints in the database (300 sequential requests each)", rows)


def _ok(response):
    assert response.status_code == 200, response.text[:300]
    return response


def main() -> int:
    url = testing.fresh_database(DB)
    try:
        _migrate(url)
        headers = {"Authorization": "Bearer " + mint_token(SECRET, sub="bench", roles=["quality"], ttl=7200)}
        bench_create(url, headers)
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
            conn.execute("TRUNCATE complaints, complaint_history, outbox CASCADE")
        bench_reads(url, headers)
    finally:
        testing.drop_database(DB)
    return 0


if __name__ == "__main__":
    sys.exit(main())
