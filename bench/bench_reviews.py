"""Reviews benchmark: contract submission and review recording vs the bare Flask insert, and register search.

Run with `make bench` (or `.venv/bin/python bench/bench_reviews.py`). Prints, from one run:
- the raw baseline (bare Flask + one INSERT, no auth/validation/outbox) and, side by side, submitting a
  special contract (new customer and product: seven departments; 10 rows and 2 outbox events), a regular
  repeat order (two departments; 5 rows and 2 events) and recording a department review, as ratios;
- the register's search latency (p50/p99) over 50,000 contracts with the filters people use.
Every figure is the median of rounds, and each ratio the median of the ratios within a round (the host's
speed drifts; a rate is compared with the baseline's of the same round). Nothing asserts a time.
"""
from __future__ import annotations

import os
import random
import sys
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from common import gunicorn, interleaved, load, percentile, print_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import raw_app  # noqa: E402
from qms_shared import testing  # noqa: E402
from qms_shared.migrations import upgrade  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
REGISTER_SIZE = int(os.environ.get("BENCH_REGISTER_SIZE", "50000"))
SEARCHES = int(os.environ.get("BENCH_SEARCHES", "400"))
SECRET = "bench-secret-" + "x" * 24
LINE = {"product_code": "P-100", "product_name": "Carton", "model": "A4", "quantity": "1000",
        "unit_price": "2.50", "requested_delivery_date": "2026-12-20"}
CONTRACT = {"customer": {"id": "C-1", "name": "Acme Ltd"}, "salesperson": "Zhang San", "region": "East",
            "source": "written", "currency": "CNY", "payment_terms": "30 days", "lines": [LINE]}
# A repeat order: a customer with an accepted contract, for a product delivered before (two departments).
REGULAR = {**CONTRACT, "customer": {"id": "C-REG", "name": "Repeat Co"}, "lines": [{**LINE, "product_code": "P-REG"}]}


def _env(url: str) -> dict:
    return {"DATABASE_URL": url, "JWT_SECRET": SECRET, "LOG_LEVEL": "WARNING", "QMS_VALIDATE_EVENTS": "false",
            "BENCH_DATABASE_URL": url, "BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//"}


def _headers(config, role: str) -> dict:
    return testing.bearer(config, [role], sub=f"bench-{role}", name=role)


def _submitted(ctx, customer: dict, line: dict):
    """A contract of `customer` for `line`'s product, submitted in-process by sales (not timed)."""
    from qms_shared.domain import Actor
    from reviews.domain.commands import SubmitContract
    return ctx.bus.handle(SubmitContract(
        customer_id=customer["id"], customer_name=customer["name"], salesperson="Li", region=None, source="written",
        currency="CNY", payment_terms=None, requirements=None,
        lines=[{**line, "unit_price": "2.5", "requested_delivery_date": date(2026, 12, 20)}],
        actor=Actor(id="bench", name="bench", roles=frozenset({"sales"})), at=datetime.now(timezone.utc)))


def _contracts_awaiting_sales(ctx, count: int) -> list[str]:
    """Submitted contracts whose sales review is pending (made in-process, not timed)."""
    return [str(_submitted(ctx, {"id": "C-R", "name": "Review Co"}, LINE).id) for _ in range(count)]


def _accepted_before(ctx, customer: dict, line: dict) -> None:
    """One contract of `customer` for `line`'s product, reviewed by every department and accepted (not timed),
    so that the next order like it is a regular one."""
    from qms_shared.domain import Actor
    from reviews.domain.commands import DecideContract, RecordReview
    now = datetime.now(timezone.utc)
    contract = _submitted(ctx, customer, line)
    for department in contract.required_departments:
        ctx.bus.handle(RecordReview(
            contract_id=contract.id, department=department, opinion="approve", comment=None,
            delivery_date=date(2026, 12, 20) if department == "production" else None,
            actor=Actor(id=department, name=department, roles=frozenset({department})), at=now))
    gm = Actor(id="gm", name="gm", roles=frozenset({"general_manager"}))
    decided = ctx.bus.handle(DecideContract(contract_id=contract.id, outcome="accepted", reason=None, actor=gm, at=now))
    assert decided.status == "accepted", decided.status


def measure_writes(ctx, raw_url: str, svc_url: str) -> dict:
    """Raw insert rate, contract submission rate and review recording rate, in alternating rounds."""
    sales = _headers(ctx.config, "sales")
    pool = _contracts_awaiting_sales(ctx, int(SECONDS * 600 * ROUNDS))
    cursor = iter(pool)

    def raw():
        return load(lambda s, n: s.post(f"{raw_url}/raw", json={**CONTRACT, "n": n}), seconds=SECONDS,
                    concurrency=CONCURRENCY)

    def submit():
        return load(lambda s, n: s.post(f"{svc_url}/api/v1/contracts", json=CONTRACT, headers=sales),
                    seconds=SECONDS, concurrency=CONCURRENCY)

    _accepted_before(ctx, REGULAR["customer"], REGULAR["lines"][0])

    def submit_regular():
        return load(lambda s, n: s.post(f"{svc_url}/api/v1/contracts", json=REGULAR, headers=sales),
                    seconds=SECONDS, concurrency=CONCURRENCY)

    def review():
        return load(lambda s, n: s.post(f"{svc_url}/api/v1/contracts/{next(cursor)}/reviews/sales",
                                        json={"opinion": "approve"}, headers=sales),
                    seconds=SECONDS, concurrency=CONCURRENCY)

    # Round by round (raw, submit, review), so that the load other work puts on the machine weighs on the
    # baseline as much as on the two it is compared with; each ratio is taken within its round.
    return interleaved({"raw": raw, "submit": submit, "submit_regular": submit_regular, "review": review}, ROUNDS)


