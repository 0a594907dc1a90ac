"""Request and response schemas of /products and their declarations."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.bounds import BoundedDate
from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.evaluation import STATUSES
from ....domain.substances import UNITS
from ..common import Concentration, not_after_today


class SubstanceSchema(StrictSchema):
    """A substance in a material; concentration null means the supplier did not state it."""

    cas = fields.String(required=True, validate=validate.Length(min=5, max=20))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    # Number or decimal string: the domain converts it exactly and refuses more than 100 % in its unit.
    concentration = Concentration(load_default=None, allow_none=True, metadata={
        "description": "In `unit`: 0 to 1,000,000 ppm or mg/kg, 0 to 100 percent; a number or a decimal string"})
    unit = fields.String(load_default=None, allow_none=True, metadata={"enum": list(UNITS)})


class MaterialSchema(StrictSchema):
    """A homogeneous material and the exemptions it claims."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    substances = fields.List(fields.Nested(SubstanceSchema), load_default=list, validate=validate.Length(max=500))
    exemptions = fields.List(fields.String(validate=validate.Length(min=1, max=50)), load_default=list)
    part = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200),
                         metadata={"description": "The part (部件) the material belongs to; none: its own part"})
    declared_compliant = fields.Boolean(load_default=False, metadata={
        "description": "The supplier states the restricted substances the material does not list are within "
                       "the limits (a declaration of conformance); otherwise an unlisted group is not_declared"})


class ProductUpdateSchema(StrictSchema):
    """PATCH /products/{id}."""

    name = fields.String(validate=validate.Length(min=1, max=300))
    customer_ids = fields.List(fields.String(validate=validate.Length(min=1, max=100)), validate=validate.Length(max=200))
    markets = fields.List(fields.String(validate=validate.Length(min=1, max=50)), validate=validate.Length(max=50))
    test_report_date = BoundedDate(allow_none=True)
    supplier_declaration_date = BoundedDate(allow_none=True)
    efup_years = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=100), metadata={
        "description": "Environment-friendly use period (环保使用期限) in years, printed with the China RoHS table"})


class ProductCreateSchema(ProductUpdateSchema):
    """POST /products: evaluated at once."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=100))
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    materials = fields.List(fields.Nested(MaterialSchema), load_default=list, validate=validate.Length(max=500))


class DeclarationSchema(StrictSchema):
    """POST /products/{id}/declarations as JSON (the same materials as a product)."""

    materials = fields.List(fields.Nested(MaterialSchema), required=True, validate=validate.Length(max=500))
    test_report_date = BoundedDate(load_default=None, allow_none=True)
    supplier_declaration_date = BoundedDate(load_default=None, allow_none=True)


class SubstanceReadSchema(ReadSchema):
    """A declared substance, with its concentration converted to ppm."""

    cas = fields.String()
    name = fields.String()
    concentration = fields.Function(lambda s: None if s.concentration is None else str(s.concentration))
    unit = fields.String(allow_none=True)
    value_ppm = fields.Float(allow_none=True)


class MaterialReadSchema(ReadSchema):
    """A homogeneous material."""

    name = fields.String()
    substances = fields.List(fields.Nested(SubstanceReadSchema))
    exemptions = fields.List(fields.String())
    part = fields.String(allow_none=True)
    declared_compliant = fields.Boolean()


class ProductReadSchema(ReadSchema):
    """A product with its declaration and current compliance status (null until first evaluated)."""

    id = fields.UUID()
    code = fields.String()
    name = fields.String()
    customer_ids = fields.List(fields.String())
    markets = fields.List(fields.String())
    test_report_date = fields.Date(allow_none=True)
    supplier_declaration_date = fields.Date(allow_none=True)
    materials = fields.List(fields.Nested(MaterialReadSchema))
    efup_years = fields.Integer(allow_none=True)
    status = fields.String(allow_none=True)
    evaluated_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    lock_version = fields.Integer(attribute="version")


class ProductListArgs(PageArgs):
    """Filters of GET /products."""

    status = fields.String(validate=validate.OneOf(STATUSES))
    code = fields.String()
    customer_id = fields.String()


class ChinaRohsTableArgs(StrictSchema):
    """`?as_of=2026-01-01&format=json|html|pdf|csv`."""

    as_of = BoundedDate(load_default=None, validate=not_after_today, metadata={
        "description": "The day whose China RoHS version applies (default today; not later than today)"})
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "html", "pdf", "csv")), metadata={
        "description": "json, a printable page (html), the same page as PDF (pdf), or csv"})


class TableCellSchema(ReadSchema):
    """One substance of one part: ○ within the limit in every material, × otherwise."""

    group = fields.String()
    mark = fields.String()
    basis = fields.String(metadata={"enum": ["within_limit", "over_limit", "not_declared"]})


class TableRowSchema(ReadSchema):
    """A part (部件) and its materials."""

    part = fields.String()
    materials = fields.List(fields.String())
    cells = fields.List(fields.Nested(TableCellSchema))


class TableColumnSchema(ReadSchema):
    """A restricted substance of the version in force."""

    group = fields.String()
    label = fields.String()
    limit_ppm = fields.Float()


class TableProductSchema(ReadSchema):
    """The product the table is for."""

    id = fields.UUID()
    code = fields.String()
    name = fields.String()


class ChinaRohsTableSchema(ReadSchema):
    """有害物质名称及含量表: parts x substances with ○/×, the note text and the use period."""

    product = fields.Nested(TableProductSchema)
    as_of = fields.Date()
    regulation_code = fields.String()
    standard = fields.String()
    columns = fields.List(fields.Nested(TableColumnSchema))
    rows = fields.List(fields.Nested(TableRowSchema))
    notes = fields.List(fields.String())
    efup_years = fields.Integer(allow_none=True)
