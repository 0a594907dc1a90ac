"""Request and response schemas of /reward-penalty-clauses and /reward-penalty-notices."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import DecimalString, PageArgs, ReadSchema, StrictSchema

from ....domain.reward_penalty import LINK_KINDS, Kind, NoticeStatus, Unit
from ....domain.vocabulary import Department
from ..bounded import money
from ..complaints.schemas import SHORT, TEXT, HistorySchema, flag, one_of
from ..quality_common import Month

CLAUSE_CODE = validate.Length(min=1, max=20)


class ClauseChangeSchema(StrictSchema):
    """PATCH /reward-penalty-clauses/{id} (any subset)."""

    section = fields.String(validate=SHORT)
    text = fields.String(validate=TEXT)
    kind = fields.String(validate=one_of(Kind))
    amount_min = money()
    amount_max = money()
    unit = fields.String(validate=one_of(Unit), metadata={"description": "occurrence 每次, each 每件/每处"})
    department = fields.String(allow_none=True, validate=one_of(Department),
                               metadata={"description": "whose people the clause is for (none: any department)"})
    note = fields.String(allow_none=True, validate=TEXT)
    active = flag()


class ClauseCreateSchema(ClauseChangeSchema):
    """POST /reward-penalty-clauses."""

    code = fields.String(required=True, validate=CLAUSE_CODE)
    section = fields.String(required=True, validate=SHORT)
    text = fields.String(required=True, validate=TEXT)
    kind = fields.String(required=True, validate=one_of(Kind))
    amount_min = money(required=True)
    amount_max = money(required=True)


class ClauseReadSchema(ReadSchema):
    """A clause of §5."""

    id = fields.UUID()
    code = fields.String()
    section = fields.String()
    text = fields.String()
    kind = fields.String()
    amount_min = DecimalString()
    amount_max = DecimalString()
    fixed = fields.Function(lambda c: c.amount_min == c.amount_max)
    unit = fields.String()
    department = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    active = fields.Boolean()
    updated_at = fields.AwareDateTime(allow_none=True)
    updated_by = fields.String(allow_none=True)
    version = fields.Integer()


class ClauseListArgs(PageArgs):
    """Filters of GET /reward-penalty-clauses."""

    kind = fields.String(validate=one_of(Kind))
    department = fields.String(validate=one_of(Department))
    active = flag()


class NoticePersonSchema(StrictSchema):
    """Who the notice is for."""

    name = fields.String(required=True, validate=SHORT)
    id = fields.String(load_default=None, validate=SHORT, metadata={"description": "staff number"})


class NoticeCreateSchema(StrictSchema):
    """POST /reward-penalty-notices."""

    person = fields.Nested(NoticePersonSchema, required=True)
    department = fields.String(required=True, validate=one_of(Department))
    clauses = fields.List(fields.String(validate=CLAUSE_CODE), required=True, validate=validate.Length(min=1, max=10),
                          metadata={"description": "clause codes; where several apply the harsher governs (§6.1)"})
    quantity = fields.Integer(load_default=1, strict=True, validate=validate.Range(min=1, max=100_000),
                              metadata={"description": "pieces (or errors) for a per-piece clause, else occurrences"})
    amount = money(required=True, metadata={"description": "CNY, within the governing clause's range x quantity"})
    reason = fields.String(required=True, validate=TEXT)
    links = fields.Dict(keys=fields.String(validate=validate.OneOf(LINK_KINDS)), values=fields.String(validate=SHORT),
                        load_default=dict, metadata={"description": "the complaint, internal problem, incoming "
                                                                    "nonconformance, emergency or incident (id or number)"})
    month = Month(load_default=None, metadata={"description": "the month it counts in (YYYY-MM), the issue month by default"})


class NoticeApprovalSchema(StrictSchema):
    """POST reward-penalty-notices/{id}/approval."""

    note = fields.String(load_default=None, validate=TEXT)


class NoticeRejectionSchema(StrictSchema):
    """POST reward-penalty-notices/{id}/rejection."""

    reason = fields.String(required=True, validate=TEXT)


class NoticeReadSchema(ReadSchema):
    """《质量奖罚通知单》."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    version = fields.Integer()
    kind = fields.String()
    person = fields.Function(lambda n: {"name": n.person_name, "id": n.person_id})
    department = fields.String()
    clauses = fields.List(fields.String(), attribute="clause_codes")
    governing_clause = fields.String()
    quantity = fields.Integer()
    amount = DecimalString()
    currency = fields.String()
    reason = fields.String()
    links = fields.Dict()
    month = Month()
    issued_at = fields.AwareDateTime()
    issued_by = fields.String()
    approved_by = fields.String(allow_none=True)
    approved_at = fields.AwareDateTime(allow_none=True)
    rejection_reason = fields.String(allow_none=True)
    allowed_steps = fields.Function(lambda n: n.allowed_steps())
    history = fields.List(fields.Nested(HistorySchema))


class NoticeListArgs(PageArgs):
    """Filters of GET /reward-penalty-notices."""

    month = Month()
    department = fields.String(validate=one_of(Department))
    status = fields.String(validate=one_of(NoticeStatus))
    kind = fields.String(validate=one_of(Kind))
    person_name = fields.String(validate=SHORT)


class SummaryArgs(StrictSchema):
    """GET /reward-penalty-notices/summary."""

    month = Month(required=True)
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "html"]))
