"""Request and response schemas of /emergencies."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.emergency import Condition, EmergencyStatus, Source
from ....domain.vocabulary import Department
from ..bounded import day, moment
from ..complaints.schemas import QUANTITY, SHORT, TEXT, HistorySchema, flag, one_of


class EmergencyCreateSchema(StrictSchema):
    """POST /emergencies: from a complaint or an internal problem (its facts are taken over), or by hand."""

    source = fields.String(load_default=Source.MANUAL.value, validate=one_of(Source))
    source_id = fields.UUID(load_default=None, metadata={"description": "the complaint or internal problem"})
    conditions = fields.List(fields.String(validate=one_of(Condition)), load_default=list, metadata={
        "description": "§三's conditions that hold; assembly_batch_failure follows from assembly_failures"})
    assembly_failures = fields.Integer(load_default=None, strict=True, validate=QUANTITY, metadata={
        "description": "pieces of one product failing at the customer's assembly (≥ 5: a major problem)"})
    description = fields.String(load_default=None, validate=validate.Length(min=1, max=10_000))
    responsible_department = fields.String(load_default=None, validate=one_of(Department))
    customer_id = fields.String(load_default=None, validate=validate.Length(min=1, max=100))
    customer_name = fields.String(load_default=None, validate=SHORT)
    product_code = fields.String(load_default=None, validate=SHORT)

    @validates_schema
    def _source_needs_its_id(self, data, **kwargs):
        if data.get("source") != Source.MANUAL and data.get("source_id") is None:
            raise ValidationError("Name the complaint or internal problem.", field_name="source_id")
        if data.get("source") == Source.MANUAL:
            if data.get("source_id") is not None:
                raise ValidationError("Only with source complaint or internal_problem.", field_name="source_id")
            for name in ("description", "responsible_department"):
                if data.get(name) is None:
                    raise ValidationError("Missing data for required field.", field_name=name)


class EmergencyMeetingSchema(StrictSchema):
    """POST emergencies/{id}/meeting."""

    held_at = moment(required=True)
    attendees = fields.List(fields.String(validate=SHORT), required=True, validate=validate.Length(min=1, max=100))
    minutes = fields.String(required=True, validate=validate.Length(min=1, max=20_000))
    chaired_by = fields.String(load_default=None, validate=SHORT)


class RectificationSchema(StrictSchema):
    """POST emergencies/{id}/rectification-notice."""

    requirements = fields.String(required=True, validate=TEXT)
    due_date = day(required=True)
    department = fields.String(load_default=None, validate=one_of(Department),
                               metadata={"description": "the responsible unit by default"})


class MeasuresApprovalSchema(StrictSchema):
    """POST emergencies/{id}/approval."""

    measures = fields.String(required=True, validate=TEXT)


class EmergencyVerificationSchema(StrictSchema):
    """POST emergencies/{id}/verification."""

    effective = flag(required=True)
    note = fields.String(load_default=None, validate=TEXT)


class FourDontsCheckSchema(StrictSchema):
    """One of the four don'ts, done, with how."""

    done = flag(required=True)
    note = fields.String(required=True, validate=TEXT)


class FourDontsSchema(StrictSchema):
    """四不放过: cause clear, people educated, measures taken, responsibility dealt with."""

    cause_clear = fields.Nested(FourDontsCheckSchema, required=True)
    people_educated = fields.Nested(FourDontsCheckSchema, required=True)
    measures_taken = fields.Nested(FourDontsCheckSchema, required=True)
    responsibility_dealt = fields.Nested(FourDontsCheckSchema, required=True)


class EmergencyClosureSchema(StrictSchema):
    """POST emergencies/{id}/closure."""

    four_donts = fields.Nested(FourDontsSchema, required=True)
    disciplinary_notice = fields.String(load_default=None, validate=SHORT,
                                        metadata={"description": "the reward/penalty notice that dealt with it"})


class EmergencyReadSchema(ReadSchema):
    """An emergency over a major quality problem."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    version = fields.Integer()
    source = fields.Function(lambda e: {"kind": e.source, "id": e.source_id and str(e.source_id),
                                        "number": e.source_number})
    customer = fields.Function(lambda e: {"id": e.customer_id, "name": e.customer_name})
    product_code = fields.String(allow_none=True)
    description = fields.String()
    responsible_department = fields.String()
    conditions = fields.List(fields.String())
    assembly_failures = fields.Integer(allow_none=True)
    reported_at = fields.AwareDateTime()
    reported_by = fields.String()
    meeting = fields.Dict(allow_none=True)
    rectification = fields.Dict(allow_none=True)
    measures = fields.String(allow_none=True)
    approved_by = fields.String(allow_none=True)
    approved_at = fields.AwareDateTime(allow_none=True)
    verification = fields.Dict(allow_none=True)
    four_donts = fields.Dict(allow_none=True)
    disciplinary_notice = fields.String(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    allowed_steps = fields.Function(lambda e: e.allowed_steps())
    history = fields.List(fields.Nested(HistorySchema))


class EmergencyListArgs(PageArgs):
    """Filters of GET /emergencies."""

    status = fields.String(validate=one_of(EmergencyStatus))
    source = fields.String(validate=one_of(Source))
    source_id = fields.UUID()
    responsible_department = fields.String(validate=one_of(Department))
