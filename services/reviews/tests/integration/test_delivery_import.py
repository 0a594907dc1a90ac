"""POST /imports/deliveries on the real PostgreSQL: the go-live story (history in, the repeat order regular),
dry runs, refused files, idempotent re-imports, JSON and CSV, roles."""
from __future__ import annotations

from sqlalchemy import select

from reviews.adapters import orm

from reviews_api import LINE, body, problem
from reviews_history import archive_announcer, as_csv, delivery_rows, import_csv


def stored(ctx) -> list[tuple]:
    """Every stored delivery row, in key order."""
    t = orm.delivery_history
    with ctx.db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(select(t).order_by(t.c.source_document, t.c.line))]


def counts(report: dict) -> tuple:
    return report["added"], report["changed"], report["unchanged"], report["refused"]


def test_go_live_history_makes_a_repeat_order_regular_with_sales_and_production_only(client, auth, ctx):
    rows = delivery_rows(1000)
    first = import_csv(client, auth, as_csv(rows))
    assert first.status_code == 201, first.get_data(as_text=True)
    assert (first.get_json()["rows"], counts(first.get_json()), first.get_json()["written"]) == \
        (1000, (1000, 0, 0, 0), True)
    assert archive_announcer(ctx)({"id": "C-7", "name": "Customer 7", "grade": "A", "account_manager": "Li"}) == \
        "applied"
    latest = max((r for r in rows if r["product_code"] == "P-007"),
                 key=lambda r: (r["delivered_on"], r["source_document"], int(r["line"])))
    order = client.post("/api/v1/contracts", headers=auth("sales"), json=body(
        customer={"id": "C-7", "name": "Customer 7"}, lines=[{**LINE, "product_code": "P-007"}]))
    assert order.status_code == 201, order.get_data(as_text=True)
    contract = order.get_json()
    assert (contract["type"], contract["type_reasons"], contract["required_departments"]) == \
        ("regular", [], ["sales", "production"])
    assert sorted(contract["pending_departments"]) == ["production", "sales"]
    assert contract["type_history"][1]["text"] == (f"delivered before: P-007 on {latest['delivered_on']} "
                                                   f"(import {latest['source_document']} line {latest['line']})")
    assert contract["type_history"][0]["code"] == "known_customer"  # the import's own evidence comes first

    before = stored(ctx)
    dry = import_csv(client, auth, as_csv([{**rows[0], "quantity": "1"}, *rows[1:], {**rows[0], "line": "9"}]),
                     dry_run=True)
    assert dry.status_code == 200 and counts(dry.get_json()) == (1, 1, 999, 0)
    assert dry.get_json()["changes"] == [{"row": 2, "source_document": rows[0]["source_document"], "line": 1,
                                          "fields": {"quantity": {"from": rows[0]["quantity"], "to": "1"}}}]
    assert stored(ctx) == before  # a dry run changes nothing

    again = import_csv(client, auth, as_csv(rows))
    assert again.status_code == 200 and counts(again.get_json()) == (0, 0, 1000, 0)
    assert stored(ctx) == before  # a re-import of the same file changes nothing, not even when it was imported


def test_a_file_with_two_bad_rows_imports_nothing_and_names_both(client, auth, ctx):
    rows = delivery_rows(30)
    rows[4] = {**rows[4], "quantity": "-5"}
    rows[11] = {**rows[11], "delivered_on": "2025-13-01", "product_code": ""}
    refused = problem(import_csv(client, auth, as_csv(rows)), 422)
    assert refused["errors"] == {"rows.6.quantity": ["Must be greater than 0."],  # CSV line 6: header is line 1
                                 "rows.13.delivered_on": ["Not a valid date (YYYY-MM-DD)."],
                                 "rows.13.product_code": ["Missing data for required field."]}
    report = refused["report"]
    assert ([r["row"] for r in report["refused_rows"]], counts(report), report["written"]) == \
        ([6, 13], (28, 0, 0, 2), False)
    assert "rows 6, 13" in refused["detail"]
    assert stored(ctx) == []


def test_a_changed_row_is_applied_and_reported(client, auth, ctx):
    rows = delivery_rows(10)
    import_csv(client, auth, as_csv(rows))
    changed = import_csv(client, auth, as_csv([{**rows[3], "customer_name": "Customer 3 Ltd"}]))
    assert changed.status_code == 201 and counts(changed.get_json()) == (0, 1, 0, 0)
    assert [r[3] for r in stored(ctx) if r[:2] == (rows[3]["source_document"], 4)] == ["Customer 3 Ltd"]


def test_json_rows_are_numbered_from_one_and_checked_as_strictly(client, auth, ctx):
    rows = delivery_rows(3)
    ok = client.post("/api/v1/imports/deliveries", headers=auth("system"),
                     json={"rows": [{**rows[0], "line": 1, "quantity": 12.5}, rows[1]]})
    assert ok.status_code == 201 and counts(ok.get_json()) == (2, 0, 0, 0)
    bad = problem(client.post("/api/v1/imports/deliveries", headers=auth("admin"),
                              json={"rows": [rows[2], {**rows[2], "line": "7", "colour": "red"}, "x"]}), 422)
    assert bad["errors"] == {"rows.2.colour": ["Unknown field."],
                             "rows.3._row": ["must be an object with the delivery's fields"]}
    assert problem(client.post("/api/v1/imports/deliveries", headers=auth("sales"),
                               json={"rows": rows, "mode": "replace"}), 422)["errors"] == {"mode": ["Unknown field."]}
    assert problem(client.post("/api/v1/imports/deliveries", headers=auth("sales"), json={"rows": []}), 422)[
        "errors"] == {"rows": ["The file has no rows."]}
    assert len(stored(ctx)) == 2


def test_a_csv_header_must_name_the_fields(client, auth):
    text = "customer_id,customer,product_code,delivered_on,quantity,source_document,line\nC-1,x,P-1,2025-01-01,1,D,1\n"
    refused = problem(import_csv(client, auth, text), 422)
    assert refused["errors"] == {"header": ["unknown column 'customer'", "missing column 'customer_name'"]}
    row = "C-1,Acme,P-1,A4,2025-01-01,1,DN-1,1,extra\n"
    refused = problem(import_csv(client, auth, as_csv([]) + row), 422)
    assert refused["errors"] == {"rows.2.column 9": ["Unknown field."]}


def test_a_csv_from_excel_on_a_chinese_windows_is_read(client, auth, ctx):
    rows = [{**delivery_rows(1)[0], "customer_name": "华东纸业有限公司"}]
    for encoded in (("\ufeff" + as_csv(rows)).encode("utf-8"), as_csv(rows).encode("gb18030")):
        response = client.post("/api/v1/imports/deliveries?dry_run=true", data=encoded,
                               headers={**auth("sales"), "Content-Type": "text/csv; charset=gb18030"})
        assert response.status_code == 200 and response.get_json()["added"] == 1, response.get_data(as_text=True)


def test_only_sales_system_and_admin_import(client, auth):
    text = as_csv(delivery_rows(1))
    for role in ("viewer", "quality", "production", "general_manager"):
        problem(import_csv(client, auth, text, role=role), 403)
    problem(client.post("/api/v1/imports/deliveries", data=text, headers={**auth("sales"),
                                                                          "Content-Type": "text/plain"}), 415)
    assert import_csv(client, auth, text, role="admin", dry_run=True).status_code == 200


def test_the_import_is_documented_with_both_body_types(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    post = doc["paths"]["/api/v1/imports/deliveries"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "text/csv"}
    assert {"200", "201", "403", "422"} <= set(post["responses"])
