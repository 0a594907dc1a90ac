"""Helpers of the delivery history tests: delivery rows, CSV files, the import call, an archive announcement.

A uniquely named module (not conftest) so tests import it without clashing with other services' helpers.
"""
from __future__ import annotations

import csv
import io
import uuid

from reviews_api import event_sender

FIELDS = ("customer_id", "customer_name", "product_code", "model", "delivered_on", "quantity", "source_document",
          "line")


def delivery_rows(count: int, customers: int = 20, products: int = 50) -> list[dict]:
    """`count` deliveries of a few customers and products, five lines per delivery note."""
    return [{"customer_id": f"C-{n % customers}", "customer_name": f"Customer {n % customers}",
             "product_code": f"P-{n % products:03d}", "model": "A4", "delivered_on": f"2025-{n % 12 + 1:02d}-15",
             "quantity": str(100 + n % 7), "source_document": f"DN-{n // 5:05d}", "line": str(n % 5 + 1)}
            for n in range(count)]


def as_csv(rows: list[dict]) -> str:
    """The rows as a CSV text with a header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def import_csv(client, auth, text: str, role: str = "sales", dry_run: bool = False):
    """POST a CSV import."""
    return client.post(f"/api/v1/imports/deliveries{'?dry_run=true' if dry_run else ''}", data=text.encode(),
                       headers={**auth(role), "Content-Type": "text/csv"})


def archive_announcer(ctx):
    """A function delivering `complaints.customer.<verb>` events through the consumer, as the worker would."""
    send = event_sender(ctx, "complaints")

    def announce(data: dict, verb: str = "created", event_id: str | None = None) -> str:
        return send(f"complaints.customer.{verb}", data, subject=str(data.get("id") or uuid.uuid4()),
                    event_id=event_id)
    return announce
