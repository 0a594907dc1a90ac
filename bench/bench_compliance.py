"""Compliance benchmark: re-evaluating every product after a regulation change, at 1k / 5k / 10k products.

Run with `make bench` (or `.venv/bin/python bench/bench_compliance.py`). Each product has 10 homogeneous
materials x 10 declared substances (the ten EU RoHS substances). The register and the substance
catalogue are the shipped ones (`load-reference-data`), so evaluation runs on the group basis: EU RoHS
and the China RoHS version in force, each substance looked up in its group. The change measured is the one a
compliance engineer makes: EU RoHS's lead limit is tightened from 1000 to 500 ppm (one product in ten
has a material at 700 ppm, so one in ten turns non-compliant and gets a nonconformance), then
relaxed again (those return to compliant). The whole handler is timed, in process, as `PATCH
regulations/{id}` runs it: load every product from PostgreSQL, evaluate, write the changed
results, their evaluations, events (outbox) and nonconformances, commit.

Printed side by side, from the same run:
- the raw floor: reading the same product rows and decoding their JSON, nothing else;
- the domain alone: status of every product, already in memory;
- the handler, as a ratio to the raw floor and per 1,000 products (linear growth means a flat figure);
- the worst case at the largest size, there and back each round: a change that moves every product.
No time is asserted; figures are medians of rounds.
"""
from __future__ import annotations

import gc
import os
import random
import sys
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import JSON, column, insert, select, table, type_coerce

from common import median, print_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "shared" / "src"))

from qms_shared import testing  # noqa: E402
from qms_shared.migrations import upgrade  # noqa: E402

from compliance.adapters import orm  # noqa: E402
from compliance.adapters.json_types import material_facts  # noqa: E402
from compliance.bootstrap import bootstrap  # noqa: E402
from compliance.domain.commands import LoadReferenceData, ReviseRegulation  # noqa: E402
from compliance.domain.evaluation import EvaluationPolicy, Evaluator  # noqa: E402
from compliance.domain.product import ProductFacts  # noqa: E402
from compliance.domain.reevaluation import reevaluate  # noqa: E402
from compliance.domain.reference import EU_ROHS  # noqa: E402
from qms_shared.domain import Actor  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_COMPLIANCE_SIZES", "1000,5000,10000").split(",")]
ROUNDS = int(os.environ.get("BENCH_COMPLIANCE_ROUNDS", "3"))
DB = "qms_bench_compliance"
CAS = [limit["cas"] for limit in EU_ROHS["limits"]]
LEAD, CADMIUM = "7439-92-1", "7440-43-9"
# The products table with its materials as plain JSON: rows go in already in their stored form.
PLAIN_PRODUCTS = table("products", *[column(c.name, JSON if c.name == "materials" else c.type)
                                     for c in orm.products.columns])


def product_rows(start: int, count: int, rnd: random.Random) -> list[dict]:
    """Products of 10 materials x 10 substances; every tenth has one material with 700 ppm lead."""
    now = datetime.now(timezone.utc)
    rows = []
    for i in range(start, start + count):
        materials = []
        for m in range(10):
            substances = []
            for cas in CAS:
                ppm = rnd.uniform(0, 90) if cas == CADMIUM else rnd.uniform(0, 400)
                if cas == LEAD and m == 0 and i % 10 == 0:
                    ppm = 700.0
                ppm = round(ppm, 3)
                substances.append([cas, str(ppm), "ppm", ppm, ""])
            materials.append({"name": f"material {m}", "exemptions": [], "substances": substances})
        rows.append({"id": uuid.uuid4(), "code": f"BENCH-{i:06d}", "name": f"Bench product {i}",
                     "customer_ids": [f"C-{i % 50}"], "markets": [], "test_report_date": date.today(),
                     "supplier_declaration_date": None, "materials": materials, "status": "compliant",
                     "evaluated_at": now, "created_at": now, "updated_at": now, "version": 1})
    return rows


def grow_to(ctx, size: int, have: int, rnd: random.Random) -> None:
    """Insert products until there are `size` (raw rows: the bench measures evaluation, not import)."""
    with ctx.db.engine.begin() as conn:
        for start in range(have, size, 1000):
            conn.execute(insert(PLAIN_PRODUCTS), product_rows(start, min(1000, size - start), rnd))


def raw_read_seconds(ctx) -> float:
    """The floor: read every product's columns and decode its materials JSON, nothing else.

    With the cyclic collector paused, as the handler runs: decoding builds millions of small lists,
    and a collector rescanning them would dominate both figures.
    """
    t = orm.products
    gc.disable()
    try:
        started = time.perf_counter()
        with ctx.db.engine.connect() as conn:
            query = select(t.c.id, t.c.customer_ids, type_coerce(t.c.materials, JSON))
            for _row in conn.execute(query.execution_options(yield_per=1000)):
                pass
        return time.perf_counter() - started
    finally:
        gc.enable()


