"""Schemas of /imports: the documented shape of a customer import and its report (the rows themselves are
checked by the domain, row by row, so that a refusal names the file's row)."""
from __future__ import annotations

from marshmallow import fields

from qms_shared.web.import_schemas import ChangeBaseSchema, ImportArgs, report_schema
from qms_shared.web.schemas import StrictSchema

__all__ = ["ChangeSchema", "CustomerImportSchema", "CustomerRowSchema", "ImportArgs", "ImportReportSchema"]


class CustomerRowSchema(StrictSchema):
    """One customer (the CSV header names the same columns; only `id` and `name` are required; a column left
    out is not touched, an empty cell clears the field). The contact columns are the main contact."""

    id = fields.String(required=True, metadata={"description": "at most 200 characters"})
    name = fields.String(required=True, metadata={"description": "at most 200 characters"})
    address = fields.String()
    phone = fields.String()
    contact_name = fields.String()
    contact_phone = fields.String()
    contact_email = fields.String()
    grade = fields.String(metadata={"description": "A, B, C or D"})
    account_manager = fields.String()
    deputy = fields.String()


class CustomerImportSchema(StrictSchema):
    """POST /imports/customers as JSON."""

    rows = fields.List(fields.Nested(CustomerRowSchema), required=True)


class ChangeSchema(ChangeBaseSchema):
    """A stored customer the import changes: its row in the file, its id, and each changed field's from/to."""

    id = fields.String()


ImportReportSchema = report_schema(ChangeSchema, "customers")
