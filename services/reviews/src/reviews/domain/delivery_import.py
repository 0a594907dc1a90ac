"""An import of delivery history: its rows read one by one, what it would change, and its report.

The generic parts (the batch of rows, the plan by key, the report and the refusal) are the suite's
(`qms_shared.imports`); a delivery is keyed by its source document and line.
"""
from __future__ import annotations

from datetime import date

from qms_shared import imports
from qms_shared.imports import LISTED, refusal

from .deliveries import Delivery, read_delivery

__all__ = ["LISTED", "DeliveryBatch", "ImportPlan", "read_batch", "refusal"]


class DeliveryBatch(imports.RowBatch):
    """The rows of one file: the deliveries read, and the rows refused with why (row -> field -> messages)."""

    @property
    def deliveries(self) -> list[tuple[int, Delivery]]:
        """(row, delivery) of every row read."""
        return self.records


def read_batch(rows, *, today: date) -> DeliveryBatch:
    """Read `rows` ((row number, raw fields) pairs): every row is checked, and a row repeating the source
    document and line of an earlier one is refused (a file says once what a document's line was)."""
    return imports.read_rows(rows, lambda raw: read_delivery(raw, today=today), batch=DeliveryBatch(),
                             repeated=lambda delivery, first: {"line": [
                                 f"Line {delivery.line} of {delivery.source_document} is also in row {first}."]})


class ImportPlan(imports.ImportPlan):
    """What importing the batch does to the stored history: rows added, rows changed (with how), unchanged."""

    def describe(self, record: Delivery) -> dict:
        """A changed row names its document line."""
        return {"source_document": record.source_document, "line": record.line}
