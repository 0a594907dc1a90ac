"""Delivery history files: CSV (a header row naming the fields) or JSON (`{"rows": [...]}`), read into
(row number, raw fields) pairs for the import; the values are checked by the domain, row by row.
The reading itself is the suite's (`qms_shared.imports`); this module names the delivery's columns.

Rows are numbered as a person finds them: a CSV row by the file line it starts on (the header is line 1),
a JSON row by its position in `rows`, from 1. A CSV file is UTF-8 (a byte-order mark is allowed, as Excel
writes it) or, failing that, GB 18030 (what Excel writes on a Chinese Windows).
"""
from __future__ import annotations

from pathlib import Path

from qms_shared import imports
from qms_shared.imports import decode, rows_from_json

from ..domain.deliveries import DELIVERY_FIELDS

__all__ = ["REQUIRED_COLUMNS", "decode", "rows_from_csv", "rows_from_file", "rows_from_json"]
REQUIRED_COLUMNS = tuple(name for name in DELIVERY_FIELDS if name != "model")


def rows_from_csv(text: str) -> list[tuple[int, dict]]:
    """The rows of a CSV text under its header; a header naming an unknown or no required column refuses it."""
    return imports.rows_from_csv(text, columns=DELIVERY_FIELDS, required=REQUIRED_COLUMNS)


def rows_from_file(path: str | Path) -> list[tuple[int, object]]:
    """The rows of a `.csv` or `.json` file."""
    return imports.rows_from_file(path, columns=DELIVERY_FIELDS, required=REQUIRED_COLUMNS)
