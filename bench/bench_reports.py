"""Reports benchmark: the management-review pack over 100,000 complaints, next to a raw baseline.

The pack's figures come from SQL aggregates (adapters/report_queries.py: the statistics endpoint's one
scan plus incidents, claims and surveys); the baseline is the same counts by one plain SQL query on the
same database in the same run (what the database alone costs). Measured: the figures in-process, and the
endpoint over HTTP as JSON, as HTML (ten matplotlib charts) and as PDF (WeasyPrint), for one year and for
five years. Run: `cd bench && ../.venv/bin/python bench_reports.py`. Nothing here asserts a time.
"""
from __future__ import annotations

import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_complaints import DB, ROWS, SECRET, _migrate, _ok, seed  # noqa: E402
from bench.common import gunicorn, median, print_table, timed_latencies  # noqa: E402
from qms_shared import testing  # noqa: E402
from qms_shared.web.auth import mint_token  # noqa: E402

CST = timezone(timedelta(hours=8))
AS_OF = datetime(2027, 1, 15, tzinfo=CST)
PERIODS = {"one year": (date(2025, 1, 1), date(2025, 12, 31)), "five years": (date(2022, 1, 1), date(2026, 12, 31))}
RAW = """
SELECT category, coalesce(cause_category, 'unassigned'), coalesce(incident_class, 'unassigned'),
       to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), count(*),
       count(*) FILTER (WHERE containment_met_at <= containment_due_at),
       count(*) FILTER (WHERE corrective_action_met_at <= corrective_action_due_at)
FROM complaints WHERE received_at >= %s AND received_at < %s GROUP BY 1, 2, 3, 4
"""


def _raw(url: str, start: date, end: date) -> float:
    first = datetime.combine(start, datetime.min.time(), CST)
    after = datetime.combine(end + timedelta(days=1), datetime.min.time(), CST)
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        started = time.perf_counter()
        conn.execute(RAW, (first, after)).fetchall()
        return time.perf_counter() - started


def _figures(ctx, start: date, end: date) -> float:
    from complaints.service_layer.report_handlers import management_review
    started = time.perf_counter()
    management_review(start, end, uow=ctx.uow_factory(), deps=ctx.extras["deps"])
    return time.perf_counter() - started


def bench_figures(url: str) -> None:
    from complaints.bootstrap import bootstrap
    ctx = bootstrap({"database_url": url}, clock=lambda: AS_OF)
    rows = []
    for name, (start, end) in PERIODS.items():
        for _ in range(2):  # warm the caches
            _raw(url, start, end), _figures(ctx, start, end)
        raw = median([_raw(url, start, end) for _ in range(7)])
        pack = median([_figures(ctx, start, end) for _ in range(7)])
        rows.append((f"raw: one GROUP BY over {name}", raw * 1000, "ms p50", "baseline"))
        rows.append((f"pack figures (report_queries) over {name}", pack * 1000, "ms p50", f"x{pack / raw:.2f} of raw"))
    ctx.db.dispose()
    print_table(f"management-review figures with {ROWS:,} complaints (in process, median of 7)", rows)


def bench_endpoint(url: str, headers: dict) -> None:
    env = {"DATABASE_URL": url, "JWT_SECRET": SECRET, "LOG_LEVEL": "WARNING", "QMS_DEADLINE_SCAN_INTERVAL": "3600"}
    rows = []
    with gunicorn("complaints.entrypoints.app:create_app()", env, workers=1, threads=2) as api:
        session = requests.Session()
        for name, (start, end) in PERIODS.items():
            raw = median([_raw(url, start, end) for _ in range(5)])
            rows.append((f"raw: one GROUP BY over {name}", raw * 1000, "ms p50", "baseline"))
            for fmt, count in (("json", 7), ("html", 5), ("pdf", 3)):
                path = f"/api/v1/reports/management-review?from={start}&to={end}&format={fmt}"
                _ok(session.get(api + path, headers=headers, timeout=120))  # warm: imports, fonts, caches
                latencies = timed_latencies(lambda n: _ok(session.get(api + path, headers=headers, timeout=120)), count)
                p50 = median(latencies)
                rows.append((f"GET management-review {fmt} over {name}", p50 * 1000, "ms p50",
                             f"x{p50 / raw:.1f} of raw (goal: a few seconds)"))
    print_table(f"management-review endpoint with {ROWS:,} complaints (sequential requests)", rows)


def main() -> int:
    url = testing.fresh_database(DB + "_reports")
    try:
        _migrate(url)
        seed(url, ROWS)
        headers = {"Authorization": "Bearer " + mint_token(SECRET, sub="bench", roles=["quality"], ttl=7200)}
        bench_figures(url)
        bench_endpoint(url, headers)
    finally:
        testing.drop_database(DB + "_reports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
