"""`qms-reviews import-deliveries FILE [--dry-run]` (the API's handler, from a file), and the migration of the
history tables, down and up again."""
from __future__ import annotations

import json

from alembic import command
from qms_shared.migrations import alembic_config, upgrade
from sqlalchemy import func, inspect, select

from reviews.adapters import orm
from reviews.entrypoints.cli import main

from reviews_history import as_csv, delivery_rows

BEFORE = "0a9c3e5d7b21"  # the revision before the delivery history


def stored_count(ctx) -> int:
    with ctx.db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(orm.delivery_history)).scalar_one()


def run(capsys, *argv) -> tuple[int, dict]:
    status = main(["import-deliveries", *map(str, argv)])
    return status, json.loads(capsys.readouterr().out)


def test_the_command_imports_csv_and_json_files_as_the_api_does(ctx, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", ctx.config.database_url)
    rows = delivery_rows(40)
    csv_file, json_file = tmp_path / "history.csv", tmp_path / "more.JSON"
    csv_file.write_text(as_csv(rows[:30]), encoding="utf-8")
    json_file.write_text(json.dumps({"rows": rows[25:]}), encoding="utf-8")
    status, report = run(capsys, csv_file, "--dry-run")
    assert (status, report["added"], report["written"], stored_count(ctx)) == (0, 30, False, 0)
    status, report = run(capsys, csv_file)
    assert (status, report["added"], report["written"], stored_count(ctx)) == (0, 30, True, 30)
    status, report = run(capsys, json_file)
    assert (status, report["added"], report["unchanged"], stored_count(ctx)) == (0, 10, 5, 40)


def test_a_refused_file_exits_1_with_the_report_and_writes_nothing(ctx, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", ctx.config.database_url)
    rows = delivery_rows(5)
    rows[2] = {**rows[2], "line": "0"}
    path = tmp_path / "bad.csv"
    path.write_text(as_csv(rows), encoding="utf-8")
    status, refused = run(capsys, path)
    assert (status, refused["errors"], refused["report"]["added"]) == (1, {"rows.4.line": [
        "Must be a whole number from 1."]}, 4)
    status, refused = run(capsys, tmp_path / "history.xlsx")
    assert status == 1 and "file" in refused["errors"]
    assert stored_count(ctx) == 0


def test_the_history_tables_migrate_down_and_up(ctx):
    config = alembic_config("reviews", ctx.db.url)
    command.downgrade(config, BEFORE)
    ctx.db.dispose()
    with ctx.db.engine.connect() as conn:
        found = inspect(conn)
        assert not {"delivery_history", "known_customers"} & set(found.get_table_names())
        assert "type_history" not in {c["name"] for c in found.get_columns("contracts")}
    upgrade(ctx.db, "reviews")
    with ctx.db.engine.connect() as conn:
        found = inspect(conn)
        assert {"delivery_history", "known_customers"} <= set(found.get_table_names())
        assert {i["name"] for i in found.get_indexes("delivery_history")} == {
            "ix_delivery_history_customer_id_latest", "ix_delivery_history_product_code_latest"}
