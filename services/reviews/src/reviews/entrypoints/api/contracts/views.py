"""/api/v1/contracts: the contract register, submission and reading one contract."""
from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta, timezone

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.openapi import doc_etag
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import etag

from ....adapters.contracts import ContractFilters
from ....domain.commands import SubmitContract
from ..common import ctx, read_one
from .read_schemas import ContractReadSchema, ContractSummarySchema
from .schemas import ContractCreateSchema, ContractListArgs

blp = Blueprint("contracts", __name__, url_prefix="/api/v1/contracts",
                description="Contracts and orders under review (合同评审), with their reviews and revisions")


@blp.route("")
class Contracts(MethodView):
    """The contract register (合同登记表)."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(ContractListArgs, location="query")
    @blp.response(200, page_of(ContractSummarySchema))
    def get(self, args):
        """Search the register, newest first."""
        filters = ContractFilters(
            **{k: args.get(k) for k in ("status", "type", "customer_id", "salesperson", "region", "compliance",
                                        "product_code", "q")},
            submitted_from=_day_start(args.get("submitted_from")),
            submitted_to=_day_start(args.get("submitted_to"), plus_days=1))
        with ctx().uow_factory() as uow:
            items, total = uow.contracts.search(filters, offset=(args["page"] - 1) * args["per_page"],
                                                limit=args["per_page"])
            return page_body(items, total, args)

    @doc_etag
    @requires_roles("sales", "system")
    @idempotent
    @blp.arguments(ContractCreateSchema)
    @blp.response(201, ContractReadSchema)
    def post(self, data):
        """Submit a contract or order for review; it is classified and the departments are asked."""
        contract = ctx().bus.handle(SubmitContract(
            customer_id=data["customer"]["id"], customer_name=data["customer"]["name"],
            salesperson=data["salesperson"], region=data["region"], source=data["source"],
            currency=data["currency"], payment_terms=data["payment_terms"], requirements=data["requirements"],
            lines=data["lines"], actor=current_actor(), at=utcnow()))
        return contract, 201, {"Location": f"/api/v1/contracts/{contract.id}", **etag(contract)}


@blp.route("/<uuid:contract_id>")
class ContractById(MethodView):
    """One contract."""

    @doc_etag
    @requires_roles(*ANY_ROLE)
    @blp.response(200, ContractReadSchema)
    def get(self, contract_id: uuid.UUID):
        """Read a contract with its reviews, decisions, revisions and compliance state."""
        return read_one("contracts", "contract", contract_id)


def _day_start(day, plus_days: int = 0):
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=plus_days), time.min, tzinfo=timezone.utc)
