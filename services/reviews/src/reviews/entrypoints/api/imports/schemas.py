"""Schemas of /imports: the documented shape of a delivery import and its report.

The rows themselves are checked by the domain (domain/deliveries.py), row by row, so that a refusal names
the file's row; these schemas document them and shape the report.
"""
from __future__ import annotations

from marshmallow import fields

from qms_shared.web.schemas import ReadSchema, StrictSchema


class ImportArgs(StrictSchema):
    """?dry_run=true reports without writing."""

    dry_run = fields.Boolean(load_default=False, metadata={"description": "report what would change, write nothing"})


class DeliveryRowSchema(StrictSchema):
    """One delivered line (the CSV header names the same fields; `model` may be left out)."""

    customer_id = fields.String(required=True, metadata={"description": "at most 100 characters"})
    customer_name = fields.String(required=True, metadata={"description": "at most 200 characters"})
    product_code = fields.String(required=True, metadata={"description": "at most 100 characters"})
    model = fields.String(metadata={"description": "model or specification, at most 200 characters"})
    delivered_on = fields.Date(required=True, metadata={"description": "YYYY-MM-DD, not in the future"})
    quantity = fields.String(required=True, metadata={"description": "a number greater than 0, 3 places at most"})
    source_document = fields.String(required=True, metadata={"description": "delivery note or invoice number"})
    line = fields.Integer(required=True, metadata={"description": "the line on the source document, from 1"})


class DeliveryImportSchema(StrictSchema):
    """POST /imports/deliveries as JSON."""

    rows = fields.List(fields.Nested(DeliveryRowSchema), required=True)


class ChangeSchema(ReadSchema):
    """A stored row the import changes: its row in the file, its key, and each changed field's from/to."""

    row = fields.Integer()
    source_document = fields.String()
    line = fields.Integer()
    changed_fields = fields.Dict(keys=fields.String(), values=fields.Dict(), attribute="fields", data_key="fields")


class RefusedRowSchema(ReadSchema):
    """A refused row (the CSV line, the header being line 1; or the position in `rows`, from 1) and why."""

    row = fields.Integer()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ImportReportSchema(ReadSchema):
    """What the import did (or, in a dry run or refused, would do): counts, changes and refusals (each list
    shows at most 1,000 rows; the counts are whole)."""

    dry_run = fields.Boolean()
    written = fields.Boolean(metadata={"description": "true when rows were added or changed"})
    rows = fields.Integer()
    added = fields.Integer()
    changed = fields.Integer()
    unchanged = fields.Integer()
    refused = fields.Integer()
    changes = fields.List(fields.Nested(ChangeSchema))
    refused_rows = fields.List(fields.Nested(RefusedRowSchema))
