"""Request and response schemas of /claims."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import DecimalString, PageArgs, ReadSchema, StrictSchema

from ....domain.claim import ClaimStatus
from ....domain.vocabulary import Responsibility
from ..bounded import money
from ..complaints.schemas import TEXT, HistorySchema, flag, one_of
from ..supplier_recoveries.schemas import RecoveryReadSchema


class ClaimCreateSchema(StrictSchema):
    """POST /claims."""

    complaint_id = fields.UUID(required=True)
    amount = money(required=True)
    currency = fields.String(load_default="CNY", validate=validate.Regexp(r"^[A-Z]{3}$"))
    description = fields.String(required=True, validate=TEXT)
    evidence = fields.List(fields.String(validate=validate.Length(min=1, max=500)),
                           validate=validate.Length(max=50), load_default=list)


class ClaimAnalysisSchema(StrictSchema):
    """POST claims/{id}/analysis: the initial proposal."""

    proposal = fields.String(required=True, validate=TEXT)
    proposed_amount = money(required=True)
    responsibility = fields.String(required=True, validate=one_of(Responsibility))


class ClaimApprovalSchema(StrictSchema):
    """POST claims/{id}/approval (general manager)."""

    note = fields.String(load_default=None, validate=TEXT)


class CustomerResponseSchema(StrictSchema):
    """POST claims/{id}/customer-response."""

    accepted = flag(required=True)
    note = fields.String(load_default=None, validate=TEXT)


class SettlementSchema(StrictSchema):
    """POST claims/{id}/settlement (finance)."""

    amount = money(load_default=None, metadata={"description": "by default the agreed amount"})
    reference = fields.String(load_default=None, validate=validate.Length(min=1, max=200))


class ClaimReadSchema(ReadSchema):
    """A claim with its history."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    version = fields.Integer()
    complaint_id = fields.UUID()
    complaint_number = fields.String()
    customer = fields.Function(lambda c: {"id": c.customer_id, "name": c.customer_name})
    amount = DecimalString()
    currency = fields.String()
    description = fields.String()
    evidence = fields.List(fields.String())
    submitted_by = fields.String()
    submitted_at = fields.AwareDateTime()
    proposal = fields.String(allow_none=True)
    proposed_amount = DecimalString(allow_none=True)
    responsibility = fields.String(allow_none=True)
    approved_by = fields.String(allow_none=True)
    approved_at = fields.AwareDateTime(allow_none=True)
    declined_rounds = fields.Integer()
    settled_amount = DecimalString(allow_none=True)
    settlement_reference = fields.String(allow_none=True)
    settled_at = fields.AwareDateTime(allow_none=True)
    allowed_steps = fields.Function(lambda c: c.allowed_steps())
    history = fields.List(fields.Nested(HistorySchema))
    # loaded with the claim when read from the database; a claim just submitted has none (never lazy-loaded)
    supplier_recovery = fields.Function(
        lambda c: (lambda r: None if r is None else RecoveryReadSchema().dump(r))(vars(c).get("supplier_recovery")),
        metadata={"description": "what is recovered from the supplier who caused the complaint (purchasing)"})


class ClaimListArgs(PageArgs):
    """Filters of GET /claims."""

    status = fields.String(validate=one_of(ClaimStatus))
    complaint_id = fields.UUID()
