"""The hazardous-substance table as a printable page or CSV (the JSON is the schema's)."""
from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, render_template

from .schemas import ChinaRohsTableSchema

# A spreadsheet reads a cell starting with these as a formula (CSV injection): such cells get a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
    out = io.StringIO()
    csv.writer(out).writerows([[neutralised(cell) for cell in row] for row in rows])
    code = table["product"]["code"]
    filename = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in code) or "product"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="china-rohs-table-{filename}.csv"'})
