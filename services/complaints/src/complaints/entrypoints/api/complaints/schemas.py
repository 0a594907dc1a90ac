"""Request and response schemas of /complaints."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import ValidationError, fields, validate, validates_schema

from qms_shared.web.schemas import DecimalString, PageArgs, ReadSchema, StrictSchema

from ....domain.vocabulary import (
    Category, CauseCategory, Channel, Deadline, Department, IncidentClass, Responsibility, Status,
)
from ..bounded import day, moment, money

TEXT = validate.Length(min=1, max=4000)
SHORT = validate.Length(min=1, max=200)
QUANTITY = validate.Range(min=0, max=1_000_000_000)


def flag(**kwargs) -> fields.Boolean:
    """A JSON true/false only: "yes", 1 or "on" are refused rather than guessed at."""
    return fields.Boolean(truthy={True}, falsy={False}, **kwargs)


def one_of(vocabulary):
    """Validator for a closed vocabulary."""
    return validate.OneOf([member.value for member in vocabulary])


class CustomerSchema(StrictSchema):
    """The customer who complains."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    name = fields.String(required=True, validate=SHORT)


class ProductSchema(StrictSchema):
    """The product complained about."""

    code = fields.String(load_default=None, validate=SHORT)
    batch = fields.String(load_default=None, validate=SHORT)
    production_date = day(load_default=None)


class FiguresSchema(StrictSchema):
    """Quantities, loss and flags that decide the incident class, and the pieces failing at the customer's
    assembly that decide a major problem's emergency (PATCH: any subset)."""

    quantity_affected = fields.Integer(strict=True, validate=QUANTITY, allow_none=True)
    returned_quantity = fields.Integer(strict=True, validate=QUANTITY)
    assembly_failures = fields.Integer(strict=True, validate=QUANTITY, allow_none=True, metadata={
        "description": "pieces of one product failing at the customer's assembly: at 5 or more (重大质量问题应急预案 "
                       "§三.2) the complaint opens its emergency, once"})
    loss_amount = money(allow_none=True, metadata={"description": "CNY"})
    injury = flag()
    reputation_damage = flag()
    batch_scale = flag()


class ComplaintCreateSchema(FiguresSchema):
    """POST /complaints."""

    customer = fields.Nested(CustomerSchema, required=True)
    product = fields.Nested(ProductSchema, load_default=dict)
    category = fields.String(required=True, validate=one_of(Category))
    channel = fields.String(load_default=None, validate=one_of(Channel))
    description = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    received_at = moment(load_default=None, metadata={"description": "default now; not in the future"})
    contract_number = fields.String(load_default=None, validate=SHORT)
    attachments = fields.List(fields.String(validate=validate.Length(min=1, max=500)),
                              validate=validate.Length(max=50), load_default=list)


class ContainmentSchema(StrictSchema):
    """POST complaints/{id}/containment."""

    action = fields.String(required=True, validate=TEXT)


class AnalysisSchema(StrictSchema):
    """POST complaints/{id}/analysis."""

    root_cause = fields.String(required=True, validate=TEXT)
    cause_category = fields.String(required=True, validate=one_of(CauseCategory))
    responsibility = fields.String(required=True, validate=one_of(Responsibility))
    responsible_department = fields.String(load_default=None, validate=one_of(Department))
    supplier_code = fields.String(validate=validate.Length(min=1, max=50), metadata={
        "description": "with responsibility `supplier`: the supplier, who is sent a correction request"})


class ActionPlanSchema(StrictSchema):
    """POST complaints/{id}/action-plan."""

    corrective_action = fields.String(required=True, validate=TEXT)
    preventive_action = fields.String(required=True, validate=TEXT)
    approved_by = fields.String(load_default=None, validate=SHORT)


class ImplementationSchema(StrictSchema):
    """POST complaints/{id}/implementation."""

    note = fields.String(required=True, validate=TEXT)


class VerificationSchema(StrictSchema):
    """POST complaints/{id}/verification."""

    effective = flag(required=True)
    note = fields.String(load_default=None, validate=TEXT)


class ExplanationSchema(StrictSchema):
    """POST complaints/{id}/explanation (responsibility `customer`)."""

    explanation = fields.String(required=True, validate=TEXT)


