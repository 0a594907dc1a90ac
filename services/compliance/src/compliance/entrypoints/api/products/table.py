"""The hazardous-substance table as a printable page, its PDF, or CSV (the JSON is the schema's)."""
from __future__ import annotations

from typing import Any

from flask import Response

from qms_shared.envelope import utcnow
from qms_shared.web.csv_export import csv_response

from ....adapters.report_rendering import render_china_rohs_table
from ..printing import company, printed


def as_page(table: dict[str, Any], fmt: str) -> Response:
    """The table in the standard's layout (部件名称 rows, substance columns, ○/×, notes, use period) in the
    suite's print style: the HTML page, or its PDF."""
    html = render_china_rohs_table(table, company=company(), printed_at=utcnow())
    return printed(html, fmt, language="zh-CN", name=f"china-rohs-table-{table['product']['code']}")


def as_csv(table: dict[str, Any]) -> Response:
    """The same table as CSV (UTF-8 with BOM, so spreadsheets read the Chinese headings)."""
    years = table["efup_years"]
    rows = [["部件名称", *[column["label"] for column in table["columns"]]],
            *[[row["part"], *[cell["mark"] for cell in row["cells"]]] for row in table["rows"]],
            [], *[[note] for note in table["notes"]],
            [f"环保使用期限 (environment-friendly use period): {years} 年" if years else "环保使用期限: 未标定"]]
    code = table["product"]["code"].encode("ascii", "replace").decode()  # a header carries Latin-1 only
    return csv_response(rows, f"china-rohs-table-{code}.csv")
