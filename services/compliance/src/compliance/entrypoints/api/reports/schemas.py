"""Schemas of /reports."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import ReadSchema, StrictSchema

from ....adapters.report_labels import LANGUAGES
from ..printing import format_field


class AnnualReportArgs(StrictSchema):
    """`?year=2026&format=json|html|pdf&lang=zh-CN|en`."""

    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))
    format = format_field("html", "pdf")
    lang = fields.String(validate=validate.OneOf(LANGUAGES), metadata={
        "description": "zh-CN or en for html and pdf; else the Accept-Language header decides (zh-CN by default)"})


class ProductRowSchema(ReadSchema):
    """A product's status in the report."""

    id = fields.UUID()
    code = fields.String()
    name = fields.String()
    status = fields.String()
    evaluated_at = fields.AwareDateTime(allow_none=True)


class ReviewRowSchema(ReadSchema):
    """A review dated in the year."""

    on = fields.Date()
    by = fields.String()
    note = fields.String()


class RegulationRowSchema(ReadSchema):
    """A register entry's review state."""

    reviews = fields.List(fields.Nested(ReviewRowSchema))
    id = fields.UUID()
    code = fields.String()
    title = fields.String()
    last_reviewed_on = fields.Date(allow_none=True)
    review_due_on = fields.Date(allow_none=True)
    overdue = fields.Boolean()


class NcRowSchema(ReadSchema):
    """An open nonconformance."""

    id = fields.UUID()
    number = fields.String()
    product_code = fields.String()
    status = fields.String()
    owner_department = fields.String()
    opened_at = fields.AwareDateTime()
    action_due_on = fields.Date(allow_none=True)


class ProductsPartSchema(ReadSchema):
    """Products by status."""

    total = fields.Integer()
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    items = fields.List(fields.Nested(ProductRowSchema))


class RegulationsPartSchema(ReadSchema):
    """The register's reviews."""

    total = fields.Integer()
    reviewed_in_year = fields.List(fields.Nested(RegulationRowSchema))
    overdue_for_review = fields.List(fields.Nested(RegulationRowSchema))


class NcPartSchema(ReadSchema):
    """Nonconformances of the year."""

    opened_in_year = fields.Integer()
    closed_in_year = fields.Integer()
    open = fields.List(fields.Nested(NcRowSchema))


class PartyRowSchema(ReadSchema):
    """An interested party's complaint or penalty received in the year."""

    id = fields.UUID()
    party_name = fields.String()
    kind = fields.String()
    received_on = fields.Date()
    description = fields.String()
    status = fields.String()


class PartiesPartSchema(ReadSchema):
    """Interested parties' complaints and administrative penalties of the year (5.1.3)."""

    complaints = fields.Integer()
    administrative_penalties = fields.Integer()
    items = fields.List(fields.Nested(PartyRowSchema))


class AnnualReportSchema(ReadSchema):
    """RoHS法律法规及其它要求遵循情况评价报告表 (seed 000 §5.4)."""

    year = fields.Integer()
    as_of = fields.Date()
    products = fields.Nested(ProductsPartSchema)
    regulations = fields.Nested(RegulationsPartSchema)
    nonconformances = fields.Nested(NcPartSchema)
    interested_parties = fields.Nested(PartiesPartSchema)