class ExtensionSchema(StrictSchema):
    """POST complaints/{id}/extension."""

    deadline = fields.String(required=True, validate=one_of(Deadline))
    new_due_at = moment(required=True)
    customer_consent = flag(required=True)
    note = fields.String(load_default=None, validate=TEXT)


class HistorySchema(ReadSchema):
    """One step of the audit trail."""

    at = fields.AwareDateTime()
    by = fields.String()
    action = fields.String()
    from_ = fields.String(attribute="from_status", data_key="from", allow_none=True)
    to = fields.String(attribute="to_status")
    details = fields.Dict()


class MissedDeadlineSchema(ReadSchema):
    """A deadline that passed unmet (reported once)."""

    deadline = fields.String()
    due_at = fields.AwareDateTime()
    detected_at = fields.AwareDateTime()
    escalation = fields.String()
    escalation_level = fields.Integer()
    escalation_department = fields.String(allow_none=True, metadata={"description": "whose head was told"})


class ExtensionReadSchema(ReadSchema):
    """A consented extension."""

    deadline = fields.String()
    previous_due_at = fields.AwareDateTime()
    new_due_at = fields.AwareDateTime()
    customer_consent = fields.Boolean()
    note = fields.String(allow_none=True)
    by = fields.String()
    at = fields.AwareDateTime()


class ComplaintSummarySchema(ReadSchema):
    """A complaint in a list (no history; read the complaint for it)."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    version = fields.Integer()
    customer = fields.Function(lambda c: {"id": c.customer_id, "name": c.customer_name})
    product = fields.Function(lambda c: {"code": c.product_code, "batch": c.product_batch,
                                         "production_date": c.production_date and c.production_date.isoformat()})
    category = fields.String()
    channel = fields.String(allow_none=True)
    owner_department = fields.String()
    description = fields.String()
    received_at = fields.AwareDateTime()
    containment_due_at = fields.AwareDateTime()
    corrective_action_due_at = fields.AwareDateTime()
    incident_class = fields.String()
    incident_reasons = fields.List(fields.String())
    reopen_count = fields.Integer()
    overdue = fields.List(fields.Nested(MissedDeadlineSchema))

    def dump(self, obj, *, many: bool | None = None):
        """What the fields above make of a complaint, built by `summary_body` (a test checks they agree).

        The fields stay what the OpenAPI document is made from; marshmallow's field-by-field dump cost
        more than a page or a creation needs.
        """
        if self.many if many is None else many:
            return [summary_body(complaint) for complaint in obj]
        return summary_body(obj)


class ComplaintReadSchema(ComplaintSummarySchema):
    """A complaint with every field and its full history."""

    contract_number = fields.String(allow_none=True)
    quantity_affected = fields.Integer(allow_none=True)
    returned_quantity = fields.Integer()
    assembly_failures = fields.Integer(allow_none=True)
    loss_amount = DecimalString(allow_none=True)
    injury = fields.Boolean()
    reputation_damage = fields.Boolean()
    batch_scale = fields.Boolean()
    claims_loss = DecimalString(metadata={"description": "the claims' approved or settled CNY amounts in the loss"})
    claims_counted = fields.List(fields.String(), metadata={"description": "the claims counted into the loss"})
    attachments = fields.List(fields.String())
    containment_action = fields.String(allow_none=True)
    containment_met_at = fields.AwareDateTime(allow_none=True)
    corrective_action_met_at = fields.AwareDateTime(allow_none=True)
    root_cause = fields.String(allow_none=True)
    cause_category = fields.String(allow_none=True)
    responsibility = fields.String(allow_none=True)
    responsible_department = fields.String(allow_none=True)
    corrective_action = fields.String(allow_none=True)
    preventive_action = fields.String(allow_none=True)
    approved_by = fields.String(allow_none=True)
    implementation_note = fields.String(allow_none=True)
    verification_note = fields.String(allow_none=True)
    explanation = fields.String(allow_none=True)
    closure_reason = fields.String(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    allowed_steps = fields.Function(lambda c: c.allowed_steps())
    extensions = fields.List(fields.Nested(ExtensionReadSchema))
    history = fields.List(fields.Nested(HistorySchema))

    def dump(self, obj, *, many: bool | None = None):
        """As ComplaintSummarySchema.dump, with `complaint_body`."""
        if self.many if many is None else many:
            return [complaint_body(complaint) for complaint in obj]
        return complaint_body(obj)


def summary_body(c) -> dict:
    """ComplaintSummarySchema's output for complaint `c`, in its fields' order and with their conversions."""
    return {
        "id": str(c.id), "number": _text(c.number), "status": _text(c.status), "version": _int(c.version),
        "customer": {"id": c.customer_id, "name": c.customer_name},
        "product": {"code": c.product_code, "batch": c.product_batch,
                    "production_date": c.production_date and c.production_date.isoformat()},
        "category": _text(c.category), "channel": _text(c.channel), "owner_department": _text(c.owner_department),
        "description": _text(c.description), "received_at": _iso(c.received_at),
        "containment_due_at": _iso(c.containment_due_at), "corrective_action_due_at": _iso(c.corrective_action_due_at),
        "incident_class": _text(c.incident_class), "incident_reasons": _texts(c.incident_reasons),
        "reopen_count": _int(c.reopen_count),
        "overdue": None if c.overdue is None else [
            {"deadline": _text(m.deadline), "due_at": _iso(m.due_at), "detected_at": _iso(m.detected_at),
             "escalation": _text(m.escalation), "escalation_level": _int(m.escalation_level),
             "escalation_department": _text(m.escalation_department)} for m in c.overdue],
    }


def complaint_body(c) -> dict:
    """ComplaintReadSchema's output for complaint `c`: the summary, every other field and the history."""
    return {
        **summary_body(c),
        "contract_number": _text(c.contract_number), "quantity_affected": _int(c.quantity_affected),
        "returned_quantity": _int(c.returned_quantity), "assembly_failures": _int(c.assembly_failures),
        "loss_amount": _money(c.loss_amount),
        "injury": _bool(c.injury), "reputation_damage": _bool(c.reputation_damage), "batch_scale": _bool(c.batch_scale),
        "claims_loss": _money(c.claims_loss), "claims_counted": _texts(c.claims_counted),
        "attachments": _texts(c.attachments),
        **{name: _text(getattr(c, name)) for name in _TEXTS[:1]},
        "containment_met_at": _iso(c.containment_met_at), "corrective_action_met_at": _iso(c.corrective_action_met_at),
        **{name: _text(getattr(c, name)) for name in _TEXTS[1:]},
        "closed_at": _iso(c.closed_at), "allowed_steps": c.allowed_steps(),
        "extensions": None if c.extensions is None else [
            {"deadline": _text(e.deadline), "previous_due_at": _iso(e.previous_due_at), "new_due_at": _iso(e.new_due_at),
             "customer_consent": _bool(e.customer_consent), "note": _text(e.note), "by": _text(e.by), "at": _iso(e.at)}
            for e in c.extensions],
        "history": None if c.history is None else [
            {"at": _iso(h.at), "by": _text(h.by), "action": _text(h.action), "from": _text(h.from_status),
             "to": _text(h.to_status), "details": None if h.details is None else dict(h.details)} for h in c.history],
    }


