"""An import of delivery history: its rows read one by one, what it would change, and its report."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qms_shared.domain import ValidationFailed

from .deliveries import Delivery, read_delivery

# A report lists at most this many refused or changed rows (the counts are always whole).
LISTED = 1000


@dataclass
class DeliveryBatch:
    """The rows of one file: the deliveries read, and the rows refused with why (row -> field -> messages)."""

    deliveries: list[tuple[int, Delivery]] = field(default_factory=list)
    refused: dict[int, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many rows the file has."""
        return len(self.deliveries) + len(self.refused)

    def keys(self) -> list[tuple[str, int]]:
        """The (source document, line) of every delivery read."""
        return [delivery.key for _row, delivery in self.deliveries]


def read_batch(rows, *, today: date) -> DeliveryBatch:
    """Read `rows` ((row number, raw fields) pairs): every row is checked, and a row repeating the source
    document and line of an earlier one is refused (a file says once what a document's line was)."""
    batch = DeliveryBatch()
    first_row: dict[tuple[str, int], int] = {}
    for number, raw in rows:
        delivery, errors = read_delivery(raw, today=today)
        if delivery is not None and delivery.key in first_row:
            errors = {"line": [f"Line {delivery.line} of {delivery.source_document} is also in row "
                               f"{first_row[delivery.key]}."]}
        if errors:
            batch.refused[number] = errors
            continue
        first_row[delivery.key] = number
        batch.deliveries.append((number, delivery))
    if not batch.size:
        raise ValidationFailed("The file has no rows.", errors={"rows": ["The file has no rows."]})
    return batch


@dataclass
class ImportPlan:
    """What importing the batch does to the stored history: rows added, rows changed (with how), unchanged."""

    added: list[Delivery] = field(default_factory=list)
    changed: list[tuple[int, Delivery, dict]] = field(default_factory=list)
    unchanged: int = 0

    @classmethod
    def of(cls, batch: DeliveryBatch, stored: dict[tuple[str, int], Delivery]) -> "ImportPlan":
        """Compare each delivery read with the stored row of its document line, if any."""
        plan = cls()
        for row, delivery in batch.deliveries:
            before = stored.get(delivery.key)
            if before is None:
                plan.added.append(delivery)
            elif before == delivery:
                plan.unchanged += 1
            else:
                plan.changed.append((row, delivery, delivery.differences(before)))
        return plan

    @property
    def writes(self) -> bool:
        """True when the import adds or changes a row."""
        return bool(self.added or self.changed)

    def report(self, batch: DeliveryBatch, *, dry_run: bool) -> dict:
        """The import's report: counts, the changed rows and the refused rows (each list capped at LISTED)."""
        written = not dry_run and not batch.refused and self.writes
        return {
            "dry_run": dry_run, "written": written, "rows": batch.size, "added": len(self.added),
            "changed": len(self.changed), "unchanged": self.unchanged, "refused": len(batch.refused),
            "changes": [{"row": row, "source_document": new.source_document, "line": new.line, "fields": diff}
                        for row, new, diff in self.changed[:LISTED]],
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
