"""Human numbers: unique, increasing, per prefix and year, without a lock held until commit."""
from __future__ import annotations

import threading

from sqlalchemy import insert


def test_numbers_increase_per_prefix_and_year(ctx):
    with ctx.uow_factory() as uow:
        assert uow.next_number("CP", 2026) == "CP-2026-000001"
        assert uow.next_numbers("CP", 2026, 3) == ["CP-2026-000002", "CP-2026-000003", "CP-2026-000004"]
        assert uow.next_number("CL", 2026) == "CL-2026-000001"
        assert uow.next_number("CP", 2027) == "CP-2027-000001"
        uow.commit()


def test_concurrent_transactions_get_distinct_numbers_without_waiting_for_each_other(ctx):
    taken, errors = [], []
    hold = threading.Barrier(8)

    def create():
        try:
            with ctx.uow_factory() as uow:
                number = uow.next_number("CP", 2026)
                hold.wait(timeout=10)  # all eight hold their transaction open at once: no lock queue
                taken.append(number)
                uow.commit()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(taken) == [f"CP-2026-{n:06d}" for n in range(1, 9)]


def test_sequence_continues_after_an_earlier_counter(ctx):
    with ctx.db.engine.begin() as conn:
        conn.execute(insert(ctx.tables.sequences).values(prefix="NC", year=2026, value=41))
    with ctx.uow_factory() as uow:
        assert uow.next_number("NC", 2026) == "NC-2026-000042"
