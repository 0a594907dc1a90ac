"""Schemas of /imports: the documented shape of a delivery import and its report.

The rows themselves are checked by the domain (domain/deliveries.py), row by row, so that a refusal names
the file's row; these schemas document them and shape the report.
"""
from __future__ import annotations

from marshmallow import fields

from qms_shared.web.import_schemas import ChangeBaseSchema, ImportArgs, report_schema
from qms_shared.web.schemas import StrictSchema

__all__ = ["ChangeSchema", "DeliveryImportSchema", "DeliveryRowSchema", "ImportArgs", "ImportReportSchema"]


class DeliveryRowSchema(StrictSchema):
    """One delivered line (the CSV header names the same fields; `model` may be left out)."""

    customer_id = fields.String(required=True, metadata={"description": "at most 100 characters"})
    customer_name = fields.String(required=True, metadata={"description": "at most 200 characters"})
    product_code = fields.String(required=True, metadata={"description": "at most 100 characters"})
    model = fields.String(metadata={"description": "model or specification, at most 200 characters"})
    delivered_on = fields.Date(required=True, metadata={
        "description": "YYYY-MM-DD, from 1900-01-01, not after the import's day plus one"})
    quantity = fields.String(required=True, metadata={"description": "a number greater than 0, 3 places at most"})
    source_document = fields.String(required=True, metadata={"description": "delivery note or invoice number"})
    line = fields.Integer(required=True, metadata={"description": "the line on the source document, from 1"})


class DeliveryImportSchema(StrictSchema):
    """POST /imports/deliveries as JSON."""

    rows = fields.List(fields.Nested(DeliveryRowSchema), required=True)


class ChangeSchema(ChangeBaseSchema):
    """A stored row the import changes: its row in the file, its key, and each changed field's from/to."""

    source_document = fields.String()
    line = fields.Integer()


ImportReportSchema = report_schema(ChangeSchema, "rows")
