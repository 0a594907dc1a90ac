"""/api/v1/praises: praise from customers (表扬), which lifts the year's satisfaction score."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint
from marshmallow import fields, validate

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema, page_body, page_of

from ....adapters import tables as t
from ....adapters.queries import page
from ....domain.praise import Praise
from ....domain.commands import RecordPraise
from ..bounded import moment
from ..common import ctx, handle
from ..complaints.schemas import TEXT, CustomerSchema

blp = Blueprint("praises", __name__, url_prefix="/api/v1/praises", description="Customer praise")


class PraiseCreateSchema(StrictSchema):
    """POST /praises."""

    customer = fields.Nested(CustomerSchema, required=True)
    received_at = moment(load_default=None)
    note = fields.String(load_default=None, validate=TEXT)


class PraiseReadSchema(ReadSchema):
    """A recorded praise."""

    id = fields.UUID()
    customer = fields.Function(lambda p: {"id": p.customer_id, "name": p.customer_name})
    received_at = fields.AwareDateTime()
    note = fields.String(allow_none=True)
    recorded_by = fields.String()
    recorded_at = fields.AwareDateTime()


class PraiseListArgs(PageArgs):
    """Filters of GET /praises."""

    customer = fields.String(validate=validate.Length(min=1, max=100))


@blp.route("")
class Praises(MethodView):
    """The praise register."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(PraiseListArgs, location="query")
    @blp.response(200, page_of(PraiseReadSchema))
    def get(self, args):
        """List praises, newest first."""
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, Praise, t.praises, filters={"customer_id": args.get("customer")},
                                order=[t.praises.c.received_at.desc()], offset=(args["page"] - 1) * args["per_page"],
                                limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles("sales", "quality")
    @idempotent
    @blp.arguments(PraiseCreateSchema)
    @blp.response(201, PraiseReadSchema)
    def post(self, data):
        """Record a customer's praise."""
        praise = handle(RecordPraise(customer_id=data["customer"]["id"], customer_name=data["customer"]["name"],
                                     received_at=data["received_at"], note=data["note"], actor=current_actor()))
        return praise, 201, {"Location": f"/api/v1/praises/{praise.id}"}
