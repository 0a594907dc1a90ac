"""Delivery history rows: each field checked, the rows of a file numbered and compared with what is stored."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qms_shared.domain import ValidationFailed
from reviews.domain.deliveries import Delivery, read_delivery
from reviews.domain.delivery_import import LISTED, ImportPlan, read_batch, refusal

TODAY = date(2026, 3, 2)
ROW = {"customer_id": "C-1", "customer_name": "Acme", "product_code": "P-100", "model": "A4",
       "delivered_on": "2025-03-02", "quantity": "1200.5", "source_document": "DN-8812", "line": "3"}


def read(**changes):
    return read_delivery({**ROW, **changes}, today=TODAY)


def test_a_good_row_is_a_delivery_with_typed_values_and_trimmed_text():
    delivery, errors = read(customer_name="  Acme  ", line=3, quantity=12)
    assert errors == {}
    assert delivery == Delivery("C-1", "Acme", "P-100", "A4", date(2025, 3, 2), Decimal("12"), "DN-8812", 3)
    assert delivery.key == ("DN-8812", 3)


def test_model_may_be_left_out():
    delivery, errors = read_delivery({k: v for k, v in ROW.items() if k != "model"}, today=TODAY)
    assert (errors, delivery.model) == ({}, "")


@pytest.mark.parametrize("field, value, message", [
    ("customer_id", "", "Missing data for required field."),
    ("customer_name", "   ", "Must not be blank."),
    ("product_code", 100, "Not a valid string."),
    ("product_code", "P" * 101, "Longer than maximum length 100."),
    ("source_document", "DN\x001", "Must not contain a NUL character (U+0000)."),
    ("delivered_on", "2025-3-2", "Not a valid date (YYYY-MM-DD)."),
    ("delivered_on", "2025-02-30", "Not a valid date (YYYY-MM-DD)."),
    ("delivered_on", "2026-03-04", "In the future (after 2026-03-02)."),
    ("quantity", "0", "Must be greater than 0."),
    ("quantity", "-3", "Must be greater than 0."),
    ("quantity", "1.2345", "At most 3 decimal places."),
    ("quantity", "abc", "Not a valid number."),
    ("quantity", "NaN", "Not a valid number."),
    ("quantity", True, "Not a valid number."),
    ("quantity", "1e15", "Must be less than 1,000,000,000,000,000."),
    ("line", "0", "Must be a whole number from 1."),
    ("line", "3.5", "Must be a whole number from 1."),
    ("line", "²", "Must be a whole number from 1."),
    ("line", 2**31, "Must be a whole number from 1."),
])
def test_each_bad_value_is_refused_with_why(field, value, message):
    delivery, errors = read(**{field: value})
    assert delivery is None and errors == {field: [message]}


def test_a_day_ahead_is_allowed_as_the_companys_day_may_start_before_utcs():
    assert read(delivered_on="2026-03-03")[1] == {}


def test_every_fault_of_a_row_is_named_at_once_unknown_fields_too():
    delivery, errors = read_delivery({"customer_id": "C-1", "colour": "red", "line": "x"}, today=TODAY)
    assert delivery is None
    assert set(errors) == {"colour", "customer_name", "product_code", "delivered_on", "quantity",
                           "source_document", "line"}
    assert read_delivery(["C-1"], today=TODAY) == (None, {"_row": ["must be an object with the delivery's fields"]})


def test_a_batch_keeps_the_files_row_numbers_and_refuses_a_repeated_document_line():
    batch = read_batch([(2, ROW), (3, {**ROW, "line": "4"}), (5, {**ROW, "quantity": "9"}),
                        (6, {**ROW, "delivered_on": "tomorrow"})], today=TODAY)
    assert [row for row, _d in batch.deliveries] == [2, 3]
    assert batch.refused == {5: {"line": ["Line 3 of DN-8812 is also in row 2."]},
                             6: {"delivered_on": ["Not a valid date (YYYY-MM-DD)."]}}
    assert (batch.size, batch.keys()) == (4, [("DN-8812", 3), ("DN-8812", 4)])


def test_a_file_without_rows_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        read_batch([], today=TODAY)
    assert refused.value.extra["errors"] == {"rows": ["The file has no rows."]}


def test_the_plan_adds_new_lines_leaves_equal_ones_and_reports_each_changed_field():
    batch = read_batch([(2, ROW), (3, {**ROW, "line": "4", "quantity": "1200.500"}),
                        (4, {**ROW, "line": "5", "quantity": "7", "customer_name": "Acme Ltd"})], today=TODAY)
    stored = {d.key: d for d in (read(line="4", quantity="1200.5")[0], read(line="5")[0])}
    plan = ImportPlan.of(batch, stored)
    assert ([d.key for d in plan.added], plan.unchanged) == ([("DN-8812", 3)], 1)  # 1200.500 is 1200.5
    assert plan.changed == [(4, batch.deliveries[2][1], {"customer_name": {"from": "Acme", "to": "Acme Ltd"},
                                                         "quantity": {"from": "1200.5", "to": "7"}})]
    report = plan.report(batch, dry_run=False)
    assert {k: report[k] for k in ("dry_run", "written", "rows", "added", "changed", "unchanged", "refused")} == \
        {"dry_run": False, "written": True, "rows": 3, "added": 1, "changed": 1, "unchanged": 1, "refused": 0}
    assert report["changes"] == [{"row": 4, "source_document": "DN-8812", "line": 5,
                                  "fields": plan.changed[0][2]}]
    assert plan.report(batch, dry_run=True)["written"] is False


def test_a_refused_file_is_a_422_naming_every_refused_row_and_writes_nothing():
    rows = [(n + 2, {**ROW, "line": str(n + 1)}) for n in range(LISTED + 30)]
    rows[3] = (5, {**ROW, "quantity": "-1"})
    rows[7] = (9, {**ROW, "delivered_on": ""})
    batch = read_batch(rows, today=TODAY)
    report = ImportPlan.of(batch, {}).report(batch, dry_run=False)
    assert (report["written"], report["refused"], report["added"]) == (False, 2, LISTED + 28)
    error = refusal(report)
    assert error.status == 422 and error.extra["report"] is report
    assert error.extra["errors"] == {"rows.5.quantity": ["Must be greater than 0."],
                                     "rows.9.delivered_on": ["Missing data for required field."]}
    assert "rows 5, 9" in error.detail and "nothing was imported" in error.detail


def test_a_report_lists_at_most_LISTED_rows_but_counts_them_all():
    rows = [(n + 2, {**ROW, "line": str(n + 1), "quantity": "-1"}) for n in range(LISTED + 5)]
    report = ImportPlan.of(batch := read_batch(rows, today=TODAY), {}).report(batch, dry_run=True)
    assert (report["refused"], len(report["refused_rows"])) == (LISTED + 5, LISTED)
    assert "21 and 985 more)" in refusal(report).detail
