"""Request schemas of /contracts (bodies reject unknown fields with 422)."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.bounds import BoundedDate
from qms_shared.web.schemas import DecimalString, PageArgs, StrictSchema

from ....domain.departments import DEPARTMENTS
from ....domain.reviews import OPINIONS
from ....domain.states import OUTCOMES

Text = lambda n, **kw: fields.String(validate=validate.Length(max=n), **kw)  # noqa: E731
Name = lambda n, **kw: fields.String(validate=validate.Length(min=1, max=n), **kw)  # noqa: E731
CURRENCY = validate.Regexp(r"^[A-Z]{3}$", error="A three-letter ISO 4217 code, e.g. CNY.")


class CustomerSchema(StrictSchema):
    """The customer who orders."""

    id = Name(100, required=True)
    name = Name(200, required=True)


class LineSchema(StrictSchema):
    """One contract line."""

    product_code = Name(100, required=True)
    product_name = Name(200, required=True)
    model = Text(200, load_default="")
    # Bounds: the columns are Numeric(18, 3) and Numeric(18, 4); a quantity keeps 12 whole digits so that
    # quantity x unit price (the amount, to the cent) stays within 28 significant digits.
    quantity = DecimalString(required=True, places=3, max_digits=15, metadata={
        "description": "a decimal string > 0: at most 12 digits before the point and 3 after, e.g. \"1000.5\""})
    unit_price = DecimalString(required=True, places=4, max_digits=18, metadata={
        "description": "a decimal string >= 0: at most 14 digits before the point and 4 after, e.g. \"2.50\""})
    requested_delivery_date = BoundedDate(required=True, metadata={"description": "1900-01-01 to 2999-12-31"})
    new_product = fields.Boolean(load_default=False)
    modified = fields.Boolean(load_default=False)


class ContractCreateSchema(StrictSchema):
    """POST /contracts."""

    customer = fields.Nested(CustomerSchema, required=True)
    salesperson = Name(200, required=True)
    region = Text(100, load_default=None, allow_none=True)
    source = fields.String(required=True, validate=validate.OneOf(("written", "oral")))
    currency = fields.String(load_default="CNY", validate=CURRENCY)
    payment_terms = Text(2000, load_default=None, allow_none=True)
    requirements = Text(10_000, load_default=None, allow_none=True)
    lines = fields.List(fields.Nested(LineSchema), required=True, validate=validate.Length(min=1, max=500))


class ContractListArgs(PageArgs):
    """Filters of the register: GET /contracts."""

    status = fields.String(validate=validate.OneOf(OUTCOMES + ("under_review",)))
    type = fields.String(validate=validate.OneOf(("regular", "special")))
    customer_id = Name(100)
    salesperson = Name(200)
    region = Name(100)
    compliance = fields.String(validate=validate.OneOf(("clear", "hold", "unknown")))
    product_code = Name(100)
    q = Name(100, metadata={"description": "part of the number or the customer's name"})
    submitted_from = BoundedDate(metadata={"description": "submitted on or after (UTC), 1900-01-01 to 2999-12-31"})
    submitted_to = BoundedDate(metadata={"description": "submitted on or before (UTC), 1900-01-01 to 2999-12-31"})


class ReviewSchema(StrictSchema):
    """POST /contracts/{id}/reviews/{department}."""

    opinion = fields.String(required=True, validate=validate.OneOf(OPINIONS))
    comment = Text(5000, load_default=None, allow_none=True)
    delivery_date = BoundedDate(load_default=None, allow_none=True,
                                metadata={"description": "production's date it can meet, 1900-01-01 to 2999-12-31"})


class DecisionSchema(StrictSchema):
    """POST /contracts/{id}/decision."""

    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    reason = Text(5000, load_default=None, allow_none=True)


class AmendmentSchema(StrictSchema):
    """POST /contracts/{id}/amendments: the changed fields and why."""

    lines = fields.List(fields.Nested(LineSchema), validate=validate.Length(min=1, max=500))
    currency = fields.String(validate=CURRENCY)
    payment_terms = Text(2000, allow_none=True)
    requirements = Text(10_000, allow_none=True)
    salesperson = Name(200)
    region = Text(100, allow_none=True)
    reason = Name(5000, required=True)


class WaiverSchema(StrictSchema):
    """POST /contracts/{id}/waiver (quality)."""

    reason = Name(5000, required=True)


class ConfirmationSchema(StrictSchema):
    """POST /contracts/{id}/confirmation (oral orders)."""

    confirmed_by = Name(200, required=True)
    note = Text(5000, load_default=None, allow_none=True)


class EmptySchema(StrictSchema):
    """A body with no fields (or none at all)."""


DEPARTMENT_ROLES = tuple(DEPARTMENTS)
