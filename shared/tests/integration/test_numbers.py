"""Human numbers: unique, increasing, per prefix and year, without a lock held until commit."""
from __future__ import annotations

import threading

from sqlalchemy import create_engine, insert

import notes_service
from qms_shared.numbers import take_numbers
from qms_shared.persistence import run_sql
from qms_shared.uow import SqlUnitOfWork


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


def test_a_number_taken_beside_another_value_follows_the_ones_taken_alone(ctx):
    with ctx.uow_factory() as uow:
        assert uow.next_number("QR", 2026) == "QR-2026-000001"
        numbering = uow.numbering("QR", 2026)
        [(other, value)] = run_sql(uow.session, "SELECT 7, nextval($1::regclass)", (numbering.sequence,))
        assert (other, numbering.format(value)) == (7, "QR-2026-000002")
        assert numbering.take() == "QR-2026-000003"
        uow.commit()


def test_sequence_continues_after_an_earlier_counter(ctx):
    with ctx.db.engine.begin() as conn:
        conn.execute(insert(ctx.tables.sequences).values(prefix="NC", year=2026, value=41))
    with ctx.uow_factory() as uow:
        assert uow.next_number("NC", 2026) == "NC-2026-000042"


def test_sqlite_uses_a_counter(tmp_path):
    context = notes_service.bootstrap({"database_url": f"sqlite:///{tmp_path}/n.db"})
    engine = create_engine(context.config.database_url)
    notes_service.metadata.create_all(engine)
    engine.dispose()
    with context.uow_factory() as uow:
        assert take_numbers(uow.db, uow.session, uow.tables.sequences, "CT", 2026, 2) == [
            "CT-2026-000001", "CT-2026-000002"]
        assert uow.next_number("CT", 2026) == "CT-2026-000003"
        numbering = uow.numbering("CT", 2026)
        assert numbering.sequence is None  # no SEQUENCE to select from: a number is taken on its own
        assert numbering.take() == "CT-2026-000004"
        uow.commit()
    assert isinstance(context.uow_factory(), SqlUnitOfWork)
