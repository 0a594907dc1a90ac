"""Importing the records a company already has: files read row by row, all or nothing, with a report.

What every service's import shares, whatever it imports (deliveries, customers, ...):
- reading a file: CSV (a header row naming the fields) or JSON (`{"rows": [...]}`), into (row number, raw
  fields) pairs. Rows are numbered as a person finds them: a CSV row by the file line it starts on (the
  header is line 1), a JSON row by its position in `rows`, from 1. A CSV file is UTF-8 (a byte-order mark is
  allowed, as Excel writes it) or, failing that, GB 18030 (what Excel writes on a Chinese Windows);
- checking a text cell (`text_cell`);
- a batch of rows read by the service's own row reader, a repeated key refusing the later row (`read_rows`);
- the plan (what is added, changed, unchanged against the stored records, by key) and its report, and the
  422 that refuses a file with any refused row (`refusal`): nothing is half-imported.

Pure standard library, so a service's domain may use it. A record the plan compares has `key` and
`differences(stored)` (field -> {"from", "to"}).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .domain import ValidationFailed

# A report lists at most this many refused or changed rows (the counts are always whole).
LISTED = 1000


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


def rows_from_csv(text: str, *, columns: Iterable[str], required: Iterable[str]) -> list[tuple[int, dict]]:
    """The rows of a CSV text under its header; a header naming an unknown or no required column refuses it."""
    columns, required = tuple(columns), tuple(required)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    problems = [f"unknown column {name!r}" for name in header if name not in columns]
    problems += [f"missing column {name!r}" for name in required if name not in header]
    problems += [f"column {name!r} twice" for name in sorted(set(header)) if header.count(name) > 1]
    if problems:
        raise ValidationFailed(f"The header (line 1) must name the columns {', '.join(columns)}.",
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


def rows_from_file(path: str | Path, *, columns: Iterable[str], required: Iterable[str]) -> list[tuple[int, object]]:
    """The rows of a `.csv` or `.json` file."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return rows_from_csv(decode(path.read_bytes()), columns=columns, required=required)
    if path.suffix.lower() == ".json":
        try:
            body = json.loads(decode(path.read_bytes()))
        except ValueError as exc:
            raise ValidationFailed(f"The file is not JSON: {exc}.", errors={"file": [str(exc)]}) from None
        return rows_from_json(body)
    raise ValidationFailed("Name a .csv or a .json file.", errors={"file": [f"unknown kind of file: {path.name}"]})


def text_cell(value, limit: int, *, required: bool, errors: list) -> str:
    """A text cell, stripped; what is wrong with it goes to `errors` (an empty optional cell is "")."""
    if value is None or value == "":
        if required:
            errors.append("Missing data for required field.")
        return ""
    if not isinstance(value, str):
        errors.append("Not a valid string.")
        return ""
    value = value.strip()
    if "\x00" in value:
        errors.append("Must not contain a NUL character (U+0000).")
    elif required and not value:
        errors.append("Must not be blank.")
    elif len(value) > limit:
        errors.append(f"Longer than maximum length {limit}.")
    return value


def unknown_fields(raw: dict, known: Iterable[str]) -> dict[str, list[str]]:
    """field -> ["Unknown field."] for each member of a row that is not one of `known`."""
    known = set(known)
    return {str(name): ["Unknown field."] for name in raw if name not in known}


@dataclass
class RowBatch:
    """The rows of one file: the records read, and the rows refused with why (row -> field -> messages)."""

    records: list[tuple[int, Any]] = field(default_factory=list)
    refused: dict[int, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many rows the file has."""
        return len(self.records) + len(self.refused)

    def keys(self) -> list:
        """The key of every record read."""
        return [record.key for _row, record in self.records]


def read_rows(rows, read_one: Callable[[object], tuple[Any, dict]], *,
              repeated: Callable[[Any, int], dict], batch: RowBatch | None = None) -> RowBatch:
    """Read `rows` ((row number, raw fields) pairs) with `read_one` (raw -> (record or None, errors)): every
    row is checked, and a row repeating the key of an earlier one is refused with `repeated(record, first row)`
    (a file says once what a record is)."""
    batch = RowBatch() if batch is None else batch
    first_row: dict = {}
    for number, raw in rows:
        record, errors = read_one(raw)
        if record is not None and record.key in first_row:
            errors = repeated(record, first_row[record.key])
        if errors:
            batch.refused[number] = errors
            continue
        first_row[record.key] = number
        batch.records.append((number, record))
    if not batch.size:
        raise ValidationFailed("The file has no rows.", errors={"rows": ["The file has no rows."]})
    return batch


@dataclass
class ImportPlan:
    """What importing a batch does to the stored records: added, changed (row, record, how), unchanged."""

    added: list = field(default_factory=list)
    changed: list[tuple[int, Any, dict]] = field(default_factory=list)
    unchanged: int = 0

    @classmethod
    def of(cls, batch: RowBatch, stored: dict):
        """Compare each record read with the stored record of its key, if any."""
        plan = cls()
        for row, record in batch.records:
            before = stored.get(record.key)
            if before is None:
                plan.added.append(record)
            elif before == record:
                plan.unchanged += 1
            else:
                plan.changed.append((row, record, record.differences(before)))
        return plan

    @property
    def writes(self) -> bool:
        """True when the import adds or changes a record."""
        return bool(self.added or self.changed)

    def describe(self, record) -> dict:
        """How a changed row names its record in the report (a service names its key's fields)."""
        return {"key": record.key}

    def report(self, batch: RowBatch, *, dry_run: bool) -> dict:
        """The import's report: counts, the changed rows and the refused rows (each list capped at LISTED)."""
        written = not dry_run and not batch.refused and self.writes
        return {
            "dry_run": dry_run, "written": written, "rows": batch.size, "added": len(self.added),
            "changed": len(self.changed), "unchanged": self.unchanged, "refused": len(batch.refused),
            "changes": [{"row": row, **self.describe(new), "fields": diff} for row, new, diff in self.changed[:LISTED]],
            "refused_rows": [{"row": row, "errors": errors} for row, errors in sorted(batch.refused.items())[:LISTED]],
        }


def refusal(report: dict) -> ValidationFailed:
    """The 422 of a file with refused rows: nothing is written; `errors` per row (`rows.<row>.<field>`)."""
    errors = {f"rows.{item['row']}.{name}": messages
              for item in report["refused_rows"] for name, messages in item["errors"].items()}
    rows = ", ".join(str(item["row"]) for item in report["refused_rows"][:20])
    more = "" if report["refused"] <= 20 else f" and {report['refused'] - 20} more"
    error = ValidationFailed(f"{report['refused']} of {report['rows']} rows refused (rows {rows}{more}); "
                             "nothing was imported.", errors=errors)
    error.extra["report"] = report
    return error
