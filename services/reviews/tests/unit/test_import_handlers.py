"""Importing delivery history and announcing customers, through a fake unit of work: all or nothing, idempotent,
and what the classification of the next contract then says."""
from __future__ import annotations

from datetime import timedelta

import pytest

from qms_shared.domain import ValidationFailed
from reviews.domain import commands as c
from reviews.service_layer.event_handlers import on_customer

from reviews_builders import T0
from reviews_fakes import as_role
from reviews_fakes import submit_order as submit

ROW = {"customer_id": "C-1", "customer_name": "Acme", "product_code": "P-100", "model": "A4",
       "delivered_on": "2025-03-02", "quantity": "1200", "source_document": "DN-8812", "line": "3"}


def load(bus, *rows, dry_run=False):
    return bus.handle(c.ImportDeliveries(rows=[(n + 2, row) for n, row in enumerate(rows)], dry_run=dry_run,
                                         actor=as_role("sales"), at=T0))


def counts(report):
    return {k: report[k] for k in ("written", "added", "changed", "unchanged", "refused")}


def test_an_import_adds_then_a_repeat_changes_nothing_and_a_changed_row_is_applied(bus, uow):
    first = load(bus, ROW, {**ROW, "line": "4"})
    assert counts(first) == {"written": True, "added": 2, "changed": 0, "unchanged": 0, "refused": 0}
    assert (len(uow.deliveries.rows), uow.committed, uow.deliveries.imports) == (2, 1, 1)
    again = load(bus, ROW, {**ROW, "line": "4"})
    assert counts(again) == {"written": False, "added": 0, "changed": 0, "unchanged": 2, "refused": 0}
    assert uow.committed == 1  # nothing to write, nothing committed
    changed = load(bus, ROW, {**ROW, "line": "4", "quantity": "900"})
    assert counts(changed)["changed"] == 1 and changed["changes"][0]["fields"] == {
        "quantity": {"from": "1200", "to": "900"}}
    assert uow.deliveries.rows[("DN-8812", 4)].quantity == 900


def test_a_dry_run_reports_and_writes_nothing(bus, uow):
    report = load(bus, ROW, dry_run=True)
    assert counts(report) == {"written": False, "added": 1, "changed": 0, "unchanged": 0, "refused": 0}
    assert (uow.deliveries.rows, uow.committed) == ({}, 0)


def test_one_refused_row_refuses_the_file_with_the_report(bus, uow):
    with pytest.raises(ValidationFailed) as refused:
        load(bus, ROW, {**ROW, "line": "4", "quantity": "0"}, {**ROW, "line": "5", "delivered_on": "03/02/2025"})
    report = refused.value.extra["report"]
    assert (report["refused"], report["added"], [r["row"] for r in report["refused_rows"]]) == (2, 1, [3, 4])
    assert set(refused.value.extra["errors"]) == {"rows.3.quantity", "rows.4.delivered_on"}
    assert (uow.deliveries.rows, uow.committed) == ({}, 0)


def test_the_next_order_of_an_imported_customer_and_product_is_regular_naming_the_import(bus, uow):
    load(bus, ROW)
    contract = submit(bus)
    assert (contract.type, contract.type_reasons, contract.required_departments) == \
        ("regular", [], ["sales", "production"])
    assert [h["text"] for h in contract.type_history] == [
        "known customer: delivered on 2025-03-02 (import DN-8812 line 3)",
        "delivered before: P-100 on 2025-03-02 (import DN-8812 line 3)"]


def envelope(data, at=T0, event_type="complaints.customer.created"):
    return {"type": event_type, "occurred_at": at.isoformat(), "subject": data.get("id", "x"), "data": data}


def test_a_customer_of_the_archive_is_known_once_whatever_else_the_event_says(bus, uow):
    on_customer(envelope({"id": "C-1", "name": "Acme", "grade": "A", "contacts": [{"phone": "1"}]}), uow)
    on_customer(envelope({"id": "C-1", "name": "Acme"}), uow)  # the same announcement again
    known = uow.customers.by_id["C-1"]
    assert (known.name, known.version) == ("Acme", 1)
    on_customer(envelope({"id": "C-1", "name": "Acme Ltd"}, T0 + timedelta(hours=1), "complaints.customer.updated"),
                uow)
    on_customer(envelope({"id": "C-1", "name": "Old name"}, T0 - timedelta(days=1)), uow)  # delivered late
    assert (known.name, known.version) == ("Acme Ltd", 2)
    for unusable in ({"name": "no id"}, {"id": "C-2"}, {"id": 7, "name": "x"}, {"id": "C" * 101, "name": "x"}):
        on_customer(envelope(unusable), uow)
    assert list(uow.customers.by_id) == ["C-1"]
    contract = submit(bus)
    assert [r["code"] for r in contract.type_reasons] == ["product_never_delivered"]  # no longer new_customer
