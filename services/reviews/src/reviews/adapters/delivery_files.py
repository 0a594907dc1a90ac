"""Delivery history files: CSV (a header row naming the fields) or JSON (`{"rows": [...]}`), read into
(row number, raw fields) pairs for the import; the values are checked by the domain, row by row.

Rows are numbered as a person finds them: a CSV row by the file line it starts on (the header is line 1),
a JSON row by its position in `rows`, from 1. A CSV file is UTF-8 (a byte-order mark is allowed, as Excel
writes it) or, failing that, GB 18030 (what Excel writes on a Chinese Windows).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from qms_shared.domain import ValidationFailed

from ..domain.deliveries import DELIVERY_FIELDS

REQUIRED_COLUMNS = tuple(name for name in DELIVERY_FIELDS if name != "model")


def decode(data: bytes) -> str:
    """The text of a file: UTF-8 (with or without BOM), else GB 18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise ValidationFailed("The file is neither UTF-8 nor GB 18030 text.",
                                   errors={"file": ["not UTF-8 or GB 18030 text"]}) from None


def rows_from_csv(text: str) -> list[tuple[int, dict]]:
    """The rows of a CSV text under its header; a header naming an unknown or no required column refuses it."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    problems = [f"unknown column {name!r}" for name in header if name not in DELIVERY_FIELDS]
    problems += [f"missing column {name!r}" for name in REQUIRED_COLUMNS if name not in header]
    problems += [f"column {name!r} twice" for name in sorted(set(header)) if header.count(name) > 1]
    if problems:
        raise ValidationFailed(f"The header (line 1) must name the columns {', '.join(DELIVERY_FIELDS)}.",
                               errors={"header": problems})
    rows, start = [], reader.line_num + 1
    try:
        for values in reader:
            if any(value.strip() for value in values):
                rows.append((start, _fields(header, values)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ValidationFailed(f"The CSV is malformed at line {reader.line_num}: {exc}.",
                               errors={f"rows.{start}": [str(exc)]}) from None
    return rows


def _fields(header: list[str], values: list[str]) -> dict:
    row = dict(zip(header, values))
    for n, value in enumerate(values[len(header):], start=len(header) + 1):
        row[f"column {n}"] = value  # more values than the header has columns: refused as unknown
    return row


def rows_from_json(body) -> list[tuple[int, object]]:
    """The rows of a JSON body `{"rows": [...]}`, numbered from 1."""
    if not isinstance(body, dict) or not isinstance(body.get("rows"), list):
        raise ValidationFailed("The body must be an object with a list `rows`.",
                               errors={"rows": ["Missing data for required field."]})
    unknown = sorted(set(body) - {"rows"})
    if unknown:
        raise ValidationFailed("The body has unknown fields.", errors={name: ["Unknown field."] for name in unknown})
    return [(n, row) for n, row in enumerate(body["rows"], start=1)]


def rows_from_file(path: str | Path) -> list[tuple[int, object]]:
    """The rows of a `.csv` or `.json` file."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return rows_from_csv(decode(path.read_bytes()))
    if path.suffix.lower() == ".json":
        try:
            body = json.loads(decode(path.read_bytes()))
        except ValueError as exc:
            raise ValidationFailed(f"The file is not JSON: {exc}.", errors={"file": [str(exc)]}) from None
        return rows_from_json(body)
    raise ValidationFailed("Name a .csv or a .json file.", errors={"file": [f"unknown kind of file: {path.name}"]})
