"""Response schemas of /contracts: the register row and the full contract with reviews and revisions."""
from __future__ import annotations

from marshmallow import fields

from qms_shared.web.schemas import DecimalString, ReadSchema

from ....domain.departments import ordered


class ReviewReadSchema(ReadSchema):
    """One department's review of one revision."""

    department = fields.String()
    revision = fields.Integer()
    status = fields.String()
    due_at = fields.AwareDateTime(allow_none=True)
    overdue = fields.Boolean()
    opinion = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    delivery_date = fields.Date(allow_none=True)
    reviewer = fields.Function(lambda r: {"id": r.reviewer_id, "name": r.reviewer_name} if r.reviewer_id else None)
    reviewed_at = fields.AwareDateTime(allow_none=True)


class DecisionReadSchema(ReadSchema):
    """An outcome decided on one revision."""

    revision = fields.Integer()
    outcome = fields.String()
    reason = fields.String(allow_none=True)
    decided_by = fields.Function(lambda d: {"id": d.decided_by, "name": d.decided_by_name})
    decided_at = fields.AwareDateTime()
    overruled_departments = fields.List(fields.String())


class RevisionReadSchema(ReadSchema):
    """The terms of one revision, as they were."""

    number = fields.Integer()
    reason = fields.String(allow_none=True)
    changed = fields.List(fields.String())
    created_by = fields.String()
    created_at = fields.AwareDateTime()
    terms = fields.Dict()


class LineReadSchema(ReadSchema):
    """A contract line with its amount."""

    line_no = fields.Integer()
    product_code = fields.String()
    product_name = fields.String()
    model = fields.String()
    quantity = fields.Function(lambda l: l.terms()["quantity"])
    unit_price = fields.Function(lambda l: l.terms()["unit_price"])
    amount = DecimalString()
    requested_delivery_date = fields.Date()
    new_product = fields.Boolean()
    modified = fields.Boolean()


class ContractSummarySchema(ReadSchema):
    """A row of the register (合同登记表); read from a query row, so only plain attributes."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    type = fields.String()
    customer = fields.Function(lambda c: {"id": c.customer_id, "name": c.customer_name})
    salesperson = fields.String()
    region = fields.String(allow_none=True)
    source = fields.String()
    currency = fields.String()
    total_amount = DecimalString()
    compliance_status = fields.String()
    revision = fields.Integer()
    pending_departments = fields.Function(lambda row: ordered(row.pending_departments or ()))
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    version = fields.Integer()


# Instances made once: building a schema per contract would cost more than serialising it.
REVIEW, REVIEWS, DECISION = ReviewReadSchema(), ReviewReadSchema(many=True), DecisionReadSchema()


def _compliance(contract) -> dict:
    return {
        "status": contract.compliance_status,
        "products": [{"product_code": code, "status": status}
                     for code, status in sorted(contract.product_compliance.items())],
        "checklist": [{"id": str(i.id), "requirement_id": i.requirement_id, "category": i.category, "text": i.text,
                       "acknowledged": i.acknowledged, "acknowledged_by": i.acknowledged_by,
                       "acknowledged_at": i.acknowledged_at.isoformat() if i.acknowledged_at else None}
                      for i in contract.checklist],
        "waiver": {"reason": contract.waiver_reason, "by": contract.waived_by,
                   "at": contract.waived_at.isoformat(), "products": contract.waived_products}
        if contract.waived_at else None,
    }


class ContractReadSchema(ContractSummarySchema):
    """A contract with its lines, reviews, decisions, revisions and compliance state."""

    pending_departments = fields.Function(lambda c: c.pending_departments())
    payment_terms = fields.String(allow_none=True)
    requirements = fields.String(allow_none=True)
    type_reasons = fields.List(fields.Dict())
    required_departments = fields.List(fields.String())
    lines = fields.List(fields.Nested(LineReadSchema))
    reviews = fields.Function(lambda c: {d: REVIEW.dump(r) for d, r in c.current_reviews().items()})
    review_history = fields.Function(lambda c: REVIEWS.dump(c.reviews))
    decision = fields.Function(lambda c: DECISION.dump(c.decision) if c.decision else None)
    decisions = fields.List(fields.Nested(DecisionReadSchema))
    revisions = fields.List(fields.Nested(RevisionReadSchema))
    blockers = fields.Function(lambda c: c.blockers())
    delivery = fields.Function(lambda c: {
        "requested": c.earliest_requested_date.isoformat() if c.earliest_requested_date else None,
        "committed": c.committed_delivery_date.isoformat() if c.committed_delivery_date else None,
        "late": c.delivery_late})
    confirmation = fields.Function(lambda c: {"confirmed_by": c.confirmed_by, "note": c.confirmation_note,
                                              "at": c.confirmed_at.isoformat()} if c.confirmed_at else None)
    compliance = fields.Function(_compliance)
