"""The imported delivery history: read by document line, written in bulk (Core insert with lists of rows).

An import reads the stored rows of its document lines and then writes what differs; two imports of the
same lines must not both find them missing, so an import holds the history's import lock for its whole
transaction. Readers of the customer facts take no part in it (customer_facts.py says why).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from qms_shared.db import advisory_xact_locks

from ..domain.deliveries import DELIVERY_FIELDS, Delivery
from . import orm

IMPORT_LOCK = "delivery-history:imports"
_table = orm.delivery_history
_keys = (func.unnest(bindparam("documents", type_=ARRAY(String)), bindparam("lines", type_=ARRAY(Integer)))
         .table_valued("source_document", "line").render_derived("keys"))
STORED = (select(*(_table.c[name] for name in DELIVERY_FIELDS))
          .join(_keys, (_table.c.source_document == _keys.c.source_document.collate("C"))
                & (_table.c.line == _keys.c.line)))
INSERT = insert(_table)
UPDATE = (update(_table).where(_table.c.source_document == bindparam("key_document"),
                               _table.c.line == bindparam("key_line")))


class DeliveryHistoryRepository:
    """Deliveries by (source document, line)."""

    def __init__(self, session):
        self.session = session

    def lock_for_import(self) -> None:
        """Hold the history's import lock until the transaction ends: imports run one after the other."""
        advisory_xact_locks(self.session, [IMPORT_LOCK])

    def stored(self, keys) -> dict[tuple[str, int], Delivery]:
        """The stored deliveries of these (source document, line) keys, by key."""
        keys = list(keys)
        if not keys:
            return {}
        rows = self.session.execute(STORED, {"documents": [document for document, _line in keys],
                                             "lines": [line for _document, line in keys]})
        return {(row.source_document, row.line): Delivery(*row) for row in rows}

    def add(self, deliveries: list[Delivery], *, by: str, at: datetime) -> None:
        """Insert new deliveries, many rows per statement."""
        if deliveries:
            self.session.execute(INSERT, [_row(delivery, by, at) for delivery in deliveries])

    def replace(self, deliveries: list[Delivery], *, by: str, at: datetime) -> None:
        """Overwrite the stored rows of these deliveries' document lines with them."""
        if deliveries:
            self.session.execute(UPDATE, [{**_row(d, by, at), "key_document": d.source_document, "key_line": d.line}
                                          for d in deliveries])


def _row(delivery: Delivery, by: str, at: datetime) -> dict:
    return {"customer_id": delivery.customer_id, "customer_name": delivery.customer_name,
            "product_code": delivery.product_code, "model": delivery.model, "delivered_on": delivery.delivered_on,
            "quantity": delivery.quantity, "source_document": delivery.source_document, "line": delivery.line,
            "imported_at": at, "imported_by": by}
