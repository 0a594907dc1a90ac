"""Request and response schemas of /suppliers."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.supplier import LOCALES, SupplierStatus
from ..complaints.schemas import SHORT, one_of


class SupplierContactSchema(StrictSchema):
    """Someone at the supplier."""

    name = fields.String(required=True, validate=SHORT)
    email = fields.Email(load_default=None)
    phone = fields.String(load_default=None, validate=validate.Length(min=1, max=50))
    role = fields.String(load_default=None, validate=SHORT)


class SupplierChangeSchema(StrictSchema):
    """PATCH /suppliers/{id} (any subset)."""

    name = fields.String(validate=SHORT)
    contacts = fields.List(fields.Nested(SupplierContactSchema), validate=validate.Length(max=20))
    locale = fields.String(validate=validate.OneOf(LOCALES),
                           metadata={"description": "the language its correction requests are written in"})
    status = fields.String(validate=one_of(SupplierStatus))


class SupplierCreateSchema(SupplierChangeSchema):
    """POST /suppliers."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=50),
                         metadata={"description": "the supplier's code (ERP vendor code)"})
    name = fields.String(required=True, validate=SHORT)


class SupplierReceiptSchema(StrictSchema):
    """PUT /suppliers/{id}/receipts/{YYYY-MM}."""

    lots = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=1_000_000))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=1_000_000_000))


class SupplierReceiptReadSchema(ReadSchema):
    """A month's receipts."""

    month = fields.Function(lambda r: f"{r.month:%Y-%m}")
    lots = fields.Integer()
    quantity = fields.Integer()


class SupplierReadSchema(ReadSchema):
    """A supplier."""

    id = fields.UUID()
    code = fields.String()
    name = fields.String()
    contacts = fields.List(fields.Dict())
    contact_email = fields.String(allow_none=True)
    locale = fields.String()
    status = fields.String()
    registered_at = fields.AwareDateTime()
    registered_by = fields.String()
    receipts = fields.List(fields.Nested(SupplierReceiptReadSchema))
    version = fields.Integer()


class SupplierListArgs(PageArgs):
    """Filters of GET /suppliers."""

    status = fields.String(validate=one_of(SupplierStatus))
    code = fields.String(validate=validate.Length(min=1, max=50))


class SupplierStatsArgs(StrictSchema):
    """A year, or a month of a year; one supplier or all."""

    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))
    month = fields.Integer(validate=validate.Range(min=1, max=12))
    supplier = fields.String(validate=validate.Length(min=1, max=50), metadata={"description": "a supplier code"})
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))

    @validates_schema
    def _month_needs_year(self, data, **kwargs):
        if "month" in data and "year" not in data:
            raise ValidationError("A month needs its year.", field_name="month")
