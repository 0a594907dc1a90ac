"""/api/v1/customer-property: property customers entrusted to us (客户财产登记表)."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.openapi import doc_etag, doc_if_match
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import etag, expected_version

from ....domain import commands as c
from ..common import ctx, read_one
from ..samples.schemas import RegisterListArgs
from .schemas import PropertyCreateSchema, PropertyIssueSchema, PropertyReadSchema

blp = Blueprint("customer_property", __name__, url_prefix="/api/v1/customer-property",
                description="Customer property received and its custody")
KEEPERS = ("sales", "quality", "production", "engineering")


@blp.route("")
class CustomerProperty(MethodView):
    """The customer property register."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(RegisterListArgs, location="query")
    @blp.response(200, page_of(PropertyReadSchema))
    def get(self, args):
        """List customer property, newest first."""
        with ctx().uow_factory() as uow:
            items, total = uow.properties.list(customer_id=args.get("customer_id"),
                                               offset=(args["page"] - 1) * args["per_page"], limit=args["per_page"])
            return page_body(items, total, args)

    @doc_etag
    @requires_roles(*KEEPERS)
    @idempotent
    @blp.arguments(PropertyCreateSchema)
    @blp.response(201, PropertyReadSchema)
    def post(self, data):
        """Record property received from a customer."""
        customer = data.pop("customer")
        item = ctx().bus.handle(c.ReceiveCustomerProperty(
            fields={**data, "customer_id": customer["id"], "customer_name": customer["name"]},
            actor=current_actor(), at=utcnow()))
        return item, 201, {"Location": f"/api/v1/customer-property/{item.id}", **etag(item)}


@blp.route("/<uuid:property_id>")
class CustomerPropertyById(MethodView):
    """One item of customer property."""

    @doc_etag
    @requires_roles(*ANY_ROLE)
    @blp.response(200, PropertyReadSchema)
    def get(self, property_id: uuid.UUID):
        """Read an item of customer property and any issue reported."""
        return read_one("properties", "customer property", property_id)


@blp.route("/<uuid:property_id>/issue")
class PropertyIssue(MethodView):
    """Loss, damage or unsuitability of customer property."""

    @doc_if_match
    @requires_roles(*KEEPERS)
    @blp.arguments(PropertyIssueSchema)
    @blp.response(200, PropertyReadSchema)
    def post(self, data, property_id: uuid.UUID):
        """Report an issue so the customer is told (001 §5.1c)."""
        item = ctx().bus.handle(c.ReportPropertyIssue(property_id=property_id, expected_version=expected_version(),
                                                      **data))
        return item, 200, etag(item)