def fill_register(ctx, size: int) -> None:
    """`size` contracts with lines, reviews and revisions, built by the domain and bulk-inserted."""
    from reviews.domain.classification import CustomerFacts, classify
    from reviews.domain.contract import Contract
    from reviews.domain.lines import build_lines
    rng = random.Random(7)
    start = datetime(2024, 1, 1, 9, tzinfo=timezone.utc)
    policy = ctx.extras["deps"].policy
    for first in range(0, size, 2000):
        with ctx.uow_factory() as uow:
            for n in range(first, min(size, first + 2000)):
                code = f"P-{rng.randrange(300):03d}"
                lines = build_lines([{**LINE, "product_code": code, "requested_delivery_date": date(2026, 12, 20)}])
                contract = Contract.submit(
                    id=uuid.uuid4(), number=f"CT-2025-{n:06d}", customer_id=f"C-{rng.randrange(800)}",
                    customer_name=f"Customer {rng.randrange(800)} Trading", salesperson=f"Sales {rng.randrange(40)}",
                    region=rng.choice(["East", "North", "South", "West"]), source="written", currency="CNY",
                    payment_terms=None, requirements=None, lines=lines,
                    classification=classify(lines, CustomerFacts(False, frozenset({code})), None), policy=policy,
                    product_statuses={code: rng.choice(["compliant", "non_compliant", "compliant"])},
                    known_requirements=[], by="bench", at=start + timedelta(minutes=n))
                contract.pull_events()
                uow.contracts.add(contract)
            uow.commit()
    # As a live register would be after autovacuum: statistics fresh, visibility map set.
    with ctx.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")


def measure_search(ctx, svc_url: str) -> dict:
    """Latencies of register searches with the filters people use, per_page=50."""
    import requests
    viewer = _headers(ctx.config, "viewer")
    queries = ["", "status=under_review", "customer_id=C-17", "q=Customer 42", "q=CT-2025-0123",
               "product_code=P-042", "compliance=hold&region=East", "salesperson=Sales 3&type=regular",
               "submitted_from=2024-01-10&submitted_to=2024-01-20", "page=20"]
    session = requests.Session()
    latencies = []
    for n in range(SEARCHES):
        started = time.perf_counter()
        response = session.get(f"{svc_url}/api/v1/contracts?{queries[n % len(queries)]}", headers=viewer)
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    return {"p50_ms": percentile(latencies, 50) * 1000, "p99_ms": percentile(latencies, 99) * 1000}


def main() -> int:
    """Run the benchmark and print the figures."""
    from reviews.bootstrap import bootstrap
    raw_db, svc_db = testing.fresh_database("qms_bench_raw"), testing.fresh_database("qms_bench_reviews")
    raw_app.prepare(raw_db)
    ctx = bootstrap({"database_url": svc_db, "jwt_secret": SECRET})
    upgrade(ctx.db, "reviews")
    with gunicorn("bench.raw_app:create_app()", _env(raw_db)) as raw_url, \
            gunicorn("reviews.entrypoints.app:create_app()", _env(svc_db)) as svc_url:
        writes = measure_writes(ctx, raw_url, svc_url)
        started = time.perf_counter()
        fill_register(ctx, REGISTER_SIZE)
        filled = time.perf_counter() - started
        search = measure_search(ctx, svc_url)
    def compared(name: str) -> str:
        w = writes[name]
        return (f"ratio {w['ratio']:.2f} (target >= 0.50; rounds {w['ratio_min']:.2f}-{w['ratio_max']:.2f}), "
                f"p99 {w['p99_ms']:.1f} ms, errors {w['errors']:.0f}")
    print_table(f"reviews writes ({CONCURRENCY} clients, {SECONDS:.0f} s x {ROUNDS} rounds, medians; "
                f"a ratio is taken within its round)", [
        ("raw baseline: bare Flask insert", writes["raw"]["rate"], "req/s", f"p99 {writes['raw']['p99_ms']:.1f} ms"),
        ("POST contracts: special (7 departments, 12 rows)", writes["submit"]["rate"], "req/s", compared("submit")),
        ("POST contracts: regular repeat order (2 departments)", writes["submit_regular"]["rate"], "req/s",
         compared("submit_regular")),
        ("POST contracts/{id}/reviews/sales", writes["review"]["rate"], "req/s", compared("review")),
    ])
    print_table(f"register search over {REGISTER_SIZE} contracts ({SEARCHES} requests, filled in {filled:.0f} s)", [
        ("GET contracts p50", search["p50_ms"], "ms", ""),
        ("GET contracts p99", search["p99_ms"], "ms", "target < 100 ms"),
    ])
    ctx.db.dispose()
    testing.drop_database("qms_bench_raw")
    testing.drop_database("qms_bench_reviews")
    return 0


if __name__ == "__main__":
    sys.exit(main())
