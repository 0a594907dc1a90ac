"""The hazardous-substance table as a printable page or CSV (the JSON is the schema's)."""
from __future__ import annotations

from typing import Any

from flask import Response, render_template
from qms_shared.web.csv_export import csv_response

from .schemas import ChinaRohsTableSchema


def as_html(table: dict[str, Any]) -> Response:
    """The page in the standard's layout: 部件名称 rows, substance columns, ○/×, notes, use period."""
    page = render_template("china_rohs_table.html", table=ChinaRohsTableSchema().dump(table))
    return Response(page, mimetype="text/html")


def as_csv(table: dict[str, Any]) -> Response:
    """The same table as CSV (UTF-8 with BOM, so spreadsheets read the Chinese headings)."""
    years = table["efup_years"]
    rows = [["部件名称", *[column["label"] for column in table["columns"]]],
            *[[row["part"], *[cell["mark"] for cell in row["cells"]]] for row in table["rows"]],
            [], *[[note] for note in table["notes"]],
            [f"环保使用期限 (environment-friendly use period): {years} 年" if years else "环保使用期限: 未标定"]]
    return csv_response(rows, f"china-rohs-table-{table['product']['code']}.csv")
