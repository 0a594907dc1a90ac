"""Response schemas of /contracts: the register row and the full contract with reviews and revisions."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import fields

from qms_shared.web.schemas import DecimalString, ReadSchema

from ....domain.departments import ordered

CENT = Decimal("0.01")


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
    type_history = fields.List(fields.Dict(), metadata={"description": (
        "the records the classification used: `known_customer` and `delivered_before` (with `product_code`), "
        "each with `source` (`contract`, `import` or `customer_archive`), `document`, `line`, `delivered_on` "
        "where known, and `text`, e.g. \"delivered before: P-100 on 2025-03-02 (import DN-8812 line 3)\"")})
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

    def dump(self, obj, *, many: bool | None = None):
        """What the fields above make of a contract, built by `contract_body` instead of field by field.

        The generic dump of this schema (about 200 fields through marshmallow's machinery, each review twice)
        was a tenth of the CPU of submitting a contract or recording a review; the schema stays what the
        OpenAPI document is made from, and a test checks that both give the same body.
        """
        if self.many if many is None else many:
            return [contract_body(contract) for contract in obj]
        return contract_body(obj)


def contract_body(c) -> dict:
    """ContractReadSchema's output for contract `c`, in its fields' order and with their conversions."""
    history = {id(review): _review(review) for review in c.reviews}
    current = c.current_reviews()
    requested, committed, late = c.delivery(current)
    decision = c.decision
    return {
        "id": str(c.id), "number": c.number, "status": c.status, "type": c.type,
        "customer": {"id": c.customer_id, "name": c.customer_name}, "salesperson": c.salesperson,
        "region": c.region, "source": c.source, "currency": c.currency, "total_amount": _money(c.total_amount),
        "compliance_status": c.compliance_status, "revision": c.revision,
        "pending_departments": [d for d, review in current.items() if review.pending],
        "created_at": c.created_at.isoformat(), "updated_at": c.updated_at.isoformat(), "version": c.version,
        "payment_terms": c.payment_terms, "requirements": c.requirements,
        "type_reasons": [dict(reason) for reason in c.type_reasons],
        "type_history": [dict(record) for record in c.type_history],
        "required_departments": [str(d) for d in c.required_departments],
        "lines": [_line(line) for line in c.lines],
        "reviews": {d: history[id(review)] for d, review in current.items()},
        "review_history": list(history.values()),
        "decision": _decision(decision) if decision else None,
        "decisions": [_decision(d) for d in c.decisions],
        "revisions": [_revision(r) for r in c.revisions],
        "blockers": c.blockers(),
        "delivery": {"requested": _iso(requested), "committed": _iso(committed), "late": late},
        "confirmation": {"confirmed_by": c.confirmed_by, "note": c.confirmation_note,
                         "at": c.confirmed_at.isoformat()} if c.confirmed_at else None,
        "compliance": _compliance(c),
    }


def _money(value) -> str:
    return str(Decimal(value).quantize(CENT))  # as DecimalString(places=2)


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _line(line) -> dict:
    terms = line.terms()
    return {"line_no": line.line_no, "product_code": line.product_code, "product_name": line.product_name,
            "model": line.model, "quantity": terms["quantity"], "unit_price": terms["unit_price"],
            "amount": _money(line.amount), "requested_delivery_date": line.requested_delivery_date.isoformat(),
            "new_product": line.new_product, "modified": line.modified}


def _review(r) -> dict:
    return {"department": r.department, "revision": r.revision, "status": r.status, "due_at": _iso(r.due_at),
            "overdue": r.overdue, "opinion": r.opinion, "comment": r.comment, "delivery_date": _iso(r.delivery_date),
            "reviewer": {"id": r.reviewer_id, "name": r.reviewer_name} if r.reviewer_id else None,
            "reviewed_at": _iso(r.reviewed_at)}


def _decision(d) -> dict:
    return {"revision": d.revision, "outcome": d.outcome, "reason": d.reason,
            "decided_by": {"id": d.decided_by, "name": d.decided_by_name}, "decided_at": d.decided_at.isoformat(),
            "overruled_departments": [str(department) for department in d.overruled_departments]}


def _revision(r) -> dict:
    return {"number": r.number, "reason": r.reason, "changed": [str(aspect) for aspect in r.changed],
            "created_by": r.created_by, "created_at": r.created_at.isoformat(), "terms": dict(r.terms)}
