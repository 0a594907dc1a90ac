"""/api/v1/customers: the customer archive (客户档案), its grades, purchases, visits and history."""
from __future__ import annotations

from flask.views import MethodView

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.blueprint import Blueprint
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import expected_version

from ....domain import customer_commands as cc
from ....service_layer.customer_handlers import load_customer
from ..common import ctx, handle, with_etag
from . import schemas as s

blp = Blueprint("customers", __name__, url_prefix="/api/v1/customers", description="The customer archive (客户档案)")
KEEPERS = ("sales", "system")  # customer service (业务部) keeps the archive; other systems feed it
CHANGERS = ("sales", "general_manager", "management_rep", "system")


@blp.route("")
class Customers(MethodView):
    """The archive."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(s.CustomerListArgs, location="query")
    @blp.response(200, page_of(s.CustomerReadSchema))
    def get(self, args):
        """List customers by name, filtered by grade, to_complete, account manager or part of the name or id."""
        filters = {name: args.get(name) for name in ("grade", "to_complete", "account_manager", "q")}
        with ctx().uow_factory() as uow:
            items, total = uow.customers.page(filters=filters, offset=(args["page"] - 1) * args["per_page"],
                                              limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles(*KEEPERS)
    @idempotent
    @blp.arguments(s.CustomerCreateSchema)
    @blp.response(201, s.CustomerReadSchema)
    def post(self, data):
        """Enter a customer with its contacts, account manager and deputy, and its first grade."""
        customer_id, name, grade = data.pop("id"), data.pop("name"), data.pop("grade")
        customer = handle(cc.RegisterCustomer(customer_id=customer_id, name=name, grade=grade, fields=data,
                                              actor=current_actor()))
        return with_etag(customer, 201, {"Location": f"/api/v1/customers/{customer.id}"})


@blp.route("/<string:customer_id>")
class CustomerById(MethodView):
    """One customer."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, s.CustomerWithHistorySchema)
    def get(self, customer_id: str):
        """Read a customer with its history per year (complaints, praises, claims, survey, purchases)."""
        with ctx().uow_factory() as uow:
            customer = load_customer(uow, customer_id)
            customer.history = uow.customers.history(customer)
            return with_etag(customer)

    @requires_roles(*CHANGERS)
    @blp.arguments(s.CustomerChangeSchema)
    @blp.response(200, s.CustomerReadSchema)
    def patch(self, data, customer_id: str):
        """Change fields; a `grade` with its `grade_reason` (sales or management) goes into the grade history."""
        return with_etag(handle(cc.ChangeCustomer(customer_id=customer_id, changes=data, actor=current_actor(),
                                                  expected_version=expected_version())))


@blp.route("/<string:customer_id>/purchases")
class CustomerPurchases(MethodView):
    """Yearly purchase figures."""

    @requires_roles("sales", "finance", "system")
    @blp.arguments(s.PurchasesSchema)
    @blp.response(200, s.CustomerReadSchema)
    def post(self, data, customer_id: str):
        """Record a year's quantity (with its unit) and revenue; recorded again, they replace the year's."""
        return with_etag(handle(cc.RecordPurchases(customer_id=customer_id, **data, actor=current_actor(),
                                                   expected_version=expected_version())))


@blp.route("/<string:customer_id>/visits")
class CustomerVisits(MethodView):
    """Follow-up visits (回访)."""

    @requires_roles("sales", "quality")
    @blp.arguments(s.VisitSchema)
    @blp.response(201, s.CustomerReadSchema)
    def post(self, data, customer_id: str):
        """Record a visit made; the next is planned monthly in the delivery's first year, quarterly after."""
        return with_etag(handle(cc.RecordVisit(customer_id=customer_id, **data, actor=current_actor())), 201)
