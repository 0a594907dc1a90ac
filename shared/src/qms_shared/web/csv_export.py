"""CSV exports that a spreadsheet opens safely: every text cell that would run as a formula is neutralised.

A spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, tab or carriage return as a formula (CSV
injection, OWASP): such text gets a leading apostrophe. Numbers stay numbers. The text is UTF-8 with a BOM,
so spreadsheets read Chinese headings.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text (without the BOM), every cell neutralised."""
    out = io.StringIO()
    csv.writer(out).writerows([neutralised(cell) for cell in row] for row in rows)
    return out.getvalue()


def safe_filename(name: str, default: str = "export") -> str:
    """A file name of ASCII letters, digits, `-`, `_` and `.` only (a Content-Disposition header is Latin-1)."""
    return "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "_" for ch in name) or default


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> Response:
    """A `text/csv` attachment of `rows` (UTF-8 with BOM), every text cell neutralised."""
    return Response("\ufeff" + csv_text(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{safe_filename(filename)}"'})
