"""Request and response schemas of /incoming-nonconformances and /correction-requests."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import DecimalString, PageArgs, ReadSchema, StrictSchema

from ....domain.correction_request import RequestSource, RequestStatus
from ....domain.incoming import ConcessionKind, DefectClass, DefectKind, Disposition, NcStatus, ReturnKind
from ..bounded import day, moment
from ..complaints.schemas import QUANTITY, SHORT, TEXT, HistorySchema, flag, one_of

CODE = validate.Length(min=1, max=50)


class IncomingCreateSchema(StrictSchema):
    """POST /incoming-nonconformances: the lot IQC found nonconforming."""

    supplier_code = fields.String(required=True, validate=CODE)
    material_code = fields.String(required=True, validate=CODE)
    material_name = fields.String(load_default=None, validate=SHORT)
    lot = fields.String(required=True, validate=SHORT)
    quantity_received = fields.Integer(required=True, strict=True, validate=QUANTITY)
    quantity_inspected = fields.Integer(required=True, strict=True, validate=QUANTITY)
    quantity_nonconforming = fields.Integer(required=True, strict=True, validate=QUANTITY)
    defect_class = fields.String(required=True, validate=one_of(DefectClass), metadata={
        "description": "A 极重要, B 重要, C 一般 quality characteristic"})
    defect_kind = fields.String(required=True, validate=one_of(DefectKind),
                                metadata={"description": "appearance 外观不良 or performance 性能不良"})
    description = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    evidence = fields.List(fields.String(validate=validate.Length(min=1, max=500)), load_default=list,
                           validate=validate.Length(max=50))
    inspected_at = moment(load_default=None)
    inspector = fields.String(load_default=None, validate=SHORT)


class IncomingConfirmationSchema(StrictSchema):
    """POST .../{id}/confirmation: the engineer and the department head agree it is nonconforming."""

    engineer = fields.String(required=True, validate=SHORT)
    department_head = fields.String(required=True, validate=SHORT)
    note = fields.String(load_default=None, validate=TEXT)


class CorrectionIssueSchema(StrictSchema):
    """POST .../{id}/correction-request: what the supplier is asked to correct (the lot's description by default)."""

    description = fields.String(load_default=None, validate=TEXT)


class DispositionSchema(StrictSchema):
    """POST .../{id}/disposition."""

    disposition = fields.String(required=True, validate=one_of(Disposition))
    kind = fields.String(required=True, validate=one_of([*ReturnKind, *ConcessionKind]), metadata={
        "description": "return: rework, repair, scrap; concession (特采): sorting, added_parts, added_process, "
                       "lowered_requirement, machining"})
    approver = fields.String(load_default=None, validate=SHORT, metadata={"description": "who approved the concession"})
    work_hours = DecimalString(load_default=None, max_digits=10, places=2, metadata={
        "description": "our hours of work a concession costs: a decimal string >= 0, at most 10000"})
    reviewed_with = fields.List(fields.String(validate=SHORT), load_default=None, validate=validate.Length(max=20),
                                metadata={"description": "who reviewed (purchasing, engineering, production by default)"})
    note = fields.String(load_default=None, validate=TEXT)


class IncomingReadSchema(ReadSchema):
    """An incoming nonconformance."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    version = fields.Integer()
    supplier = fields.Function(lambda n: {"id": str(n.supplier_id), "code": n.supplier_code, "name": n.supplier_name})
    material_code = fields.String()
    material_name = fields.String(allow_none=True)
    lot = fields.String()
    quantity_received = fields.Integer()
    quantity_inspected = fields.Integer()
    quantity_nonconforming = fields.Integer()
    rejection_rate = DecimalString(allow_none=True, metadata={"description": "percent of the inspected pieces"})
    defect_class = fields.String()
    defect_kind = fields.String()
    description = fields.String()
    evidence = fields.List(fields.String())
    inspected_at = fields.AwareDateTime()
    inspector = fields.String()
    engineer = fields.String(allow_none=True)
    department_head = fields.String(allow_none=True)
    confirmed_at = fields.AwareDateTime(allow_none=True)
    correction_request = fields.Function(lambda n: None if n.correction_request_id is None else {
        "id": str(n.correction_request_id), "number": n.correction_request_number, "closed": n.correction_closed})
    disposition = fields.Function(lambda n: None if n.disposition is None else {
        "disposition": n.disposition, "kind": n.disposition_kind, "approver": n.approver,
        "work_hours": None if n.work_hours is None else str(n.work_hours),
        "deduction": None if n.deduction_amount is None else {"amount": f"{n.deduction_amount:.2f}",
                                                             "currency": "CNY"},
        "reviewed_with": n.reviewed_with, "note": n.disposition_note,
        "disposed_at": n.disposed_at and n.disposed_at.isoformat()})
    closed_at = fields.AwareDateTime(allow_none=True)
    allowed_steps = fields.Function(lambda n: n.allowed_steps())
    history = fields.List(fields.Nested(HistorySchema))


class IncomingListArgs(PageArgs):
    """Filters of GET /incoming-nonconformances."""

    status = fields.String(validate=one_of(NcStatus))
    supplier_code = fields.String(validate=CODE)
    defect_class = fields.String(validate=one_of(DefectClass))


class CorrectionReplySchema(StrictSchema):
    """POST correction-requests/{id}/reply: the supplier's answer."""

    cause = fields.String(required=True, validate=TEXT)
    action = fields.String(required=True, validate=TEXT)
    action_due_date = day(required=True, metadata={"description": "when the action will be in place"})


class RequestVerificationSchema(StrictSchema):
    """POST correction-requests/{id}/verification."""

    effective = flag(required=True)
    note = fields.String(load_default=None, validate=TEXT)


class CorrectionReadSchema(ReadSchema):
    """A correction request (《供应商异常矫正单》)."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    version = fields.Integer()
    round = fields.Integer()
    supplier = fields.Function(lambda r: {"id": str(r.supplier_id), "code": r.supplier_code, "name": r.supplier_name,
                                          "contact_email": r.supplier_email, "locale": r.supplier_locale})
    source = fields.Function(lambda r: {"kind": r.source, "id": str(r.source_id), "number": r.source_number})
    description = fields.String()
    defect_class = fields.String(allow_none=True)
    issued_at = fields.AwareDateTime()
    issued_by = fields.String()
    reply_due_at = fields.AwareDateTime()
    cause = fields.String(allow_none=True)
    action = fields.String(allow_none=True)
    action_due_date = fields.Date(allow_none=True)
    replied_at = fields.AwareDateTime(allow_none=True)
    verification_note = fields.String(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    overdue_count = fields.Integer()
    allowed_steps = fields.Function(lambda r: r.allowed_steps())
    history = fields.List(fields.Nested(HistorySchema))


class CorrectionListArgs(PageArgs):
    """Filters of GET /correction-requests."""

    status = fields.String(validate=one_of(RequestStatus))
    supplier_code = fields.String(validate=CODE)
    source = fields.String(validate=one_of(RequestSource))
    source_id = fields.UUID()