CENT = Decimal("0.01")  # as DecimalString(places=2)
_TEXTS = ("containment_action", "root_cause", "cause_category", "responsibility", "responsible_department",
          "corrective_action", "preventive_action", "approved_by", "implementation_note", "verification_note",
          "explanation", "closure_reason")


def _text(value):
    return None if value is None else str(value)


def _texts(values):
    return None if values is None else [None if v is None else str(v) for v in values]


def _int(value):
    return None if value is None else int(value)


def _bool(value):
    return None if value is None else bool(value)


def _money(value):
    return None if value is None else str(Decimal(value).quantize(CENT))


def _iso(value):
    return None if value is None else value.isoformat()


class ComplaintListArgs(PageArgs):
    """Filters of GET /complaints."""

    status = fields.String(validate=one_of(Status))
    customer = fields.String(validate=validate.Length(min=1, max=100))
    category = fields.String(validate=one_of(Category))
    owner_department = fields.String(validate=one_of(Department))
    incident_class = fields.String(validate=one_of(IncidentClass))
    overdue = fields.Boolean()
    received_from = day(metadata={"description": "received on or after (Beijing time)"})
    received_to = day(metadata={"description": "received on or before (Beijing time)"})
    q = fields.String(validate=validate.Length(min=1, max=200))

    @validates_schema
    def _range_in_order(self, data, **kwargs):
        if data.get("received_from") and data.get("received_to") and data["received_from"] > data["received_to"]:
            raise ValidationError("Must not be before received_from.", field_name="received_to")
