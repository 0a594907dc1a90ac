"""Delivery history import benchmark: 100,000 rows through the reviews import vs raw PostgreSQL writes.

Run with `make bench` (or `.venv/bin/python bench/bench_imports.py`). Prints, from one run, the median of
rounds (BENCH_IMPORT_ROUNDS, default 3) of:
- the raw baselines: psycopg COPY of the same rows into a twin of the table (same key and indexes), and
  psycopg executemany of one INSERT;
- the import as `qms-reviews import-deliveries FILE` runs it (CSV text read, every row checked, compared with
  what is stored, Core insert of lists of rows, one transaction), into an empty history;
- the same file imported again (every row read back and found unchanged: nothing written).
Rates are rows/s; each ratio is taken against the COPY baseline of the same round (the host's speed drifts).
The issue's target is 100,000 rows in under a minute on this 2-core machine. Nothing asserts a time.
"""
from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from common import interleaved, print_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qms_shared import testing  # noqa: E402
from qms_shared.migrations import upgrade  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
ROUNDS = int(os.environ.get("BENCH_IMPORT_ROUNDS", "3"))
COLUMNS = ("customer_id", "customer_name", "product_code", "model", "delivered_on", "quantity", "source_document",
           "line", "imported_at", "imported_by")


def history_csv(count: int) -> str:
    """`count` deliveries of 2,000 customers and 800 products, five lines per delivery note, as a CSV file."""
    lines = ["customer_id,customer_name,product_code,model,delivered_on,quantity,source_document,line"]
    for n in range(count):
        lines.append(f"C-{n % 2000:05d},Customer {n % 2000} Trading Co.,P-{n * 7 % 800:04d},Model {n % 13},"
                     f"20{18 + n % 8}-{n % 12 + 1:02d}-{n % 28 + 1:02d},{100 + n % 997}.5,DN-{n // 5:07d},{n % 5 + 1}")
    return "\n".join(lines) + "\n"


def raw_rows(text: str) -> list[tuple]:
    """The same rows as typed tuples, read without any checking (the baselines' input)."""
    from datetime import date
    from decimal import Decimal
    now = datetime.now(timezone.utc)
    out = []
    for line in text.splitlines()[1:]:
        cid, name, code, model, day, quantity, document, no = line.split(",")
        out.append((cid, name, code, model, date.fromisoformat(day), Decimal(quantity), document, int(no), now, "bench"))
    return out


def main() -> int:
    """Run the benchmark and print the figures."""
    import psycopg
    from qms_shared.domain import Actor
    from reviews.adapters.delivery_files import rows_from_csv
    from reviews.bootstrap import bootstrap
    from reviews.domain.commands import ImportDeliveries

    url = testing.fresh_database("qms_bench_imports")
    ctx = bootstrap({"database_url": url, "validate_events": False})
    upgrade(ctx.db, "reviews")
    dsn = ctx.db.url.replace("postgresql+psycopg://", "postgresql://")
    text = history_csv(ROWS)
    typed = raw_rows(text)
    actor = Actor(id="bench", name="bench", roles=frozenset({"system"}))
    insert = (f"INSERT INTO raw_deliveries ({', '.join(COLUMNS)}) "
              f"VALUES ({', '.join(['%s'] * len(COLUMNS))})")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE raw_deliveries (LIKE delivery_history INCLUDING ALL)")

    def timed(work) -> dict:
        started = time.perf_counter()
        work()
        elapsed = time.perf_counter() - started
        return {"rate": ROWS / elapsed, "seconds": elapsed}

    def empty(table: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"TRUNCATE {table}")
            conn.execute(f"VACUUM ANALYZE {table}")

    def copy() -> dict:
        empty("raw_deliveries")

        def work():
            with psycopg.connect(dsn) as conn, conn.cursor() as cur:
                with cur.copy(f"COPY raw_deliveries ({', '.join(COLUMNS)}) FROM STDIN") as sink:
                    for row in typed:
                        sink.write_row(row)
        return timed(work)

    def executemany() -> dict:
        empty("raw_deliveries")

        def work():
            with psycopg.connect(dsn) as conn, conn.cursor() as cur:
                cur.executemany(insert, typed)
        return timed(work)

    def handle() -> dict:
        report = ctx.bus.handle(ImportDeliveries(rows=rows_from_csv(text), dry_run=False, actor=actor,
                                                 at=datetime.now(timezone.utc)))
        assert report["added"] + report["unchanged"] == ROWS and not report["refused"], report
        return report

    def imported() -> dict:
        empty("delivery_history")
        return timed(handle)

    def reimported() -> dict:
        return timed(handle)

    figures = interleaved({"copy": copy, "executemany": executemany, "import": imported, "again": reimported},
                          ROUNDS)

    def note(name: str) -> str:
        f = figures[name]
        return (f"{f['seconds']:.1f} s; ratio to COPY {f['ratio']:.2f} (rounds {f['ratio_min']:.2f}-"
                f"{f['ratio_max']:.2f}); to executemany {f['rate'] / figures['executemany']['rate']:.2f}")
    print_table(f"delivery history import, {ROWS:,} rows ({ROUNDS} rounds, medians; target: under 60 s)", [
        ("raw baseline: psycopg COPY into a twin table", figures["copy"]["rate"], "rows/s",
         f"{figures['copy']['seconds']:.1f} s"),
        ("raw baseline: psycopg executemany INSERT", figures["executemany"]["rate"], "rows/s", note("executemany")),
        ("import-deliveries: CSV checked, compared, inserted", figures["import"]["rate"], "rows/s", note("import")),
        ("the same file again: all unchanged, nothing written", figures["again"]["rate"], "rows/s", note("again")),
    ])
    ctx.db.dispose()
    testing.drop_database("qms_bench_imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
