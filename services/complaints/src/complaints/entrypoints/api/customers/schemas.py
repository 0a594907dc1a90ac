"""Request and response schemas of /customers (the customer archive) and of its import."""
from __future__ import annotations

from marshmallow import fields, post_dump, validate

from qms_shared.web.auth import current_actor
from qms_shared.web.schemas import DecimalString, PageArgs, ReadSchema, StrictSchema

from ....domain.customer import CONTACT_FIELDS, CONTACT_READERS, GRADES, sees_contacts
from ....domain.customer_visits import VISIT_CHANNELS
from ..bounded import day, measure, money
from ..complaints.schemas import SHORT, TEXT

ID = validate.Length(min=1, max=100)
ONLY_FOR = f"contact data: present only for the roles {', '.join(sorted(CONTACT_READERS))}"


class ContactSchema(StrictSchema):
    """A person at the customer."""

    name = fields.String(required=True, validate=SHORT)
    position = fields.String(load_default=None, validate=SHORT)
    phone = fields.String(load_default=None, validate=SHORT)
    email = fields.Email(load_default=None, validate=SHORT)


class _Fields(StrictSchema):
    """The archive's own fields."""

    address = fields.String(allow_none=True, validate=validate.Length(max=500))
    phone = fields.String(allow_none=True, validate=validate.Length(max=200))
    contacts = fields.List(fields.Nested(ContactSchema), validate=validate.Length(max=20))
    account_manager = fields.String(allow_none=True, validate=SHORT, metadata={"description": "客户经理"})
    deputy = fields.String(allow_none=True, validate=SHORT, metadata={"description": "the account manager's deputy"})
    nature = fields.String(allow_none=True, validate=SHORT, metadata={"description": "性质: dealer, OEM, ..."})
    region = fields.String(allow_none=True, validate=SHORT)
    note = fields.String(allow_none=True, validate=TEXT)
    first_delivered_on = day(allow_none=True, metadata={"description": "starts the visit plan"})


class CustomerCreateSchema(_Fields):
    """POST /customers."""

    id = fields.String(required=True, validate=ID, metadata={"description": "the id the company's systems use"})
    name = fields.String(required=True, validate=SHORT)
    grade = fields.String(load_default=None, validate=validate.OneOf(GRADES))


class CustomerChangeSchema(_Fields):
    """PATCH /customers/{id} (If-Match): the fields to change; a grade needs `grade_reason`."""

    name = fields.String(validate=SHORT)
    grade = fields.String(allow_none=True, validate=validate.OneOf(GRADES))
    grade_reason = fields.String(validate=TEXT, metadata={"description": "why the grade changes (required with it)"})
    next_visit_due_on = day(allow_none=True, metadata={"description": "plan the next visit by hand"})


class PurchasesSchema(StrictSchema):
    """POST /customers/{id}/purchases: a year's figures (recorded again, they replace the year's)."""

    year = fields.Integer(strict=True, required=True, validate=validate.Range(min=2000, max=2100))
    quantity = measure(required=True, max_places=True)
    unit = fields.String(required=True, validate=validate.Length(min=1, max=20),
                         metadata={"description": "t, kg (count toward the tonnage rule), pcs, ..."})
    revenue = money(required=True, metadata={"description": "CNY"})


class VisitSchema(StrictSchema):
    """POST /customers/{id}/visits: a follow-up visit made (回访)."""

    visited_on = day(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(VISIT_CHANNELS))
    visited_by = fields.String(load_default=None, validate=SHORT)
    note = fields.String(load_default=None, validate=TEXT)


class CustomerListArgs(PageArgs):
    """Filters of GET /customers."""

    grade = fields.String(validate=validate.OneOf(GRADES))
    to_complete = fields.Boolean()
    account_manager = fields.String(validate=SHORT)
    q = fields.String(validate=SHORT, metadata={"description": "part of the name or id"})


class GradeChangeSchema(ReadSchema):
    """A grade given."""

    grade = fields.String(allow_none=True)
    previous_grade = fields.String(allow_none=True)
    reason = fields.String()
    by = fields.String()
    at = fields.AwareDateTime()


class PurchaseReadSchema(ReadSchema):
    """A year's purchases."""

    year = fields.Integer()
    quantity = DecimalString(places=3)
    unit = fields.String()
    revenue = DecimalString()


class VisitReadSchema(ReadSchema):
    """A visit made."""

    visited_on = fields.Date()
    due_on = fields.Date(allow_none=True)
    channel = fields.String()
    visited_by = fields.String()
    note = fields.String(allow_none=True)
    recorded_at = fields.AwareDateTime()


class CustomerReadSchema(ReadSchema):
    """A customer of the archive; address, phone and contacts only for the roles that may read them."""

    id = fields.String()
    name = fields.String()
    address = fields.String(allow_none=True, metadata={"description": ONLY_FOR})
    phone = fields.String(allow_none=True, metadata={"description": ONLY_FOR})
    contacts = fields.List(fields.Dict(), metadata={"description": ONLY_FOR})
    contacts_visible = fields.Constant(True, metadata={"description": "false when the contact data is withheld"})
    account_manager = fields.String(allow_none=True)
    deputy = fields.String(allow_none=True)
    nature = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    grade = fields.String(allow_none=True)
    grade_history = fields.List(fields.Nested(GradeChangeSchema))
    purchases = fields.List(fields.Nested(PurchaseReadSchema))
    first_delivered_on = fields.Date(allow_none=True)
    next_visit_due_on = fields.Date(allow_none=True)
    visit_escalation_level = fields.Integer()
    visits = fields.List(fields.Nested(VisitReadSchema))
    source = fields.String()
    to_complete = fields.Boolean(metadata={"description": "added from a complaint, praise or survey: complete it"})
    missing = fields.List(fields.String())
    version = fields.Integer()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()

    @post_dump
    def withhold_contacts(self, data, **_):
        """Names only for whoever may not read contact data (000 客户信息查阅权限制)."""
        if not sees_contacts(current_actor().roles):
            for name in CONTACT_FIELDS:
                data.pop(name, None)
            data["contacts_visible"] = False
        return data


class YearHistorySchema(ReadSchema):
    """One year of the customer's history."""

    year = fields.Integer()
    complaints = fields.Integer()
    complaints_by_category = fields.Dict(keys=fields.String(), values=fields.Integer())
    returned_quantity = fields.Integer()
    praises = fields.Integer()
    claims = fields.Integer()
    claimed = fields.Function(lambda h: {k: str(v) for k, v in h.claimed.items()},
                              metadata={"description": "amount claimed by currency"})
    surveyed = fields.Boolean()
    responded = fields.Boolean()
    survey_score = fields.Float(allow_none=True, metadata={"description": "the customer's answers, 0-100"})
    purchases = fields.Function(lambda h: None if h.purchases is None else {
        "quantity": str(h.purchases["quantity"]), "unit": h.purchases["unit"], "revenue": str(h.purchases["revenue"])})


class CustomerWithHistorySchema(CustomerReadSchema):
    """A customer with its history per year (latest first)."""

    history = fields.List(fields.Nested(YearHistorySchema))