def domain_seconds(ctx) -> float:
    """The domain alone: the status of every product already in memory."""
    t = orm.products
    with ctx.db.engine.connect() as conn:
        facts = [ProductFacts(r.id, r.code, frozenset(r.customer_ids), frozenset(), r.test_report_date, None,
                              material_facts(r.raw), "compliant")
                 for r in conn.execute(select(t.c.id, t.c.code, t.c.customer_ids, t.c.test_report_date,
                                              type_coerce(t.c.materials, JSON).label("raw")))]
    with ctx.uow_factory() as uow:
        evaluator = Evaluator(uow.regulations.all(), [], date.today(), EvaluationPolicy(),
                              uow.substance_groups.catalogue())
    started = time.perf_counter()
    reevaluate(facts, evaluator, at=datetime.now(timezone.utc), trigger="bench")  # statuses unchanged: status only
    return time.perf_counter() - started


def change_seconds(ctx, regulation_id, lead_limit: float, cadmium_limit: float = 100) -> tuple[float, int]:
    """Time the regulation change through the bus; returns (seconds, products whose status moved)."""
    limits = [{"cas": x["cas"], "substance": x["substance"], "max_ppm": x["max_ppm"]} for x in EU_ROHS["limits"]]
    for limit in limits:
        if limit["cas"] == LEAD:
            limit["max_ppm"] = lead_limit
        if limit["cas"] == CADMIUM:
            limit["max_ppm"] = cadmium_limit
    started = time.perf_counter()
    result = ctx.bus.handle(ReviseRegulation(regulation_id=regulation_id, changes={"limits": limits},
                                             actor=Actor(id="bench"), at=datetime.now(timezone.utc)))
    return time.perf_counter() - started, len(result.impact.changes)


def main() -> None:
    url = testing.fresh_database(DB)
    ctx = bootstrap({"database_url": url, "validate_events": False, **testing.isolated_broker_settings()})
    rows = []
    try:
        upgrade(ctx.db, "compliance")
        ctx.bus.handle(LoadReferenceData(actor=Actor(id="bench"), at=datetime.now(timezone.utc)))
        with ctx.uow_factory() as uow:
            eu = uow.regulations.by_code("EU-ROHS").id
        rnd, have = random.Random(7), 0
        for size in SIZES:
            grow_to(ctx, size, have, rnd)
            have = size
            raw = median([raw_read_seconds(ctx) for _ in range(ROUNDS)])
            domain = median([domain_seconds(ctx) for _ in range(ROUNDS)])
            tighten, relax, moved = [], [], 0
            for _ in range(ROUNDS):
                seconds, moved = change_seconds(ctx, eu, 500)
                tighten.append(seconds)
                relax.append(change_seconds(ctx, eu, 1000)[0])
            rows += [
                (f"{size:>6} products: raw read of rows + JSON (floor)", raw * 1000, "ms", "floor"),
                (f"{size:>6} products: domain status only, in memory", domain * 1000, "ms", ""),
                (f"{size:>6} products: lead 1000->500 ppm, {moved} move (handler)", median(tighten) * 1000, "ms",
                 f"x{median(tighten) / raw:.1f} of raw; {median(tighten) / size * 1e6:.0f} ms per 1k products"),
                (f"{size:>6} products: lead 500->1000 ppm, {moved} move back", median(relax) * 1000, "ms",
                 f"x{median(relax) / raw:.1f} of raw; {median(relax) / size * 1e6:.0f} ms per 1k products"),
            ]
        worst, back, moved = [], [], 0
        for _ in range(ROUNDS):  # there and back, so every round moves the same products
            seconds, moved = change_seconds(ctx, eu, 1000, cadmium_limit=50)
            worst.append(seconds)
            back.append(change_seconds(ctx, eu, 1000, cadmium_limit=100)[0])
        rows += [
            (f"{SIZES[-1]:>6} products: worst case, cadmium 100->50 ppm, {moved} move", median(worst) * 1000, "ms",
             f"x{median(worst) / raw:.1f} of raw (every product written, evaluated, evented); first round, which "
             f"also opens the NCs: {worst[0] * 1000:.0f} ms, x{worst[0] / raw:.1f}"),
            (f"{SIZES[-1]:>6} products: worst case back, cadmium 50->100 ppm, {moved} move", median(back) * 1000,
             "ms", f"x{median(back) / raw:.1f} of raw (every product written, evaluated, evented)"),
        ]
    finally:
        testing.delete_topology(ctx.config)
        ctx.db.dispose()
        testing.drop_database(DB)
    print_table("compliance re-evaluation after a regulation change (10 materials x 10 substances each)", rows)


if __name__ == "__main__":
    main()
