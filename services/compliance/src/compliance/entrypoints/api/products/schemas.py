"""Request and response schemas of /products and their declarations."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.evaluation import STATUSES
from ....domain.substances import UNITS


class SubstanceSchema(StrictSchema):
    """A substance in a material; concentration null means the supplier did not state it."""

    cas = fields.String(required=True, validate=validate.Length(min=5, max=20))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    # Number or decimal string: the domain converts it exactly and refuses NaN, negatives and > 100 %.
    concentration = fields.Raw(load_default=None, allow_none=True, metadata={"type": "number"})
    unit = fields.String(load_default=None, allow_none=True, metadata={"enum": list(UNITS)})


class MaterialSchema(StrictSchema):
    """A homogeneous material and the exemptions it claims."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    substances = fields.List(fields.Nested(SubstanceSchema), load_default=list, validate=validate.Length(max=500))
    exemptions = fields.List(fields.String(validate=validate.Length(min=1, max=50)), load_default=list)


class ProductUpdateSchema(StrictSchema):
    """PATCH /products/{id}."""

    name = fields.String(validate=validate.Length(min=1, max=300))
    customer_ids = fields.List(fields.String(validate=validate.Length(min=1, max=100)), validate=validate.Length(max=200))
    markets = fields.List(fields.String(validate=validate.Length(min=1, max=50)), validate=validate.Length(max=50))
    test_report_date = fields.Date(allow_none=True)
    supplier_declaration_date = fields.Date(allow_none=True)


class ProductCreateSchema(ProductUpdateSchema):
    """POST /products: evaluated at once."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=100))
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    materials = fields.List(fields.Nested(MaterialSchema), load_default=list, validate=validate.Length(max=500))


class DeclarationSchema(StrictSchema):
    """POST /products/{id}/declarations as JSON (the same materials as a product)."""

    materials = fields.List(fields.Nested(MaterialSchema), required=True, validate=validate.Length(max=500))
    test_report_date = fields.Date(load_default=None, allow_none=True)
    supplier_declaration_date = fields.Date(load_default=None, allow_none=True)


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
