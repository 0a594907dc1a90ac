"""Request and response schemas of /claims/{id}/supplier-recovery."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import DecimalString, ReadSchema, StrictSchema

from ..bounded import money
from ..complaints.schemas import SHORT, TEXT


class RecoveryRequestSchema(StrictSchema):
    """POST claims/{id}/supplier-recovery."""

    supplier_code = fields.String(load_default=None, validate=validate.Length(min=1, max=50), metadata={
        "description": "by default the supplier of the complaint's correction request"})
    amount = money(load_default=None, metadata={"description": "by default what the claim costs us"})
    note = fields.String(load_default=None, validate=TEXT)


class RecoveredSchema(StrictSchema):
    """POST claims/{id}/supplier-recovery/recovery."""

    reference = fields.String(required=True, validate=SHORT, metadata={"description": "credit note or payment"})
    amount = money(load_default=None)


class RecoveryWaiverSchema(StrictSchema):
    """POST claims/{id}/supplier-recovery/waiver."""

    reason = fields.String(required=True, validate=TEXT)


class RecoveryReadSchema(ReadSchema):
    """What is recovered of a claim from the supplier."""

    id = fields.UUID()
    status = fields.String()
    version = fields.Integer()
    claim_id = fields.UUID()
    claim_number = fields.String()
    complaint_number = fields.String()
    supplier = fields.Function(lambda r: {"id": str(r.supplier_id), "code": r.supplier_code, "name": r.supplier_name})
    amount = DecimalString()
    currency = fields.String()
    note = fields.String(allow_none=True)
    requested_at = fields.AwareDateTime()
    requested_by = fields.String()
    recovered_amount = DecimalString(allow_none=True)
    reference = fields.String(allow_none=True)
    recovered_at = fields.AwareDateTime(allow_none=True)
    waiver_reason = fields.String(allow_none=True)
